// Guardrail -> ServiceAccount, ClusterRole, ClusterRoleBinding, CronJob(s) -> guardrail.
#include "core/guardrail/guardrailrenderer.h"
#include "core/guardrail/guardrailscript.h"

#include "kube/yamljson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using pd::core::Guardrail;
using pd::core::GuardrailAction;
using pd::core::GuardrailRenderer;

namespace {

Guardrail make(GuardrailAction action)
{
    Guardrail g;
    g.name = QStringLiteral("g-") + pd::core::guardrailActionName(action);
    g.action = action;
    g.schedule.cron = QStringLiteral("0 20 * * 1-5");
    g.schedule.timeZone = QStringLiteral("Europe/Berlin");
    if (action == GuardrailAction::Destroy)
        g.target.selector = QStringLiteral("previewdesk.io/owner=alice");
    return g;
}

// "group/resource" -> verbs, over all rules.
QHash<QString, QSet<QString>> grants(const QJsonArray &rules)
{
    QHash<QString, QSet<QString>> result;
    for (const QJsonValue &r : rules) {
        const QJsonObject rule = r.toObject();
        for (const QJsonValue &group : rule.value(QStringLiteral("apiGroups")).toArray())
            for (const QJsonValue &resource : rule.value(QStringLiteral("resources")).toArray())
                for (const QJsonValue &verb : rule.value(QStringLiteral("verbs")).toArray())
                    result[group.toString() + u'/' + resource.toString()].insert(verb.toString());
    }
    return result;
}

} // namespace

class TestGuardrailRenderer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void objects();
    void workingHoursPair();
    void leastPrivilege_data();
    void leastPrivilege();
    void destroySelectorExcludesSourcesAndProtected_data();
    void destroySelectorExcludesSourcesAndProtected();
    void disabledIsSuspended();
    void foreignCronJobs();
    void yamlRendersAndReadsBack();
};

void TestGuardrailRenderer::roundTrip_data()
{
    QTest::addColumn<Guardrail>("guardrail");
    for (GuardrailAction a : {GuardrailAction::ScaleDown, GuardrailAction::ScaleUp, GuardrailAction::Destroy, GuardrailAction::Sweep})
        QTest::newRow(qPrintable(pd::core::guardrailActionName(a))) << make(a);
    Guardrail g = make(GuardrailAction::Sweep);
    g.notice = QStringLiteral("2d");
    g.target.environments = {QStringLiteral("shop-pr-1"), QStringLiteral("shop-pr-2")};
    QTest::newRow("sweep named, notice") << g;
    g = make(GuardrailAction::ScaleDown);
    g.enabled = false;
    g.target.selector = QStringLiteral("previewdesk.io/pr in (1,2),previewdesk.io/owner!=bob");
    QTest::newRow("disabled, set selector") << g;
    g = make(GuardrailAction::ScaleDown);
    g.schedule = {QString(), QString(), QStringLiteral("Mon-Fri 07:30-20:30 Europe/Berlin")};
    QTest::newRow("working hours") << g;
    g.schedule.cron = QStringLiteral("@daily");
    g.schedule = {QStringLiteral("@daily"), QStringLiteral("America/New_York"), QString()};
    QTest::newRow("descriptor") << g;
}

void TestGuardrailRenderer::roundTrip()
{
    QFETCH(Guardrail, guardrail);
    QVERIFY2(guardrail.validate().isEmpty(), qPrintable(guardrail.validate().join(u'\n')));
    const GuardrailRenderer renderer;
    // Through YAML, as kubectl or the API would hand it back.
    const QByteArray yaml = pd::kube::toYamlStream(renderer.cronJobs(guardrail));
    QList<QJsonObject> documents;
    pd::kube::YamlError yamlError;
    QVERIFY2(pd::kube::parseYamlDocuments(yaml, QStringLiteral("rendered"), &documents, &yamlError), qPrintable(yamlError.toString()));
    QVERIFY(!documents.isEmpty());
    for (const QJsonObject &cronJob : std::as_const(documents)) {
        QString error;
        const auto back = GuardrailRenderer::fromCronJob(cronJob, &error);
        QVERIFY2(back, qPrintable(error));
        QVERIFY(*back == guardrail);
    }
    const QList<Guardrail> all = GuardrailRenderer::fromCronJobs(documents);
    QCOMPARE(all.size(), 1);
    QVERIFY(all.first() == guardrail);
}

void TestGuardrailRenderer::objects()
{
    Guardrail g = make(GuardrailAction::Sweep);
    g.name = QStringLiteral("sweep");
    const GuardrailRenderer renderer(QStringLiteral("example.org/kubectl:1"));
    const QList<QJsonObject> objects = renderer.render(g);
    QCOMPARE(objects.size(), 4);
    QStringList kinds;
    for (const QJsonObject &o : objects)
        kinds << o.value(QStringLiteral("kind")).toString();
    QCOMPARE(kinds, (QStringList{QStringLiteral("ServiceAccount"), QStringLiteral("ClusterRole"),
                                 QStringLiteral("ClusterRoleBinding"), QStringLiteral("CronJob")}));

    const QJsonObject sa = objects.at(0);
    QCOMPARE(sa.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("guardrail-sweep"));
    QCOMPARE(sa.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("namespace")).toString(),
             QStringLiteral("previewdesk-system"));
    QVERIFY(!objects.at(1).value(QStringLiteral("metadata")).toObject().contains(QStringLiteral("namespace")));

    const QJsonObject binding = objects.at(2);
    QCOMPARE(binding.value(QStringLiteral("roleRef")).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("previewdesk:guardrail:sweep"));
    const QJsonObject subject = binding.value(QStringLiteral("subjects")).toArray().first().toObject();
    QCOMPARE(subject.value(QStringLiteral("kind")).toString(), QStringLiteral("ServiceAccount"));
    QCOMPARE(subject.value(QStringLiteral("name")).toString(), QStringLiteral("guardrail-sweep"));
    QCOMPARE(subject.value(QStringLiteral("namespace")).toString(), QStringLiteral("previewdesk-system"));

    const QJsonObject cronJob = objects.at(3);
    const QJsonObject meta = cronJob.value(QStringLiteral("metadata")).toObject();
    QCOMPARE(meta.value(QStringLiteral("namespace")).toString(), QStringLiteral("previewdesk-system"));
    QCOMPARE(meta.value(QStringLiteral("labels")).toObject().value(QStringLiteral("previewdesk.io/guardrail")).toString(),
             QStringLiteral("sweep"));
    const QJsonObject spec = cronJob.value(QStringLiteral("spec")).toObject();
    QCOMPARE(spec.value(QStringLiteral("schedule")).toString(), QStringLiteral("0 20 * * 1-5"));
    QCOMPARE(spec.value(QStringLiteral("timeZone")).toString(), QStringLiteral("Europe/Berlin"));
    QCOMPARE(spec.value(QStringLiteral("concurrencyPolicy")).toString(), QStringLiteral("Forbid"));
    QCOMPARE(spec.value(QStringLiteral("suspend")).toBool(true), false);
    const QJsonObject podSpec = spec.value(QStringLiteral("jobTemplate")).toObject().value(QStringLiteral("spec")).toObject()
                                    .value(QStringLiteral("template")).toObject().value(QStringLiteral("spec")).toObject();
    QCOMPARE(podSpec.value(QStringLiteral("serviceAccountName")).toString(), QStringLiteral("guardrail-sweep"));
    QCOMPARE(podSpec.value(QStringLiteral("restartPolicy")).toString(), QStringLiteral("Never"));
    const QJsonObject container = podSpec.value(QStringLiteral("containers")).toArray().first().toObject();
    QCOMPARE(container.value(QStringLiteral("image")).toString(), QStringLiteral("example.org/kubectl:1"));
    QCOMPARE(container.value(QStringLiteral("command")).toArray(), (QJsonArray{QStringLiteral("/bin/sh"), QStringLiteral("-c")}));
    QCOMPARE(container.value(QStringLiteral("args")).toArray().first().toString(), pd::core::guardrailScript(g));

    QCOMPARE(GuardrailRenderer().image(), QString::fromLatin1(GuardrailRenderer::DefaultImage));
    QCOMPARE(GuardrailRenderer::labelSelector(QStringLiteral("sweep")),
             QStringLiteral("app.kubernetes.io/managed-by=previewdesk,app.kubernetes.io/component=guardrail,previewdesk.io/guardrail=sweep"));
}

void TestGuardrailRenderer::workingHoursPair()
{
    Guardrail g = make(GuardrailAction::ScaleDown);
    g.name = QStringLiteral("office");
    g.schedule = {QString(), QString(), QStringLiteral("Mon-Fri 07:30-20:30 Europe/Berlin")};
    const QList<QJsonObject> cronJobs = GuardrailRenderer().cronJobs(g);
    QCOMPARE(cronJobs.size(), 2);
    QCOMPARE(GuardrailRenderer::cronJobNames(g), (QStringList{QStringLiteral("guardrail-office-up"), QStringLiteral("guardrail-office-down")}));
    struct Expect { const char *name; const char *schedule; GuardrailAction action; };
    const Expect expected[] = {{"guardrail-office-up", "30 7 * * 1-5", GuardrailAction::ScaleUp},
                               {"guardrail-office-down", "30 20 * * 1-5", GuardrailAction::ScaleDown}};
    for (int i = 0; i < 2; ++i) {
        const QJsonObject c = cronJobs.at(i);
        const QJsonObject meta = c.value(QStringLiteral("metadata")).toObject();
        const QJsonObject spec = c.value(QStringLiteral("spec")).toObject();
        QCOMPARE(meta.value(QStringLiteral("name")).toString(), QString::fromLatin1(expected[i].name));
        QCOMPARE(spec.value(QStringLiteral("schedule")).toString(), QString::fromLatin1(expected[i].schedule));
        QCOMPARE(spec.value(QStringLiteral("timeZone")).toString(), QStringLiteral("Europe/Berlin"));
        QCOMPARE(meta.value(QStringLiteral("annotations")).toObject().value(QStringLiteral("previewdesk.io/guardrail-action")).toString(),
                 pd::core::guardrailActionName(expected[i].action));
        const QString script = spec.value(QStringLiteral("jobTemplate")).toObject().value(QStringLiteral("spec")).toObject()
                                   .value(QStringLiteral("template")).toObject().value(QStringLiteral("spec")).toObject()
                                   .value(QStringLiteral("containers")).toArray().first().toObject()
                                   .value(QStringLiteral("args")).toArray().first().toString();
        QCOMPARE(script, pd::core::guardrailScript(g, expected[i].action));
    }
}

void TestGuardrailRenderer::leastPrivilege_data()
{
    QTest::addColumn<Guardrail>("guardrail");
    QTest::addColumn<QStringList>("resources");  // every group/resource granted
    QTest::addColumn<QStringList>("verbs");      // the verbs on each, in the same order ("a,b")

    const QStringList scaleResources{QStringLiteral("/namespaces"), QStringLiteral("apps/deployments"),
                                     QStringLiteral("apps/statefulsets"), QStringLiteral("apps/deployments/scale"),
                                     QStringLiteral("apps/statefulsets/scale"), QStringLiteral("batch/cronjobs")};
    const QStringList scaleVerbs{QStringLiteral("get,list"), QStringLiteral("get,list,patch"), QStringLiteral("get,list,patch"),
                                 QStringLiteral("get,patch,update"), QStringLiteral("get,patch,update"), QStringLiteral("get,list,patch")};
    QTest::newRow("scale-down") << make(GuardrailAction::ScaleDown) << scaleResources << scaleVerbs;
    QTest::newRow("scale-up") << make(GuardrailAction::ScaleUp) << scaleResources << scaleVerbs;
    // Deleting a preview takes its restore's VolumeSnapshotContents (cluster-wide) with it.
    const QString contents = QStringLiteral("snapshot.storage.k8s.io/volumesnapshotcontents");
    QTest::newRow("destroy") << make(GuardrailAction::Destroy) << QStringList{QStringLiteral("/namespaces"), contents}
                             << QStringList{QStringLiteral("delete,list"), QStringLiteral("delete,list")};
    QTest::newRow("sweep") << make(GuardrailAction::Sweep) << QStringList{QStringLiteral("/namespaces"), contents}
                           << QStringList{QStringLiteral("delete,list"), QStringLiteral("delete,list")};
    Guardrail noticed = make(GuardrailAction::Sweep);
    noticed.notice = QStringLiteral("1h");
    QTest::newRow("sweep with notice") << noticed << QStringList{QStringLiteral("/namespaces"), QStringLiteral("/events"), contents}
                                       << QStringList{QStringLiteral("delete,get,list,patch"), QStringLiteral("create"),
                                                      QStringLiteral("delete,list")};
}

void TestGuardrailRenderer::leastPrivilege()
{
    QFETCH(Guardrail, guardrail);
    QFETCH(QStringList, resources);
    QFETCH(QStringList, verbs);
    const QJsonArray rules = GuardrailRenderer().clusterRole(guardrail).value(QStringLiteral("rules")).toArray();
    const auto granted = grants(rules);
    QCOMPARE(granted.size(), resources.size());
    for (qsizetype i = 0; i < resources.size(); ++i) {
        QVERIFY2(granted.contains(resources.at(i)), qPrintable(resources.at(i)));
        QStringList actual = granted.value(resources.at(i)).values();
        actual.sort();
        QCOMPARE(actual.join(u','), verbs.at(i));
    }
    // Never a wildcard, never secrets.
    const QByteArray text = QJsonDocument(rules).toJson(QJsonDocument::Compact);
    QVERIFY(!text.contains("\"*\""));
    QVERIFY(!text.contains("secrets"));
}

void TestGuardrailRenderer::destroySelectorExcludesSourcesAndProtected_data()
{
    QTest::addColumn<Guardrail>("guardrail");
    Guardrail g = make(GuardrailAction::Destroy);
    QTest::newRow("destroy by selector") << g;
    g.target.selector.clear();
    g.target.environments = {QStringLiteral("staging")};
    QTest::newRow("destroy a name that is really a source") << g;
    QTest::newRow("sweep") << make(GuardrailAction::Sweep);
}

void TestGuardrailRenderer::destroySelectorExcludesSourcesAndProtected()
{
    QFETCH(Guardrail, guardrail);
    const QString selector = pd::core::guardrailTargetSelector(guardrail, guardrail.action);
    QVERIFY(selector.startsWith(QLatin1String(
        "app.kubernetes.io/managed-by=previewdesk,previewdesk.io/role=preview,previewdesk.io/protected!=true")));
    const QString script = pd::core::guardrailScript(guardrail);
    QVERIFY(script.contains(QStringLiteral("SELECTOR=") + pd::core::shellQuote(selector)));
    // The one listing the script makes uses that selector, and deletion re-checks the labels.
    QVERIFY(script.contains(QLatin1String("kubectl get namespaces -l \"$SELECTOR\"")));
    QVERIFY(script.contains(QLatin1String("safe_to_delete \"$ns\"")));
    QCOMPARE(script.count(QLatin1String("kubectl delete namespace")), 1);
}

void TestGuardrailRenderer::disabledIsSuspended()
{
    Guardrail g = make(GuardrailAction::ScaleDown);
    g.enabled = false;
    QJsonObject cronJob = GuardrailRenderer().cronJobs(g).first();
    QJsonObject spec = cronJob.value(QStringLiteral("spec")).toObject();
    QCOMPARE(spec.value(QStringLiteral("suspend")).toBool(), true);
    // Suspended in the cluster by someone else: read back as disabled.
    g.enabled = true;
    cronJob = GuardrailRenderer().cronJobs(g).first();
    spec = cronJob.value(QStringLiteral("spec")).toObject();
    spec.insert(QStringLiteral("suspend"), true);
    cronJob.insert(QStringLiteral("spec"), spec);
    QCOMPARE(GuardrailRenderer::fromCronJob(cronJob)->enabled, false);
}

void TestGuardrailRenderer::foreignCronJobs()
{
    const QJsonObject foreign{{QStringLiteral("kind"), QStringLiteral("CronJob")},
                              {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("backup")}}}};
    QString error;
    QVERIFY(!GuardrailRenderer::fromCronJob(foreign, &error));
    QCOMPARE(error, QStringLiteral("CronJob backup carries no previewdesk.io/guardrail annotation"));
    QJsonObject broken = foreign;
    broken.insert(QStringLiteral("metadata"),
                  QJsonObject{{QStringLiteral("name"), QStringLiteral("x")},
                              {QStringLiteral("annotations"), QJsonObject{{QStringLiteral("previewdesk.io/guardrail"), QStringLiteral("{")}}}});
    QVERIFY(!GuardrailRenderer::fromCronJob(broken, &error));
    QVERIFY2(error.startsWith(QLatin1String("CronJob x: annotation previewdesk.io/guardrail is not a JSON object")), qPrintable(error));

    const GuardrailRenderer renderer;
    QList<QJsonObject> list{foreign};
    list += renderer.cronJobs(make(GuardrailAction::Sweep));
    list += renderer.cronJobs(make(GuardrailAction::Destroy));
    const QList<Guardrail> guardrails = GuardrailRenderer::fromCronJobs(list);
    QCOMPARE(guardrails.size(), 2);
    QCOMPARE(guardrails.at(0).name, QStringLiteral("g-destroy"));
    QCOMPARE(guardrails.at(1).name, QStringLiteral("g-sweep"));
}

void TestGuardrailRenderer::yamlRendersAndReadsBack()
{
    // The script survives YAML (block scalars, quotes, backslashes) byte for byte.
    Guardrail g = make(GuardrailAction::Sweep);
    const QList<QJsonObject> objects = GuardrailRenderer().render(g);
    QList<QJsonObject> documents;
    pd::kube::YamlError error;
    QVERIFY(pd::kube::parseYamlDocuments(pd::kube::toYamlStream(objects), QStringLiteral("x"), &documents, &error));
    QCOMPARE(documents, objects);
}

QTEST_GUILESS_MAIN(TestGuardrailRenderer)
#include "tst_guardrailrenderer.moc"
