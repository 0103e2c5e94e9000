#include "kube/kubeconfig.h"
#include "requirekubectl.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using pd::kube::ClusterEndpoint;
using pd::kube::KubeConfig;

namespace {

const QByteArray kFileA = R"(apiVersion: v1
kind: Config
clusters:
- name: c1
  cluster:
    server: https://a.example:6443
- name: shared
  cluster:
    server: https://a-shared.example
users:
- name: u1
  user:
    token: token-from-a
contexts:
- name: ctx-a
  context: {cluster: c1, user: u1}
- name: shared-ctx
  context:
    cluster: shared
    user: u1
    namespace: a-ns
current-context: ctx-a
)"_ba;

const QByteArray kFileB = R"(apiVersion: v1
kind: Config
clusters:
- name: shared
  cluster:
    server: https://b-shared.example
- name: c2
  cluster:
    server: https://b.example
users:
- name: u1
  user:
    token: token-from-b
- name: u2
  user:
    token: token-u2
contexts:
- name: ctx-b
  context: {cluster: c2, user: u2}
- name: shared-ctx
  context:
    cluster: shared
    user: u2
    namespace: b-ns
current-context: ctx-b
)"_ba;

const QByteArray kFileC = R"(clusters:
- name: c3
  cluster:
    server: https://c.example
contexts:
- name: ctx-c
  context: {cluster: c3}
)"_ba;

// Base64 of "PEM-CA\n", "PEM-CERT\n", "PEM-KEY\n".
const QByteArray kCaB64 = QByteArray("PEM-CA\n").toBase64();
const QByteArray kCertB64 = QByteArray("PEM-CERT\n").toBase64();
const QByteArray kKeyB64 = QByteArray("PEM-KEY\n").toBase64();

} // namespace

class TestKubeConfig final : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString write(const QString &relative, const QByteArray &content)
    {
        const QString path = m_dir.filePath(relative);
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        file.write(content);
        return path;
    }
    // Replaces the names a, b, c, empty, missing in a ':'-list by their paths.
    QString paths(const QString &names)
    {
        QStringList out;
        for (const QString &n : names.split(u':'))
            out.append(n.isEmpty() ? QString() : m_dir.filePath(u"merge/"_s + n + u".yaml"_s));
        return out.join(u':');
    }
    static QProcessEnvironment envWith(const QString &kubeconfig)
    {
        QProcessEnvironment env;
        if (!kubeconfig.isNull())
            env.insert(u"KUBECONFIG"_s, kubeconfig);
        return env;
    }
    std::optional<ClusterEndpoint> endpointOf(const QByteArray &yaml, const QString &context, QString *error,
                                              const QString &fileName = u"config"_s)
    {
        const QString path = write(u"single/"_s + fileName, yaml);
        const auto config = KubeConfig::loadFiles({path}, error);
        if (!config)
            return std::nullopt;
        return config->endpoint(context, error);
    }

    // The same merge done by the real kubectl (`config view`).
    void compareWithKubectl(const QString &explicitPath, const QString &kubeconfig, const QString &current,
                            const QStringList &contexts, const QString &sharedNamespace, const QString &sharedServer,
                            const QString &sharedToken)
    {
        PD_REQUIRE_KUBECTL();
        const QString kubectl = QStandardPaths::findExecutable(u"kubectl"_s);
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"KUBECONFIG"_s);
        env.insert(u"HOME"_s, m_dir.filePath(u"home"_s));
        if (!kubeconfig.isNull())
            env.insert(u"KUBECONFIG"_s, kubeconfig);
        process.setProcessEnvironment(env);
        QStringList args{u"config"_s, u"view"_s, u"--raw"_s, u"-o"_s, u"json"_s};
        if (!explicitPath.isEmpty())
            args << u"--kubeconfig"_s << explicitPath;
        process.start(kubectl, args);
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 0);
        const QJsonObject view = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        QCOMPARE(view.value(u"current-context"_s).toString(), current);
        const auto named = [&](const QString &list, const QString &name) {
            for (const QJsonValue &entry : view.value(list).toArray())
                if (entry[u"name"_s].toString() == name)
                    return entry.toObject();
            return QJsonObject();
        };
        QStringList names;
        for (const QJsonValue &entry : view.value(u"contexts"_s).toArray())
            names.append(entry[u"name"_s].toString());
        names.sort();
        QCOMPARE(names, contexts);
        if (sharedServer.isEmpty())
            return;
        const QJsonObject ctx = named(u"contexts"_s, u"shared-ctx"_s)[u"context"_s].toObject();
        QCOMPARE(ctx[u"namespace"_s].toString(), sharedNamespace);
        QCOMPARE(named(u"clusters"_s, ctx[u"cluster"_s].toString())[u"cluster"_s][u"server"_s].toString(), sharedServer);
        QCOMPARE(named(u"users"_s, ctx[u"user"_s].toString())[u"user"_s][u"token"_s].toString(), sharedToken);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY(!write(u"merge/a.yaml"_s, kFileA).isEmpty());
        QVERIFY(!write(u"merge/b.yaml"_s, kFileB).isEmpty());
        QVERIFY(!write(u"merge/c.yaml"_s, kFileC).isEmpty());
        QVERIFY(!write(u"merge/empty.yaml"_s, QByteArray()).isEmpty());
        QVERIFY(!write(u"home/.kube/config"_s, kFileC).isEmpty());
    }

    void merging_data()
    {
        QTest::addColumn<QString>("explicitNames");
        QTest::addColumn<QString>("kubeconfigNames");   // null: KUBECONFIG unset
        QTest::addColumn<QString>("current");
        QTest::addColumn<QStringList>("contexts");
        QTest::addColumn<QString>("sharedNamespace");
        QTest::addColumn<QString>("sharedServer");
        QTest::addColumn<QString>("sharedToken");

        const QStringList ab{u"ctx-a"_s, u"ctx-b"_s, u"shared-ctx"_s};
        QTest::newRow("a then b: first wins") << QString() << u"a:b"_s << u"ctx-a"_s << ab << u"a-ns"_s
                                               << u"https://a-shared.example"_s << u"token-from-a"_s;
        QTest::newRow("b then a: first wins") << QString() << u"b:a"_s << u"ctx-b"_s << ab << u"b-ns"_s
                                               << u"https://b-shared.example"_s << u"token-u2"_s;
        QTest::newRow("current-context from first that sets it") << QString() << u"c:b"_s << u"ctx-b"_s
            << QStringList{u"ctx-b"_s, u"ctx-c"_s, u"shared-ctx"_s} << u"b-ns"_s << u"https://b-shared.example"_s << u"token-u2"_s;
        QTest::newRow("missing file skipped") << QString() << u"missing:a"_s << u"ctx-a"_s
            << QStringList{u"ctx-a"_s, u"shared-ctx"_s} << u"a-ns"_s << u"https://a-shared.example"_s << u"token-from-a"_s;
        QTest::newRow("empty file merges as nothing") << QString() << u"empty:b"_s << u"ctx-b"_s
            << QStringList{u"ctx-b"_s, u"shared-ctx"_s} << u"b-ns"_s << u"https://b-shared.example"_s << u"token-u2"_s;
        QTest::newRow("duplicates and empty entries") << QString() << u":a::b:a:"_s << u"ctx-a"_s << ab << u"a-ns"_s
                                                       << u"https://a-shared.example"_s << u"token-from-a"_s;
        QTest::newRow("--kubeconfig alone beats KUBECONFIG") << u"b"_s << u"a"_s << u"ctx-b"_s
            << QStringList{u"ctx-b"_s, u"shared-ctx"_s} << u"b-ns"_s << u"https://b-shared.example"_s << u"token-u2"_s;
        QTest::newRow("default ~/.kube/config") << QString() << QString() << QString() << QStringList{u"ctx-c"_s}
                                                 << QString() << QString() << QString();
        QTest::newRow("empty KUBECONFIG means default") << QString() << u""_s << QString() << QStringList{u"ctx-c"_s}
                                                         << QString() << QString() << QString();
    }
    void merging()
    {
        QFETCH(QString, explicitNames);
        QFETCH(QString, kubeconfigNames);
        QFETCH(QString, current);
        QFETCH(QStringList, contexts);
        QFETCH(QString, sharedNamespace);
        QFETCH(QString, sharedServer);
        QFETCH(QString, sharedToken);

        QString error;
        const QString kubeconfig = kubeconfigNames.isNull() ? QString() : paths(kubeconfigNames);
        const auto config = KubeConfig::load(explicitNames.isEmpty() ? QString() : paths(explicitNames),
                                             envWith(kubeconfig), m_dir.filePath(u"home"_s), &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->currentContext(), current);
        QCOMPARE(config->contextNames(), contexts);
        if (sharedServer.isEmpty())
            return;
        QCOMPARE(config->contextNamespace(u"shared-ctx"_s), sharedNamespace);
        const auto ep = config->endpoint(u"shared-ctx"_s, &error);
        QVERIFY2(ep, qPrintable(error));
        QCOMPARE(ep->server, QUrl(sharedServer));
        QCOMPARE(ep->token, sharedToken);
        QCOMPARE(ep->namespaceName, sharedNamespace);
        compareWithKubectl(explicitNames.isEmpty() ? QString() : paths(explicitNames), kubeconfig, current, contexts,
                           sharedNamespace, sharedServer, sharedToken);
        // The current context resolves too, and defaults the namespace.
        const auto cur = config->endpoint(QString(), &error);
        QVERIFY2(cur, qPrintable(error));
        QCOMPARE(cur->contextName, current);
        QCOMPARE(cur->namespaceName, u"default"_s);
    }

    void loadErrors()
    {
        QString error;
        QVERIFY(!KubeConfig::load(m_dir.filePath(u"nope.yaml"_s), {}, m_dir.filePath(u"home"_s), &error));
        QVERIFY2(error.contains(u"nope.yaml"_s) && error.contains(u"--kubeconfig"_s), qPrintable(error));

        QVERIFY(!KubeConfig::load({}, {}, m_dir.filePath(u"emptyhome"_s), &error));
        QVERIFY2(error.contains(m_dir.filePath(u"emptyhome/.kube/config"_s)), qPrintable(error));

        QVERIFY(!KubeConfig::load({}, envWith(paths(u"missing:gone"_s)), m_dir.filePath(u"home"_s), &error));
        QVERIFY2(error.contains(u"KUBECONFIG"_s) && error.contains(u"gone.yaml"_s), qPrintable(error));

        // A broken file anywhere in KUBECONFIG fails the load, naming that file.
        const QString broken = write(u"merge/broken.yaml"_s, "clusters: [\n");
        QVERIFY(!KubeConfig::load({}, envWith(paths(u"a:broken"_s)), {}, &error));
        QVERIFY2(error.startsWith(broken + u':'), qPrintable(error));
    }

    void credentialKindsAndPaths()
    {
        write(u"creds/pki/ca.crt"_s, "FILE-CA\n");
        write(u"creds/pki/client.crt"_s, "FILE-CERT\n");
        write(u"creds/pki/client.key"_s, "FILE-KEY\n");
        write(u"creds/token"_s, "file-token\n");
        const QByteArray yaml = "clusters:\n"
            "- name: files\n  cluster:\n    server: https://files.example:6443\n    certificate-authority: pki/ca.crt\n"
            "    tls-server-name: api.internal\n    proxy-url: socks5://proxy.example:1080\n"
            "- name: data\n  cluster:\n    server: kube.example:443\n    certificate-authority-data: " + kCaB64 + "\n"
            "users:\n"
            "- name: cert-files\n  user:\n    client-certificate: pki/client.crt\n    client-key: pki/client.key\n"
            "- name: cert-data\n  user:\n    client-certificate-data: " + kCertB64 + "\n    client-key-data: " + kKeyB64 + "\n"
            "- name: token\n  user:\n    token: abc.def\n    as: admin\n    as-groups: [ops, dev]\n"
            "- name: token-file\n  user:\n    tokenFile: token\n"
            "- name: basic\n  user:\n    username: alice\n    password: s3cret\n"
            "contexts:\n"
            "- {name: files, context: {cluster: files, user: cert-files, namespace: team}}\n"
            "- {name: data, context: {cluster: data, user: cert-data}}\n"
            "- {name: token, context: {cluster: data, user: token}}\n"
            "- {name: token-file, context: {cluster: data, user: token-file}}\n"
            "- {name: basic, context: {cluster: data, user: basic}}\n"
            "- {name: anonymous, context: {cluster: data}}\n";
        const QString path = write(u"creds/config"_s, yaml);
        QString error;
        const auto config = KubeConfig::loadFiles({path}, &error);
        QVERIFY2(config, qPrintable(error));
        QCOMPARE(config->files(), QStringList{path});

        auto ep = config->endpoint(u"files"_s, &error);
        QVERIFY2(ep, qPrintable(error));
        QCOMPARE(ep->certificateAuthorityPem, "FILE-CA\n"_ba);
        QCOMPARE(ep->clientCertificatePem, "FILE-CERT\n"_ba);
        QCOMPARE(ep->clientKeyPem, "FILE-KEY\n"_ba);
        QCOMPARE(ep->tlsServerName, u"api.internal"_s);
        QCOMPARE(ep->proxyUrl, QUrl(u"socks5://proxy.example:1080"_s));
        QCOMPARE(ep->namespaceName, u"team"_s);
        QCOMPARE(ep->clusterName, u"files"_s);
        QCOMPARE(ep->userName, u"cert-files"_s);
        QCOMPARE(ep->sourceFile, path);
        QVERIFY(!ep->insecureSkipTlsVerify);

        ep = config->endpoint(u"data"_s, &error);
        QVERIFY2(ep, qPrintable(error));
        QCOMPARE(ep->server, QUrl(u"https://kube.example:443"_s));   // host:port means https
        QCOMPARE(ep->certificateAuthorityPem, "PEM-CA\n"_ba);
        QCOMPARE(ep->clientCertificatePem, "PEM-CERT\n"_ba);
        QCOMPARE(ep->clientKeyPem, "PEM-KEY\n"_ba);

        ep = config->endpoint(u"token"_s, &error);
        QVERIFY2(ep, qPrintable(error));
        QCOMPARE(ep->token, u"abc.def"_s);
        QCOMPARE(ep->impersonateUser, u"admin"_s);
        QCOMPARE(ep->impersonateGroups, (QStringList{u"ops"_s, u"dev"_s}));

        ep = config->endpoint(u"token-file"_s, &error);
        QVERIFY2(ep, qPrintable(error));
        QCOMPARE(ep->tokenFile, m_dir.filePath(u"creds/token"_s));
        QVERIFY(ep->token.isEmpty());

        ep = config->endpoint(u"basic"_s, &error);
        QVERIFY2(ep, qPrintable(error));
        QCOMPARE(ep->basicUsername, u"alice"_s);
        QCOMPARE(ep->basicPassword, u"s3cret"_s);

        ep = config->endpoint(u"anonymous"_s, &error);
        QVERIFY2(ep, qPrintable(error));
        QVERIFY(ep->userName.isEmpty() && ep->token.isEmpty() && !ep->exec);
        QVERIFY(config->warnings().isEmpty());
    }

    void execConfig()
    {
        const QByteArray yaml =
            "clusters:\n- name: k\n  cluster:\n    server: https://k.example\n    extensions:\n"
            "    - name: client.authentication.k8s.io/exec\n      extension: {audience: k8s}\n"
            "users:\n"
            "- name: bare\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
            "      command: gke-gcloud-auth-plugin\n      args: [--verbose, \"1\"]\n"
            "      env:\n      - name: MODE\n        value: fast\n      interactiveMode: Never\n"
            "      provideClusterInfo: true\n      installHint: apt install it\n"
            "- name: relative\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
            "      command: ./bin/plugin\n"
            "contexts:\n- {name: bare, context: {cluster: k, user: bare}}\n"
            "- {name: relative, context: {cluster: k, user: relative}}\n";
        QString error;
        auto ep = endpointOf(yaml, u"bare"_s, &error);
        QVERIFY2(ep, qPrintable(error));
        QVERIFY(ep->exec);
        QCOMPARE(ep->exec->command, u"gke-gcloud-auth-plugin"_s);   // bare names are looked up on PATH
        QCOMPARE(ep->exec->args, (QStringList{u"--verbose"_s, u"1"_s}));
        QCOMPARE(ep->exec->env.size(), 1);
        QCOMPARE(ep->exec->env.first().first, u"MODE"_s);
        QCOMPARE(ep->exec->env.first().second, u"fast"_s);
        QCOMPARE(ep->exec->interactiveMode, u"Never"_s);
        QVERIFY(ep->exec->provideClusterInfo);
        QCOMPARE(ep->exec->installHint, u"apt install it"_s);
        QCOMPARE(ep->exec->clusterConfig.toObject().value(u"audience"_s).toString(), u"k8s"_s);

        ep = endpointOf(yaml, u"relative"_s, &error);
        QVERIFY2(ep, qPrintable(error));
        QCOMPARE(ep->exec->command, m_dir.filePath(u"single/bin/plugin"_s));   // relative to the kubeconfig
        QCOMPARE(ep->exec->interactiveMode, u"IfAvailable"_s);                 // v1beta1 default
    }

    void insecureWarning()
    {
        const QByteArray yaml =
            "clusters:\n- name: lab\n  cluster:\n    server: https://lab.example\n    insecure-skip-tls-verify: true\n"
            "- name: safe\n  cluster:\n    server: https://safe.example\n    insecure-skip-tls-verify: false\n"
            "contexts:\n- {name: lab, context: {cluster: lab}}\n- {name: safe, context: {cluster: safe}}\n";
        QString error;
        const auto config = KubeConfig::parse(yaml, u"/cfg/insecure"_s, &error);
        QVERIFY2(config, qPrintable(error));
        const QStringList warnings = config->warnings();
        QCOMPARE(warnings.size(), 1);
        QVERIFY(warnings.first().contains(u"\"lab\""_s));
        QVERIFY(warnings.first().contains(u"insecure-skip-tls-verify"_s));
        QVERIFY(warnings.first().contains(u"/cfg/insecure:5"_s));
        QCOMPARE(config->warnings(u"lab"_s), warnings);
        QVERIFY(config->warnings(u"safe"_s).isEmpty());
        QVERIFY(config->endpoint(u"lab"_s, &error)->insecureSkipTlsVerify);
        QVERIFY(!config->endpoint(u"safe"_s, &error)->insecureSkipTlsVerify);
    }

    void malformedFiles_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("what");
        QTest::newRow("bad YAML") << "clusters:\n- name: a\n  cluster:\n    server: x\n   bad: y\n"_ba << 5 << QString();
        QTest::newRow("clusters is a mapping") << "kind: Config\nclusters:\n  a:\n    server: x\n"_ba << 3 << u"`clusters` must be a list"_s;
        QTest::newRow("entry is a string") << "users:\n- bob\n"_ba << 2 << u"each entry of `users`"_s;
        QTest::newRow("entry without name") << "contexts:\n- context: {cluster: a}\n"_ba << 2 << u"has no name"_s;
        QTest::newRow("duplicate name") << "clusters:\n- name: a\n  cluster: {server: x}\n- name: a\n  cluster: {server: y}\n"_ba << 4 << u"twice"_s;
        QTest::newRow("body not a mapping") << "clusters:\n- name: a\n  cluster: https://x\n"_ba << 3 << u"must be a mapping"_s;
        QTest::newRow("insecure is a string") << "clusters:\n- name: a\n  cluster:\n    server: x\n    insecure-skip-tls-verify: \"true\"\n"_ba << 5 << u"true or false"_s;
        QTest::newRow("namespace is a number") << "contexts:\n- name: a\n  context:\n    namespace: 42\n"_ba << 4 << u"put it in quotes"_s;
        QTest::newRow("bad base64") << "clusters:\n- name: a\n  cluster:\n    server: x\n    certificate-authority-data: not*base64\n"_ba << 5 << u"not valid base64"_s;
        QTest::newRow("args not a list") << "users:\n- name: u\n  user:\n    exec:\n      command: x\n      args: --flag\n"_ba << 6 << u"list of strings"_s;
        QTest::newRow("env entry without name") << "users:\n- name: u\n  user:\n    exec:\n      command: x\n      env:\n      - value: v\n"_ba << 7 << u"no name"_s;
        QTest::newRow("wrong kind") << "kind: Pod\n"_ba << 1 << u"kind: Config"_s;
        QTest::newRow("a list") << "- a\n- b\n"_ba << 1 << u"must be a mapping"_s;
        QTest::newRow("duplicate key") << "current-context: a\ncurrent-context: b\n"_ba << 2 << u"already set"_s;
    }
    void malformedFiles()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(int, line);
        QFETCH(QString, what);
        QString error;
        QVERIFY(!endpointOf(yaml, u"a"_s, &error, u"bad-config"_s));
        qDebug().noquote() << error;
        const QString prefix = m_dir.filePath(u"single/bad-config"_s) + u':' + QString::number(line) + u':';
        QVERIFY2(error.startsWith(prefix), qPrintable(error));
        QVERIFY2(what.isEmpty() || error.contains(what), qPrintable(error));
    }

    void endpointErrors_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("context");
        QTest::addColumn<int>("line");   // 0: no line expected
        QTest::addColumn<QString>("what");
        const QByteArray okCluster = "clusters:\n- name: k\n  cluster:\n    server: https://k.example\n";   // lines 1-4
        QTest::newRow("unknown cluster") << "contexts:\n- name: a\n  context:\n    cluster: nowhere\n"_ba << u"a"_s << 4 << u"cluster \"nowhere\""_s;
        QTest::newRow("unknown user") << okCluster + "contexts:\n- name: a\n  context:\n    cluster: k\n    user: ghost\n" << u"a"_s << 9 << u"user \"ghost\""_s;
        QTest::newRow("no cluster") << "contexts:\n- name: a\n  context:\n    user: x\n"_ba << u"a"_s << 4 << u"names no cluster"_s;
        QTest::newRow("missing server") << "clusters:\n- name: k\n  cluster:\n    tls-server-name: x\ncontexts:\n- {name: a, context: {cluster: k}}\n"_ba << u"a"_s << 4 << u"has no `server`"_s;
        QTest::newRow("bad server") << "clusters:\n- name: k\n  cluster:\n    server: ftp://x\ncontexts:\n- {name: a, context: {cluster: k}}\n"_ba << u"a"_s << 4 << u"not an http(s) URL"_s;
        QTest::newRow("missing CA file") << "clusters:\n- name: k\n  cluster:\n    server: https://x\n    certificate-authority: nope/ca.crt\ncontexts:\n- {name: a, context: {cluster: k}}\n"_ba << u"a"_s << 5 << u"nope/ca.crt"_s;
        QTest::newRow("insecure with CA") << "clusters:\n- name: k\n  cluster:\n    server: https://x\n    certificate-authority-data: " + kCaB64 + "\n    insecure-skip-tls-verify: true\ncontexts:\n- {name: a, context: {cluster: k}}\n" << u"a"_s << 6 << u"both insecure-skip-tls-verify"_s;
        QTest::newRow("bad proxy") << "clusters:\n- name: k\n  cluster:\n    server: https://x\n    proxy-url: ftp://p\ncontexts:\n- {name: a, context: {cluster: k}}\n"_ba << u"a"_s << 5 << u"proxy-url"_s;
        QTest::newRow("cert without key") << okCluster + "users:\n- name: u\n  user:\n    client-certificate-data: " + kCertB64 + "\ncontexts:\n- {name: a, context: {cluster: k, user: u}}\n" << u"a"_s << 8 << u"no client-key"_s;
        QTest::newRow("missing key file") << okCluster + "users:\n- name: u\n  user:\n    client-certificate-data: " + kCertB64 + "\n    client-key: gone.key\ncontexts:\n- {name: a, context: {cluster: k, user: u}}\n" << u"a"_s << 9 << u"gone.key"_s;
        QTest::newRow("token and basic") << okCluster + "users:\n- name: u\n  user:\n    token: t\n    username: x\ncontexts:\n- {name: a, context: {cluster: k, user: u}}\n" << u"a"_s << 8 << u"only one authentication"_s;
        QTest::newRow("auth-provider") << okCluster + "users:\n- name: u\n  user:\n    auth-provider:\n      name: gcp\ncontexts:\n- {name: a, context: {cluster: k, user: u}}\n" << u"a"_s << 9 << u"gcp"_s;
        QTest::newRow("exec bad apiVersion") << okCluster + "users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1alpha1\n      command: x\ncontexts:\n- {name: a, context: {cluster: k, user: u}}\n" << u"a"_s << 9 << u"v1alpha1"_s;
        QTest::newRow("exec v1 without interactiveMode") << okCluster + "users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: x\ncontexts:\n- {name: a, context: {cluster: k, user: u}}\n" << u"a"_s << 9 << u"interactiveMode"_s;
        QTest::newRow("exec needs a terminal") << okCluster + "users:\n- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: x\n      interactiveMode: Always\ncontexts:\n- {name: a, context: {cluster: k, user: u}}\n" << u"a"_s << 9 << u"terminal"_s;
        QTest::newRow("unknown context") << okCluster + "contexts:\n- {name: a, context: {cluster: k}}\n" << u"b"_s << 0 << u"\"b\" is not defined"_s;
        QTest::newRow("current-context unknown") << okCluster + "contexts:\n- {name: a, context: {cluster: k}}\ncurrent-context: zz\n" << QString() << 7 << u"\"zz\""_s;
        QTest::newRow("no current-context") << okCluster + "contexts:\n- {name: a, context: {cluster: k}}\n" << QString() << 0 << u"No current context"_s;
    }
    void endpointErrors()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, context);
        QFETCH(int, line);
        QFETCH(QString, what);
        QString error;
        QVERIFY(!endpointOf(yaml, context, &error, u"ep-config"_s));
        qDebug().noquote() << error;
        QVERIFY2(error.contains(what), qPrintable(error));
        if (line > 0) {
            const QString prefix = m_dir.filePath(u"single/ep-config"_s) + u':' + QString::number(line) + u':';
            QVERIFY2(error.startsWith(prefix), qPrintable(error));
        }
    }
};

QTEST_GUILESS_MAIN(TestKubeConfig)
#include "tst_kubeconfig.moc"
