// The environment state rules and field extraction, on hand-made objects and the
// exported staging fixture.
#include "core/environment/environmentbuilder.h"
#include "kube/yamljson.h"
#include "testpaths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using pd::core::Environment;
using pd::core::EnvironmentBuilder;
using pd::core::EnvironmentInputs;
using pd::core::EnvironmentRole;
using pd::core::EnvironmentState;

Q_DECLARE_METATYPE(EnvironmentState)

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

QString iso(qint64 secondsFromNow)
{
    return kNow.addSecs(secondsFromNow).toString(Qt::ISODate);
}

QJsonObject previewNamespace(const QJsonObject &extraAnnotations = {}, qint64 ageSeconds = 86400)
{
    QJsonObject annotations = extraAnnotations;
    annotations.insert(u"previewdesk.io/parent"_s, u"staging"_s);
    return QJsonObject{
        {u"metadata"_s, QJsonObject{
             {u"name"_s, u"pr-1423"_s},
             {u"creationTimestamp"_s, iso(-ageSeconds)},
             {u"labels"_s, QJsonObject{{u"previewdesk.io/role"_s, u"preview"_s},
                                       {u"app.kubernetes.io/managed-by"_s, u"previewdesk"_s},
                                       {u"previewdesk.io/pr"_s, u"1423"_s},
                                       {u"previewdesk.io/branch"_s, u"checkout-redesign"_s},
                                       {u"previewdesk.io/owner"_s, u"a.rivera"_s}}},
             {u"annotations"_s, annotations}}},
        {u"status"_s, QJsonObject{{u"phase"_s, u"Active"_s}}}};
}

// A Deployment wanting `desired`, with `ready` ready, created ageSeconds ago.
QJsonObject deployment(const QString &name, int desired, int ready, qint64 ageSeconds = 3600,
                       const QJsonArray &conditions = {})
{
    return QJsonObject{
        {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"generation"_s, 2},
                                    {u"creationTimestamp"_s, iso(-ageSeconds)}}},
        {u"spec"_s, QJsonObject{{u"replicas"_s, desired},
                                {u"template"_s, QJsonObject{{u"spec"_s, QJsonObject{{u"containers"_s, QJsonArray{
                                     QJsonObject{{u"name"_s, name}, {u"image"_s, QString(u"registry.example.com/"_s + name + u":1.0"_s)}}}}}}}}}},
        {u"status"_s, QJsonObject{{u"observedGeneration"_s, 2}, {u"replicas"_s, desired},
                                  {u"readyReplicas"_s, ready}, {u"updatedReplicas"_s, desired},
                                  {u"conditions"_s, conditions}}}};
}

EnvironmentBuilder builder()
{
    return EnvironmentBuilder([] { return kNow; });
}

} // namespace

class TestEnvironmentBuilder final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void state_data();
    void state();
    void notAnEnvironment_data();
    void notAnEnvironment();
    void fields();
    void expiry_data();
    void expiry();
    void stagingFixture();
};

void TestEnvironmentBuilder::state_data()
{
    QTest::addColumn<QJsonObject>("ns");
    QTest::addColumn<QList<QJsonObject>>("deployments");
    QTest::addColumn<EnvironmentState>("expected");
    QTest::addColumn<QString>("reasonContains");

    const QJsonArray deadline{json(R"({"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded",
                                       "message":"ReplicaSet \"web-1\" has timed out progressing."})")};
    const QJsonArray replicaFailure{json(R"({"type":"ReplicaFailure","status":"True","reason":"FailedCreate",
                                             "message":"exceeded quota"})")};

    QTest::newRow("all ready") << previewNamespace() << QList{deployment(u"web"_s, 2, 2), deployment(u"api"_s, 1, 1)}
                               << EnvironmentState::Healthy << u"all workloads ready"_s;
    QTest::newRow("starting within deadline") << previewNamespace() << QList{deployment(u"web"_s, 1, 0, 60)}
                                              << EnvironmentState::Progressing << u"web: 0/1 ready"_s;
    QTest::newRow("stuck past deadline") << previewNamespace() << QList{deployment(u"web"_s, 1, 0, 3600)}
                                         << EnvironmentState::Degraded << u"web: 0/1 ready for 60 min"_s;
    QTest::newRow("progress deadline exceeded") << previewNamespace()
                                                << QList{deployment(u"web"_s, 1, 0, 60, deadline)}
                                                << EnvironmentState::Degraded << u"ProgressDeadlineExceeded"_s;
    QTest::newRow("replica failure") << previewNamespace() << QList{deployment(u"api"_s, 1, 0, 60, replicaFailure)}
                                     << EnvironmentState::Degraded << u"api: FailedCreate: exceeded quota"_s;
    QTest::newRow("degraded beats progressing")
            << previewNamespace() << QList{deployment(u"a"_s, 1, 0, 60), deployment(u"b"_s, 1, 0, 7200)}
            << EnvironmentState::Degraded << u"b: "_s;
    QTest::newRow("all scaled down") << previewNamespace() << QList{deployment(u"web"_s, 0, 0), deployment(u"api"_s, 0, 0)}
                                     << EnvironmentState::ScaledDown << u"scaled to zero"_s;
    QTest::newRow("partly scaled down") << previewNamespace() << QList{deployment(u"web"_s, 0, 0), deployment(u"api"_s, 1, 1)}
                                        << EnvironmentState::Healthy << QString();
    QTest::newRow("young and empty") << previewNamespace({}, 30) << QList<QJsonObject>{}
                                     << EnvironmentState::Progressing << u"no workloads yet"_s;
    QTest::newRow("old and empty") << previewNamespace() << QList<QJsonObject>{}
                                   << EnvironmentState::Healthy << u"no workloads"_s;

    QJsonObject expired = previewNamespace({{u"previewdesk.io/expires-at"_s, iso(-3 * 3600)}});
    QTest::newRow("expired beats degraded") << expired << QList{deployment(u"web"_s, 1, 0, 7200)}
                                            << EnvironmentState::Expired << u"expired 3 h ago"_s;
    QTest::newRow("janitor ttl expired") << previewNamespace({{u"janitor/ttl"_s, u"12h"_s}}, 86400)
                                         << QList{deployment(u"web"_s, 1, 1)} << EnvironmentState::Expired
                                         << u"janitor/ttl"_s;
    QTest::newRow("not yet expired") << previewNamespace({{u"previewdesk.io/expires-at"_s, iso(3600)}})
                                     << QList{deployment(u"web"_s, 1, 1)} << EnvironmentState::Healthy << QString();

    QJsonObject terminating = expired;
    QJsonObject metadata = terminating[u"metadata"_s].toObject();
    metadata.insert(u"deletionTimestamp"_s, iso(-10));
    terminating.insert(u"metadata"_s, metadata);
    QTest::newRow("terminating beats expired") << terminating << QList{deployment(u"web"_s, 1, 0, 7200)}
                                               << EnvironmentState::Terminating << u"deleted"_s;
    QJsonObject phase = previewNamespace();
    phase.insert(u"status"_s, QJsonObject{{u"phase"_s, u"Terminating"_s}});
    QTest::newRow("phase terminating") << phase << QList{deployment(u"web"_s, 1, 1)}
                                       << EnvironmentState::Terminating << QString();

    QJsonObject rollout = deployment(u"web"_s, 2, 2, 7200);
    QJsonObject status = rollout[u"status"_s].toObject();
    status.insert(u"updatedReplicas"_s, 1);
    status.insert(u"conditions"_s, QJsonArray{QJsonObject{{u"type"_s, u"Progressing"_s}, {u"status"_s, u"True"_s},
                                                          {u"reason"_s, u"ReplicaSetUpdated"_s},
                                                          {u"lastUpdateTime"_s, iso(-30)}}});
    rollout.insert(u"status"_s, status);
    QTest::newRow("rolling out") << previewNamespace() << QList{rollout} << EnvironmentState::Progressing
                                 << u"web: 2/2 ready"_s;
    QTest::newRow("kept half-made clone")
        << previewNamespace({{u"previewdesk.io/incomplete"_s, u"Cancelled."_s}}) << QList{deployment(u"web"_s, 1, 1)}
        << EnvironmentState::Incomplete << u"previewctl clone --resume pr-1423"_s;
}

void TestEnvironmentBuilder::state()
{
    QFETCH(QJsonObject, ns);
    QFETCH(QList<QJsonObject>, deployments);
    QFETCH(EnvironmentState, expected);
    QFETCH(QString, reasonContains);

    EnvironmentInputs inputs;
    inputs.namespaceObject = ns;
    inputs.deployments = deployments;
    const std::optional<Environment> env = builder().build(inputs);
    QVERIFY(env);
    QCOMPARE(pd::core::stateText(env->state), pd::core::stateText(expected));
    QVERIFY2(env->stateReason.contains(reasonContains), qPrintable(env->stateReason));
}

void TestEnvironmentBuilder::notAnEnvironment_data()
{
    QTest::addColumn<QJsonObject>("ns");
    QTest::addColumn<bool>("environment");
    QTest::newRow("kube-system") << json(R"({"metadata":{"name":"kube-system","labels":{"kubernetes.io/metadata.name":"kube-system"}}})")
                                 << false;
    // What GuardrailStore makes: managed by PreviewDesk, but no environment (issue 12).
    QTest::newRow("previewdesk-system") << json(R"({"metadata":{"name":"previewdesk-system","labels":{"app.kubernetes.io/managed-by":"previewdesk"}}})")
                                        << false;
    QTest::newRow("system name with a role") << json(R"({"metadata":{"name":"kube-public","labels":{"previewdesk.io/role":"preview"}}})")
                                             << false;
    QTest::newRow("managed-by without role") << json(R"({"metadata":{"name":"x","labels":{"app.kubernetes.io/managed-by":"previewdesk"}}})")
                                             << false;
    QTest::newRow("unknown role") << json(R"({"metadata":{"name":"x","labels":{"previewdesk.io/role":"golden"}}})") << false;
    QTest::newRow("source") << json(R"({"metadata":{"name":"staging","labels":{"previewdesk.io/role":"source"}}})") << true;
    QTest::newRow("preview") << previewNamespace() << true;
}

void TestEnvironmentBuilder::notAnEnvironment()
{
    QFETCH(QJsonObject, ns);
    QFETCH(bool, environment);
    QCOMPARE(EnvironmentBuilder::isEnvironment(ns), environment);
    QCOMPARE(builder().build({ns, {}, {}, {}, {}}).has_value(), environment);
}

void TestEnvironmentBuilder::fields()
{
    EnvironmentInputs inputs;
    inputs.namespaceObject = previewNamespace({{u"previewdesk.io/expires-at"_s, iso(20 * 3600)},
                                               {u"previewdesk.io/renewed-at"_s, iso(-2 * 3600)},
                                               {u"previewdesk.io/mode"_s, u"cd-only"_s}});
    inputs.deployments = {deployment(u"web"_s, 1, 1), deployment(u"checkout-api"_s, 2, 1, 60)};
    inputs.statefulSets = {deployment(u"postgres"_s, 1, 1)};
    inputs.ingresses = {json(R"({"metadata":{"name":"shop"},"spec":{
        "tls":[{"hosts":["pr-1423.shop.example.com"]}],
        "rules":[{"host":"pr-1423.shop.example.com"},{"host":"plain.example.com"}]}})")};
    inputs.resourceQuotas = {json(R"({"metadata":{"name":"q"},"spec":{"hard":{"pods":"10"}},
        "status":{"hard":{"pods":"10","requests.memory":"4Gi"},"used":{"pods":"3","requests.memory":"3Gi"}}})")};

    const Environment env = builder().build(inputs).value();
    QCOMPARE(env.name, u"pr-1423"_s);
    QCOMPARE(env.role, EnvironmentRole::Preview);
    QCOMPARE(env.pr, u"1423"_s);
    QCOMPARE(env.branch, u"checkout-redesign"_s);
    QCOMPARE(env.owner, u"a.rivera"_s);
    QCOMPARE(env.parent, u"staging"_s);
    QCOMPARE(env.mode, u"cd-only"_s);
    QCOMPARE(env.servicesTotal, 3);
    QCOMPARE(env.servicesReady, 2);
    QCOMPARE(env.state, EnvironmentState::Progressing);
    QCOMPARE(env.expiresAt, kNow.addSecs(20 * 3600));
    QCOMPARE(env.expirySource, u"previewdesk.io/expires-at"_s);
    QCOMPARE(env.renewedAt, kNow.addSecs(-2 * 3600));   // "renewed 2 h ago"
    QCOMPARE(env.url, QUrl(u"https://pr-1423.shop.example.com"_s));
    QCOMPARE(env.ingressUrls.size(), 2);
    QCOMPARE(env.ingressUrls.at(1).url, QUrl(u"http://plain.example.com"_s));
    QCOMPARE(env.quotas.size(), 2);
    QVERIFY(qAbs(env.quotaUse() - 0.75) < 1e-9);
    QCOMPARE(env.quotaUseText(), u"requests.memory 3Gi / 4Gi"_s);
    // Workloads are sorted by name and carry their images.
    QCOMPARE(env.workloads.at(0).name, u"checkout-api"_s);
    QCOMPARE(env.workloads.at(0).images, QStringList{u"registry.example.com/checkout-api:1.0"_s});
    QCOMPARE(env.workloads.at(1).name, u"postgres"_s);
    QCOMPARE(env.workloads.at(1).kind, u"StatefulSet"_s);

    // An explicit URL annotation wins over the ingress.
    QJsonObject ns = inputs.namespaceObject;
    QJsonObject metadata = ns[u"metadata"_s].toObject();
    QJsonObject annotations = metadata[u"annotations"_s].toObject();
    annotations.insert(u"previewdesk.io/url"_s, u"https://review.example.com/1423"_s);
    metadata.insert(u"annotations"_s, annotations);
    ns.insert(u"metadata"_s, metadata);
    inputs.namespaceObject = ns;
    QCOMPARE(builder().build(inputs)->url, QUrl(u"https://review.example.com/1423"_s));
}

void TestEnvironmentBuilder::expiry_data()
{
    QTest::addColumn<QJsonObject>("annotations");
    QTest::addColumn<QDateTime>("expected");
    QTest::addColumn<QString>("source");

    const QDateTime created = kNow.addSecs(-86400);
    QTest::newRow("none") << QJsonObject{} << QDateTime() << QString();
    QTest::newRow("expires-at") << QJsonObject{{u"previewdesk.io/expires-at"_s, u"2026-11-28T12:00:00Z"_s}}
                                << QDateTime(QDate(2026, 11, 28), QTime(12, 0), QTimeZone::utc())
                                << u"previewdesk.io/expires-at"_s;
    QTest::newRow("expires-at offset") << QJsonObject{{u"previewdesk.io/expires-at"_s, u"2026-11-28T13:00:00+01:00"_s}}
                                       << QDateTime(QDate(2026, 11, 28), QTime(12, 0), QTimeZone::utc())
                                       << u"previewdesk.io/expires-at"_s;
    QTest::newRow("expires-at malformed") << QJsonObject{{u"previewdesk.io/expires-at"_s, u"tomorrow"_s}}
                                          << QDateTime() << QString();
    QTest::newRow("janitor expires full") << QJsonObject{{u"janitor/expires"_s, u"2026-12-01T08:30:00Z"_s}}
                                          << QDateTime(QDate(2026, 12, 1), QTime(8, 30), QTimeZone::utc())
                                          << u"janitor/expires"_s;
    QTest::newRow("janitor expires minutes") << QJsonObject{{u"janitor/expires"_s, u"2026-12-01T08:30"_s}}
                                             << QDateTime(QDate(2026, 12, 1), QTime(8, 30), QTimeZone::utc())
                                             << u"janitor/expires"_s;
    QTest::newRow("janitor expires date") << QJsonObject{{u"janitor/expires"_s, u"2026-12-01"_s}}
                                          << QDateTime(QDate(2026, 12, 1), QTime(0, 0), QTimeZone::utc())
                                          << u"janitor/expires"_s;
    QTest::newRow("janitor ttl days") << QJsonObject{{u"janitor/ttl"_s, u"7d"_s}} << created.addDays(7)
                                      << u"janitor/ttl"_s;
    QTest::newRow("janitor ttl weeks") << QJsonObject{{u"janitor/ttl"_s, u"2w"_s}} << created.addDays(14)
                                       << u"janitor/ttl"_s;
    QTest::newRow("janitor ttl forever") << QJsonObject{{u"janitor/ttl"_s, u"forever"_s}} << QDateTime() << QString();
    QTest::newRow("earliest wins") << QJsonObject{{u"previewdesk.io/expires-at"_s, u"2026-12-10T00:00:00Z"_s},
                                                  {u"janitor/ttl"_s, u"48h"_s}}
                                   << created.addSecs(48 * 3600) << u"janitor/ttl"_s;
}

void TestEnvironmentBuilder::expiry()
{
    QFETCH(QJsonObject, annotations);
    QFETCH(QDateTime, expected);
    QFETCH(QString, source);

    EnvironmentInputs inputs;
    inputs.namespaceObject = previewNamespace(annotations, 86400);
    const Environment env = builder().build(inputs).value();
    QCOMPARE(env.expiresAt.isValid(), expected.isValid());
    if (expected.isValid())
        QCOMPARE(env.expiresAt, expected);
    QCOMPARE(env.expirySource, source);
}

void TestEnvironmentBuilder::stagingFixture()
{
    QFile file(pd::test::fixturePath(u"staging-shop.yaml"_s));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QList<QJsonObject> objects;
    pd::kube::YamlError error;
    QVERIFY2(pd::kube::parseYamlDocuments(file.readAll(), file.fileName(), &objects, &error),
             qPrintable(error.toString()));
    EnvironmentInputs inputs;
    for (const QJsonObject &object : std::as_const(objects)) {
        const QString kind = object[u"kind"_s].toString();
        if (kind == u"Namespace"_s)
            inputs.namespaceObject = object;
        else if (kind == u"Deployment"_s)
            inputs.deployments.append(object);
        else if (kind == u"StatefulSet"_s)
            inputs.statefulSets.append(object);
        else if (kind == u"Ingress"_s)
            inputs.ingresses.append(object);
        else if (kind == u"ResourceQuota"_s)
            inputs.resourceQuotas.append(object);
    }
    const Environment env = builder().build(inputs).value();
    QCOMPARE(env.name, u"staging"_s);
    QCOMPARE(env.role, EnvironmentRole::Source);
    QCOMPARE(env.environmentName, u"staging"_s);
    QVERIFY(!env.expiresAt.isValid());
    QCOMPARE(env.servicesTotal, 1 + int(inputs.deployments.size()));
    QCOMPARE(env.url, QUrl(u"https://staging.shop.example.com"_s));
    QCOMPARE(env.quotas.size(), 5);
    QVERIFY(env.created.isValid());
    QVERIFY2(env.state == EnvironmentState::Healthy || env.state == EnvironmentState::Degraded,
             qPrintable(env.stateReason));
}

QTEST_GUILESS_MAIN(TestEnvironmentBuilder)
#include "tst_environmentbuilder.moc"
