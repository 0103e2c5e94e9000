#include "kube/execcredentialprovider.h"
#include "kube/bindto.h"
#include "kube/logging.h"

#include <spdlog/sinks/ostream_sink.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <sstream>

using namespace Qt::StringLiterals;
using pd::kube::ClusterEndpoint;
using pd::kube::Credentials;
using pd::kube::ExecConfig;
using pd::kube::ExecCredentialProvider;

namespace {

const QString kV1 = u"client.authentication.k8s.io/v1"_s;
const QString kV1beta1 = u"client.authentication.k8s.io/v1beta1"_s;

// Records each run, its arguments and environment, then prints an ExecCredential
// whose token counts the runs. Behaviour is steered by the kubeconfig's `env`.
const QByteArray kPlugin = R"(#!/bin/bash
echo run >> "$OUT/runs"
printf '%s\n' "$@" > "$OUT/args"
printf '%s' "$KUBERNETES_EXEC_INFO" > "$OUT/info"
printf '%s|%s' "$MODE" "$INHERITED" > "$OUT/env"
if [ -n "$FAIL" ]; then echo "  error: $FAIL  " >&2; exit 3; fi
n=$(wc -l < "$OUT/runs" | tr -d ' ')
if [ -n "$CERT" ]; then
  printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"clientCertificateData":"CERT-%s","clientKeyData":"KEY-%s"}}' "$API" "$n" "$n"
else
  printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"tok-%s","expirationTimestamp":"%s"}}' "$API" "$n" "$EXPIRY"
fi
)"_ba;

} // namespace

class TestExecCredentialProvider final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QDateTime m_now = QDateTime(QDate(2030, 1, 1), QTime(11, 0), Qt::UTC);

    QString writeScript(const QString &relative, const QByteArray &content)
    {
        const QString path = m_dir.filePath(relative);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(content);
        file.close();
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        return path;
    }
    // A fresh output directory per test, so run counts start at zero.
    QString outDir(const char *name)
    {
        const QString dir = m_dir.filePath(u"out/"_s + QLatin1StringView(name));
        QDir(dir).removeRecursively();
        QDir().mkpath(dir);
        return dir;
    }
    static int runs(const QString &out)
    {
        QFile file(out + u"/runs"_s);
        if (!file.open(QIODevice::ReadOnly))
            return 0;
        return int(file.readAll().count('\n'));
    }
    static QByteArray readOut(const QString &out, const char *name)
    {
        QFile file(out + u'/' + QLatin1StringView(name));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    ClusterEndpoint endpoint(const QString &command, const QString &apiVersion, const QString &out,
                             QList<QPair<QString, QString>> extraEnv = {})
    {
        ClusterEndpoint ep;
        ep.contextName = u"dev"_s;
        ep.userName = u"dev-user"_s;
        ep.sourceFile = u"/home/me/.kube/config"_s;
        ep.server = QUrl(u"https://k.example:6443"_s);
        ExecConfig exec;
        exec.apiVersion = apiVersion;
        exec.command = command;
        exec.args = {u"get-token"_s, u"--cluster=dev one"_s};
        exec.env = {{u"OUT"_s, out}, {u"API"_s, apiVersion}, {u"MODE"_s, u"from-kubeconfig"_s},
                    {u"EXPIRY"_s, u"2030-01-01T12:00:00Z"_s}};
        exec.env += extraEnv;
        exec.interactiveMode = u"IfAvailable"_s;
        ep.exec = exec;
        return ep;
    }
    ExecCredentialProvider::Options options() const
    {
        ExecCredentialProvider::Options o;
        o.environment = QProcessEnvironment::systemEnvironment();
        o.environment.insert(u"INHERITED"_s, u"yes"_s);
        o.clock = [this] { return m_now; };
        return o;
    }
    static Credentials await(QFuture<Credentials> future)
    {
        if (!QTest::qWaitFor([&] { return future.isFinished(); }, 10000))
            return Credentials{{}, {}, {}, {}, u"test: timed out waiting for credentials"_s};
        return future.result();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(!writeScript(u"bin/plugin"_s, kPlugin).isEmpty());
    }
    void init()
    {
        m_now = QDateTime(QDate(2030, 1, 1), QTime(11, 0), Qt::UTC);   // an hour before the plugin's expiry
    }

    void runsPluginAndCachesUntilExpiry_data()
    {
        QTest::addColumn<QString>("apiVersion");
        QTest::newRow("v1") << kV1;
        QTest::newRow("v1beta1") << kV1beta1;
    }
    void runsPluginAndCachesUntilExpiry()
    {
        QFETCH(QString, apiVersion);
        const QString out = outDir(QTest::currentDataTag());
        ExecCredentialProvider provider(endpoint(m_dir.filePath(u"bin/plugin"_s), apiVersion, out), options());

        Credentials c = await(provider.credentials());
        QVERIFY2(c.ok(), qPrintable(c.error));
        QCOMPARE(c.bearerToken, u"tok-1"_s);
        QCOMPARE(c.expiresAt, QDateTime(QDate(2030, 1, 1), QTime(12, 0), Qt::UTC));
        QCOMPARE(runs(out), 1);

        // Args and env reach the plugin; the kubeconfig's env adds to the inherited one.
        QCOMPARE(readOut(out, "args"), "get-token\n--cluster=dev one\n"_ba);
        QCOMPARE(readOut(out, "env"), "from-kubeconfig|yes"_ba);
        const QJsonObject info = QJsonDocument::fromJson(readOut(out, "info")).object();
        QCOMPARE(info.value(u"apiVersion"_s).toString(), apiVersion);
        QCOMPARE(info.value(u"kind"_s).toString(), u"ExecCredential"_s);
        QCOMPARE(info[u"spec"_s][u"interactive"_s], QJsonValue(false));
        QVERIFY(!info[u"spec"_s].toObject().contains(u"cluster"_s));   // provideClusterInfo is off

        // Still valid: served from the cache.
        m_now = m_now.addSecs(30 * 60);
        c = await(provider.credentials());
        QCOMPARE(c.bearerToken, u"tok-1"_s);
        QCOMPARE(runs(out), 1);

        // Expired: the plugin runs again.
        m_now = QDateTime(QDate(2030, 1, 1), QTime(12, 0, 1), Qt::UTC);
        c = await(provider.credentials());
        QCOMPARE(c.bearerToken, u"tok-2"_s);
        QCOMPARE(runs(out), 2);
    }

    void invalidateReruns()
    {
        const QString out = outDir("invalidate");
        ExecCredentialProvider provider(endpoint(m_dir.filePath(u"bin/plugin"_s), kV1, out), options());
        QCOMPARE(await(provider.credentials()).bearerToken, u"tok-1"_s);
        QCOMPARE(await(provider.credentials()).bearerToken, u"tok-1"_s);
        provider.invalidate();   // the server answered 401
        QCOMPARE(await(provider.credentials()).bearerToken, u"tok-2"_s);
        QCOMPARE(runs(out), 2);
    }

    void tokensNeverReachTheLog()
    {
        std::ostringstream captured;
        const auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
        sink->set_level(spdlog::level::trace);
        pd::log::addSink(sink);
        QVERIFY(pd::log::setLevels(u"kube=debug"_s));
        const QString out = outDir("logging");
        {
            ExecCredentialProvider provider(endpoint(m_dir.filePath(u"bin/plugin"_s), kV1, out), options());
            const Credentials c = await(provider.credentials());
            QCOMPARE(c.bearerToken, u"tok-1"_s);
            pd::log::kube()->info("a careless line: {}", c.bearerToken);
        }
        pd::log::removeSink(sink);
        pd::log::setLevels(u"info"_s);
        const QString log = QString::fromStdString(captured.str());
        QVERIFY2(log.contains(u"credential received"_s), qPrintable(log));
        QVERIFY2(log.contains(u"a careless line"_s), qPrintable(log));
        QVERIFY2(!log.contains(u"tok-1"_s), qPrintable(log));
    }

    void concurrentCallsShareOneRun()
    {
        const QString out = outDir("concurrent");
        ExecCredentialProvider provider(endpoint(m_dir.filePath(u"bin/plugin"_s), kV1, out), options());
        const QFuture<Credentials> first = provider.credentials();
        const QFuture<Credentials> second = provider.credentials();
        QCOMPARE(await(first).bearerToken, u"tok-1"_s);
        QCOMPARE(await(second).bearerToken, u"tok-1"_s);
        QCOMPARE(runs(out), 1);
    }

    // Requests that need a token while the plugin runs each continue when it answers (a
    // QFuture takes one continuation only: a shared future would resume just one of them).
    void everyWaitingRequestContinues()
    {
        const QString out = outDir("continuations");
        ExecCredentialProvider provider(endpoint(m_dir.filePath(u"bin/plugin"_s), kV1, out), options());
        QObject context;
        QStringList tokens;
        for (int request = 0; request < 3; ++request)
            pd::bindTo(&context, provider.credentials(), [&tokens](const Credentials &c) { tokens << c.bearerToken; });
        QTRY_COMPARE(tokens.size(), 3);
        QCOMPARE(tokens, QStringList(3, u"tok-1"_s));
        QCOMPARE(runs(out), 1);
    }

    void noExpiryCachesForever()
    {
        const QString out = outDir("noexpiry");
        ExecCredentialProvider provider(endpoint(m_dir.filePath(u"bin/plugin"_s), kV1, out, {{u"EXPIRY"_s, QString()}}),
                                        options());
        // The later EXPIRY entry (empty) overrides the first, as env entries apply in order.
        Credentials c = await(provider.credentials());
        QVERIFY2(c.ok(), qPrintable(c.error));
        QVERIFY(!c.expiresAt.isValid());
        m_now = m_now.addYears(5);
        QCOMPARE(await(provider.credentials()).bearerToken, u"tok-1"_s);
        QCOMPARE(runs(out), 1);
    }

    void clientCertificateFromPlugin()
    {
        const QString out = outDir("cert");
        ExecCredentialProvider provider(endpoint(m_dir.filePath(u"bin/plugin"_s), kV1, out, {{u"CERT"_s, u"1"_s}}), options());
        const Credentials c = await(provider.credentials());
        QVERIFY2(c.ok(), qPrintable(c.error));
        QVERIFY(c.bearerToken.isEmpty());
        QCOMPARE(c.clientCertificatePem, "CERT-1"_ba);
        QCOMPARE(c.clientKeyPem, "KEY-1"_ba);
    }

    void clusterInfoWhenAsked()
    {
        const QString out = outDir("clusterinfo");
        ClusterEndpoint ep = endpoint(m_dir.filePath(u"bin/plugin"_s), kV1, out);
        ep.certificateAuthorityPem = "PEM-CA\n";
        ep.tlsServerName = u"api.internal"_s;
        ep.exec->provideClusterInfo = true;
        ep.exec->clusterConfig = QJsonObject{{u"audience"_s, u"k8s"_s}};
        ExecCredentialProvider provider(ep, options());
        QVERIFY(await(provider.credentials()).ok());
        const QJsonObject cluster = QJsonDocument::fromJson(readOut(out, "info")).object()[u"spec"_s][u"cluster"_s].toObject();
        QCOMPARE(cluster.value(u"server"_s).toString(), u"https://k.example:6443"_s);
        QCOMPARE(cluster.value(u"tls-server-name"_s).toString(), u"api.internal"_s);
        QCOMPARE(QByteArray::fromBase64(cluster.value(u"certificate-authority-data"_s).toString().toLatin1()), "PEM-CA\n"_ba);
        QCOMPARE(cluster[u"config"_s][u"audience"_s].toString(), u"k8s"_s);
    }

    void bareCommandFoundOnInjectedPath()
    {
        const QString out = outDir("path");
        auto o = options();
        o.environment.insert(u"PATH"_s, m_dir.filePath(u"bin"_s) + u":/usr/bin:/bin"_s);
        ExecCredentialProvider provider(endpoint(u"plugin"_s, kV1, out), o);
        QCOMPARE(provider.resolvedProgram(), m_dir.filePath(u"bin/plugin"_s));
        QCOMPARE(await(provider.credentials()).bearerToken, u"tok-1"_s);
    }

    void missingBinaryExplainsPath()
    {
        auto o = options();
        o.environment.insert(u"PATH"_s, u"/nonexistent/bin:/usr/bin"_s);
        ClusterEndpoint ep = endpoint(u"gke-gcloud-auth-plugin-xyz"_s, kV1, outDir("missing"));
        ep.exec->installHint = u"Install it with: gcloud components install gke-gcloud-auth-plugin"_s;
        ExecCredentialProvider provider(ep, o);
        QVERIFY(provider.resolvedProgram().isEmpty());
        const Credentials c = await(provider.credentials());
        QVERIFY(!c.ok());
        for (const QString &part : {u"\"gke-gcloud-auth-plugin-xyz\""_s, u"/nonexistent/bin:/usr/bin"_s, u"PATH"_s,
                                    u"desktop"_s, u"absolute path"_s, u"terminal"_s, u"dev-user"_s,
                                    u"/home/me/.kube/config"_s, u"gcloud components install"_s}) {
            QVERIFY2(c.error.contains(part), qPrintable(u"missing \""_s + part + u"\" in: "_s + c.error));
        }

        // A path that does not exist is named as such.
        ExecCredentialProvider byPath(endpoint(m_dir.filePath(u"bin/nothing"_s), kV1, outDir("missing2")), options());
        const Credentials p = await(byPath.credentials());
        QVERIFY(p.error.contains(m_dir.filePath(u"bin/nothing"_s)));
        QVERIFY(p.error.contains(u"does not exist or is not executable"_s));
    }

    void failingPluginReportsStderrAndIsRetried()
    {
        const QString out = outDir("failing");
        ExecCredentialProvider provider(endpoint(m_dir.filePath(u"bin/plugin"_s), kV1, out, {{u"FAIL"_s, u"login required"_s}}),
                                        options());
        Credentials c = await(provider.credentials());
        QVERIFY(!c.ok());
        QVERIFY2(c.error.contains(u"exit code 3"_s), qPrintable(c.error));
        QVERIFY2(c.error.endsWith(u"error: login required"_s), qPrintable(c.error));   // trimmed
        c = await(provider.credentials());   // failures are not cached
        QVERIFY(!c.ok());
        QCOMPARE(runs(out), 2);
    }

    void malformedOutput_data()
    {
        QTest::addColumn<QByteArray>("output");
        QTest::addColumn<QString>("apiVersion");
        QTest::addColumn<QString>("what");
        QTest::newRow("not JSON") << "token: secret-value-123"_ba << kV1 << u"not an ExecCredential JSON object"_s;
        QTest::newRow("empty") << ""_ba << kV1 << u"printed nothing"_s;
        QTest::newRow("array") << "[\"secret-value-123\"]"_ba << kV1 << u"not an ExecCredential JSON object"_s;
        QTest::newRow("wrong kind") << R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"Token","status":{"token":"secret-value-123"}})"_ba << kV1 << u"kind \"Token\""_s;
        QTest::newRow("version mismatch") << R"({"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"secret-value-123"}})"_ba << kV1 << u"apiVersion"_s;
        QTest::newRow("no status") << R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"})"_ba << kV1 << u"without a status"_s;
        QTest::newRow("nothing usable") << R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}})"_ba << kV1 << u"neither a token"_s;
        QTest::newRow("cert without key") << R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"secret-value-123"}})"_ba << kV1 << u"not both"_s;
        QTest::newRow("bad expiry") << R"({"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"secret-value-123","expirationTimestamp":"tomorrow"}})"_ba << kV1 << u"RFC 3339"_s;
    }
    void malformedOutput()
    {
        QFETCH(QByteArray, output);
        QFETCH(QString, apiVersion);
        QFETCH(QString, what);
        // Through a real plugin run, so the whole path is exercised.
        const QString script = writeScript(u"bin/printer"_s, "#!/bin/bash\ncat \"$OUT/output\"\n");
        const QString out = outDir("malformed");
        QFile file(out + u"/output"_s);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(output);
        file.close();
        ExecCredentialProvider provider(endpoint(script, apiVersion, out), options());
        const Credentials c = await(provider.credentials());
        QVERIFY(!c.ok());
        QVERIFY2(c.error.contains(what), qPrintable(c.error));
        QVERIFY2(!c.error.contains(u"secret-value-123"_s), qPrintable(c.error));
        QVERIFY(c.bearerToken.isEmpty());
    }

    void timeoutStopsPlugin()
    {
        const QString script = writeScript(u"bin/slow"_s, "#!/bin/bash\nexec sleep 30\n");
        auto o = options();
        o.timeout = std::chrono::milliseconds(300);
        ExecCredentialProvider provider(endpoint(script, kV1, outDir("slow")), o);
        QElapsedTimer timer;
        timer.start();
        const Credentials c = await(provider.credentials());
        QVERIFY(!c.ok());
        QVERIFY2(c.error.contains(u"did not finish within 0.3 s"_s), qPrintable(c.error));
        QVERIFY(timer.elapsed() < 10000);
    }

    void destroyedWhileRunningCancels()
    {
        const QString script = writeScript(u"bin/slow2"_s, "#!/bin/bash\nexec sleep 30\n");
        QFuture<Credentials> future;
        {
            ExecCredentialProvider provider(endpoint(script, kV1, outDir("destroyed")), options());
            future = provider.credentials();
            QVERIFY(!future.isFinished());
        }
        QVERIFY(future.isFinished());
        QVERIFY(!future.result().ok());
    }
};

QTEST_GUILESS_MAIN(TestExecCredentialProvider)
#include "tst_execcredentialprovider.moc"
