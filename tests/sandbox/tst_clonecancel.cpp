// A cancelled clone (issue 12, item 10), with the built previewctl against a sandbox
// serving the shop's staging export: SIGTERM while the preview waits for its pods rolls
// back what was written (the namespace goes, exit 143); with --keep-on-failure a clone
// stopped half-way is kept and marked previewdesk.io/incomplete (the browser's state
// Incomplete), and `previewctl clone --resume NAME` creates what is missing and clears
// the mark.
#include "core/environment/environmentbuilder.h"
#include "kube/apiclient.h"
#include "sandbox/faultinjector.h"
#include "sandbox/sandboxcluster.h"
#include "sandbox/sandboxendpoint.h"

#include "testpaths.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <futurewait.h>

#include <QTest>

using namespace Qt::StringLiterals;
using pd::kube::ApiResult;
using pd::kube::ResourceRef;

namespace {

// The shared wait (tests/support/futurewait.h), with the 30 s these cluster round trips may take.
template<typename T>
T waitFor(QFuture<T> future)
{
    return pd::test::waitFor(future, 30000);
}

ResourceRef namespaceRef(const QString &name)
{
    return ResourceRef{QString(), u"v1"_s, u"namespaces"_s, QString(), name, {}};
}

ResourceRef deploymentsIn(const QString &ns)
{
    return ResourceRef{u"apps"_s, u"v1"_s, u"deployments"_s, ns, QString(), {}};
}

} // namespace

class TestCloneCancel final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        pd::sandbox::SandboxOptions options;
        options.loadFiles << pd::test::fixturePath(u"staging-shop.yaml"_s);
        options.podReadyDelay = std::chrono::seconds(3);   // a clone waits for its pods a while
        QString error;
        QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
        QVERIFY2(m_cluster.writeKubeconfig(m_dir.filePath(u"kubeconfig"_s), &error), qPrintable(error));
        pd::kube::ClusterEndpoint endpoint = pd::sandbox::adminEndpoint(m_cluster);
        m_client = std::make_unique<pd::kube::ApiClient>(endpoint);
    }

    void sigtermWhileWaitingRollsBack()
    {
        QProcess clone;
        start(clone, {u"staging"_s, u"--name"_s, u"cancel-wait"_s});
        QVERIFY2(waitForOutput(clone, "== Waiting until the workloads are available"), qPrintable(m_output));
        QVERIFY(exists(u"cancel-wait"_s));
        clone.terminate();   // SIGTERM, as a cancelled CI job gets it
        QVERIFY(waitForExit(clone));
        QCOMPARE(clone.exitStatus(), QProcess::NormalExit);   // handled, not killed by the signal
        QCOMPARE(clone.exitCode(), 143);
        const QByteArray err = clone.readAllStandardError();
        QVERIFY2(err.contains("previewctl clone: SIGTERM received: rolling back"), err.constData());
        QVERIFY2(err.contains("The preview was rolled back; nothing is left behind."), err.constData());
        QVERIFY(!exists(u"cancel-wait"_s));
    }

    void keptHalfMadeCloneIsIncompleteAndResumes()
    {
        // Slow answers: the clone is still creating its objects when the signal comes.
        m_cluster.faults()->setLatency(std::chrono::milliseconds(150));
        QProcess clone;
        start(clone, {u"staging"_s, u"--name"_s, u"cancel-keep"_s, u"--keep-on-failure"_s});
        const bool reachedStep2 = waitForOutput(clone, "of step 2\n");
        QVERIFY2(reachedStep2, qPrintable(m_output));
        clone.terminate();
        QVERIFY(waitForExit(clone));
        m_cluster.faults()->reset();
        QCOMPARE(clone.exitCode(), 143);
        const QByteArray err = clone.readAllStandardError();
        QVERIFY2(err.contains("SIGTERM received: stopping, the preview is kept marked incomplete"), err.constData());
        QVERIFY2(err.contains("previewctl clone --resume cancel-keep completes it"), err.constData());

        const ApiResult kept = waitFor(m_client->get(namespaceRef(u"cancel-keep"_s)));
        QVERIFY2(kept.ok(), qPrintable(kept.message()));
        QVERIFY2(kept.object[u"metadata"_s][u"annotations"_s].toObject().contains(u"previewdesk.io/incomplete"_s),
                 QJsonDocument(kept.object).toJson().constData());
        QVERIFY(waitFor(m_client->list(deploymentsIn(u"cancel-keep"_s))).items().isEmpty());   // stopped before the workloads
        // The browser's state for it.
        const auto env = pd::core::EnvironmentBuilder().build({kept.object, {}, {}, {}, {}});
        QVERIFY(env);
        QCOMPARE(env->state, pd::core::EnvironmentState::Incomplete);

        QProcess resume;
        start(resume, {u"--resume"_s, u"cancel-keep"_s});
        QVERIFY(waitForExit(resume, 120000));
        const QByteArray out = resume.readAllStandardOutput();
        QVERIFY2(resume.exitCode() == 0, QByteArray(out + resume.readAllStandardError()).constData());
        QVERIFY2(out.contains("== Resuming clone"), out.constData());
        QVERIFY2(out.contains("cancel-keep is ready."), out.constData());
        const ApiResult done = waitFor(m_client->get(namespaceRef(u"cancel-keep"_s)));
        QVERIFY(!done.object[u"metadata"_s][u"annotations"_s].toObject().contains(u"previewdesk.io/incomplete"_s));
        QVERIFY(!waitFor(m_client->list(deploymentsIn(u"cancel-keep"_s))).items().isEmpty());
        QCOMPARE(pd::core::EnvironmentBuilder().build({done.object, {}, {}, {}, {}})->state != pd::core::EnvironmentState::Incomplete, true);
    }

    void resumeRefusesWhatIsNoKeptClone()
    {
        QProcess resume;
        start(resume, {u"--resume"_s, u"staging"_s});
        QVERIFY(waitForExit(resume));
        QCOMPARE(resume.exitCode(), 1);
        QVERIFY2(resume.readAllStandardError().contains("--resume staging: not a preview made by a PreviewDesk clone"), "");
    }

private:
    void start(QProcess &process, const QStringList &arguments)
    {
        m_output.clear();
        process.setProgram(pd::test::builtExecutable(u"previewctl"_s));
        process.setArguments(QStringList{u"clone"_s} + arguments
                             + QStringList{u"--secret"_s, u"mail-relay=omit"_s, u"--timeout"_s, u"120"_s,
                                           u"--kubeconfig"_s, m_dir.filePath(u"kubeconfig"_s)});
        process.start();
        QVERIFY(process.waitForStarted());
    }

    // The server is in this process: wait with the event loop running.
    bool waitForOutput(QProcess &process, const QByteArray &text)
    {
        return QTest::qWaitFor([&] {
            m_output += QString::fromUtf8(process.readAllStandardOutput());
            return m_output.contains(QString::fromUtf8(text)) || process.state() == QProcess::NotRunning;
        }, 60000) && m_output.contains(QString::fromUtf8(text));
    }

    bool waitForExit(QProcess &process, int timeout = 60000)
    {
        return QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, timeout);
    }

    bool exists(const QString &name)
    {
        return waitFor(m_client->get(namespaceRef(name))).httpCode != 404;
    }

    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<pd::kube::ApiClient> m_client;
    QTemporaryDir m_dir;
    QString m_output;
};

QTEST_GUILESS_MAIN(TestCloneCancel)
#include "tst_clonecancel.moc"
