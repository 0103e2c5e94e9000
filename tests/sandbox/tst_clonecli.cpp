// `previewctl clone` (the built binary) against an in-process sandbox, on a
// Helm-managed EKS app (tests/fixtures/helm-irsa-app.yaml): without decisions it
// exits listing each open one with its flag and writes nothing; with flags, and
// again with only a clone profile, it clones non-interactively: the cloud identity
// is dropped, Helm's release record and the Lease stay behind, the Certificate is
// the preview's, and the source is byte-for-byte what it was.
#include "core/clone/sourceexporter.h"
#include "kube/apiclient.h"
#include "kube/discovery.h"
#include "sandbox/sandboxcluster.h"
#include "sandbox/sandboxendpoint.h"
#include "previewctlrun.h"
#include "testpaths.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using Run = pd::test::PreviewctlRun;

template<typename T>
T waitFor(QFuture<T> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 30000) || future.resultCount() == 0)
        qFatal("an API call did not finish within 30 s");
    return future.result();
}

QByteArray canonical(QList<QJsonObject> objects)
{
    std::sort(objects.begin(), objects.end(), [](const QJsonObject &a, const QJsonObject &b) {
        auto key = [](const QJsonObject &o) -> QString {
            return o[QLatin1String("kind")].toString() + QLatin1Char('/') + o[QLatin1String("metadata")][QLatin1String("name")].toString();
        };
        return key(a) < key(b);
    });
    QByteArray all;
    for (const QJsonObject &object : std::as_const(objects))
        all += QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
    return all;
}

const QString kSource = QStringLiteral("staging-eks");

} // namespace

class TestCloneCli final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void withoutNameTheSourcesPreviewsNameIt();
    void openDecisionsStopTheCloneBeforeAnythingIsWritten();
    void dryRunListsEachDecisionOnceWithItsFlag();
    void clonesWithFlags();
    void clonesWithOnlyAProfile();

private:
    Run previewctl(const QStringList &arguments);
    QList<QJsonObject> exportNamespace(const QString &name);
    QJsonObject find(const QList<QJsonObject> &objects, const QString &kind, const QString &name);
    bool namespaceExists(const QString &name);
    bool sourceSettled();

    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<pd::kube::ApiClient> m_client;
    std::unique_ptr<pd::kube::Discovery> m_discovery;
    QTemporaryDir m_dir;
};

void TestCloneCli::initTestCase()
{
    QVERIFY2(!pd::test::builtExecutable(QStringLiteral("previewctl")).isEmpty(), "previewctl is not built");
    const QString fixture = QFINDTESTDATA("fixtures/helm-irsa-app.yaml");
    QVERIFY2(!fixture.isEmpty(), "tests/fixtures/helm-irsa-app.yaml not found");
    pd::sandbox::SandboxOptions options;
    options.loadFiles << fixture;
    options.podReadyDelay = std::chrono::milliseconds(100);
    QString error;
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    QVERIFY2(m_cluster.writeKubeconfig(m_dir.filePath(QStringLiteral("kubeconfig")), &error), qPrintable(error));
    pd::kube::ClusterEndpoint endpoint = pd::sandbox::adminEndpoint(m_cluster);
    m_client = std::make_unique<pd::kube::ApiClient>(endpoint);
    m_discovery = std::make_unique<pd::kube::Discovery>(m_client.get());
    // The simulated controllers bring the source up first; what changes afterwards is the clone's doing.
    QVERIFY(QTest::qWaitFor([this] { return sourceSettled(); }, 30000));
}

Run TestCloneCli::previewctl(const QStringList &arguments)
{
    // Answers come from the sandbox in this process: runPreviewctl keeps the event loop running.
    return pd::test::runPreviewctl(arguments + QStringList{QStringLiteral("--kubeconfig"), m_dir.filePath(QStringLiteral("kubeconfig"))},
                                   QProcessEnvironment::systemEnvironment(), 90000);
}

QList<QJsonObject> TestCloneCli::exportNamespace(const QString &name)
{
    const pd::core::SourceSnapshot snapshot = waitFor(pd::core::exportNamespace(m_client.get(), m_discovery.get(), name, this));
    if (!snapshot.ok())
        qWarning("%s", qPrintable(snapshot.error));
    return snapshot.objects;
}

QJsonObject TestCloneCli::find(const QList<QJsonObject> &objects, const QString &kind, const QString &name)
{
    for (const QJsonObject &o : objects)
        if (o[QLatin1String("kind")].toString() == kind && o[QLatin1String("metadata")][QLatin1String("name")].toString() == name)
            return o;
    return {};
}

bool TestCloneCli::namespaceExists(const QString &name)
{
    const pd::kube::ResourceRef ref{QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), QString(), name, {}};
    return waitFor(m_client->get(ref)).httpCode != 404;
}

bool TestCloneCli::sourceSettled()
{
    const QList<QJsonObject> objects = exportNamespace(kSource);
    const QJsonObject deployment = find(objects, QStringLiteral("Deployment"), QStringLiteral("orders"));
    const QJsonObject external = find(objects, QStringLiteral("ExternalSecret"), QStringLiteral("orders-payments"));
    return deployment[QLatin1String("status")][QLatin1String("availableReplicas")].toInt() == 2
        && external[QLatin1String("status")][QLatin1String("conditions")][0][QLatin1String("status")].toString() == QLatin1String("True")
        && !find(objects, QStringLiteral("Secret"), QStringLiteral("orders-payments")).isEmpty();
}

// No --name, no profile: the preview is named and hosted as the source's previews are.
void TestCloneCli::withoutNameTheSourcesPreviewsNameIt()
{
    const pd::kube::ResourceRef namespaces{QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), QString(), QString(), {}};
    for (const int pr : {40, 41}) {
        const QString name = QStringLiteral("eks-pr-%1").arg(pr);
        const QJsonObject metadata{
            {QStringLiteral("name"), name},
            {QStringLiteral("labels"), QJsonObject{{QStringLiteral("previewdesk.io/role"), QStringLiteral("preview")},
                                                   {QStringLiteral("previewdesk.io/pr"), QString::number(pr)}}},
            {QStringLiteral("annotations"), QJsonObject{{QStringLiteral("previewdesk.io/parent"), kSource},
                                                        {QStringLiteral("previewdesk.io/url"),
                                                         QStringLiteral("https://%1.previews.example.org").arg(name)}}}};
        const pd::kube::ApiResult created = waitFor(m_client->create(
            namespaces, QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")}, {QStringLiteral("kind"), QStringLiteral("Namespace")},
                                    {QStringLiteral("metadata"), metadata}}));
        QVERIFY2(created.ok(), qPrintable(created.message()));
    }
    const Run json = previewctl({QStringLiteral("clone"), kSource, QStringLiteral("--pr"), QStringLiteral("42"), QStringLiteral("--dry-run"),
                                 QStringLiteral("-o"), QStringLiteral("json")});
    const QJsonObject plan = QJsonDocument::fromJson(json.out.toUtf8()).object();
    QVERIFY2(plan[QLatin1String("name")].toString() == QStringLiteral("eks-pr-42"), json.describe());
    QVERIFY2(plan[QLatin1String("url")].toString().endsWith(QStringLiteral("eks-pr-42.previews.example.org")), json.describe());
    // The other tests clone with no previews to follow.
    for (const QString &name : {QStringLiteral("eks-pr-40"), QStringLiteral("eks-pr-41")}) {
        pd::kube::ResourceRef ref = namespaces;
        ref.name = name;
        waitFor(m_client->remove(ref));
        QVERIFY(QTest::qWaitFor([&] { return !namespaceExists(name); }, 30000));
    }
}

void TestCloneCli::openDecisionsStopTheCloneBeforeAnythingIsWritten()
{
    const Run run = previewctl({QStringLiteral("clone"), kSource, QStringLiteral("--name"), QStringLiteral("pr-1")});
    QVERIFY2(run.exitCode == 3, run.describe());
    // Every open decision once, with its exact flag; none that a default or a tool record settles.
    QCOMPARE(run.err.count(QStringLiteral("decision needed: ")), 2);
    QCOMPARE(run.err.count(QStringLiteral("\n  pass --identity orders=drop|keep\n")), 1);
    QCOMPARE(run.err.count(QStringLiteral("\n  pass --secret orders-smtp=generate|omit|ref:STORE/KEY|stdin\n")), 1);
    QVERIFY2(run.err.contains(QLatin1String("arn:aws:iam::210987654321:role/staging-eks-orders")), run.describe());
    QVERIFY2(!run.err.contains(QLatin1String("sh.helm.release")), run.describe());
    QVERIFY(!namespaceExists(QStringLiteral("pr-1")));
}

void TestCloneCli::dryRunListsEachDecisionOnceWithItsFlag()
{
    const Run run = previewctl({QStringLiteral("clone"), kSource, QStringLiteral("--name"), QStringLiteral("pr-2"), QStringLiteral("--dry-run"),
                                QStringLiteral("--identity"), QStringLiteral("orders=drop")});
    QVERIFY2(run.exitCode == 3, run.describe());   // the secret is still open
    const QString all = run.out + run.err;
    QCOMPARE(all.count(QStringLiteral("--identity orders=drop|keep")), 1);
    QCOMPARE(all.count(QStringLiteral("--secret orders-smtp=generate|omit|ref:STORE/KEY|stdin")), 1);
    QCOMPARE(all.count(QStringLiteral("--secret-key orders-payments=keep|rewrite|generate")), 1);
    QCOMPARE(all.count(QStringLiteral("has no external source")), 1);   // the question, once
    QVERIFY2(run.out.contains(QRegularExpression(QStringLiteral("ServiceAccount/orders +drop \\(flag\\)"))), run.describe());
    QVERIFY2(run.out.contains(QRegularExpression(QStringLiteral("ExternalSecret/orders-payments +keep \\(default\\)"))), run.describe());
    QVERIFY2(run.out.contains(QStringLiteral("Secret/sh.helm.release.v1.orders.v3: •••••• -> Helm release record: belongs to the source's release history")),
             run.describe());
    QVERIFY(!namespaceExists(QStringLiteral("pr-2")));

    // As JSON: the plan carries every decision with its flag; stderr only points at it.
    const Run json = previewctl({QStringLiteral("clone"), kSource, QStringLiteral("--name"), QStringLiteral("pr-2"), QStringLiteral("--dry-run"),
                                 QStringLiteral("-o"), QStringLiteral("json")});
    QVERIFY2(json.exitCode == 3, json.describe());
    const QJsonObject plan = QJsonDocument::fromJson(json.out.toUtf8()).object();
    QCOMPARE(plan[QLatin1String("decisions")].toArray().size(), 3);
    QStringList flags;
    for (const QJsonValue &open : plan[QLatin1String("pendingDecisions")].toArray())
        flags << open[QLatin1String("flag")].toString();
    flags.sort();
    QCOMPARE(flags, (QStringList{QStringLiteral("--identity orders=drop|keep"), QStringLiteral("--secret orders-smtp=generate|omit|ref:STORE/KEY|stdin")}));
    QVERIFY2(!json.err.contains(QLatin1String("has no external source")), json.describe());
    QVERIFY2(json.err.contains(QLatin1String("2 decision(s) open")), json.describe());
}

void TestCloneCli::clonesWithFlags()
{
    const QByteArray before = canonical(exportNamespace(kSource));
    const Run run = previewctl({QStringLiteral("clone"), kSource, QStringLiteral("--name"), QStringLiteral("pr-7"),
                                QStringLiteral("--identity"), QStringLiteral("orders=drop"),
                                QStringLiteral("--secret"), QStringLiteral("orders-smtp=generate"), QStringLiteral("--timeout"), QStringLiteral("60")});
    QVERIFY2(run.exitCode == 0, run.describe());
    QVERIFY2(run.out.endsWith(QLatin1String("https://orders.pr-7.preview.example.com\n")), run.describe());
    QCOMPARE(canonical(exportNamespace(kSource)), before);   // clone safety 1

    const QList<QJsonObject> preview = exportNamespace(QStringLiteral("pr-7"));
    const QJsonObject account = find(preview, QStringLiteral("ServiceAccount"), QStringLiteral("orders"));
    QVERIFY(!account.isEmpty());
    QVERIFY(!account[QLatin1String("metadata")][QLatin1String("annotations")].toObject().contains(QLatin1String("eks.amazonaws.com/role-arn")));
    QVERIFY(find(preview, QStringLiteral("Secret"), QStringLiteral("sh.helm.release.v1.orders.v3")).isEmpty());
    QVERIFY(find(preview, QStringLiteral("Secret"), QStringLiteral("orders-token-7x2kq")).isEmpty());
    QVERIFY(find(preview, QStringLiteral("Secret"), QStringLiteral("orders-staging-eks-tls")).isEmpty());
    QVERIFY(find(preview, QStringLiteral("Lease"), QStringLiteral("orders-leader")).isEmpty());
    const QJsonObject certificate = find(preview, QStringLiteral("Certificate"), QStringLiteral("orders-tls"));
    QCOMPARE(certificate[QLatin1String("spec")][QLatin1String("dnsNames")].toArray(), QJsonArray{QStringLiteral("orders.pr-7.preview.example.com")});
    QCOMPARE(certificate[QLatin1String("spec")][QLatin1String("secretName")].toString(), QStringLiteral("orders-pr-7-tls"));
    const QJsonObject smtp = find(preview, QStringLiteral("Secret"), QStringLiteral("orders-smtp"));
    QVERIFY(!smtp.isEmpty());
    QVERIFY(smtp[QLatin1String("data")][QLatin1String("SMTP_PASSWORD")].toString() != QLatin1String("c210cC1zdGFnaW5nLWVrcy1QcTc3enhW"));
    // Without a flag or a profile the ExternalSecret keeps reading the shared key (a row said so).
    const QJsonObject external = find(preview, QStringLiteral("ExternalSecret"), QStringLiteral("orders-payments"));
    QCOMPARE(external[QLatin1String("spec")][QLatin1String("data")][0][QLatin1String("remoteRef")][QLatin1String("key")].toString(),
             QStringLiteral("shop/staging-eks/payments-api-key"));
}

void TestCloneCli::clonesWithOnlyAProfile()
{
    // The source's team records its standing decisions once.
    const QString profile = QStringLiteral("nameTemplate: \"pr-{pr}\"\n"
                                           "identities:\n  orders: drop\n"
                                           "secrets:\n  orders-smtp: omit\n"
                                           "secretKeys:\n  orders-payments: rewrite\n"
                                           "secretKeyMapping:\n  \"shop/staging-eks/\": \"shop/preview/{name}/\"\n");
    const QJsonObject configMap{{QStringLiteral("apiVersion"), QStringLiteral("v1")}, {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                                {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("clone-profile")}}},
                                {QStringLiteral("data"), QJsonObject{{QStringLiteral("profile.yaml"), profile}}}};
    const pd::kube::ResourceRef configMaps{QString(), QStringLiteral("v1"), QStringLiteral("configmaps"), kSource, {}, {}};
    QVERIFY(waitFor(m_client->create(configMaps, configMap)).ok());
    const pd::kube::ResourceRef ns{QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), QString(), kSource, {}};
    QVERIFY(waitFor(m_client->patch(ns, pd::kube::PatchType::Merge,
                                    R"({"metadata":{"annotations":{"previewdesk.io/clone-profile":"clone-profile"}}})")).ok());
    const QByteArray before = canonical(exportNamespace(kSource));

    const Run run = previewctl({QStringLiteral("clone"), kSource, QStringLiteral("--pr"), QStringLiteral("8"), QStringLiteral("--timeout"), QStringLiteral("60")});
    QVERIFY2(run.exitCode == 0, run.describe());
    QVERIFY2(run.out.endsWith(QLatin1String("https://orders.pr-8.preview.example.com\n")), run.describe());
    QCOMPARE(canonical(exportNamespace(kSource)), before);

    const QList<QJsonObject> preview = exportNamespace(QStringLiteral("pr-8"));
    QVERIFY(!preview.isEmpty());
    QVERIFY(find(preview, QStringLiteral("ConfigMap"), QStringLiteral("clone-profile")).isEmpty());
    QVERIFY(find(preview, QStringLiteral("Secret"), QStringLiteral("orders-smtp")).isEmpty());
    QVERIFY(find(preview, QStringLiteral("Secret"), QStringLiteral("sh.helm.release.v1.orders.v3")).isEmpty());
    const QJsonObject account = find(preview, QStringLiteral("ServiceAccount"), QStringLiteral("orders"));
    QVERIFY(!account[QLatin1String("metadata")][QLatin1String("annotations")].toObject().contains(QLatin1String("eks.amazonaws.com/role-arn")));
    const QJsonObject external = find(preview, QStringLiteral("ExternalSecret"), QStringLiteral("orders-payments"));
    QCOMPARE(external[QLatin1String("spec")][QLatin1String("data")][0][QLatin1String("remoteRef")][QLatin1String("key")].toString(),
             QStringLiteral("shop/preview/pr-8/payments-api-key"));
    // The operator synced the rewritten key: the preview's Secret exists.
    QVERIFY(!find(preview, QStringLiteral("Secret"), QStringLiteral("orders-payments")).isEmpty());

    // A flag still wins over the profile, and a broken profile stops the clone with its line.
    const Run dry = previewctl({QStringLiteral("clone"), kSource, QStringLiteral("--pr"), QStringLiteral("9"), QStringLiteral("--dry-run"),
                                QStringLiteral("--identity"), QStringLiteral("orders=keep")});
    QVERIFY2(dry.exitCode == 0, dry.describe());
    QVERIFY2(dry.out.contains(QRegularExpression(QStringLiteral("ServiceAccount/orders +keep \\(flag\\)"))), dry.describe());
    QVERIFY2(dry.out.contains(QRegularExpression(QStringLiteral("Secret/orders-smtp +omit \\(profile\\)"))), dry.describe());
    const pd::kube::ResourceRef profileRef{QString(), QStringLiteral("v1"), QStringLiteral("configmaps"), kSource, QStringLiteral("clone-profile"), {}};
    QVERIFY(waitFor(m_client->patch(profileRef, pd::kube::PatchType::Merge,
                                    R"({"data":{"profile.yaml":"identities:\n  orders: delete\n"}})")).ok());
    const Run broken = previewctl({QStringLiteral("clone"), kSource, QStringLiteral("--pr"), QStringLiteral("9")});
    QCOMPARE(broken.exitCode, 1);
    QVERIFY2(broken.err.contains(QLatin1String("ConfigMap staging-eks/clone-profile profile.yaml:2: identities.orders: \"delete\" is not a cloud-identity decision")),
             broken.describe());
    QVERIFY(!namespaceExists(QStringLiteral("pr-9")));
}

QTEST_GUILESS_MAIN(TestCloneCli)
#include "tst_clonecli.moc"
