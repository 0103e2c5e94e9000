// ContextCatalog and decideStartup(): which context the app opens first and what it
// says about a kubeconfig it cannot read, decided without a window.
#include "core/session/contextcatalog.h"
#include "core/session/session.h"

#include "brokenkubeconfig.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using pd::core::ContextCatalog;
using pd::core::StartupDecision;

namespace {

QString writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

// Only KUBECONFIG (empty: as if unset, kubectl reads ~/.kube/config).
QProcessEnvironment environmentWith(const QString &kubeconfig)
{
    QProcessEnvironment environment;
    environment.insert(u"KUBECONFIG"_s, kubeconfig);
    return environment;
}

const QByteArray kTwoContexts = "apiVersion: v1\n"
                                "kind: Config\n"
                                "current-context: beta\n"
                                "clusters:\n"
                                "- name: c\n"
                                "  cluster:\n"
                                "    server: https://127.0.0.1:6443\n"
                                "users:\n"
                                "- name: u\n"
                                "  user:\n"
                                "    token: not-a-real-token\n"
                                "contexts:\n"
                                "- name: alpha\n"
                                "  context: {cluster: c, user: u}\n"
                                "- name: beta\n"
                                "  context: {cluster: c, user: u}\n";

const QByteArray kTypo = pd::test::brokenKubeconfig();

} // namespace

class TestContextCatalog final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void startsOn_data();
    void startsOn();
    void unreadableKubeconfigAsks_data();
    void unreadableKubeconfigAsks();
    void noKubeconfigOpensTheDemo();
    void sandboxEndpointComesFromTheProvider();

private:
    QTemporaryDir m_dir;
    QString m_good;
    QString m_other;
};

void TestContextCatalog::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_good = writeFile(m_dir.filePath(u"good.yaml"_s), kTwoContexts);
    m_other = writeFile(m_dir.filePath(u"other.yaml"_s), QByteArray(kTwoContexts).replace("current-context: beta", "current-context: alpha"));
}

void TestContextCatalog::startsOn_data()
{
    QTest::addColumn<bool>("demo");
    QTest::addColumn<bool>("explicitFile");   // --kubeconfig other.yaml (else KUBECONFIG=good.yaml)
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("lastContext");
    QTest::addColumn<int>("action");
    QTest::addColumn<QString>("expected");
    const QString sandbox = ContextCatalog::sandboxContextName();
    const int connect = int(StartupDecision::Action::Connect);
    const int fail = int(StartupDecision::Action::Fail);
    QTest::newRow("--demo") << true << false << QString() << u"alpha"_s << connect << sandbox;
    QTest::newRow("remembered context") << false << false << QString() << u"alpha"_s << connect << u"alpha"_s;
    QTest::newRow("remembered demo") << false << false << QString() << sandbox << connect << sandbox;
    QTest::newRow("nothing remembered: current-context") << false << false << QString() << QString() << connect << u"beta"_s;
    QTest::newRow("remembered context gone") << false << false << QString() << u"gone"_s << connect << u"beta"_s;
    QTest::newRow("--context wins") << false << false << u"beta"_s << u"alpha"_s << connect << u"beta"_s;
    QTest::newRow("--context wins over the demo") << false << false << u"alpha"_s << sandbox << connect << u"alpha"_s;
    QTest::newRow("--context unknown") << false << false << u"gamma"_s << u"alpha"_s << fail << QString();
    QTest::newRow("--kubeconfig wins over the demo") << false << true << QString() << sandbox << connect << u"alpha"_s;
    QTest::newRow("--kubeconfig opens its own context") << false << true << QString() << u"beta"_s << connect << u"alpha"_s;
    QTest::newRow("--kubeconfig --context") << false << true << u"beta"_s << sandbox << connect << u"beta"_s;
}

void TestContextCatalog::startsOn()
{
    QFETCH(bool, demo);
    QFETCH(bool, explicitFile);
    QFETCH(QString, context);
    QFETCH(QString, lastContext);
    QFETCH(int, action);
    QFETCH(QString, expected);
    ContextCatalog catalog(environmentWith(m_good), m_dir.path());
    pd::core::StartupRequest request;
    request.demo = demo;
    request.kubeconfigPath = explicitFile ? m_other : QString();
    request.context = context;
    request.lastContext = lastContext;
    QVERIFY2(catalog.load(request.kubeconfigPath), qPrintable(catalog.loadError()));
    QCOMPARE(catalog.contexts(), (QStringList{u"alpha"_s, u"beta"_s, ContextCatalog::sandboxContextName()}));
    const StartupDecision decision = pd::core::decideStartup(request, catalog);
    QCOMPARE(int(decision.action), action);
    QCOMPARE(decision.context, expected);
    if (decision.action == StartupDecision::Action::Fail)
        QCOMPARE(decision.error, u"context \"gamma\" is not in the kubeconfig"_s);
}

void TestContextCatalog::unreadableKubeconfigAsks_data()
{
    QTest::addColumn<QString>("kubeconfigEnv");   // KUBECONFIG
    QTest::addColumn<QString>("explicitPath");    // --kubeconfig
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("kubectl");
    const QString typo = writeFile(m_dir.filePath(u"typo.yaml"_s), kTypo);
    const QString home = writeFile(m_dir.filePath(u"home/.kube/config"_s), kTypo);
    const QString missing = m_dir.filePath(u"missing.yaml"_s);
    QTest::newRow("--kubeconfig with a typo") << QString() << typo << typo << 5
                                              << u"error: error loading config file \"%1\": yaml: line 5: "_s.arg(typo);
    QTest::newRow("KUBECONFIG with a typo") << typo << QString() << typo << 5
                                            << u"error: error loading config file \"%1\": yaml: line 5: "_s.arg(typo);
    QTest::newRow("~/.kube/config with a typo") << QString() << QString() << home << 5
                                                << u"error: error loading config file \"%1\": yaml: line 5: "_s.arg(home);
    QTest::newRow("--kubeconfig missing") << QString() << missing << missing << 0
                                          << u"error: stat %1: no such file or directory"_s.arg(missing);
}

void TestContextCatalog::unreadableKubeconfigAsks()
{
    QFETCH(QString, kubeconfigEnv);
    QFETCH(QString, explicitPath);
    QFETCH(QString, file);
    QFETCH(int, line);
    QFETCH(QString, kubectl);
    ContextCatalog catalog(environmentWith(kubeconfigEnv), m_dir.filePath(u"home"_s));
    QVERIFY(!catalog.load(explicitPath));
    QVERIFY(catalog.problem().has_value());
    const pd::core::KubeConfigProblem &problem = *catalog.problem();
    QCOMPARE(problem.file, file);
    QCOMPARE(problem.line, line);
    QVERIFY2(problem.kubectlMessage.startsWith(kubectl), qPrintable(problem.kubectlMessage));
    QVERIFY(!problem.detail.isEmpty());
    QVERIFY2(!problem.detail.contains(file), qPrintable(problem.detail));   // said once, beside "File:"
    // Whatever was asked or remembered, the person decides first (the demo aside).
    pd::core::StartupRequest request;
    request.kubeconfigPath = explicitPath;
    request.context = u"alpha"_s;
    request.lastContext = ContextCatalog::sandboxContextName();
    QCOMPARE(int(pd::core::decideStartup(request, catalog).action), int(StartupDecision::Action::AskAboutKubeConfig));
    request.demo = true;
    QCOMPARE(pd::core::decideStartup(request, catalog).context, ContextCatalog::sandboxContextName());
    // The file is read, never written.
    if (QFileInfo::exists(file)) {
        QFile read(file);
        QVERIFY(read.open(QIODevice::ReadOnly));
        QCOMPARE(read.readAll(), kTypo);
    }
}

void TestContextCatalog::noKubeconfigOpensTheDemo()
{
    // A first start: no ~/.kube/config, no KUBECONFIG.
    QTemporaryDir home;
    ContextCatalog catalog(environmentWith({}), home.path());
    QVERIFY(!catalog.load({}));
    QVERIFY(!catalog.problem().has_value());
    QVERIFY2(catalog.loadError().startsWith(u"No kubeconfig found"_s), qPrintable(catalog.loadError()));
    QCOMPARE(catalog.contexts(), QStringList{ContextCatalog::sandboxContextName()});
    const StartupDecision decision = pd::core::decideStartup({}, catalog);
    QCOMPARE(int(decision.action), int(StartupDecision::Action::Connect));
    QCOMPARE(decision.context, ContextCatalog::sandboxContextName());
}

void TestContextCatalog::sandboxEndpointComesFromTheProvider()
{
    ContextCatalog catalog(environmentWith(m_good), m_dir.path());
    QVERIFY(catalog.load({}));
    QString error;
    QVERIFY(!catalog.endpoint(ContextCatalog::sandboxContextName(), &error));
    QVERIFY(!error.isEmpty());
    int started = 0;
    catalog.setSandboxProvider([&started](QString *) {
        ++started;
        pd::kube::ClusterEndpoint endpoint;
        endpoint.server = QUrl(u"http://127.0.0.1:1"_s);
        endpoint.contextName = u"sandbox-admin"_s;
        return std::optional<pd::kube::ClusterEndpoint>(endpoint);
    });
    const std::unique_ptr<pd::core::Session> session =
            catalog.openSession(ContextCatalog::sandboxContextName(), {}, &error);
    QVERIFY2(session, qPrintable(error));
    QCOMPARE(started, 1);
    QCOMPARE(session->displayName(), ContextCatalog::sandboxContextName());
    QVERIFY(session->permissions());
    // A kubeconfig context resolves from the file; an unknown one says so.
    QCOMPARE(catalog.endpoint(u"alpha"_s, &error)->server, QUrl(u"https://127.0.0.1:6443"_s));
    QVERIFY(!catalog.openSession(u"gamma"_s, {}, &error));
    QVERIFY2(error.contains(u"gamma"_s), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestContextCatalog)
#include "tst_contextcatalog.moc"
