#pragma once

#include <QJsonObject>
#include <QString>

namespace pd::core {

// Why the planner changed a field; each has a short name shown in the wizard and in JSON.
enum class PlanRule {
    Namespace,            // metadata.namespace and the environment's own name
    DnsName,              // NAME.SOURCE(.svc(.cluster.local)) -> NAME.TARGET...
    IngressHost,          // hosts from the per-context template, also where URLs mention them
    TlsSecretName,        // a TLS secret per preview (issued anew by cert-manager)
    RecordPrefix,         // backup paths, buckets, key prefixes named after the source
    RegistryBinding,      // CI+CD: images built from the PR, pinned by digest
    ReplicaCap,           // replicas capped to fit the preview's quota
    HpaCap,               // HPA bounds capped
    DisruptionBudget,     // PDB relaxed so a one-replica preview can be drained
    CloudIdentity,        // IRSA / Workload Identity annotation: decided by the person cloning
    SecretExternal,       // ExternalSecret cloned; its Secret is re-fetched by the operator
    SecretRegenerated,    // fresh CSPRNG value (previewdesk.io/regenerate, or a generated key)
    SecretController,     // left to its controller (service-account token, cert-manager)
    SecretDecided,        // what the person cloning chose
    SecretKey,            // an ExternalSecret's remote key naming the source: kept, rewritten or generated
    ServerField,          // uid, resourceVersion, status, managedFields, clusterIP... removed
    Dropped,              // an object that belongs to the source's namespace alone
    Guard,                // quota, limits, network policy, owner role: added
    Lineage,              // labels and annotations of the preview contract
    SourceName,           // the source's name as a word in free text ("RECORD_PREFIX: staging-")
    Kept,                 // an occurrence of the source's name left as it is, with the reason
    ExternalClaim,        // a fixed IP, node port or address annotation of the source: dropped
    ServiceType,          // LoadBalancer/NodePort Service made ClusterIP
    Exposure,             // an Ingress made for the front Service of a source without one
    QuotaSize,            // the ResourceQuota sized to the source's footprint
    LiteralCredential,    // a credential written literally in a pod spec: a fresh value
    DataSource,           // a datastore restored from a snapshot (or started empty): its claim's dataSource
    DataSeed,             // a datastore filled by the seed Job its source declares
};

QString planRuleName(PlanRule rule);   // "dns-name", "ingress-host", ...
QString planRuleDescription(PlanRule rule);   // one sentence, translated (planrowtext.h has the rest)

// One change the planner made: object, field, old and new value and the rule.
// Values of secrets are masked before they ever reach a row.
struct PlanRow
{
    QString object;       // "Deployment/checkout-api"
    QString field;        // "spec.template.spec.containers[api].env[DATABASE_URL].value"
    QString oldValue;
    QString newValue;
    PlanRule rule = PlanRule::Namespace;
    bool secret = false;  // the values shown are masked

    QJsonObject toJson() const;
};

} // namespace pd::core
