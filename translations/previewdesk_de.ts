<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ContextCatalog</name>
    <message>
        <source>The file does not exist.</source>
        <translation>Die Datei existiert nicht.</translation>
    </message>
    <message>
        <source>Sandbox (demo)</source>
        <translation>Sandbox (Demo)</translation>
    </message>
    <message>
        <source>The sandbox cluster is not available here.</source>
        <translation>Der Sandbox-Cluster ist hier nicht verfügbar.</translation>
    </message>
    <message>
        <source>no kubeconfig: %1</source>
        <translation>Keine kubeconfig: %1</translation>
    </message>
    <message>
        <source>context &quot;%1&quot; is not in the kubeconfig</source>
        <translation>Der Kontext „%1“ ist nicht in der kubeconfig enthalten</translation>
    </message>
</context>
<context>
    <name>DemoSandbox</name>
    <message>
        <source>The sandbox cluster did not start: %1</source>
        <translation>Der Sandbox-Cluster ist nicht gestartet: %1</translation>
    </message>
</context>
<context>
    <name>QChart</name>
    <message>
        <source>Cost per day by namespace</source>
        <translation>Kosten pro Tag nach Namespace</translation>
    </message>
    <message>
        <source>No usage was recorded in this window.</source>
        <translation>In diesem Zeitraum wurde keine Nutzung aufgezeichnet.</translation>
    </message>
    <message>
        <source>Cost by workload: %1</source>
        <translation>Kosten nach Workload: %1</translation>
    </message>
    <message>
        <source>No workload of this environment ran in this window.</source>
        <translation>In diesem Zeitraum lief kein Workload dieser Umgebung.</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <source>Most expensive previews</source>
        <translation>Teuerste Vorschauumgebungen</translation>
    </message>
    <message>
        <source>No preview ran in this window.</source>
        <translation>In diesem Zeitraum lief keine Vorschauumgebung.</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>Arbeitsspeicher</translation>
    </message>
    <message>
        <source>Storage</source>
        <translation>Speicherplatz</translation>
    </message>
    <message>
        <source>Idle previews and what they cost</source>
        <translation>Ungenutzte Vorschauumgebungen und ihre Kosten</translation>
    </message>
    <message>
        <source>No preview was idle in this window.</source>
        <translation>In diesem Zeitraum war keine Vorschauumgebung ungenutzt.</translation>
    </message>
    <message>
        <source>CPU at %1% of requests</source>
        <translation>CPU bei %1 % der Anforderungen</translation>
    </message>
    <message>
        <source>Monthly saving from rightsizing (p95 usage + 20%)</source>
        <translation>Monatliche Ersparnis durch Anpassen der Ressourcen (p95-Nutzung + 20 %)</translation>
    </message>
    <message>
        <source>No workload has usage samples in this window.</source>
        <translation>Für diesen Zeitraum hat kein Workload Nutzungsdaten.</translation>
    </message>
    <message>
        <source>Monthly saving</source>
        <translation>Monatliche Ersparnis</translation>
    </message>
    <message>
        <source>the %1 largest of %2</source>
        <translation>die %1 größten von %2</translation>
    </message>
    <message>
        <source>Saved by scaling previews down (hours scaled down × hourly cost while running)</source>
        <translation>Durch Herunterskalieren gespart (herunterskalierte Stunden × Stundenkosten im Betrieb)</translation>
    </message>
    <message>
        <source>No preview was scaled down in this window.</source>
        <translation>In diesem Zeitraum wurde keine Vorschauumgebung herunterskaliert.</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gespart</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>&quot;%1&quot; is not an http(s) URL; GitHub Enterprise Server&apos;s API is https://HOST/api/v3.</source>
        <translation>„%1“ ist keine http(s)-URL; die API von GitHub Enterprise Server ist https://HOST/api/v3.</translation>
    </message>
    <message>
        <source>A namespace name cannot be empty.</source>
        <translation>Ein Namespace-Name darf nicht leer sein.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is %2 characters long; a namespace name has at most %3.</source>
        <translation>„%1“ ist %2 Zeichen lang; ein Namespace-Name hat höchstens %3.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has upper-case letters; namespace names are lower case (%2).</source>
        <translation>„%1“ enthält Großbuchstaben; Namespace-Namen werden kleingeschrieben (%2).</translation>
    </message>
    <message>
        <source>&quot;%1&quot; contains &apos;%2&apos;; a namespace name may hold only lower-case letters, digits and &apos;-&apos;.</source>
        <translation>„%1“ enthält „%2“; ein Namespace-Name darf nur Kleinbuchstaben, Ziffern und „-“ enthalten.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; starts with &apos;-&apos;; a namespace name must start with a letter or digit.</source>
        <translation>„%1“ beginnt mit „-“; ein Namespace-Name muss mit einem Buchstaben oder einer Ziffer beginnen.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; ends with &apos;-&apos;; a namespace name must end with a letter or digit.</source>
        <translation>„%1“ endet mit „-“; ein Namespace-Name muss mit einem Buchstaben oder einer Ziffer enden.</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
</context>
<context>
    <name>pd::core::CloneSession</name>
    <message>
        <source>%1 is taken: a namespace of that name is being deleted; try again when it is gone.</source>
        <translation>%1 ist vergeben: Ein Namespace mit diesem Namen wird gerade gelöscht; versuchen Sie es erneut, wenn er entfernt ist.</translation>
    </message>
    <message>
        <source>a preview of %1</source>
        <translation>eine Vorschauumgebung von %1</translation>
    </message>
    <message>
        <source>a preview</source>
        <translation>eine Vorschauumgebung</translation>
    </message>
    <message>
        <source>PR %1</source>
        <translation>PR %1</translation>
    </message>
    <message>
        <source>owner %1</source>
        <translation>Eigentümer %1</translation>
    </message>
    <message>
        <source>%1 is taken by %2. Choose another name.</source>
        <translation>%1 ist bereits durch %2 vergeben. Wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>%1 is taken: a namespace of that name exists. Choose another name.</source>
        <translation>%1 ist vergeben: Ein Namespace mit diesem Namen existiert. Wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>Missing permission: get secrets in namespace %1</source>
        <translation>Fehlende Berechtigung: Secrets im Namespace %1 lesen (get)</translation>
    </message>
    <message>
        <source>Not connected to a cluster.</source>
        <translation>Nicht mit einem Cluster verbunden.</translation>
    </message>
    <message>
        <source>Build: %1</source>
        <translation>Build: %1</translation>
    </message>
    <message>
        <source>The build succeeded, but the plan has open decisions; nothing was created.</source>
        <translation>Der Build ist gelungen, aber im Plan sind Entscheidungen offen; nichts wurde angelegt.</translation>
    </message>
</context>
<context>
    <name>pd::core::EnvironmentActions</name>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Extend %1: the duration must be positive</source>
        <translation>%1 verlängern: Die Dauer muss positiv sein</translation>
    </message>
    <message>
        <source>Extending the expiry of %1</source>
        <translation>Ablauf von %1 wird verlängert</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Not extended: %1: %2</source>
        <translation>Nicht verlängert: %1: %2</translation>
    </message>
    <message>
        <source>%1 now expires at %2</source>
        <translation>%1 läuft jetzt am %2 ab</translation>
    </message>
    <message>
        <source>Cannot extend %1: %2</source>
        <translation>%1 kann nicht verlängert werden: %2</translation>
    </message>
    <message>
        <source>Renew %1: the TTL must be positive</source>
        <translation>%1 erneuern: Die TTL muss positiv sein</translation>
    </message>
    <message>
        <source>Renewing the expiry of %1</source>
        <translation>Ablauf von %1 wird erneuert</translation>
    </message>
    <message>
        <source>Not renewed: %1: %2</source>
        <translation>Nicht erneuert: %1: %2</translation>
    </message>
    <message>
        <source>Not renewed: %1 records no TTL (%2); pass one</source>
        <translation>Nicht erneuert: %1 hat keine TTL hinterlegt (%2); geben Sie eine an</translation>
    </message>
    <message>
        <source>%1 renewed: expires at %2 (now + %3)</source>
        <translation>%1 erneuert: läuft am %2 ab (jetzt + %3)</translation>
    </message>
    <message>
        <source>Cannot renew %1: %2</source>
        <translation>%1 kann nicht erneuert werden: %2</translation>
    </message>
    <message>
        <source>Cancelling the operation on %1…</source>
        <translation>Vorgang für %1 wird abgebrochen …</translation>
    </message>
    <message>
        <source>Another operation on %1 is still running</source>
        <translation>Ein anderer Vorgang für %1 läuft noch</translation>
    </message>
    <message>
        <source>Checking that %1 may be scaled…</source>
        <translation>Es wird geprüft, ob %1 skaliert werden darf …</translation>
    </message>
    <message>
        <source>Cancelled: nothing in %1 was changed.</source>
        <translation>Abgebrochen: An %1 wurde nichts geändert.</translation>
    </message>
    <message>
        <source>No environment named %1 exists.</source>
        <translation>Es gibt keine Umgebung namens %1.</translation>
    </message>
    <message>
        <source>Not scaled: %1: %2</source>
        <translation>Nicht skaliert: %1: %2</translation>
    </message>
    <message>
        <source>Scaling down %1: listing its workloads…</source>
        <translation>%1 wird herunterskaliert: Workloads werden aufgelistet …</translation>
    </message>
    <message>
        <source>Scaling up %1: listing its workloads…</source>
        <translation>%1 wird hochskaliert: Workloads werden aufgelistet …</translation>
    </message>
    <message>
        <source>Cannot list the %1 of %2: %3</source>
        <translation>Die %1 von %2 können nicht aufgelistet werden: %3</translation>
    </message>
    <message>
        <source>annotate %1</source>
        <translation>%1 annotieren</translation>
    </message>
    <message>
        <source>suspend %1</source>
        <translation>%1 anhalten</translation>
    </message>
    <message>
        <source>set suspend of %1 to %2</source>
        <translation>suspend von %1 auf %2 setzen</translation>
    </message>
    <message>
        <source>remove the annotation of %1</source>
        <translation>Annotation von %1 entfernen</translation>
    </message>
    <message>
        <source>scale %1 to 0</source>
        <translation>%1 auf 0 skalieren</translation>
    </message>
    <message>
        <source>%1 has a bad %2 annotation: %3</source>
        <translation>%1 hat eine ungültige Annotation %2: %3</translation>
    </message>
    <message>
        <source>scale %1 to %2</source>
        <translation>%1 auf %2 skalieren</translation>
    </message>
    <message>
        <source>%1 is already scaled down</source>
        <translation>%1 ist bereits herunterskaliert</translation>
    </message>
    <message>
        <source>%1 has nothing to scale up</source>
        <translation>%1 hat nichts zum Hochskalieren</translation>
    </message>
    <message numerus="yes">
        <source>Scaled down %n workload(s) of %1</source>
        <translation>
            <numerusform>%n Workload von %1 herunterskaliert</numerusform>
            <numerusform>%n Workloads von %1 herunterskaliert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Scaled up %n workload(s) of %1</source>
        <translation>
            <numerusform>%n Workload von %1 hochskaliert</numerusform>
            <numerusform>%n Workloads von %1 hochskaliert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; suspended %n CronJob(s)</source>
        <translation>
            <numerusform>; %n CronJob angehalten</numerusform>
            <numerusform>; %n CronJobs angehalten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; resumed %n CronJob(s)</source>
        <translation>
            <numerusform>; %n CronJob fortgesetzt</numerusform>
            <numerusform>; %n CronJobs fortgesetzt</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled: scaled down %1 of %2 workloads of %3; the other %4 were left as they were.</source>
        <translation>Abgebrochen: %1 von %2 Workloads von %3 herunterskaliert; die übrigen %4 blieben unverändert.</translation>
    </message>
    <message>
        <source>Cancelled: scaled up %1 of %2 workloads of %3; the other %4 are still scaled down.</source>
        <translation>Abgebrochen: %1 von %2 Workloads von %3 hochskaliert; die übrigen %4 sind weiterhin herunterskaliert.</translation>
    </message>
    <message>
        <source>Scaling down %1 of %2 workloads of %3: %4…</source>
        <translation>%1 von %2 Workloads von %3 werden herunterskaliert: %4 …</translation>
    </message>
    <message>
        <source>Scaling up %1 of %2 workloads of %3: %4…</source>
        <translation>%1 von %2 Workloads von %3 werden hochskaliert: %4 …</translation>
    </message>
    <message>
        <source>%1: cannot %2: %3</source>
        <translation>%1: %2 nicht möglich: %3</translation>
    </message>
    <message>
        <source> (%1 of %2 workloads were done before)</source>
        <translation> (%1 von %2 Workloads waren bereits erledigt)</translation>
    </message>
    <message>
        <source>Checking that %1 may be destroyed…</source>
        <translation>Es wird geprüft, ob %1 gelöscht werden darf …</translation>
    </message>
    <message>
        <source>Cancelled: %1 was not deleted.</source>
        <translation>Abgebrochen: %1 wurde nicht gelöscht.</translation>
    </message>
    <message>
        <source>Not destroyed: %1: %2</source>
        <translation>Nicht gelöscht: %1: %2</translation>
    </message>
    <message>
        <source>Deleting namespace %1…</source>
        <translation>Namespace %1 wird gelöscht …</translation>
    </message>
    <message>
        <source>Cannot delete %1: %2</source>
        <translation>%1 kann nicht gelöscht werden: %2</translation>
    </message>
    <message>
        <source>Stopped waiting: the deletion of %1 was requested and goes on in the cluster; it will leave the list once it is gone.</source>
        <translation>Warten beendet: Das Löschen von %1 wurde beantragt und läuft im Cluster weiter; die Umgebung verschwindet aus der Liste, sobald sie entfernt ist.</translation>
    </message>
    <message>
        <source>%1 destroyed.</source>
        <translation>%1 gelöscht.</translation>
    </message>
    <message>
        <source>%1 is still terminating; its finalizers have not finished.</source>
        <translation>%1 wird noch beendet; seine Finalizer sind noch nicht fertig.</translation>
    </message>
    <message>
        <source>Waiting for namespace %1 to terminate…</source>
        <translation>Warten, bis Namespace %1 beendet ist …</translation>
    </message>
</context>
<context>
    <name>pd::core::EnvironmentModel</name>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n h</numerusform>
            <numerusform>%n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n d</source>
        <translation>
            <numerusform>%n T</numerusform>
            <numerusform>%n T</numerusform>
        </translation>
    </message>
    <message>
        <source>expired %1 ago</source>
        <translation>vor %1 abgelaufen</translation>
    </message>
    <message>
        <source>Attributed by OpenCost&apos;s rule: max(request, usage) x time x price</source>
        <translation>Nach der OpenCost-Regel zugeordnet: max(Anforderung, Nutzung) × Zeit × Preis</translation>
    </message>
    <message>
        <source>Not attributed yet: no usage has been sampled for this environment</source>
        <translation>Noch nicht zugeordnet: Für diese Umgebung wurde noch keine Nutzung erfasst</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>PR</source>
        <translation>PR</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Eigentümer</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Dienste</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Expires in</source>
        <translation>Läuft ab in</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>Ursprung</translation>
    </message>
    <message>
        <source>Quota use</source>
        <translation>Kontingentnutzung</translation>
    </message>
    <message>
        <source>Cost / day</source>
        <translation>Kosten/Tag</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>vor %1</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
</context>
<context>
    <name>pd::core::EnvironmentWatcher</name>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>namespace %1 does not exist</source>
        <translation>Namespace %1 existiert nicht</translation>
    </message>
    <message>
        <source>namespace %1: %2</source>
        <translation>Namespace %1: %2</translation>
    </message>
    <message>
        <source>loading workloads</source>
        <translation>Workloads werden geladen</translation>
    </message>
    <message>
        <source>Reconnecting to %1 (%2)</source>
        <translation>Neue Verbindung zu %1 (%2)</translation>
    </message>
    <message>
        <source>Connecting to %1 (%2/%3 lists)</source>
        <translation>Verbindung zu %1 wird hergestellt (%2/%3 Listen)</translation>
    </message>
    <message>
        <source>Connected to %1 (%2/%3 watches live)</source>
        <translation>Verbunden mit %1 (%2/%3 Watches aktiv)</translation>
    </message>
    <message>
        <source>Live: %1</source>
        <translation>Live: %1</translation>
    </message>
</context>
<context>
    <name>pd::core::PermissionCache</name>
    <message>
        <source>needs: %1</source>
        <translation>benötigt: %1</translation>
    </message>
</context>
<context>
    <name>pd::core::PlanRule</name>
    <message>
        <source>The preview lives in its own namespace.</source>
        <translation>Die Vorschau lebt in einem eigenen Namespace.</translation>
    </message>
    <message>
        <source>In-cluster DNS names point at the preview&apos;s own services.</source>
        <translation>Clusterinterne DNS-Namen zeigen auf die eigenen Services der Vorschau.</translation>
    </message>
    <message>
        <source>Hosts come from the context&apos;s host template.</source>
        <translation>Hosts kommen aus der Host-Vorlage des Kontexts.</translation>
    </message>
    <message>
        <source>Each preview gets its own certificate.</source>
        <translation>Jede Vorschau bekommt ein eigenes Zertifikat.</translation>
    </message>
    <message>
        <source>Backups, buckets and key prefixes must not touch the source&apos;s data.</source>
        <translation>Backups, Buckets und Schlüsselpräfixe dürfen die Daten der Quelle nicht berühren.</translation>
    </message>
    <message>
        <source>Images built from the pull request run in the preview, pinned by digest.</source>
        <translation>In der Vorschau laufen die aus dem Pull-Request gebauten Images, per Digest festgelegt.</translation>
    </message>
    <message>
        <source>Replicas are capped to fit the preview&apos;s quota.</source>
        <translation>Replikas werden begrenzt, damit sie in das Kontingent der Vorschau passen.</translation>
    </message>
    <message>
        <source>Autoscaling bounds are capped to fit the preview&apos;s quota.</source>
        <translation>Autoscaling-Grenzen werden begrenzt, damit sie in das Kontingent der Vorschau passen.</translation>
    </message>
    <message>
        <source>A one-replica preview must stay drainable.</source>
        <translation>Eine Vorschau mit einer Replika muss sich weiterhin leeren lassen.</translation>
    </message>
    <message>
        <source>Cloud identities are never copied silently.</source>
        <translation>Cloud-Identitäten werden nie stillschweigend kopiert.</translation>
    </message>
    <message>
        <source>The operator fetches the value from the secret manager.</source>
        <translation>Der Operator holt den Wert aus dem Secret-Manager.</translation>
    </message>
    <message>
        <source>A fresh random value; the source&apos;s is never copied.</source>
        <translation>Ein neuer Zufallswert; der Wert der Quelle wird nie kopiert.</translation>
    </message>
    <message>
        <source>Its controller makes a new one in the preview.</source>
        <translation>Sein Controller legt in der Vorschau ein neues an.</translation>
    </message>
    <message>
        <source>What the person cloning chose.</source>
        <translation>Was die klonende Person gewählt hat.</translation>
    </message>
    <message>
        <source>Secret-manager keys that name the source are shared, rewritten or generated, by choice.</source>
        <translation>Secret-Manager-Schlüssel, die die Quelle nennen, werden nach Wahl geteilt, umgeschrieben oder erzeugt.</translation>
    </message>
    <message>
        <source>Set by the API server for the source&apos;s object alone.</source>
        <translation>Vom API-Server nur für das Objekt der Quelle gesetzt.</translation>
    </message>
    <message>
        <source>Belongs to the source&apos;s namespace alone.</source>
        <translation>Gehört allein zum Namespace der Quelle.</translation>
    </message>
    <message>
        <source>Every preview is fenced in: quota, limits, network policy, owner role.</source>
        <translation>Jede Vorschau wird eingezäunt: Kontingent, Limits, Netzwerkrichtlinie, Besitzerrolle.</translation>
    </message>
    <message>
        <source>Labels and annotations that tie the preview to its source and PR.</source>
        <translation>Labels und Annotationen, die die Vorschau mit ihrer Quelle und ihrem PR verbinden.</translation>
    </message>
    <message>
        <source>The source&apos;s name, wherever it stands as a word, becomes the preview&apos;s.</source>
        <translation>Der Name der Quelle wird, wo er als Wort steht, zum Namen der Vorschau.</translation>
    </message>
    <message>
        <source>The source&apos;s name stays here on purpose; the row says why.</source>
        <translation>Der Name der Quelle bleibt hier absichtlich stehen; die Zeile sagt, warum.</translation>
    </message>
    <message>
        <source>Addresses and ports outside the namespace belong to the source alone.</source>
        <translation>Adressen und Ports außerhalb des Namespace gehören allein der Quelle.</translation>
    </message>
    <message>
        <source>A preview gets no cloud load balancer or node port of its own; its URL is an Ingress.</source>
        <translation>Eine Vorschau bekommt keinen eigenen Cloud-Load-Balancer und keinen Node-Port; ihre URL ist ein Ingress.</translation>
    </message>
    <message>
        <source>Every preview has a URL: its front Service is exposed through an Ingress.</source>
        <translation>Jede Vorschau hat eine URL: ihr vorderer Service wird über einen Ingress erreichbar gemacht.</translation>
    </message>
    <message>
        <source>The quota fits what the environment runs, with room for rolling updates, under the context&apos;s cap.</source>
        <translation>Das Kontingent passt zu dem, was die Umgebung ausführt, mit Platz für Rolling Updates, unter der Obergrenze des Kontexts.</translation>
    </message>
    <message>
        <source>A credential written into the manifest gets a fresh value; the source&apos;s is never copied.</source>
        <translation>Ein im Manifest stehendes Zugangsdatum bekommt einen neuen Wert; der Wert der Quelle wird nie kopiert.</translation>
    </message>
    <message>
        <source>Preview&apos;s namespace</source>
        <translation>Namespace der Vorschau</translation>
    </message>
    <message>
        <source>In-cluster DNS name</source>
        <translation>Clusterinterner DNS-Name</translation>
    </message>
    <message>
        <source>Host of the preview&apos;s URL</source>
        <translation>Host der Vorschau-URL</translation>
    </message>
    <message>
        <source>Own TLS certificate</source>
        <translation>Eigenes TLS-Zertifikat</translation>
    </message>
    <message>
        <source>Data prefix of its own</source>
        <translation>Eigenes Datenpräfix</translation>
    </message>
    <message>
        <source>Image from the pull request</source>
        <translation>Image aus dem Pull-Request</translation>
    </message>
    <message>
        <source>Replicas capped</source>
        <translation>Replikas begrenzt</translation>
    </message>
    <message>
        <source>Autoscaling capped</source>
        <translation>Autoscaling begrenzt</translation>
    </message>
    <message>
        <source>Disruption budget relaxed</source>
        <translation>Disruption Budget gelockert</translation>
    </message>
    <message>
        <source>Cloud identity, as decided</source>
        <translation>Cloud-Identität, wie entschieden</translation>
    </message>
    <message>
        <source>Fetched from the secret manager</source>
        <translation>Aus dem Secret-Manager geholt</translation>
    </message>
    <message>
        <source>Regenerated</source>
        <translation>Neu erzeugt</translation>
    </message>
    <message>
        <source>Made anew by its controller</source>
        <translation>Von seinem Controller neu angelegt</translation>
    </message>
    <message>
        <source>As you decided</source>
        <translation>Wie Sie entschieden haben</translation>
    </message>
    <message>
        <source>Secret-manager key</source>
        <translation>Secret-Manager-Schlüssel</translation>
    </message>
    <message>
        <source>Server field removed</source>
        <translation>Serverfeld entfernt</translation>
    </message>
    <message>
        <source>Not cloned</source>
        <translation>Nicht geklont</translation>
    </message>
    <message>
        <source>Guard added</source>
        <translation>Schutz hinzugefügt</translation>
    </message>
    <message>
        <source>Preview label</source>
        <translation>Vorschau-Label</translation>
    </message>
    <message>
        <source>Source&apos;s name replaced</source>
        <translation>Name der Quelle ersetzt</translation>
    </message>
    <message>
        <source>Source&apos;s name kept</source>
        <translation>Name der Quelle beibehalten</translation>
    </message>
    <message>
        <source>External address dropped</source>
        <translation>Externe Adresse entfernt</translation>
    </message>
    <message>
        <source>Made cluster-internal</source>
        <translation>Clusterintern gemacht</translation>
    </message>
    <message>
        <source>Exposed through an Ingress</source>
        <translation>Über einen Ingress erreichbar</translation>
    </message>
    <message>
        <source>Quota sized</source>
        <translation>Kontingent bemessen</translation>
    </message>
    <message>
        <source>Credential regenerated</source>
        <translation>Zugangsdatum neu erzeugt</translation>
    </message>
    <message>
        <source>A datastore starts empty or from a snapshot the person cloning chose; the golden snapshot itself is never touched.</source>
        <translation>Ein Datenspeicher startet leer oder aus einem Snapshot, den die klonende Person gewählt hat; der Golden Snapshot selbst bleibt unberührt.</translation>
    </message>
    <message>
        <source>A datastore is filled by the seed Job its source declares, before the workloads that use it start.</source>
        <translation>Ein Datenspeicher wird vom Seed-Job gefüllt, den seine Quelle angibt, bevor die Workloads starten, die ihn nutzen.</translation>
    </message>
    <message>
        <source>Data source</source>
        <translation>Datenquelle</translation>
    </message>
    <message>
        <source>Seeded</source>
        <translation>Befüllt</translation>
    </message>
</context>
<context>
    <name>pd::core::PreviewReporting</name>
    <message>
        <source>%1 names no pull request (label %2)</source>
        <translation>%1 nennt keinen Pull-Request (Label %2)</translation>
    </message>
    <message>
        <source>%1 names no repository (annotation %2: owner/name)</source>
        <translation>%1 nennt kein Repository (Annotation %2: owner/name)</translation>
    </message>
    <message>
        <source>No GitHub token for %1: set one in Tools → GitHub token…</source>
        <translation>Kein GitHub-Token für %1: Legen Sie eines unter Extras → GitHub-Token … fest</translation>
    </message>
    <message>
        <source>%1 (not recorded on %2: %3)</source>
        <translation>%1 (nicht an %2 vermerkt: %3)</translation>
    </message>
</context>
<context>
    <name>pd::core::Session</name>
    <message>
        <source>Cost history unavailable: %1</source>
        <translation>Kostenverlauf nicht verfügbar: %1</translation>
    </message>
    <message>
        <source>Cost sampling failed: %1</source>
        <translation>Kostenerfassung fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>pd::gui::AboutDialog</name>
    <message>
        <source>About PreviewDesk</source>
        <translation>Über PreviewDesk</translation>
    </message>
    <message>
        <source>Preview environments on Kubernetes, one namespace per pull request.</source>
        <translation>Vorschauumgebungen auf Kubernetes, ein Namespace pro Pull-Request.</translation>
    </message>
    <message>
        <source>Licences</source>
        <translation>Lizenzen</translation>
    </message>
    <message>
        <source>Qt %1 (built with Qt %2)</source>
        <translation>Qt %1 (erstellt mit Qt %2)</translation>
    </message>
    <message>
        <source>PreviewDesk: Apache License 2.0 (Apache-2.0)</source>
        <translation>PreviewDesk: Apache-Lizenz 2.0 (Apache-2.0)</translation>
    </message>
    <message>
        <source>Qt: GNU Lesser General Public License v3 (LGPL-3.0)</source>
        <translation>Qt: GNU Lesser General Public License v3 (LGPL-3.0)</translation>
    </message>
    <message>
        <source>yaml-cpp: MIT License</source>
        <translation>yaml-cpp: MIT-Lizenz</translation>
    </message>
    <message>
        <source>spdlog: MIT License</source>
        <translation>spdlog: MIT-Lizenz</translation>
    </message>
    <message>
        <source>fmt: MIT License</source>
        <translation>fmt: MIT-Lizenz</translation>
    </message>
    <message>
        <source>QtKeychain: BSD 3-Clause License (BSD-3-Clause)</source>
        <translation>QtKeychain: BSD-Lizenz mit 3 Klauseln (BSD-3-Clause)</translation>
    </message>
</context>
<context>
    <name>pd::gui::AppController</name>
    <message>
        <source>Choose a kubeconfig</source>
        <translation>kubeconfig auswählen</translation>
    </message>
    <message>
        <source>Guardrails — %1</source>
        <translation>Schutzregeln — %1</translation>
    </message>
</context>
<context>
    <name>pd::gui::CloneWizard</name>
    <message>
        <source>Clone %1</source>
        <translation>%1 klonen</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Erstellen</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>&amp;Wiederholen</translation>
    </message>
</context>
<context>
    <name>pd::gui::ConfigurationPage</name>
    <message>
        <source>Configuration per service</source>
        <translation>Konfiguration je Dienst</translation>
    </message>
    <message>
        <source>What each workload in %1 is configured with, and where each value comes from.</source>
        <translation>Womit jeder Workload in %1 konfiguriert ist und woher jeder Wert stammt.</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <source>Comes from</source>
        <translation>Stammt aus</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>ConfigMap %1 (all keys)</source>
        <translation>ConfigMap %1 (alle Schlüssel)</translation>
    </message>
    <message>
        <source>(not readable)</source>
        <translation>(nicht lesbar)</translation>
    </message>
    <message>
        <source>ConfigMap %1 key %2</source>
        <translation>ConfigMap %1, Schlüssel %2</translation>
    </message>
    <message>
        <source>literal (%1)</source>
        <translation>Literal (%1)</translation>
    </message>
    <message>
        <source>(missing)</source>
        <translation>(fehlt)</translation>
    </message>
    <message>
        <source>field %1</source>
        <translation>Feld %1</translation>
    </message>
    <message>
        <source>container resources</source>
        <translation>Container-Ressourcen</translation>
    </message>
    <message>
        <source>Secret %1 (all keys)</source>
        <translation>Secret %1 (alle Schlüssel)</translation>
    </message>
    <message>
        <source>Secret %1 key %2</source>
        <translation>Secret %1, Schlüssel %2</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Checking whether you may read secrets…</source>
        <translation>Es wird geprüft, ob Sie Secrets lesen dürfen …</translation>
    </message>
    <message>
        <source>Show the value from %1</source>
        <translation>Den Wert aus %1 anzeigen</translation>
    </message>
    <message>
        <source>(no key %1)</source>
        <translation>(kein Schlüssel %1)</translation>
    </message>
    <message>
        <source>(secret %1 not found)</source>
        <translation>(Secret %1 nicht gefunden)</translation>
    </message>
</context>
<context>
    <name>pd::gui::ContextSettingsDialog</name>
    <message>
        <source>Settings of context %1</source>
        <translation>Einstellungen des Kontexts %1</translation>
    </message>
    <message>
        <source>Namespaces you can reach</source>
        <translation>Erreichbare Namespaces</translation>
    </message>
    <message>
        <source>If you may not list the namespaces of this cluster, name the ones you can reach, one per line. PreviewDesk then watches only these. Leave empty to list every namespace.</source>
        <translation>Wenn Sie die Namespaces dieses Clusters nicht auflisten dürfen, nennen Sie die erreichbaren, einen pro Zeile. PreviewDesk beobachtet dann nur diese. Leer lassen, um alle Namespaces aufzulisten.</translation>
    </message>
    <message>
        <source>Cost prices (US dollars)</source>
        <translation>Kostenpreise (US-Dollar)</translation>
    </message>
    <message>
        <source>CPU, per core hour:</source>
        <translation>CPU, pro Kernstunde:</translation>
    </message>
    <message>
        <source>Memory, per GiB hour:</source>
        <translation>Arbeitsspeicher, pro GiB-Stunde:</translation>
    </message>
    <message>
        <source>Storage, per GiB hour:</source>
        <translation>Speicherplatz, pro GiB-Stunde:</translation>
    </message>
    <message>
        <source>OpenCost defaults</source>
        <translation>OpenCost-Standardwerte</translation>
    </message>
    <message>
        <source>OpenCost&apos;s list prices for a cluster without a cloud pricing source</source>
        <translation>Die Listenpreise von OpenCost für einen Cluster ohne Preisquelle eines Cloud-Anbieters</translation>
    </message>
    <message>
        <source>GitHub</source>
        <translation>GitHub</translation>
    </message>
    <message>
        <source>GitHub Enterprise Server: https://HOST/api/v3. The token comes from the keychain.</source>
        <translation>GitHub Enterprise Server: https://HOST/api/v3. Das Token stammt aus dem Schlüsselbund.</translation>
    </message>
    <message>
        <source>API URL:</source>
        <translation>API-URL:</translation>
    </message>
    <message>
        <source>The CPU price</source>
        <translation>Der CPU-Preis</translation>
    </message>
    <message>
        <source>The memory price</source>
        <translation>Der Arbeitsspeicherpreis</translation>
    </message>
    <message>
        <source>The storage price</source>
        <translation>Der Speicherplatzpreis</translation>
    </message>
    <message>
        <source>%1 must be a number of dollars, 0 or more (like 0.031611).</source>
        <translation>%1 muss ein Dollarbetrag von 0 oder mehr sein (etwa 0.031611).</translation>
    </message>
</context>
<context>
    <name>pd::gui::CostChartsWidget</name>
    <message>
        <source>Export CSV…</source>
        <translation>Als CSV exportieren …</translation>
    </message>
    <message>
        <source>By day</source>
        <translation>Nach Tag</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation>Umgebung:</translation>
    </message>
    <message>
        <source>By workload</source>
        <translation>Nach Workload</translation>
    </message>
    <message>
        <source>Most expensive</source>
        <translation>Am teuersten</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Ungenutzt</translation>
    </message>
    <message>
        <source>Rightsizing</source>
        <translation>Ressourcen anpassen</translation>
    </message>
    <message>
        <source>Guardrail savings</source>
        <translation>Ersparnis durch Schutzregeln</translation>
    </message>
    <message>
        <source>Data source: none</source>
        <translation>Datenquelle: keine</translation>
    </message>
    <message>
        <source>Data source: %1</source>
        <translation>Datenquelle: %1</translation>
    </message>
    <message>
        <source>window %1 – %2 (UTC)</source>
        <translation>Zeitraum %1 – %2 (UTC)</translation>
    </message>
    <message>
        <source>total %1</source>
        <translation>insgesamt %1</translation>
    </message>
    <message>
        <source>No cost data for this window yet. PreviewDesk prices what each container requests and uses; it needs usage samples (recorded while the app runs, or by `previewctl cost record`) or OpenCost. The charts appear once there is at least one sample.</source>
        <translation>Für diesen Zeitraum gibt es noch keine Kostendaten. PreviewDesk bepreist, was jeder Container anfordert und nutzt; dafür braucht es Nutzungsdaten (aufgezeichnet, während die Anwendung läuft, oder mit `previewctl cost record`) oder OpenCost. Die Diagramme erscheinen, sobald es mindestens eine Messung gibt.</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Workload</source>
        <translation>Workload</translation>
    </message>
    <message>
        <source>Container</source>
        <translation>Container</translation>
    </message>
    <message>
        <source>Monthly saving</source>
        <translation>Monatliche Ersparnis</translation>
    </message>
    <message>
        <source>CPU request</source>
        <translation>CPU-Anforderung</translation>
    </message>
    <message>
        <source>CPU p95</source>
        <translation>CPU p95</translation>
    </message>
    <message>
        <source>CPU suggestion</source>
        <translation>CPU-Vorschlag</translation>
    </message>
    <message>
        <source>Memory request</source>
        <translation>Speicheranforderung</translation>
    </message>
    <message>
        <source>Memory p95</source>
        <translation>Speicher p95</translation>
    </message>
    <message>
        <source>Memory suggestion</source>
        <translation>Speichervorschlag</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Could not export: %1</source>
        <translation>Export nicht möglich: %1</translation>
    </message>
</context>
<context>
    <name>pd::gui::CostWindow</name>
    <message>
        <source>Sample now</source>
        <translation>Jetzt messen</translation>
    </message>
    <message>
        <source>Cost — %1</source>
        <translation>Kosten — %1</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Letzte 24 Stunden</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>PreviewDesk history</source>
        <translation>PreviewDesk-Verlauf</translation>
    </message>
    <message>
        <source>OpenCost</source>
        <translation>OpenCost</translation>
    </message>
    <message>
        <source>Where the numbers come from: PreviewDesk&apos;s own usage history, or the cluster&apos;s OpenCost (service opencost/opencost, through the API server)</source>
        <translation>Woher die Zahlen stammen: aus dem eigenen Nutzungsverlauf von PreviewDesk oder aus dem OpenCost des Clusters (Dienst opencost/opencost, über den API-Server)</translation>
    </message>
    <message>
        <source>Take a usage sample from the cluster now (otherwise every few minutes)</source>
        <translation>Jetzt eine Nutzungsmessung im Cluster vornehmen (sonst alle paar Minuten)</translation>
    </message>
    <message>
        <source>Window:</source>
        <translation>Zeitraum:</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Quelle:</translation>
    </message>
    <message>
        <source>OpenCost (%1), %2</source>
        <translation>OpenCost (%1), %2</translation>
    </message>
    <message>
        <source>%1: not connected to a cluster</source>
        <translation>%1: nicht mit einem Cluster verbunden</translation>
    </message>
    <message>
        <source>%1: asking OpenCost…</source>
        <translation>%1: OpenCost wird abgefragt …</translation>
    </message>
    <message>
        <source>%1: the request was cancelled</source>
        <translation>%1: Die Anfrage wurde abgebrochen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: no allocation in this window</source>
        <translation>%1: keine Zuordnung in diesem Zeitraum</translation>
    </message>
    <message>
        <source>%1 — totals per namespace; the other views need PreviewDesk&apos;s history</source>
        <translation>%1 — Summen je Namespace; die anderen Ansichten benötigen den Verlauf von PreviewDesk</translation>
    </message>
    <message>
        <source>No cost history for this context.</source>
        <translation>Für diesen Kontext gibt es keinen Kostenverlauf.</translation>
    </message>
    <message>
        <source>history: no usage sampled in this window yet</source>
        <translation>Verlauf: in diesem Zeitraum noch keine Nutzung erfasst</translation>
    </message>
    <message>
        <source>history: %1 samples from %2 to %3 (covers %4 of %5)</source>
        <translation>Verlauf: %1 Messungen von %2 bis %3 (deckt %4 von %5 ab)</translation>
    </message>
    <message>
        <source>Computing the report from the history</source>
        <translation>Der Bericht wird aus dem Verlauf berechnet</translation>
    </message>
    <message>
        <source>history: computing the last %1…</source>
        <translation>Verlauf: die letzten %1 werden berechnet…</translation>
    </message>
</context>
<context>
    <name>pd::gui::DataPage</name>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>What each datastore of the preview starts with. The source&apos;s data is never copied unless you choose it.</source>
        <translation>Womit jeder Datenspeicher der Vorschau startet. Die Daten der Quelle werden nie kopiert, außer Sie wählen es.</translation>
    </message>
    <message>
        <source>Type %1 to confirm</source>
        <translation>Zum Bestätigen %1 eingeben</translation>
    </message>
    <message>
        <source>Start empty</source>
        <translation>Leer starten</translation>
    </message>
    <message>
        <source>Run the source&apos;s seed Job (%1)</source>
        <translation>Seed-Job der Quelle ausführen (%1)</translation>
    </message>
    <message>
        <source>Restore the golden snapshot %1 (%2)</source>
        <translation>Golden Snapshot %1 wiederherstellen (%2)</translation>
    </message>
    <message>
        <source>Restore the snapshot %1 (%2)</source>
        <translation>Snapshot %1 wiederherstellen (%2)</translation>
    </message>
    <message>
        <source>Nothing to decide: the source has no datastores (no StatefulSet with volume claims, no PersistentVolumeClaim).</source>
        <translation>Nichts zu entscheiden: Die Quelle hat keine Datenspeicher (kein StatefulSet mit Volume-Claims, kein PersistentVolumeClaim).</translation>
    </message>
</context>
<context>
    <name>pd::gui::DecisionsPage</name>
    <message>
        <source>Decisions</source>
        <translation>Entscheidungen</translation>
    </message>
    <message>
        <source>Secrets without an external source are never copied: decide what the preview gets.</source>
        <translation>Secrets ohne externe Quelle werden nie kopiert: Legen Sie fest, was die Vorschauumgebung erhält.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen …</translation>
    </message>
    <message>
        <source>Generate new values</source>
        <translation>Neue Werte erzeugen</translation>
    </message>
    <message>
        <source>Leave out</source>
        <translation>Weglassen</translation>
    </message>
    <message>
        <source>Reference a secret-manager key</source>
        <translation>Auf einen Schlüssel im Secret-Manager verweisen</translation>
    </message>
    <message>
        <source>STORE/KEY</source>
        <translation>SPEICHER/SCHLÜSSEL</translation>
    </message>
    <message>
        <source>Drop the cloud identity</source>
        <translation>Cloud-Identität entfernen</translation>
    </message>
    <message>
        <source>Keep the cloud identity</source>
        <translation>Cloud-Identität beibehalten</translation>
    </message>
    <message>
        <source>Keep the keys (shared with the source)</source>
        <translation>Schlüssel beibehalten (mit der Quelle geteilt)</translation>
    </message>
    <message>
        <source>Rewrite the keys for the preview</source>
        <translation>Schlüssel für die Vorschauumgebung neu schreiben</translation>
    </message>
    <message>
        <source>Generate new values (ESO Password generator)</source>
        <translation>Neue Werte erzeugen (ESO-Passwortgenerator)</translation>
    </message>
    <message>
        <source>Secret-manager key:</source>
        <translation>Schlüssel im Secret-Manager:</translation>
    </message>
    <message>
        <source>Nothing to decide: every secret has a source.</source>
        <translation>Nichts zu entscheiden: Jedes Secret hat eine Quelle.</translation>
    </message>
    <message>
        <source>Enter the values…</source>
        <translation>Werte eingeben…</translation>
    </message>
    <message>
        <source>%1:</source>
        <translation>%1:</translation>
    </message>
</context>
<context>
    <name>pd::gui::DesktopNotifier</name>
    <message>
        <source>&amp;Show PreviewDesk</source>
        <translation>PreviewDesk &amp;anzeigen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
</context>
<context>
    <name>pd::gui::EnvironmentActionsMenu</name>
    <message>
        <source>%1 is running: no workload is scaled down, nothing to scale up</source>
        <translation>%1 läuft: Kein Workload ist herunterskaliert, es gibt nichts hochzuskalieren</translation>
    </message>
    <message>
        <source>%1 is already scaled down</source>
        <translation>%1 ist bereits herunterskaliert</translation>
    </message>
    <message>
        <source>No pull request</source>
        <translation>Kein Pull-Request</translation>
    </message>
    <message>
        <source>Pull request #%1</source>
        <translation>Pull-Request #%1</translation>
    </message>
    <message>
        <source>no owner</source>
        <translation>kein Eigentümer</translation>
    </message>
    <message>
        <source>owner %1</source>
        <translation>Eigentümer %1</translation>
    </message>
    <message>
        <source>Extend expiry</source>
        <translation>Ablauf verlängern</translation>
    </message>
    <message>
        <source>+24 h</source>
        <translation>+24 Std.</translation>
    </message>
    <message>
        <source>+2 days</source>
        <translation>+2 Tage</translation>
    </message>
    <message>
        <source>Scale down now</source>
        <translation>Jetzt herunterskalieren</translation>
    </message>
    <message>
        <source>Scale up now</source>
        <translation>Jetzt hochskalieren</translation>
    </message>
    <message>
        <source>Destroy…</source>
        <translation>Löschen …</translation>
    </message>
    <message>
        <source>Clone…</source>
        <translation>Klonen …</translation>
    </message>
    <message>
        <source>Scaling down %1…</source>
        <translation>%1 wird herunterskaliert …</translation>
    </message>
    <message>
        <source>Scaling up %1…</source>
        <translation>%1 wird hochskaliert …</translation>
    </message>
    <message>
        <source>Extend</source>
        <translation>Verlängern</translation>
    </message>
    <message>
        <source>Extend the selected environment&apos;s expiry</source>
        <translation>Den Ablauf der ausgewählten Umgebung verlängern</translation>
    </message>
    <message>
        <source>Extend the expiry by 24 hours</source>
        <translation>Den Ablauf um 24 Stunden verlängern</translation>
    </message>
    <message>
        <source>Extend the expiry by two days</source>
        <translation>Den Ablauf um zwei Tage verlängern</translation>
    </message>
    <message>
        <source>Scale every workload to zero, recording its replicas (asks first)</source>
        <translation>Jeden Workload auf null skalieren und seine Replikate vermerken (mit Rückfrage)</translation>
    </message>
    <message>
        <source>Restore the replicas recorded by a scale-down</source>
        <translation>Die bei einem Herunterskalieren vermerkten Replikate wiederherstellen</translation>
    </message>
    <message>
        <source>Delete this preview and everything in it</source>
        <translation>Diese Vorschauumgebung mit allem Inhalt löschen</translation>
    </message>
    <message>
        <source>Clone %1 (the source of %2) into a new preview (Ctrl+N)</source>
        <translation>%1 (die Quelle von %2) in eine neue Vorschauumgebung klonen (Strg+N)</translation>
    </message>
    <message>
        <source>Clone this environment into a new preview (Ctrl+N)</source>
        <translation>Diese Umgebung in eine neue Vorschauumgebung klonen (Strg+N)</translation>
    </message>
    <message>
        <source>Extending %1…</source>
        <translation>%1 wird verlängert …</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>PreviewDesk: %1</source>
        <translation>PreviewDesk: %1</translation>
    </message>
    <message>
        <source>Cancelling the operation on %1…</source>
        <translation>Vorgang für %1 wird abgebrochen …</translation>
    </message>
    <message>
        <source>Destroying %1…</source>
        <translation>%1 wird gelöscht …</translation>
    </message>
    <message>
        <source>Scale down %1</source>
        <translation>%1 herunterskalieren</translation>
    </message>
    <message>
        <source>Scale every workload of the namespace &lt;b&gt;%1&lt;/b&gt; to zero and suspend its CronJobs? Scale up restores them.&lt;br&gt;%2</source>
        <translation>Jeden Workload im Namespace &lt;b&gt;%1&lt;/b&gt; auf null skalieren und seine CronJobs anhalten? Hochskalieren stellt sie wieder her.&lt;br&gt;%2</translation>
    </message>
    <message>
        <source>Scale down</source>
        <translation>Herunterskalieren</translation>
    </message>
    <message>
        <source>Destroy %1</source>
        <translation>%1 löschen</translation>
    </message>
    <message>
        <source>This deletes the namespace &lt;b&gt;%1&lt;/b&gt; and everything in it.&lt;br&gt;%2&lt;br&gt;Type its name to confirm.</source>
        <translation>Dies löscht den Namespace &lt;b&gt;%1&lt;/b&gt; mit allem Inhalt.&lt;br&gt;%2&lt;br&gt;Geben Sie zur Bestätigung seinen Namen ein.</translation>
    </message>
    <message>
        <source>Destroy</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Post to pull request</source>
        <translation>Im Pull-Request veröffentlichen</translation>
    </message>
    <message>
        <source>Refresh pull-request comment</source>
        <translation>Pull-Request-Kommentar aktualisieren</translation>
    </message>
    <message>
        <source>Update the preview&apos;s comment and deployment status on its pull request</source>
        <translation>Kommentar und Deployment-Status der Vorschauumgebung im Pull-Request aktualisieren</translation>
    </message>
    <message>
        <source>Post the preview&apos;s URL, state and cost to its pull request (one comment, kept up to date)</source>
        <translation>URL, Zustand und Kosten der Vorschauumgebung im Pull-Request veröffentlichen (ein Kommentar, der aktuell gehalten wird)</translation>
    </message>
    <message>
        <source>%1 reported to pull request #%2 (%3)</source>
        <translation>%1 an Pull-Request #%2 gemeldet (%3)</translation>
    </message>
    <message>
        <source>%1 not reported to pull request #%2: %3</source>
        <translation>%1 nicht an Pull-Request #%2 gemeldet: %3</translation>
    </message>
    <message>
        <source>Reporting %1 to pull request #%2…</source>
        <translation>%1 wird an Pull-Request #%2 gemeldet …</translation>
    </message>
</context>
<context>
    <name>pd::gui::EnvironmentDetailsPane</name>
    <message>
        <source>Select an environment to see its workloads, URLs and quota.</source>
        <translation>Wählen Sie eine Umgebung, um ihre Workloads, URLs und ihr Kontingent zu sehen.</translation>
    </message>
    <message>
        <source>Workload</source>
        <translation>Workload</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Image</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>No Deployments or StatefulSets in this namespace.</source>
        <translation>Keine Deployments oder StatefulSets in diesem Namespace.</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Ort</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detail</translation>
    </message>
    <message>
        <source>Pods</source>
        <translation>Pods</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>Objekt</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Alter</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Anzahl</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Lineage</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>URLs</source>
        <translation>URLs</translation>
    </message>
    <message>
        <source>Workloads</source>
        <translation>Workloads</translation>
    </message>
    <message>
        <source>Recent events</source>
        <translation>Letzte Ereignisse</translation>
    </message>
    <message>
        <source>Quota</source>
        <translation>Kontingent</translation>
    </message>
    <message>
        <source>Labels and annotations</source>
        <translation>Labels und Annotationen</translation>
    </message>
    <message>
        <source>Pods: %1</source>
        <translation>Pods: %1</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source> (protected)</source>
        <translation> (geschützt)</translation>
    </message>
    <message>
        <source>Pull request</source>
        <translation>Pull-Request</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Branch</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Eigentümer</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <source>Services</source>
        <translation>Dienste</translation>
    </message>
    <message>
        <source>Cost per day</source>
        <translation>Kosten pro Tag</translation>
    </message>
    <message>
        <source>not sampled yet</source>
        <translation>noch nicht erfasst</translation>
    </message>
    <message>
        <source>Cloned into: %1</source>
        <translation>Geklont nach: %1</translation>
    </message>
    <message>
        <source>No ingress</source>
        <translation>Kein Ingress</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>No ResourceQuota</source>
        <translation>Keine ResourceQuota</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation>Annotationen</translation>
    </message>
    <message>
        <source>Looking at the pods…</source>
        <translation>Die Pods werden untersucht …</translation>
    </message>
    <message>
        <source>No pod problems.</source>
        <translation>Keine Probleme mit Pods.</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>Entwurf</translation>
    </message>
    <message>
        <source>merged</source>
        <translation>zusammengeführt</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>geschlossen</translation>
    </message>
    <message>
        <source>not posted; post it from the row&apos;s menu</source>
        <translation>nicht veröffentlicht; veröffentlichen Sie ihn über das Menü der Zeile</translation>
    </message>
    <message>
        <source>current, posted %1</source>
        <translation>aktuell, veröffentlicht %1</translation>
    </message>
    <message>
        <source>out of date: posted %1, before the preview last changed; refresh it from the row&apos;s menu</source>
        <translation>veraltet: veröffentlicht %1, vor der letzten Änderung der Vorschauumgebung; aktualisieren Sie ihn über das Menü der Zeile</translation>
    </message>
    <message>
        <source>PR comment</source>
        <translation>PR-Kommentar</translation>
    </message>
    <message>
        <source>Renewed</source>
        <translation>Erneuert</translation>
    </message>
</context>
<context>
    <name>pd::gui::EnvironmentFilterBar</name>
    <message>
        <source>Filter by name, PR, branch, owner, URL… (Ctrl+F)</source>
        <translation>Nach Name, PR, Branch, Eigentümer, URL … filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Sources and previews</source>
        <translation>Quellen und Vorschauumgebungen</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>Previews</source>
        <translation>Vorschauumgebungen</translation>
    </message>
    <message>
        <source>Any state</source>
        <translation>Jeder Zustand</translation>
    </message>
    <message>
        <source>Any owner</source>
        <translation>Jeder Eigentümer</translation>
    </message>
    <message>
        <source>Any expiry</source>
        <translation>Jeder Ablauf</translation>
    </message>
    <message>
        <source>Expiring within 24 h</source>
        <translation>Läuft innerhalb von 24 Std. ab</translation>
    </message>
    <message>
        <source>Expiring within 3 days</source>
        <translation>Läuft innerhalb von 3 Tagen ab</translation>
    </message>
    <message>
        <source>Expiring within 7 days</source>
        <translation>Läuft innerhalb von 7 Tagen ab</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <source>Clear all filters</source>
        <translation>Alle Filter zurücksetzen</translation>
    </message>
</context>
<context>
    <name>pd::gui::FieldsPage</name>
    <message>
        <source>Regenerated fields</source>
        <translation>Neu erzeugte Felder</translation>
    </message>
    <message>
        <source>What the clone changes, by object. Select a change to see the old and new value and why.</source>
        <translation>Was der Klon ändert, nach Objekt. Wählen Sie eine Änderung, um alten und neuen Wert und den Grund zu sehen.</translation>
    </message>
    <message>
        <source>Select a change to see its old and new value in full.</source>
        <translation>Wählen Sie eine Änderung, um ihren alten und neuen Wert vollständig zu sehen.</translation>
    </message>
    <message>
        <source>%1 every clone makes: fields the API server sets, objects that belong to the source alone or that their controller makes anew, and the preview&apos;s labels. Open the line to see them.</source>
        <translation>%1, die jeder Klon vornimmt: Felder, die der API-Server setzt, Objekte, die allein der Quelle gehören oder die ihr Controller neu anlegt, und die Labels der Vorschau. Öffnen Sie die Zeile, um sie zu sehen.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>pd::gui::GitHubTokenDialog</name>
    <message>
        <source>Save token</source>
        <translation>Token speichern</translation>
    </message>
    <message>
        <source>Remove token</source>
        <translation>Token entfernen</translation>
    </message>
    <message>
        <source>GitHub token for %1</source>
        <translation>GitHub-Token für %1</translation>
    </message>
    <message>
        <source>PreviewDesk reads the state of the pull request behind each preview (open, merged, closed). A fine-grained token with read-only access to &quot;Pull requests&quot; of your repositories is enough; it is kept in the system keychain, never in settings files or logs.</source>
        <translation>PreviewDesk liest den Zustand des Pull-Requests hinter jeder Vorschauumgebung (offen, zusammengeführt, geschlossen). Ein feingranulares Token mit reinem Lesezugriff auf „Pull requests“ Ihrer Repositorys genügt; es wird im Schlüsselbund des Systems aufbewahrt, niemals in Einstellungsdateien oder Protokollen.</translation>
    </message>
    <message>
        <source>github_pat_… or ghp_…</source>
        <translation>github_pat_… oder ghp_…</translation>
    </message>
    <message>
        <source>The keychain did not answer</source>
        <translation>Der Schlüsselbund hat nicht geantwortet</translation>
    </message>
    <message>
        <source>Checking the keychain…</source>
        <translation>Schlüsselbund wird geprüft …</translation>
    </message>
    <message>
        <source>A token is set for %1.</source>
        <translation>Für %1 ist ein Token gesetzt.</translation>
    </message>
    <message>
        <source>No token is set for %1: only public repositories can be read, 60 requests an hour.</source>
        <translation>Für %1 ist kein Token gesetzt: Nur öffentliche Repositorys sind lesbar, 60 Anfragen pro Stunde.</translation>
    </message>
    <message>
        <source>Could not check the keychain.</source>
        <translation>Der Schlüsselbund konnte nicht geprüft werden.</translation>
    </message>
</context>
<context>
    <name>pd::gui::GuardrailEditor</name>
    <message>
        <source>Guardrails</source>
        <translation>Schutzregeln</translation>
    </message>
    <message>
        <source>No guardrails yet.</source>
        <translation>Noch keine Schutzregeln.</translation>
    </message>
    <message>
        <source>New guardrail…</source>
        <translation>Neue Schutzregel …</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>needs: %1</source>
        <translation>benötigt: %1</translation>
    </message>
    <message>
        <source>You can read these guardrails but not change them (%1).</source>
        <translation>Sie können diese Schutzregeln lesen, aber nicht ändern (%1).</translation>
    </message>
    <message>
        <source>Cannot read the guardrails: %1</source>
        <translation>Die Schutzregeln können nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Saved guardrail %1 (CronJob %2 in %3).</source>
        <translation>Schutzregel %1 gespeichert (CronJob %2 in %3).</translation>
    </message>
    <message>
        <source>Guardrail %1 enabled.</source>
        <translation>Schutzregel %1 aktiviert.</translation>
    </message>
    <message>
        <source>Guardrail %1 suspended.</source>
        <translation>Schutzregel %1 ausgesetzt.</translation>
    </message>
    <message>
        <source>Delete guardrail</source>
        <translation>Schutzregel löschen</translation>
    </message>
    <message>
        <source>Delete guardrail %1, its CronJobs, ServiceAccount and RBAC from the cluster?</source>
        <translation>Schutzregel %1 mit ihren CronJobs, ihrem ServiceAccount und ihrer RBAC aus dem Cluster löschen?</translation>
    </message>
    <message>
        <source>No guardrail named %1 in the cluster.</source>
        <translation>Im Cluster gibt es keine Schutzregel namens %1.</translation>
    </message>
    <message>
        <source>Deleted guardrail %1.</source>
        <translation>Schutzregel %1 gelöscht.</translation>
    </message>
    <message>
        <source>Added %1 to guardrail %2. Save to apply it.</source>
        <translation>%1 zur Schutzregel %2 hinzugefügt. Zum Übernehmen speichern.</translation>
    </message>
    <message>
        <source>New guardrail %1 scales down %2 every night at 20:00 (%3). Save to apply it.</source>
        <translation>Die neue Schutzregel %1 skaliert %2 jede Nacht um 20:00 Uhr (%3) herunter. Zum Übernehmen speichern.</translation>
    </message>
</context>
<context>
    <name>pd::gui::GuardrailForm</name>
    <message>
        <source>Enabled</source>
        <translation>Aktiviert</translation>
    </message>
    <message>
        <source>Scale down (workloads to zero, CronJobs suspended)</source>
        <translation>Herunterskalieren (Workloads auf null, CronJobs angehalten)</translation>
    </message>
    <message>
        <source>Scale up (restore what scale-down recorded)</source>
        <translation>Hochskalieren (wiederherstellen, was beim Herunterskalieren vermerkt wurde)</translation>
    </message>
    <message>
        <source>Destroy (delete the target previews)</source>
        <translation>Löschen (die betroffenen Vorschauumgebungen entfernen)</translation>
    </message>
    <message>
        <source>Expiry sweep (delete previews whose expiry has passed)</source>
        <translation>Ablaufbereinigung (Vorschauumgebungen löschen, deren Ablauf überschritten ist)</translation>
    </message>
    <message>
        <source>Every preview</source>
        <translation>Jede Vorschauumgebung</translation>
    </message>
    <message>
        <source>Label selector</source>
        <translation>Label-Selektor</translation>
    </message>
    <message>
        <source>Named environments</source>
        <translation>Benannte Umgebungen</translation>
    </message>
    <message>
        <source>Cron</source>
        <translation>Cron</translation>
    </message>
    <message>
        <source>Working hours</source>
        <translation>Arbeitszeiten</translation>
    </message>
    <message>
        <source>none, or e.g. 24h (a Warning Event before deletion)</source>
        <translation>keine, oder z. B. 24h (ein Warning-Event vor dem Löschen)</translation>
    </message>
    <message>
        <source>Dry run (the script only prints what it would change)</source>
        <translation>Probelauf (das Skript gibt nur aus, was es ändern würde)</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>Na&amp;me:</translation>
    </message>
    <message>
        <source>&amp;Action:</source>
        <translation>A&amp;ktion:</translation>
    </message>
    <message>
        <source>&amp;Target:</source>
        <translation>Zi&amp;el:</translation>
    </message>
    <message>
        <source>&amp;Schedule:</source>
        <translation>Zeit&amp;plan:</translation>
    </message>
    <message>
        <source>Time &amp;zone:</source>
        <translation>&amp;Zeitzone:</translation>
    </message>
    <message>
        <source>N&amp;otice period:</source>
        <translation>&amp;Vorwarnzeit:</translation>
    </message>
    <message>
        <source>&amp;Image:</source>
        <translation>&amp;Image:</translation>
    </message>
    <message>
        <source>&amp;Save to cluster</source>
        <translation>Im Cluster &amp;speichern</translation>
    </message>
    <message>
        <source>Would act on now</source>
        <translation>Beträfe jetzt</translation>
    </message>
    <message>
        <source>Left alone</source>
        <translation>Bleibt unberührt</translation>
    </message>
    <message>
        <source>Next five runs</source>
        <translation>Nächste fünf Ausführungen</translation>
    </message>
    <message>
        <source>Objects saved into the cluster</source>
        <translation>Im Cluster gespeicherte Objekte</translation>
    </message>
    <message>
        <source>Not yet: </source>
        <translation>Noch nicht: </translation>
    </message>
    <message>
        <source>Apply the objects below in %1</source>
        <translation>Die Objekte unten in %1 anwenden</translation>
    </message>
    <message>
        <source>every managed preview</source>
        <translation>jede verwaltete Vorschauumgebung</translation>
    </message>
    <message>
        <source>(enter a schedule to see when it runs)</source>
        <translation>(geben Sie einen Zeitplan ein, um zu sehen, wann sie läuft)</translation>
    </message>
    <message>
        <source>(no valid schedule)</source>
        <translation>(kein gültiger Zeitplan)</translation>
    </message>
    <message>
        <source># Select a guardrail in the list to see the objects it is saved as.</source>
        <translation># Wählen Sie eine Schutzregel in der Liste, um die Objekte zu sehen, als die sie gespeichert ist.</translation>
    </message>
    <message>
        <source># Fix the problems above to see the objects this guardrail becomes.</source>
        <translation># Beheben Sie die Probleme oben, um die Objekte zu sehen, zu denen diese Schutzregel wird.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keine)</translation>
    </message>
</context>
<context>
    <name>pd::gui::GuardrailListModel</name>
    <message>
        <source>scale-up / scale-down</source>
        <translation>Hochskalieren / Herunterskalieren</translation>
    </message>
    <message>
        <source>failed: </source>
        <translation>fehlgeschlagen: </translation>
    </message>
    <message>
        <source>%1 running</source>
        <translation>%1 laufen</translation>
    </message>
    <message>
        <source> (%1 active)</source>
        <translation> (%1 aktiv)</translation>
    </message>
    <message>
        <source>Enabled: its CronJobs run on schedule</source>
        <translation>Aktiviert: Ihre CronJobs laufen nach Zeitplan</translation>
    </message>
    <message>
        <source>Suspended: its CronJobs do not run</source>
        <translation>Ausgesetzt: Ihre CronJobs laufen nicht</translation>
    </message>
    <message>
        <source> (dry run)</source>
        <translation> (Probelauf)</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>noch nicht</translation>
    </message>
    <message>
        <source>no run yet</source>
        <translation>noch nicht gelaufen</translation>
    </message>
    <message>
        <source>No Job of this guardrail has run yet.</source>
        <translation>Es ist noch kein Job dieser Schutzregel gelaufen.</translation>
    </message>
    <message>
        <source>Job %1 (CronJob %2)</source>
        <translation>Job %1 (CronJob %2)</translation>
    </message>
    <message>
        <source>Last success: %1</source>
        <translation>Letzter Erfolg: %1</translation>
    </message>
    <message>
        <source>CronJobs: %1</source>
        <translation>CronJobs: %1</translation>
    </message>
    <message>
        <source>On</source>
        <translation>An</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>Nächste Ausführung</translation>
    </message>
    <message>
        <source>Last run</source>
        <translation>Letzte Ausführung</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>succeeded</source>
        <translation>erfolgreich</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>ausgesetzt</translation>
    </message>
</context>
<context>
    <name>pd::gui::IdlePreviewModel</name>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>%1 used %2 % of its CPU requests over the window and cost %3</source>
        <translation>%1 hat im Zeitraum %2 % seiner angeforderten CPU genutzt und %3 gekostet</translation>
    </message>
    <message>
        <source>Namespace</source>
        <translation>Namespace</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Eigentümer</translation>
    </message>
    <message>
        <source>Pull request</source>
        <translation>Pull-Request</translation>
    </message>
    <message>
        <source>CPU used of requests</source>
        <translation>Genutzte CPU der Anforderung</translation>
    </message>
    <message>
        <source>Cost in window</source>
        <translation>Kosten im Zeitraum</translation>
    </message>
</context>
<context>
    <name>pd::gui::IdlePreviewsPanel</name>
    <message>
        <source>Destroy…</source>
        <translation>Löschen …</translation>
    </message>
    <message>
        <source>Add to scale-down guardrail…</source>
        <translation>Zu einer Herunterskalier-Schutzregel hinzufügen …</translation>
    </message>
    <message>
        <source>No idle previews in this window: every running preview used at least 5 % of its CPU requests.</source>
        <translation>Keine ungenutzten Vorschauen in diesem Zeitraum: Jede laufende Vorschau hat mindestens 5 % ihrer angeforderten CPU genutzt.</translation>
    </message>
    <message>
        <source>Selected previews:</source>
        <translation>Ausgewählte Vorschauen:</translation>
    </message>
    <message>
        <source>%1 is not in the cluster any more</source>
        <translation>%1 ist nicht mehr im Cluster</translation>
    </message>
    <message>
        <source>needs: %1</source>
        <translation>benötigt: %1</translation>
    </message>
    <message>
        <source>Not connected to a cluster</source>
        <translation>Nicht mit einem Cluster verbunden</translation>
    </message>
    <message>
        <source>Select one or more idle previews to destroy (Ctrl+click, Shift+click)</source>
        <translation>Wählen Sie eine oder mehrere ungenutzte Vorschauen zum Löschen aus (Strg+Klick, Umschalt+Klick)</translation>
    </message>
    <message>
        <source>Select one or more idle previews to scale down on a schedule</source>
        <translation>Wählen Sie eine oder mehrere ungenutzte Vorschauen aus, die nach Zeitplan heruntergefahren werden sollen</translation>
    </message>
    <message>
        <source>%1 is being destroyed</source>
        <translation>%1 wird gerade gelöscht</translation>
    </message>
    <message>
        <source>Delete the selected previews and everything in them (asks for each)</source>
        <translation>Die ausgewählten Vorschauen mit allem darin löschen (fragt bei jeder nach)</translation>
    </message>
    <message>
        <source>Open the guardrail editor with the selected previews in a scale-down guardrail</source>
        <translation>Den Schutzregel-Editor mit den ausgewählten Vorschauen in einer Herunterskalier-Schutzregel öffnen</translation>
    </message>
    <message>
        <source>Nothing destroyed.</source>
        <translation>Nichts gelöscht.</translation>
    </message>
    <message>
        <source>Destroying %1…</source>
        <translation>%1 wird gelöscht …</translation>
    </message>
</context>
<context>
    <name>pd::gui::KubeConfigProblemDialog</name>
    <message>
        <source>Choose another file…</source>
        <translation>Andere Datei wählen …</translation>
    </message>
    <message>
        <source>Open the demo</source>
        <translation>Demo öffnen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>The kubeconfig cannot be read</source>
        <translation>Die kubeconfig kann nicht gelesen werden</translation>
    </message>
    <message>
        <source>kubectl would say:</source>
        <translation>kubectl würde sagen:</translation>
    </message>
    <message>
        <source>Nothing was changed in the file.</source>
        <translation>An der Datei wurde nichts geändert.</translation>
    </message>
    <message>
        <source>File: %1, line %2</source>
        <translation>Datei: %1, Zeile %2</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>Datei: %1</translation>
    </message>
    <message>
        <source>What is wrong: %1</source>
        <translation>Was nicht stimmt: %1</translation>
    </message>
</context>
<context>
    <name>pd::gui::MainWindow</name>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Kubernetes context</source>
        <translation>Kubernetes-Kontext</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Context: </source>
        <translation>Kontext: </translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>List every environment again (F5)</source>
        <translation>Alle Umgebungen neu auflisten (F5)</translation>
    </message>
    <message>
        <source>Open URL</source>
        <translation>URL öffnen</translation>
    </message>
    <message>
        <source>Open the selected environment in the browser (Ctrl+O, double-click)</source>
        <translation>Die ausgewählte Umgebung im Browser öffnen (Strg+O, Doppelklick)</translation>
    </message>
    <message>
        <source>Copy URL</source>
        <translation>URL kopieren</translation>
    </message>
    <message>
        <source>Copy the selected environment&apos;s URL (Ctrl+Shift+C)</source>
        <translation>Die URL der ausgewählten Umgebung kopieren (Strg+Umschalt+C)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>E&amp;xtras</translation>
    </message>
    <message>
        <source>&amp;Guardrails…</source>
        <translation>&amp;Schutzregeln …</translation>
    </message>
    <message>
        <source>Schedules that scale down, scale up, destroy and sweep previews in the cluster</source>
        <translation>Zeitpläne, die Vorschauumgebungen im Cluster herunter- und hochskalieren, löschen und bereinigen</translation>
    </message>
    <message>
        <source>C&amp;ost…</source>
        <translation>&amp;Kosten …</translation>
    </message>
    <message>
        <source>What each preview costs, where money idles, and what to shrink</source>
        <translation>Was jede Vorschauumgebung kostet, wo Geld ungenutzt bleibt und was sich verkleinern lässt</translation>
    </message>
    <message>
        <source>Context &amp;settings…</source>
        <translation>Kontext&amp;einstellungen …</translation>
    </message>
    <message>
        <source>Namespaces you can reach and cost prices for this context</source>
        <translation>Erreichbare Namespaces und Kostenpreise für diesen Kontext</translation>
    </message>
    <message>
        <source>GitHub &amp;token…</source>
        <translation>GitHub-&amp;Token …</translation>
    </message>
    <message>
        <source>The token used to read pull-request states</source>
        <translation>Das Token, mit dem die Zustände von Pull-Requests gelesen werden</translation>
    </message>
    <message>
        <source>This environment has no URL</source>
        <translation>Diese Umgebung hat keine URL</translation>
    </message>
    <message>
        <source>Copied %1</source>
        <translation>%1 kopiert</translation>
    </message>
    <message numerus="yes">
        <source>%n environment(s)</source>
        <translation>
            <numerusform>%n Umgebung</numerusform>
            <numerusform>%n Umgebungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n environment(s) shown</source>
        <translation>
            <numerusform>%1 von %n Umgebung angezeigt</numerusform>
            <numerusform>%1 von %n Umgebungen angezeigt</numerusform>
        </translation>
    </message>
    <message>
        <source> — %1 is hidden by the filter</source>
        <translation> — %1 ist durch den Filter ausgeblendet</translation>
    </message>
    <message>
        <source>No environment matches the filter.</source>
        <translation>Keine Umgebung entspricht dem Filter.</translation>
    </message>
    <message>
        <source>Clear filter</source>
        <translation>Filter zurücksetzen</translation>
    </message>
    <message>
        <source>Listing the environments of this context…</source>
        <translation>Die Umgebungen dieses Kontexts werden aufgelistet …</translation>
    </message>
    <message>
        <source>No sources or previews in this context yet.</source>
        <translation>In diesem Kontext gibt es noch keine Quellen oder Vorschauumgebungen.</translation>
    </message>
    <message>
        <source>Not connected to a cluster.</source>
        <translation>Nicht mit einem Cluster verbunden.</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen …</translation>
    </message>
    <message>
        <source>Filter the environments by name, PR, branch, owner or URL (Ctrl+F)</source>
        <translation>Umgebungen nach Name, PR, Branch, Eigentümer oder URL filtern (Strg+F)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open Kubeconfig…</source>
        <translation>Kubeconfig ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Read the contexts of another kubeconfig file</source>
        <translation>Die Kontexte einer anderen Kubeconfig-Datei einlesen</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Columns</source>
        <translation>&amp;Spalten</translation>
    </message>
    <message>
        <source>Reset Column &amp;Widths</source>
        <translation>Spalten&amp;breiten zurücksetzen</translation>
    </message>
    <message>
        <source>Size every column to its content, so that all fit the table</source>
        <translation>Jede Spalte an ihren Inhalt anpassen, sodass alle in die Tabelle passen</translation>
    </message>
    <message>
        <source>&amp;Details Pane</source>
        <translation>&amp;Detailbereich</translation>
    </message>
    <message>
        <source>&amp;Palette</source>
        <translation>&amp;Farbschema</translation>
    </message>
    <message>
        <source>Follow the &amp;System</source>
        <translation>Wie das &amp;System</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>E&amp;nvironment</source>
        <translation>&amp;Umgebung</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>PreviewDesk &amp;Handbook</source>
        <translation>PreviewDesk-&amp;Handbuch</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About PreviewDesk</source>
        <translation>Ü&amp;ber PreviewDesk</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>Which desktop notifications PreviewDesk shows</source>
        <translation>Welche Desktop-Benachrichtigungen PreviewDesk anzeigt</translation>
    </message>
</context>
<context>
    <name>pd::gui::NamespaceAccessHint</name>
    <message>
        <source>Context settings…</source>
        <translation>Kontexteinstellungen …</translation>
    </message>
    <message>
        <source>You may not list namespaces in this context. Name the namespaces you can reach in Context settings… and PreviewDesk will watch those.</source>
        <translation>Sie dürfen in diesem Kontext keine Namespaces auflisten. Nennen Sie die erreichbaren Namespaces unter „Kontexteinstellungen …“, dann beobachtet PreviewDesk diese.</translation>
    </message>
</context>
<context>
    <name>pd::gui::NotificationCenter</name>
    <message>
        <source>%1 expires in %2</source>
        <translation>%1 läuft in %2 ab</translation>
    </message>
    <message>
        <source>Extend it from PreviewDesk to keep it.</source>
        <translation>Verlängern Sie sie in PreviewDesk, um sie zu behalten.</translation>
    </message>
    <message>
        <source>The preview of pull request #%1. Extend it from PreviewDesk to keep it.</source>
        <translation>Die Vorschau von Pull-Request #%1. Verlängern Sie sie in PreviewDesk, um sie zu behalten.</translation>
    </message>
    <message>
        <source>Guardrail %1 failed</source>
        <translation>Guardrail %1 ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>Job %1 failed in the cluster.</source>
        <translation>Job %1 ist im Cluster fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Job %1: %2</source>
        <translation>Job %1: %2</translation>
    </message>
    <message>
        <source>%1 is ready</source>
        <translation>%1 ist bereit</translation>
    </message>
    <message>
        <source>Cloning %1 failed</source>
        <translation>Klonen von %1 ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 was destroyed</source>
        <translation>%1 wurde gelöscht</translation>
    </message>
    <message>
        <source>Destroying %1 failed</source>
        <translation>Löschen von %1 ist fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>pd::gui::PlanRowDetails</name>
    <message>
        <source>Reveal</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Old value</source>
        <translation>Alter Wert</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>Neuer Wert</translation>
    </message>
    <message>
        <source>Select a change to see its old and new value in full.</source>
        <translation>Wählen Sie eine Änderung, um ihren alten und neuen Wert vollständig zu sehen.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keiner)</translation>
    </message>
    <message>
        <source>Checking whether you may read secrets…</source>
        <translation>Prüfe, ob Sie Secrets lesen dürfen…</translation>
    </message>
    <message>
        <source>Only values held in a Secret can be revealed here.</source>
        <translation>Hier lassen sich nur Werte anzeigen, die in einem Secret stehen.</translation>
    </message>
    <message>
        <source>Show the values of %1</source>
        <translation>Die Werte von %1 anzeigen</translation>
    </message>
</context>
<context>
    <name>pd::gui::PlanRowModel</name>
    <message>
        <source>New value</source>
        <translation>Neuer Wert</translation>
    </message>
    <message>
        <source>1 change</source>
        <translation>1 Änderung</translation>
    </message>
    <message>
        <source>%1 changes</source>
        <translation>%1 Änderungen</translation>
    </message>
    <message>
        <source>(the whole object)</source>
        <translation>(das ganze Objekt)</translation>
    </message>
    <message>
        <source>Secret values stay masked; select the row to reveal them, if you may read secrets.</source>
        <translation>Secret-Werte bleiben maskiert; wählen Sie die Zeile, um sie anzuzeigen, wenn Sie Secrets lesen dürfen.</translation>
    </message>
    <message>
        <source>%1
was: %2
becomes: %3</source>
        <translation>%1
bisher: %2
neu: %3</translation>
    </message>
    <message>
        <source>Bookkeeping every clone does (%1)</source>
        <translation>Buchhaltung, die jeder Klon erledigt (%1)</translation>
    </message>
    <message>
        <source>server fields removed, controller objects left out, preview labels</source>
        <translation>Serverfelder entfernt, Controller-Objekte ausgelassen, Vorschau-Labels</translation>
    </message>
    <message>
        <source>Changes that do not alter what the preview does: fields the API server sets, objects that belong to the source alone or that their controller makes anew, and the preview&apos;s labels.</source>
        <translation>Änderungen, die nichts daran ändern, was die Vorschau tut: Felder, die der API-Server setzt, Objekte, die allein der Quelle gehören oder die ihr Controller neu anlegt, und die Labels der Vorschau.</translation>
    </message>
    <message>
        <source>Object and field</source>
        <translation>Objekt und Feld</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Warum</translation>
    </message>
</context>
<context>
    <name>pd::gui::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Desktop notifications</source>
        <translation>Desktop-Benachrichtigungen</translation>
    </message>
    <message>
        <source>When one of my previews is about to expire</source>
        <translation>Wenn eine meiner Vorschauen bald abläuft</translation>
    </message>
    <message>
        <source>Expires &amp;within:</source>
        <translation>Läuft &amp;ab innerhalb von:</translation>
    </message>
    <message>
        <source> h</source>
        <translation> Std.</translation>
    </message>
    <message>
        <source>My previews are &amp;owned by:</source>
        <translation>Meine Vorschauen ge&amp;hören:</translation>
    </message>
    <message>
        <source>The owner recorded on your previews (the label previewdesk.io/owner)</source>
        <translation>Der Eigentümer, der an Ihren Vorschauen vermerkt ist (das Label previewdesk.io/owner)</translation>
    </message>
    <message>
        <source>When a guardrail run fails in the cluster</source>
        <translation>Wenn ein Guardrail-Lauf im Cluster fehlschlägt</translation>
    </message>
    <message>
        <source>When a clone or destroy finishes while PreviewDesk is in the background</source>
        <translation>Wenn ein Klonen oder Löschen fertig wird, während PreviewDesk im Hintergrund ist</translation>
    </message>
</context>
<context>
    <name>pd::gui::ProgressPage</name>
    <message>
        <source>Creating the preview</source>
        <translation>Vorschauumgebung wird erstellt</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <source>Failed.</source>
        <translation>Fehlgeschlagen.</translation>
    </message>
    <message>
        <source>not created</source>
        <translation>nicht erstellt</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>pd::gui::PullRequestBanner</name>
    <message>
        <source>Destroy…</source>
        <translation>Löschen …</translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation>vor %1</translation>
    </message>
    <message>
        <source>Pull request #%1 was merged%2</source>
        <translation>Pull-Request #%1 wurde zusammengeführt%2</translation>
    </message>
    <message>
        <source>Pull request #%1 was closed without merging%2</source>
        <translation>Pull-Request #%1 wurde ohne Zusammenführen geschlossen%2</translation>
    </message>
    <message>
        <source>this preview can be torn down</source>
        <translation>diese Vorschauumgebung kann abgebaut werden</translation>
    </message>
    <message>
        <source>Destroy %1 (asks for confirmation)</source>
        <translation>%1 löschen (mit Rückfrage)</translation>
    </message>
</context>
<context>
    <name>pd::gui::SettingsPage</name>
    <message>
        <source>Expiry, mode and quota</source>
        <translation>Ablauf, Modus und Kontingent</translation>
    </message>
    <message>
        <source>CD only: the source&apos;s images</source>
        <translation>Nur CD: die Images der Quelle</translation>
    </message>
    <message>
        <source>CI+CD: images built from the pull request</source>
        <translation>CI+CD: aus dem Pull-Request gebaute Images</translation>
    </message>
    <message>
        <source>Time to live:</source>
        <translation>Lebensdauer:</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>Modus:</translation>
    </message>
    <message>
        <source>Quota:</source>
        <translation>Kontingent:</translation>
    </message>
    <message>
        <source>%1: %2 (cap %3)</source>
        <translation>%1: %2 (Obergrenze %3)</translation>
    </message>
</context>
<context>
    <name>pd::gui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>pd::gui::SourcePage</name>
    <message>
        <source>Clone %1</source>
        <translation>%1 klonen</translation>
    </message>
    <message>
        <source>Name the preview after its pull request.</source>
        <translation>Benennen Sie die Vorschauumgebung nach ihrem Pull-Request.</translation>
    </message>
    <message>
        <source>e.g. 1423</source>
        <translation>z. B. 1423</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>%1 wird gelesen …</translation>
    </message>
    <message>
        <source>Pull request:</source>
        <translation>Pull-Request:</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL:</translation>
    </message>
    <message>
        <source>Branch:</source>
        <translation>Branch:</translation>
    </message>
    <message>
        <source>Owner:</source>
        <translation>Eigentümer:</translation>
    </message>
    <message>
        <source>branch of PR %1</source>
        <translation>Branch von PR %1</translation>
    </message>
    <message>
        <source>(from the name)</source>
        <translation>(aus dem Namen)</translation>
    </message>
    <message>
        <source>none (the source has no ingress)</source>
        <translation>keine (die Quelle hat keinen Ingress)</translation>
    </message>
    <message>
        <source>Named by %1&apos;s clone profile: %2</source>
        <translation>Benannt nach dem Klonprofil von %1: %2</translation>
    </message>
    <message>
        <source>Named like %1&apos;s other previews (%2): %3</source>
        <translation>Benannt wie die anderen Vorschauumgebungen von %1 (%2): %3</translation>
    </message>
    <message>
        <source>Named %1: %2 has no clone profile and no previews to follow.</source>
        <translation>Benannt %1: %2 hat kein Klonprofil und keine Vorschauumgebungen als Vorbild.</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n object(s) read.</source>
        <translation>
            <numerusform>%1: %n Objekt gelesen.</numerusform>
            <numerusform>%1: %n Objekte gelesen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot clone %1: %2</source>
        <translation>%1 kann nicht geklont werden: %2</translation>
    </message>
    <message>
        <source>GitHub did not say the branch of #%1: %2</source>
        <translation>GitHub hat den Branch von #%1 nicht genannt: %2</translation>
    </message>
    <message>
        <source>The head branch of pull request #%1 in %2</source>
        <translation>Der Head-Branch von Pull-Request #%1 in %2</translation>
    </message>
    <message>
        <source>Asking GitHub for the branch of pull request #%1…</source>
        <translation>GitHub wird nach dem Branch von Pull-Request #%1 gefragt …</translation>
    </message>
</context>
<context>
    <name>pd::gui::SummaryPage</name>
    <message>
        <source>Projected cost: %1 / day (%2 / month); a nightly scale-down (Mon–Fri 07:30–20:30) would save %3 / month</source>
        <translation>Voraussichtliche Kosten: %1 pro Tag (%2 pro Monat); ein nächtliches Herunterskalieren (Mo–Fr 07:30–20:30) würde %3 pro Monat sparen</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Zusammenfassung</translation>
    </message>
    <message>
        <source>Clone %1 into %2 (%3).</source>
        <translation>%1 nach %2 klonen (%3).</translation>
    </message>
    <message>
        <source>Objects to create: %1</source>
        <translation>Zu erstellende Objekte: %1</translation>
    </message>
    <message>
        <source>URL: %1</source>
        <translation>URL: %1</translation>
    </message>
    <message>
        <source>none (the source has no ingress)</source>
        <translation>keine (die Quelle hat keinen Ingress)</translation>
    </message>
    <message>
        <source>Expires after: %1</source>
        <translation>Läuft ab nach: %1</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
</context>
<context>
    <name>pd::gui::UrlDialog</name>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>%1 öffnen</translation>
    </message>
    <message>
        <source>No web browser could be opened for this address. Copy it and paste it into a browser:</source>
        <translation>Für diese Adresse konnte kein Webbrowser geöffnet werden. Kopieren Sie sie und fügen Sie sie in einen Browser ein:</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
<context>
    <name>pd::kube::ApiResult</name>
    <message>
        <source>the server</source>
        <translation>der Server</translation>
    </message>
    <message>
        <source>HTTP %1 from %2</source>
        <translation>HTTP %1 von %2</translation>
    </message>
    <message>
        <source>cannot reach %1: </source>
        <translation>%1 ist nicht erreichbar: </translation>
    </message>
    <message>
        <source>connection refused (is the cluster running and the address right?)</source>
        <translation>Verbindung abgelehnt (läuft der Cluster und stimmt die Adresse?)</translation>
    </message>
    <message>
        <source>%1 closed the connection unexpectedly</source>
        <translation>%1 hat die Verbindung unerwartet geschlossen</translation>
    </message>
    <message>
        <source>host name &quot;%1&quot; not found (check the server address or your DNS/VPN)</source>
        <translation>Hostname „%1“ nicht gefunden (prüfen Sie die Serveradresse oder Ihr DNS/VPN)</translation>
    </message>
    <message>
        <source>%1 did not answer in time (timed out)</source>
        <translation>%1 hat nicht rechtzeitig geantwortet (Zeitüberschreitung)</translation>
    </message>
    <message>
        <source>the request to %1 was cancelled</source>
        <translation>Die Anfrage an %1 wurde abgebrochen</translation>
    </message>
    <message>
        <source>TLS handshake with %1 failed: the server certificate is not trusted (check certificate-authority in the kubeconfig)</source>
        <translation>TLS-Handshake mit %1 fehlgeschlagen: Dem Serverzertifikat wird nicht vertraut (prüfen Sie certificate-authority in der kubeconfig)</translation>
    </message>
    <message>
        <source>the network is down or changed</source>
        <translation>das Netzwerk ist nicht verfügbar oder hat sich geändert</translation>
    </message>
    <message>
        <source>background requests are not allowed</source>
        <translation>Anfragen im Hintergrund sind nicht erlaubt</translation>
    </message>
    <message>
        <source>%1 redirected too often or to an insecure address</source>
        <translation>%1 hat zu oft oder an eine unsichere Adresse umgeleitet</translation>
    </message>
    <message>
        <source>cannot reach the proxy: connection refused</source>
        <translation>Der Proxy ist nicht erreichbar: Verbindung abgelehnt</translation>
    </message>
    <message>
        <source>the proxy closed the connection unexpectedly</source>
        <translation>Der Proxy hat die Verbindung unerwartet geschlossen</translation>
    </message>
    <message>
        <source>the proxy host was not found (check proxy-url in the kubeconfig)</source>
        <translation>Der Proxy-Host wurde nicht gefunden (prüfen Sie proxy-url in der kubeconfig)</translation>
    </message>
    <message>
        <source>the proxy did not answer in time</source>
        <translation>Der Proxy hat nicht rechtzeitig geantwortet</translation>
    </message>
    <message>
        <source>the proxy asks for credentials</source>
        <translation>Der Proxy verlangt Anmeldedaten</translation>
    </message>
    <message>
        <source>network error</source>
        <translation>Netzwerkfehler</translation>
    </message>
    <message>
        <source>unsupported address %1 (use https:// or http://)</source>
        <translation>Nicht unterstützte Adresse %1 (verwenden Sie https:// oder http://)</translation>
    </message>
    <message>
        <source>%1 sent an answer that is not valid HTTP</source>
        <translation>%1 hat eine Antwort gesendet, die kein gültiges HTTP ist</translation>
    </message>
    <message>
        <source>request to %1 failed</source>
        <translation>Die Anfrage an %1 ist fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>pd::kube::CredentialProvider</name>
    <message>
        <source>Cannot read the tokenFile &quot;%1&quot; of user &quot;%2&quot; (in %3): %4</source>
        <translation>Die tokenFile „%1“ des Benutzers „%2“ (in %3) kann nicht gelesen werden: %4</translation>
    </message>
</context>
<context>
    <name>pd::kube::ExecCredentialProvider</name>
    <message>
        <source>The credential plugin was stopped before it finished.</source>
        <translation>Das Anmelde-Plugin wurde beendet, bevor es fertig war.</translation>
    </message>
    <message>
        <source>The credential plugin &quot;%1&quot; of user &quot;%2&quot; (in %3) does not exist or is not executable. Fix the `command:` path in the kubeconfig.</source>
        <translation>Das Anmelde-Plugin „%1“ des Benutzers „%2“ (in %3) existiert nicht oder ist nicht ausführbar. Korrigieren Sie den Pfad unter `command:` in der kubeconfig.</translation>
    </message>
    <message>
        <source>The credential plugin &quot;%1&quot; of user &quot;%2&quot; (in %3) was not found on the PATH (searched: %4).

Programs started from a desktop launcher, dock or file manager often get a shorter PATH than your terminal&apos;s shell, which adds directories such as /usr/local/bin, /opt/homebrew/bin, ~/.local/bin or a cloud SDK&apos;s bin folder in its profile. kubectl works in the terminal; PreviewDesk cannot see the same directories.

To fix it, either:
  • put the plugin&apos;s absolute path in the kubeconfig&apos;s `command:` (run `command -v %1` in a terminal to find it), or
  • start PreviewDesk from that terminal so it inherits the shell&apos;s PATH.</source>
        <translation>Das Anmelde-Plugin „%1“ des Benutzers „%2“ (in %3) wurde im PATH nicht gefunden (durchsucht: %4).

Programme, die über einen Desktop-Starter, ein Dock oder einen Dateimanager gestartet werden, erhalten oft einen kürzeren PATH als die Shell Ihres Terminals, die in ihrem Profil Verzeichnisse wie /usr/local/bin, /opt/homebrew/bin, ~/.local/bin oder den bin-Ordner eines Cloud-SDK ergänzt. kubectl funktioniert im Terminal; PreviewDesk sieht diese Verzeichnisse nicht.

Zur Abhilfe entweder:
  • den absoluten Pfad des Plugins unter `command:` in der kubeconfig eintragen (`command -v %1` im Terminal zeigt ihn), oder
  • PreviewDesk aus diesem Terminal starten, damit es den PATH der Shell übernimmt.</translation>
    </message>
    <message>
        <source>PATH is empty</source>
        <translation>PATH ist leer</translation>
    </message>
    <message>
        <source>

The kubeconfig says how to install it:
</source>
        <translation>

Laut kubeconfig wird es so installiert:
</translation>
    </message>
</context>
<context>
    <name>pd::kube::Kubeconfig</name>
    <message>
        <source>The kubeconfig &quot;%1&quot; given with --kubeconfig does not exist.</source>
        <translation>Die mit --kubeconfig angegebene kubeconfig „%1“ existiert nicht.</translation>
    </message>
    <message>
        <source>No kubeconfig found: %1 does not exist and KUBECONFIG is not set. Create one (e.g. with your cloud&apos;s `get-credentials` command) or choose a file with --kubeconfig.</source>
        <translation>Keine kubeconfig gefunden: %1 existiert nicht und KUBECONFIG ist nicht gesetzt. Legen Sie eine an (z. B. mit dem Befehl `get-credentials` Ihrer Cloud) oder wählen Sie mit --kubeconfig eine Datei.</translation>
    </message>
    <message>
        <source>No kubeconfig found: none of the files in KUBECONFIG exists (%1).</source>
        <translation>Keine kubeconfig gefunden: Keine der Dateien in KUBECONFIG existiert (%1).</translation>
    </message>
    <message>
        <source>No contexts are defined in %1.</source>
        <translation>In %1 sind keine Kontexte definiert.</translation>
    </message>
    <message>
        <source>No current context: %1 sets no current-context. Choose one of %2.</source>
        <translation>Kein aktueller Kontext: %1 setzt kein current-context. Wählen Sie einen von %2.</translation>
    </message>
    <message>
        <source>none is defined</source>
        <translation>keiner ist definiert</translation>
    </message>
    <message>
        <source>known: </source>
        <translation>bekannt: </translation>
    </message>
    <message>
        <source>%1: current-context names context &quot;%2&quot;, which is not defined (%3).</source>
        <translation>%1: current-context nennt den Kontext „%2“, der nicht definiert ist (%3).</translation>
    </message>
    <message>
        <source>Context &quot;%1&quot; is not defined in %2 (%3).</source>
        <translation>Der Kontext „%1“ ist in %2 nicht definiert (%3).</translation>
    </message>
    <message>
        <source>%1: context &quot;%2&quot; names no cluster.</source>
        <translation>%1: Der Kontext „%2“ nennt keinen Cluster.</translation>
    </message>
    <message>
        <source>%1: context &quot;%2&quot; names cluster &quot;%3&quot;, which is not defined in %4.</source>
        <translation>%1: Der Kontext „%2“ nennt den Cluster „%3“, der in %4 nicht definiert ist.</translation>
    </message>
    <message>
        <source>%1: context &quot;%2&quot; names user &quot;%3&quot;, which is not defined in %4.</source>
        <translation>%1: Der Kontext „%2“ nennt den Benutzer „%3“, der in %4 nicht definiert ist.</translation>
    </message>
    <message>
        <source>cluster &quot;%1&quot;</source>
        <translation>Cluster „%1“</translation>
    </message>
    <message>
        <source>%1: cluster &quot;%2&quot; has no `server` (the API server&apos;s URL, e.g. https://203.0.113.10:6443).</source>
        <translation>%1: Der Cluster „%2“ hat keinen `server` (die URL des API-Servers, z. B. https://203.0.113.10:6443).</translation>
    </message>
    <message>
        <source>%1: `server` of cluster &quot;%2&quot; is not an http(s) URL: &quot;%3&quot;.</source>
        <translation>%1: `server` des Clusters „%2“ ist keine http(s)-URL: „%3“.</translation>
    </message>
    <message>
        <source>%1: cluster &quot;%2&quot; sets both insecure-skip-tls-verify and a certificate authority; kubectl refuses this too. Remove one of them.</source>
        <translation>%1: Der Cluster „%2“ setzt sowohl insecure-skip-tls-verify als auch eine Zertifizierungsstelle; auch kubectl lehnt das ab. Entfernen Sie eines von beiden.</translation>
    </message>
    <message>
        <source>%1: `proxy-url` of cluster &quot;%2&quot; must be an http, https or socks5 URL: &quot;%3&quot;.</source>
        <translation>%1: `proxy-url` des Clusters „%2“ muss eine http-, https- oder socks5-URL sein: „%3“.</translation>
    </message>
    <message>
        <source>user &quot;%1&quot;</source>
        <translation>Benutzer „%1“</translation>
    </message>
    <message>
        <source>%1: user &quot;%2&quot; uses the legacy auth-provider &quot;%3&quot;, which kubectl no longer supports; switch to its exec plugin (e.g. gke-gcloud-auth-plugin or kubelogin).</source>
        <translation>%1: Der Benutzer „%2“ verwendet den veralteten auth-provider „%3“, den kubectl nicht mehr unterstützt; wechseln Sie zu dessen exec-Plugin (z. B. gke-gcloud-auth-plugin oder kubelogin).</translation>
    </message>
    <message>
        <source>%1: user &quot;%2&quot; has a client certificate but no client-key or client-key-data.</source>
        <translation>%1: Der Benutzer „%2“ hat ein Client-Zertifikat, aber kein client-key oder client-key-data.</translation>
    </message>
    <message>
        <source>%1: user &quot;%2&quot; has a client key but no client-certificate or client-certificate-data.</source>
        <translation>%1: Der Benutzer „%2“ hat einen Client-Schlüssel, aber kein client-certificate oder client-certificate-data.</translation>
    </message>
    <message>
        <source>%1: user &quot;%2&quot; sets both a token and a username/password; only one authentication method is allowed.</source>
        <translation>%1: Der Benutzer „%2“ setzt sowohl ein Token als auch Benutzername/Passwort; nur eine Anmeldemethode ist erlaubt.</translation>
    </message>
    <message>
        <source>%1: the exec plugin of user &quot;%2&quot; has no `command`.</source>
        <translation>%1: Das exec-Plugin des Benutzers „%2“ hat kein `command`.</translation>
    </message>
    <message>
        <source>%1: the exec plugin of user &quot;%2&quot; has apiVersion &quot;%3&quot;; supported are client.authentication.k8s.io/v1 and client.authentication.k8s.io/v1beta1.</source>
        <translation>%1: Das exec-Plugin des Benutzers „%2“ hat die apiVersion „%3“; unterstützt werden client.authentication.k8s.io/v1 und client.authentication.k8s.io/v1beta1.</translation>
    </message>
    <message>
        <source>%1: the exec plugin of user &quot;%2&quot; must set interactiveMode (Never, IfAvailable or Always) with apiVersion client.authentication.k8s.io/v1.</source>
        <translation>%1: Das exec-Plugin des Benutzers „%2“ muss mit apiVersion client.authentication.k8s.io/v1 einen interactiveMode setzen (Never, IfAvailable oder Always).</translation>
    </message>
    <message>
        <source>%1: the exec plugin of user &quot;%2&quot; needs a terminal (interactiveMode: Always), which a desktop app cannot give it. Log in with it from a terminal first, or use a non-interactive mode.</source>
        <translation>%1: Das exec-Plugin des Benutzers „%2“ benötigt ein Terminal (interactiveMode: Always), das eine Desktop-Anwendung nicht bieten kann. Melden Sie sich zuerst im Terminal damit an oder verwenden Sie einen nicht interaktiven Modus.</translation>
    </message>
    <message>
        <source>%1: the exec plugin of user &quot;%2&quot; has an unknown interactiveMode &quot;%3&quot;.</source>
        <translation>%1: Das exec-Plugin des Benutzers „%2“ hat einen unbekannten interactiveMode „%3“.</translation>
    </message>
    <message>
        <source>Context &quot;%1&quot;: cluster &quot;%2&quot; sets insecure-skip-tls-verify (%3), so the server&apos;s certificate is not verified and a man in the middle could read your credentials.</source>
        <translation>Kontext „%1“: Der Cluster „%2“ setzt insecure-skip-tls-verify (%3); das Zertifikat des Servers wird also nicht geprüft, und ein Angreifer dazwischen könnte Ihre Anmeldedaten mitlesen.</translation>
    </message>
</context>
<context>
    <name>previewctl</name>
    <message>
        <source>previewctl: %1
Commands: %2
Run &apos;previewctl help&apos; for usage.
</source>
        <translation>previewctl: %1
Befehle: %2
„previewctl help“ zeigt die Verwendung.
</translation>
    </message>
    <message>
        <source>&apos;help&apos; takes one command name, got %1</source>
        <translation>„help“ erwartet einen Befehlsnamen, erhalten: %1</translation>
    </message>
    <message>
        <source>no help for unknown command &apos;%1&apos;</source>
        <translation>keine Hilfe für den unbekannten Befehl „%1“</translation>
    </message>
    <message>
        <source>&apos;version&apos; takes no arguments, got %1</source>
        <translation>„version“ erwartet keine Argumente, erhalten: %1</translation>
    </message>
    <message>
        <source>Usage: previewctl version
Prints the version.
</source>
        <translation>Verwendung: previewctl version
Gibt die Version aus.
</translation>
    </message>
    <message>
        <source>Clone a source environment into a new preview and wait until it is ready</source>
        <translation>Eine Quellumgebung in eine neue Vorschauumgebung klonen und warten, bis sie bereit ist</translation>
    </message>
    <message>
        <source>Cost by namespace, workload, owner, environment or day (history, estimate or OpenCost); &apos;cost record&apos; samples usage</source>
        <translation>Kosten nach Namespace, Workload, Eigentümer, Umgebung oder Tag (Verlauf, Schätzung oder OpenCost); „cost record“ erfasst die Nutzung</translation>
    </message>
    <message>
        <source>Destroy a preview (or every preview of a pull request)</source>
        <translation>Eine Vorschauumgebung löschen (oder alle Vorschauumgebungen eines Pull-Requests)</translation>
    </message>
    <message>
        <source>List every environment: role, PR, owner, state, expiry, URL (-o json)</source>
        <translation>Alle Umgebungen auflisten: Rolle, PR, Eigentümer, Zustand, Ablauf, URL (-o json)</translation>
    </message>
    <message>
        <source>Renew a preview&apos;s expiry to now + its TTL (or every preview of a pull request)</source>
        <translation>Den Ablauf einer Vorschauumgebung auf jetzt + TTL erneuern (oder aller Vorschauumgebungen eines Pull-Requests)</translation>
    </message>
    <message>
        <source>Render, apply, list or delete guardrails (scheduled CronJobs)</source>
        <translation>Schutzregeln (geplante CronJobs) rendern, anwenden, auflisten oder löschen</translation>
    </message>
    <message>
        <source>Show this help, or a command&apos;s options: help &lt;command&gt;</source>
        <translation>Diese Hilfe oder die Optionen eines Befehls anzeigen: help &lt;Befehl&gt;</translation>
    </message>
    <message>
        <source>Post or refresh a preview&apos;s deployment status and comment on its pull request</source>
        <translation>Den Bereitstellungsstatus einer Vorschauumgebung melden oder aktualisieren und ihren Pull-Request kommentieren</translation>
    </message>
    <message>
        <source>Serve an embedded Kubernetes API server (demos, tests, kubectl)</source>
        <translation>Einen eingebetteten Kubernetes-API-Server bereitstellen (Demos, Tests, kubectl)</translation>
    </message>
    <message>
        <source>Scale a preview to zero, recording its replicas</source>
        <translation>Eine Vorschauumgebung auf null skalieren und ihre Replikate vermerken</translation>
    </message>
    <message>
        <source>Restore a preview scaled down by scale-down or a guardrail</source>
        <translation>Eine mit scale-down oder einer Schutzregel herunterskalierte Vorschauumgebung wiederherstellen</translation>
    </message>
    <message>
        <source>Delete expired managed previews (--dry-run to see which)</source>
        <translation>Abgelaufene verwaltete Vorschauumgebungen löschen (--dry-run zeigt, welche)</translation>
    </message>
    <message>
        <source>Print the version</source>
        <translation>Die Version ausgeben</translation>
    </message>
    <message>
        <source>Usage: previewctl &lt;command&gt; [arguments]
       previewctl help &lt;command&gt;

PreviewDesk without the desktop: preview environments on Kubernetes,
for CI pipelines and in-cluster jobs.

Commands:
</source>
        <translation>Verwendung: previewctl &lt;Befehl&gt; [Argumente]
       previewctl help &lt;Befehl&gt;

PreviewDesk ohne Desktop: Vorschauumgebungen auf Kubernetes,
für CI-Pipelines und Jobs im Cluster.

Befehle:
</translation>
    </message>
    <message>
        <source>
Options:
  -h, --help     Show this help
  -v, --version  Print the version

Logging goes to stderr; set the level with PREVIEWDESK_LOG=trace|debug|info|warn|error|off
(default info, per area as in info,kube=debug).
</source>
        <translation>
Optionen:
  -h, --help     Diese Hilfe anzeigen
  -v, --version  Die Version ausgeben

Protokolle gehen nach stderr; die Stufe setzt PREVIEWDESK_LOG=trace|debug|info|warn|error|off
(Standard info, je Bereich wie in info,kube=debug).
</translation>
    </message>
    <message>
        <source>previewctl: no command given

</source>
        <translation>previewctl: kein Befehl angegeben

</translation>
    </message>
    <message>
        <source>unknown option &apos;%1&apos; (options go after the command)</source>
        <translation>unbekannte Option „%1“ (Optionen stehen nach dem Befehl)</translation>
    </message>
    <message>
        <source>unknown command &apos;%1&apos;</source>
        <translation>unbekannter Befehl „%1“</translation>
    </message>
</context>
<context>
    <name>previewdesk</name>
    <message>
        <source>Run the embedded sandbox cluster in-process, with demo data, and connect to it.</source>
        <translation>Den eingebetteten Sandbox-Cluster im Prozess mit Demodaten starten und sich damit verbinden.</translation>
    </message>
    <message>
        <source>Read clusters from &lt;file&gt; instead of $KUBECONFIG or ~/.kube/config.</source>
        <translation>Cluster aus &lt;file&gt; lesen statt aus $KUBECONFIG oder ~/.kube/config.</translation>
    </message>
    <message>
        <source>Connect to the kubeconfig context &lt;name&gt; (default: the last one used).</source>
        <translation>Mit dem kubeconfig-Kontext &lt;name&gt; verbinden (Standard: der zuletzt verwendete).</translation>
    </message>
    <message>
        <source>Also write the log to &lt;file&gt; (rotated). Level: PREVIEWDESK_LOG=trace..off.</source>
        <translation>Das Protokoll zusätzlich nach &lt;file&gt; schreiben (rotiert). Stufe: PREVIEWDESK_LOG=trace..off.</translation>
    </message>
    <message>
        <source>PreviewDesk: preview environments on Kubernetes, one namespace per pull request.</source>
        <translation>PreviewDesk: Vorschauumgebungen auf Kubernetes, ein Namespace pro Pull-Request.</translation>
    </message>
</context>
</TS>
