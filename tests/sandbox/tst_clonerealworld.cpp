// previewctl clone end to end on every exported environment (testpaths.h:
// environmentFixtures): each is applied with the real kubectl into a source
// namespace of a sandbox, cloned by the built previewctl non-interactively (a dry
// run, then for real, the decisions passed as flags as a pipeline would), and the
// clone-safety invariants are checked on what the server holds afterwards.
#include "../conformance/kubectlharness.h"

#include "clonesafety.h"
#include "testpaths.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

using pd::test::KubectlHarness;
namespace safety = pd::test::clonesafety;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QByteArray describe() const { return "exit " + QByteArray::number(exitCode) + "\nstdout:\n" + out + "\nstderr:\n" + err; }
};

QJsonObject parse(const QByteArray &json)
{
    return QJsonDocument::fromJson(json).object();
}

// The objects of a `kubectl get -o json` list.
QList<QJsonObject> items(const QByteArray &json)
{
    QList<QJsonObject> objects;
    for (const QJsonValue &item : parse(json).value(QLatin1String("items")).toArray())
        objects << item.toObject();
    return objects;
}

} // namespace

class TestCloneRealWorld final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void clonesEndToEnd_data();
    void clonesEndToEnd();
    void badFlagsAreRefused_data();
    void badFlagsAreRefused();
    void exposureAndServiceTypeFlags();

private:
    Run previewctl(const QStringList &arguments, int timeoutMs = 200000);
    // Applies the fixture as a team would; returns the source namespace's name.
    QString applySource(const QString &path);
    void ensureCustomResourceDefinitions(const QList<QJsonObject> &objects);
    // Everything in `ns` a clone must not touch, as the server returns it: "Kind/name" -> JSON.
    QMap<QString, QByteArray> snapshot(const QString &ns);

    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<KubectlHarness> m_kubectl;
    QString m_previewctl;
    QString m_namespacedKinds;
    int m_clones = 0;
};

void TestCloneRealWorld::initTestCase()
{
    m_previewctl = pd::test::builtExecutable(QStringLiteral("previewctl"));
    QVERIFY2(!m_previewctl.isEmpty(), "previewctl is not built");
    pd::sandbox::SandboxOptions options;
    options.authorization = false;
    QString error;
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    m_kubectl = std::make_unique<KubectlHarness>(&m_cluster);
}

Run TestCloneRealWorld::previewctl(const QStringList &arguments, int timeoutMs)
{
    QProcess process;
    process.setProgram(m_previewctl);
    process.setArguments(arguments + QStringList{QStringLiteral("--kubeconfig"), m_kubectl->kubeconfigPath()});
    // The server is in this process: wait with the event loop running.
    QSignalSpy finished(&process, &QProcess::finished);
    process.start();
    Run run;
    if (!finished.wait(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        return run;
    }
    run.exitCode = process.exitCode();
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

void TestCloneRealWorld::ensureCustomResourceDefinitions(const QList<QJsonObject> &objects)
{
    // A custom resource nobody here knows (Strimzi's KafkaTopic): its team installed the
    // CRD before; so does this test, with a schema that keeps every field.
    const auto served = m_kubectl->run({QStringLiteral("api-resources"), QStringLiteral("-o"), QStringLiteral("name")});
    QVERIFY2(served.ok(), served.describe());
    for (const QJsonObject &object : objects) {
        const QString apiVersion = object.value(QLatin1String("apiVersion")).toString();
        const QString group = apiVersion.section(QLatin1Char('/'), 0, 0);
        if (!apiVersion.contains(QLatin1Char('/')) || !group.contains(QLatin1Char('.')) || group.endsWith(QLatin1String(".k8s.io")))
            continue;
        const QString kind = safety::kindOf(object);
        const QString plural = kind.toLower() + QLatin1Char('s');
        const QString crdName = plural + QLatin1Char('.') + group;
        if (served.out.contains(QString(QLatin1Char('\n') + crdName + QLatin1Char('\n')).toUtf8()))
            continue;
        const QJsonObject crd{
            {QStringLiteral("apiVersion"), QStringLiteral("apiextensions.k8s.io/v1")},
            {QStringLiteral("kind"), QStringLiteral("CustomResourceDefinition")},
            {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), crdName}}},
            {QStringLiteral("spec"), QJsonObject{
                {QStringLiteral("group"), group},
                {QStringLiteral("scope"), QStringLiteral("Namespaced")},
                {QStringLiteral("names"), QJsonObject{{QStringLiteral("kind"), kind}, {QStringLiteral("plural"), plural},
                                                      {QStringLiteral("singular"), kind.toLower()}}},
                {QStringLiteral("versions"), QJsonArray{QJsonObject{
                    {QStringLiteral("name"), apiVersion.section(QLatin1Char('/'), 1)},
                    {QStringLiteral("served"), true}, {QStringLiteral("storage"), true},
                    {QStringLiteral("schema"), QJsonObject{{QStringLiteral("openAPIV3Schema"), QJsonObject{
                        {QStringLiteral("type"), QStringLiteral("object")},
                        {QStringLiteral("x-kubernetes-preserve-unknown-fields"), true}}}}}}}}}}};
        const auto r = m_kubectl->run({QStringLiteral("apply"), QStringLiteral("-f"), QStringLiteral("-")}, {},
                                      QJsonDocument(crd).toJson());
        QVERIFY2(r.ok(), r.describe());
    }
}

QString TestCloneRealWorld::applySource(const QString &path)
{
    QList<QJsonObject> manifests = KubectlHarness::fixtureManifests(path);
    if (manifests.isEmpty())
        return {};
    QString ns;
    for (QJsonObject &object : manifests) {
        if (safety::kindOf(object) == QLatin1String("Namespace"))
            ns = safety::nameOf(object);
        // Nobody writes the cluster IP the API server allocated into a manifest; fixed node ports
        // and load-balancer addresses are written, and stay.
        QJsonObject spec = object.value(QLatin1String("spec")).toObject();
        if (safety::kindOf(object) == QLatin1String("Service") && spec.value(QLatin1String("clusterIP")).toString() != QLatin1String("None")) {
            spec.remove(QLatin1String("clusterIP"));
            spec.remove(QLatin1String("clusterIPs"));
            object.insert(QStringLiteral("spec"), spec);
        }
    }
    ensureCustomResourceDefinitions(manifests);
    if (ns.isEmpty()) {
        // Published as plain manifests: `kubectl apply -n NAME -f FILE`, as its README says.
        ns = QFileInfo(path).completeBaseName();
        auto r = m_kubectl->run({QStringLiteral("create"), QStringLiteral("namespace"), ns});
        if (!r.ok())
            qWarning() << r.describe();
        r = m_kubectl->run({QStringLiteral("label"), QStringLiteral("namespace"), ns, QStringLiteral("previewdesk.io/role=source")});
        if (!r.ok())
            qWarning() << r.describe();
        r = m_kubectl->run({QStringLiteral("apply"), QStringLiteral("-n"), ns, QStringLiteral("-f"), path});
        return r.ok() ? ns : (qWarning() << r.describe(), QString());
    }
    QJsonArray list;
    for (const QJsonObject &object : std::as_const(manifests))
        list.append(object);
    const QString file = m_kubectl->writeFile(ns + QStringLiteral(".json"),
                                              QJsonDocument(QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                                                        {QStringLiteral("kind"), QStringLiteral("List")},
                                                                        {QStringLiteral("items"), list}}).toJson());
    // The sandbox serves no OpenAPI documents for kubectl's client-side validation.
    const auto r = m_kubectl->run({QStringLiteral("apply"), QStringLiteral("--validate=false"), QStringLiteral("-f"), file});
    return r.ok() ? ns : (qWarning() << r.describe(), QString());
}

QMap<QString, QByteArray> TestCloneRealWorld::snapshot(const QString &ns)
{
    if (m_namespacedKinds.isEmpty()) {
        const auto kinds = m_kubectl->run({QStringLiteral("api-resources"), QStringLiteral("--namespaced=true"),
                                           QStringLiteral("--verbs=list"), QStringLiteral("-o"), QStringLiteral("name")});
        QStringList names = QString::fromUtf8(kinds.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        // What controllers keep writing about running things, and the usage metrics the
        // server computes on every read, are not the clone's doing.
        names.removeIf([](const QString &n) {
            return n == QLatin1String("events") || n.endsWith(QLatin1String(".metrics.k8s.io")) || n.startsWith(QLatin1String("events.")) || n.startsWith(QLatin1String("leases."))
                || n == QLatin1String("endpoints") || n.startsWith(QLatin1String("endpointslices."));
        });
        m_namespacedKinds = names.join(QLatin1Char(','));
    }
    const auto objects = m_kubectl->run({QStringLiteral("get"), m_namespacedKinds, QStringLiteral("-n"), ns, QStringLiteral("-o"), QStringLiteral("json")});
    const auto namespaceObject = m_kubectl->run({QStringLiteral("get"), QStringLiteral("namespace"), ns, QStringLiteral("-o"), QStringLiteral("json")});
    QMap<QString, QByteArray> result;
    for (const QJsonObject &object : items(objects.out) + QList<QJsonObject>{parse(namespaceObject.out)})
        result.insert(safety::refOf(object), QJsonDocument(object).toJson(QJsonDocument::Compact));
    return result;
}

void TestCloneRealWorld::clonesEndToEnd_data()
{
    QTest::addColumn<QString>("path");
    for (const QString &path : pd::test::environmentFixtures())
        QTest::newRow(qPrintable(QFileInfo(path).completeBaseName())) << path;
}

void TestCloneRealWorld::clonesEndToEnd()
{
    QFETCH(QString, path);
    const QString source = applySource(path);
    QVERIFY2(!source.isEmpty(), qPrintable(path));
    const QList<QJsonObject> sourceObjects = items(m_kubectl->run({QStringLiteral("get"), QStringLiteral("all,configmaps,secrets"),
                                                                   QStringLiteral("-n"), source, QStringLiteral("-o"), QStringLiteral("json")}).out);
    QVERIFY(!sourceObjects.isEmpty());
    // Let the source settle (its controllers make pods and report status), then remember it.
    // A source of datastores only (staging-data) has no Deployment to wait for.
    pd::test::KubectlResult r;
    const bool hasDeployments = std::any_of(sourceObjects.cbegin(), sourceObjects.cend(), [](const QJsonObject &o) {
        return safety::kindOf(o) == QLatin1String("Deployment");
    });
    if (hasDeployments) {
        r = m_kubectl->run({QStringLiteral("wait"), QStringLiteral("--for=condition=Available"), QStringLiteral("deployments"),
                            QStringLiteral("--all"), QStringLiteral("-n"), source, QStringLiteral("--timeout=120s")}, {}, {}, 130000);
        QVERIFY2(r.ok(), r.describe());
    }
    for (const QJsonObject &object : sourceObjects) {
        if (safety::kindOf(object) != QLatin1String("StatefulSet"))
            continue;
        const int replicas = object.value(QLatin1String("spec")).toObject().value(QLatin1String("replicas")).toInt(1);
        r = m_kubectl->run({QStringLiteral("wait"), QStringLiteral("--for=jsonpath={.status.readyReplicas}=%1").arg(replicas),
                            QStringLiteral("statefulset/") + safety::nameOf(object), QStringLiteral("-n"), source,
                            QStringLiteral("--timeout=120s")}, {}, {}, 130000);
        QVERIFY2(r.ok(), r.describe());
    }
    const QMap<QString, QByteArray> before = snapshot(source);
    QVERIFY(before.size() > 5);
    const QString name = QStringLiteral("e2e-%1").arg(++m_clones);

    // The dry run: it asks for the decisions it cannot take, a pipeline passes them as flags.
    QStringList arguments{QStringLiteral("clone"), source, QStringLiteral("--name"), name};
    Run dry = previewctl(arguments + QStringList{QStringLiteral("--dry-run"), QStringLiteral("-o"), QStringLiteral("json")});
    QVERIFY2(dry.exitCode == 0 || dry.exitCode == 3, dry.describe());
    // Each open decision names its flag ("--identity orders=drop|keep"): pass its first,
    // recommended answer, as a pipeline would.
    for (const QJsonValue &pending : parse(dry.out).value(QLatin1String("pendingDecisions")).toArray()) {
        const QStringList flag = pending[QLatin1String("flag")].toString().split(QLatin1Char(' '));
        QVERIFY2(flag.size() == 2 && flag.at(1).contains(QLatin1Char('=')), qPrintable(flag.join(QLatin1Char(' '))));
        arguments << flag.at(0) << flag.at(1).section(QLatin1Char('|'), 0, 0);
    }
    dry = previewctl(arguments + QStringList{QStringLiteral("--dry-run"), QStringLiteral("-o"), QStringLiteral("json")});
    QVERIFY2(dry.exitCode == 0, dry.describe());
    const QJsonObject plan = parse(dry.out);
    r = m_kubectl->run({QStringLiteral("get"), QStringLiteral("namespace"), name});
    QVERIFY2(!r.ok() && r.err.contains("NotFound"), "a dry run writes nothing");
    const QList<QByteArray> credentials = safety::sourceCredentials(sourceObjects);
    for (const QByteArray &value : credentials)
        QVERIFY2(!dry.out.contains(value) && !dry.err.contains(value), value.constData());

    // The clone, for real.
    QElapsedTimer timer;
    timer.start();
    const Run clone = previewctl(arguments + QStringList{QStringLiteral("--timeout"), QStringLiteral("150")});
    const qint64 elapsed = timer.elapsed();
    QVERIFY2(clone.exitCode == 0, clone.describe());
    const QStringList lines = QString::fromUtf8(clone.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    // A source that serves no HTTP (datastores only) gets no URL, and the plan says why.
    const bool noUrl = plan.value(QLatin1String("url")).toString().isEmpty();
    if (noUrl)
        QVERIFY2(plan.value(QLatin1String("warnings")).toVariant().toStringList().join(QLatin1Char('\n')).contains(QLatin1String("the preview has no URL")),
                 dry.describe());
    const QString url = noUrl ? QString() : lines.last();
    qInfo("%s: cloned %s into %s in %lld ms, URL %s", QTest::currentDataTag(), qPrintable(source), qPrintable(name), elapsed,
          noUrl ? "(none)" : qPrintable(url));
    QCOMPARE(lines.last(), noUrl ? QStringLiteral("%1 is ready.").arg(name) : plan.value(QLatin1String("url")).toString());
    QVERIFY2(noUrl || url.startsWith(QLatin1String("http://")) || url.startsWith(QLatin1String("https://")), qPrintable(url));

    // What the server holds.
    const QMap<QString, QByteArray> after = snapshot(source);
    QCOMPARE(after.keys(), before.keys());
    for (auto it = before.begin(); it != before.end(); ++it)
        QVERIFY2(after.value(it.key()) == it.value(), qPrintable(it.key() + QLatin1String("\nbefore: ") + QString::fromUtf8(it.value())
                                                                 + QLatin1String("\nafter:  ") + QString::fromUtf8(after.value(it.key()))));
    r = m_kubectl->run({QStringLiteral("get"), QStringLiteral("namespace"), name, QStringLiteral("-o"), QStringLiteral("json")});
    QVERIFY2(r.ok(), r.describe());
    QCOMPARE(parse(r.out)[QLatin1String("metadata")][QLatin1String("annotations")][QLatin1String("previewdesk.io/url")].toString(), url);
    const QList<QJsonObject> preview = items(m_kubectl->run({QStringLiteral("get"), m_namespacedKinds, QStringLiteral("-n"), name,
                                                             QStringLiteral("-o"), QStringLiteral("json")}).out);
    QVERIFY(!preview.isEmpty());
    QSet<QString> planned;
    for (const QJsonValue &object : plan.value(QLatin1String("objects")).toArray())
        planned.insert(safety::refOf(object.toObject()));
    QSet<QString> kept;
    for (const QJsonValue &row : plan.value(QLatin1String("rows")).toArray())
        if (row[QLatin1String("rule")].toString() == QLatin1String("kept"))
            kept.insert(row[QLatin1String("object")].toString() + QLatin1Char(' ') + row[QLatin1String("field")].toString());
    bool served = false;
    for (const QJsonObject &object : preview) {
        const QStringList claims = safety::externalClaims(object);
        QVERIFY2(claims.isEmpty(), qPrintable(safety::refOf(object) + QLatin1String(": ") + claims.join(QStringLiteral(", "))));
        if (safety::kindOf(object) == QLatin1String("Ingress"))
            for (const QJsonValue &rule : object[QLatin1String("spec")][QLatin1String("rules")].toArray())
                served = served || rule[QLatin1String("host")].toString() == QUrl(url).host();
        // Objects the clone wrote (not those controllers made from them, nor the Secrets
        // the operator fetched for an ExternalSecret): no credential of the source, and
        // the source's name only where the plan said why.
        if (!planned.contains(safety::refOf(object)))
            continue;
        const QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Compact);
        for (const QByteArray &value : credentials)
            QVERIFY2(!text.contains(value) && !text.contains(value.toBase64()), qPrintable(safety::refOf(object)));
        QJsonObject written = object;
        written.remove(QLatin1String("status"));
        for (const safety::Occurrence &occurrence : safety::sourceNameOccurrences(written, source, name))
            QVERIFY2(kept.contains(occurrence.object + QLatin1Char(' ') + occurrence.path),
                     qPrintable(QStringLiteral("%1 %2: %3").arg(occurrence.object, occurrence.path, occurrence.text)));
    }
    QVERIFY2(served || noUrl, qPrintable(url));
}

void TestCloneRealWorld::badFlagsAreRefused_data()
{
    QTest::addColumn<QStringList>("flags");
    QTest::addColumn<QString>("message");
    QTest::newRow("expose and no-ingress") << QStringList{QStringLiteral("--expose"), QStringLiteral("web"), QStringLiteral("--no-ingress")}
                                           << "previewctl clone: --expose and --no-ingress contradict each other: pass one\n";
    QTest::newRow("expose port") << QStringList{QStringLiteral("--expose"), QStringLiteral("web:http")}
                                 << "previewctl clone: --expose is written SERVICE or SERVICE:PORT (a port 1-65535), got \"web:http\"\n";
    QTest::newRow("expose port range") << QStringList{QStringLiteral("--expose"), QStringLiteral("web:70000")}
                                       << "previewctl clone: --expose is written SERVICE or SERVICE:PORT (a port 1-65535), got \"web:70000\"\n";
    QTest::newRow("replicas cap zero") << QStringList{QStringLiteral("--replicas-cap"), QStringLiteral("0")}
                                       << "previewctl clone: --replicas-cap takes a number of replicas of at least 1, got \"0\"\n";
    QTest::newRow("replicas cap word") << QStringList{QStringLiteral("--replicas-cap"), QStringLiteral("two")}
                                       << "previewctl clone: --replicas-cap takes a number of replicas of at least 1, got \"two\"\n";
    QTest::newRow("service name") << QStringList{QStringLiteral("--keep-service-type"), QStringLiteral("Front_End")}
                                  << "previewctl clone: --keep-service-type takes a Service name, got \"Front_End\"\n";
}

void TestCloneRealWorld::badFlagsAreRefused()
{
    QFETCH(QStringList, flags);
    QFETCH(QString, message);
    const Run run = previewctl(QStringList{QStringLiteral("clone"), QStringLiteral("staging"), QStringLiteral("--name"), QStringLiteral("pr-9"),
                                           QStringLiteral("--dry-run")} + flags);
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.out.isEmpty());
    QCOMPARE(QString::fromUtf8(run.err), message);
}

void TestCloneRealWorld::exposureAndServiceTypeFlags()
{
    // The flags change what the plan exposes and keeps (online-boutique: applied here unless clonesEndToEnd did).
    if (!m_kubectl->run({QStringLiteral("get"), QStringLiteral("namespace"), QStringLiteral("online-boutique")}).ok())
        QCOMPARE(applySource(pd::test::fixturePath(QStringLiteral("real/online-boutique.yaml"))), QStringLiteral("online-boutique"));
    const QStringList base{QStringLiteral("clone"), QStringLiteral("online-boutique"), QStringLiteral("--name"), QStringLiteral("flags-1"),
                           QStringLiteral("--dry-run"), QStringLiteral("-o"), QStringLiteral("json")};
    auto backendOf = [](const QJsonObject &plan) {
        for (const QJsonValue &object : plan.value(QLatin1String("objects")).toArray())
            if (safety::refOf(object.toObject()) == QLatin1String("Ingress/previewdesk-url"))
                return object[QLatin1String("spec")][QLatin1String("rules")][0][QLatin1String("http")][QLatin1String("paths")][0]
                    [QLatin1String("backend")][QLatin1String("service")].toObject();
        return QJsonObject();
    };
    Run run = previewctl(base + QStringList{QStringLiteral("--expose"), QStringLiteral("frontend:80")});
    QVERIFY2(run.exitCode == 0, run.describe());
    QCOMPARE(backendOf(parse(run.out))[QLatin1String("name")].toString(), QStringLiteral("frontend"));

    run = previewctl(base + QStringList{QStringLiteral("--no-ingress")});
    QVERIFY2(run.exitCode == 0, run.describe());
    QVERIFY(backendOf(parse(run.out)).isEmpty());
    QCOMPARE(parse(run.out).value(QLatin1String("url")).toString(), QString());

    run = previewctl(base + QStringList{QStringLiteral("--expose"), QStringLiteral("frontend:81")});
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.err.contains("previewctl clone: --expose frontend:81: Service frontend has no port 81 (it has: 80).\n"), run.describe());

    run = previewctl(base + QStringList{QStringLiteral("--keep-service-type"), QStringLiteral("frontend-external")});
    QVERIFY2(run.exitCode == 0, run.describe());
    QString type;
    for (const QJsonValue &object : parse(run.out).value(QLatin1String("objects")).toArray())
        if (safety::refOf(object.toObject()) == QLatin1String("Service/frontend-external"))
            type = object[QLatin1String("spec")][QLatin1String("type")].toString();
    QCOMPARE(type, QStringLiteral("LoadBalancer"));
    const auto r = m_kubectl->run({QStringLiteral("get"), QStringLiteral("namespace"), QStringLiteral("flags-1")});
    QVERIFY2(!r.ok(), "dry runs write nothing");
}

QTEST_GUILESS_MAIN(TestCloneRealWorld)
#include "tst_clonerealworld.moc"
