#include "execcredentialprovider.h"
#include "logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QPromise>
#include <QStandardPaths>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace pd::kube {

namespace {

constexpr qsizetype kMaxStderr = 2000;

QString describePlugin(const ClusterEndpoint &ep)
{
    return u"The credential plugin \"%1\" of user \"%2\""_s.arg(ep.exec->command, ep.userName);
}

QString trimmedStderr(const QByteArray &raw)
{
    QString text = QString::fromUtf8(raw).trimmed();
    if (text.size() > kMaxStderr)
        text = u"…"_s + text.right(kMaxStderr);
    return text;
}

} // namespace

ExecCredentialProvider::ExecCredentialProvider(const ClusterEndpoint &endpoint, QObject *parent)
    : ExecCredentialProvider(endpoint, Options{}, parent)
{
}

ExecCredentialProvider::ExecCredentialProvider(const ClusterEndpoint &endpoint, Options options, QObject *parent)
    : CredentialProvider(parent), m_endpoint(endpoint), m_options(std::move(options))
{
    Q_ASSERT(m_endpoint.exec);
}

ExecCredentialProvider::~ExecCredentialProvider()
{
    // A plugin still running is killed; its QProcess (a child) is deleted with us.
    const QList<QProcess *> processes = findChildren<QProcess *>();
    for (QProcess *process : processes) {
        process->disconnect(this);
        process->kill();
        process->waitForFinished(1000);
    }
    if (m_pluginRunning) {
        Credentials cancelled;
        cancelled.error = QCoreApplication::translate("pd::kube::ExecCredentialProvider", "The credential plugin was stopped before it finished.");
        m_pluginRunning = false;
        m_waiters.resolve(cancelled);
    }
}

QDateTime ExecCredentialProvider::now() const
{
    return m_options.clock ? m_options.clock() : QDateTime::currentDateTimeUtc();
}

QFuture<Credentials> ExecCredentialProvider::credentials()
{
    if (m_cached && (!m_cached->expiresAt.isValid() || now() < m_cached->expiresAt))
        return QtFuture::makeReadyFuture(*m_cached);
    const QFuture<Credentials> future = m_waiters.add();
    if (!m_pluginRunning) {
        m_pluginRunning = true;
        start();
    }
    return future;
}

void ExecCredentialProvider::invalidate()
{
    m_cached.reset();
}

QByteArray ExecCredentialProvider::execInfo() const
{
    QJsonObject spec{{u"interactive"_s, false}};
    if (m_endpoint.exec->provideClusterInfo) {
        QJsonObject cluster{{u"server"_s, m_endpoint.server.toString()}};
        if (!m_endpoint.tlsServerName.isEmpty())
            cluster.insert(u"tls-server-name"_s, m_endpoint.tlsServerName);
        if (m_endpoint.insecureSkipTlsVerify)
            cluster.insert(u"insecure-skip-tls-verify"_s, true);
        if (!m_endpoint.certificateAuthorityPem.isEmpty())
            cluster.insert(u"certificate-authority-data"_s, QString::fromLatin1(m_endpoint.certificateAuthorityPem.toBase64()));
        if (!m_endpoint.proxyUrl.isEmpty())
            cluster.insert(u"proxy-url"_s, m_endpoint.proxyUrl.toString());
        if (!m_endpoint.exec->clusterConfig.isUndefined() && !m_endpoint.exec->clusterConfig.isNull())
            cluster.insert(u"config"_s, m_endpoint.exec->clusterConfig);
        spec.insert(u"cluster"_s, cluster);
    }
    const QJsonObject info{{u"apiVersion"_s, m_endpoint.exec->apiVersion},
                           {u"kind"_s, u"ExecCredential"_s},
                           {u"spec"_s, spec}};
    return QJsonDocument(info).toJson(QJsonDocument::Compact);
}

QString ExecCredentialProvider::resolvedProgram() const
{
    const QString command = m_endpoint.exec->command;
    if (command.contains(u'/')) {
        const QFileInfo info(command);
        return info.isFile() && info.isExecutable() ? info.absoluteFilePath() : QString();
    }
    const QStringList path = m_options.environment.value(u"PATH"_s).split(u':', Qt::SkipEmptyParts);
    if (path.isEmpty())
        return {};
    return QStandardPaths::findExecutable(command, path);
}

QString ExecCredentialProvider::pluginNotFoundMessage(const QString &command, const QString &userName,
                                                      const QString &sourceFile, const QString &searchedPath,
                                                      const QString &installHint)
{
    QString message;
    if (command.contains(u'/')) {
        message = QCoreApplication::translate("pd::kube::ExecCredentialProvider", "The credential plugin \"%1\" of user \"%2\" (in %3) does not exist or is not executable. "
                  "Fix the `command:` path in the kubeconfig.").arg(command, userName, sourceFile);
    } else {
        message = QCoreApplication::translate("pd::kube::ExecCredentialProvider", "The credential plugin \"%1\" of user \"%2\" (in %3) was not found on the PATH "
                  "(searched: %4).\n\n"
                  "Programs started from a desktop launcher, dock or file manager often get a shorter PATH "
                  "than your terminal's shell, which adds directories such as /usr/local/bin, /opt/homebrew/bin, "
                  "~/.local/bin or a cloud SDK's bin folder in its profile. kubectl works in the terminal; "
                  "PreviewDesk cannot see the same directories.\n\n"
                  "To fix it, either:\n"
                  "  • put the plugin's absolute path in the kubeconfig's `command:` (run `command -v %1` in a "
                  "terminal to find it), or\n"
                  "  • start PreviewDesk from that terminal so it inherits the shell's PATH.")
                      .arg(command, userName, sourceFile,
                           searchedPath.isEmpty() ? QCoreApplication::translate("pd::kube::ExecCredentialProvider", "PATH is empty") : searchedPath);
    }
    if (!installHint.trimmed().isEmpty())
        message += QCoreApplication::translate("pd::kube::ExecCredentialProvider", "\n\nThe kubeconfig says how to install it:\n") + installHint.trimmed();
    return message;
}

Credentials ExecCredentialProvider::parseExecCredential(const QByteArray &output, const QString &expectedApiVersion,
                                                        const QString &command)
{
    Credentials c;
    const QString plugin = u"The credential plugin \"%1\""_s.arg(command);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(output, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        c.error = output.trimmed().isEmpty()
            ? plugin + u" printed nothing; it must print an ExecCredential JSON object."_s
            : plugin + u" printed something that is not an ExecCredential JSON object (%1 at byte %2)."_s
                           .arg(parseError.error == QJsonParseError::NoError ? u"not an object"_s : parseError.errorString())
                           .arg(parseError.offset);
        return c;
    }
    const QJsonObject o = doc.object();
    const QString kind = o.value(u"kind"_s).toString();
    const QString apiVersion = o.value(u"apiVersion"_s).toString();
    if (kind != u"ExecCredential") {
        c.error = plugin + u" printed kind \"%1\" where an ExecCredential was expected."_s.arg(kind);
        return c;
    }
    if (apiVersion != expectedApiVersion) {
        c.error = plugin + u" returned apiVersion \"%1\" but the kubeconfig configures \"%2\"."_s.arg(apiVersion, expectedApiVersion);
        return c;
    }
    const QJsonValue statusValue = o.value(u"status"_s);
    if (!statusValue.isObject()) {
        c.error = plugin + u" returned an ExecCredential without a status."_s;
        return c;
    }
    const QJsonObject status = statusValue.toObject();
    c.bearerToken = status.value(u"token"_s).toString();
    c.clientCertificatePem = status.value(u"clientCertificateData"_s).toString().toUtf8();
    c.clientKeyPem = status.value(u"clientKeyData"_s).toString().toUtf8();
    const QString expiry = status.value(u"expirationTimestamp"_s).toString();
    if (!expiry.isEmpty()) {
        c.expiresAt = QDateTime::fromString(expiry, Qt::ISODateWithMs);
        if (!c.expiresAt.isValid()) {
            c = Credentials{};
            c.error = plugin + u" returned an expirationTimestamp that is not an RFC 3339 time: \"%1\"."_s.arg(expiry);
            return c;
        }
    }
    if (c.clientCertificatePem.isEmpty() != c.clientKeyPem.isEmpty()) {
        c = Credentials{};
        c.error = plugin + u" returned a client certificate or key, but not both."_s;
        return c;
    }
    if (c.bearerToken.isEmpty() && c.clientCertificatePem.isEmpty()) {
        c = Credentials{};
        c.error = plugin + u" returned neither a token nor a client certificate and key."_s;
    }
    return c;
}

void ExecCredentialProvider::start()
{
    const ExecConfig &exec = *m_endpoint.exec;
    const QString program = resolvedProgram();
    if (program.isEmpty()) {
        Credentials c;
        c.error = pluginNotFoundMessage(exec.command, m_endpoint.userName, m_endpoint.sourceFile,
                                        m_options.environment.value(u"PATH"_s), exec.installHint);
        finish(c);
        return;
    }

    pd::log::kube()->debug("exec plugin {} for user {}: running {}", exec.command, m_endpoint.userName, program);
    auto *process = new QProcess(this);
    QProcessEnvironment env = m_options.environment;
    for (const auto &[name, value] : exec.env)
        env.insert(name, value);
    env.insert(u"KUBERNETES_EXEC_INFO"_s, QString::fromUtf8(execInfo()));
    process->setProcessEnvironment(env);
    process->setProgram(program);
    process->setArguments(exec.args);

    // One outcome per run, whichever of finished / failed to start / timeout comes first.
    auto done = std::make_shared<bool>(false);
    auto timedOut = std::make_shared<bool>(false);
    const auto complete = [this, process, done](const Credentials &result) {
        if (*done)
            return;
        *done = true;
        process->deleteLater();
        finish(result);
    };

    auto *timer = new QTimer(process);
    timer->setSingleShot(true);
    timer->setInterval(m_options.timeout);
    connect(timer, &QTimer::timeout, process, [process, timedOut] {
        *timedOut = true;
        process->kill();
    });
    connect(process, &QProcess::errorOccurred, this, [this, process, complete](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;   // crashes and kills arrive through finished()
        Credentials c;
        c.error = describePlugin(m_endpoint) + u" could not be started (%1): %2"_s.arg(process->program(), process->errorString());
        complete(c);
    });
    connect(process, &QProcess::finished, this,
            [this, process, complete, timedOut](int exitCode, QProcess::ExitStatus status) {
        Credentials c;
        const QString err = trimmedStderr(process->readAllStandardError());
        const QString plugin = describePlugin(m_endpoint);
        if (*timedOut) {
            c.error = plugin + u" did not finish within %1 s and was stopped. It may be waiting for input such as a "
                               "browser login; run it once from a terminal, then retry."_s
                                   .arg(double(m_options.timeout.count()) / 1000.0);
        } else if (status == QProcess::CrashExit) {
            c.error = plugin + u" crashed."_s + (err.isEmpty() ? QString() : u" It printed:\n"_s + err);
        } else if (exitCode != 0) {
            c.error = plugin + u" failed with exit code %1."_s.arg(exitCode)
                + (err.isEmpty() ? QString() : u" It printed:\n"_s + err);
        } else {
            c = parseExecCredential(process->readAllStandardOutput(), m_endpoint.exec->apiVersion, m_endpoint.exec->command);
        }
        complete(c);
    });

    process->start(QIODevice::ReadWrite);
    process->closeWriteChannel();   // never interactive: stdin is closed
    timer->start();
}

void ExecCredentialProvider::finish(const Credentials &result)
{
    Credentials c = result;
    // A plugin returning only a token still uses the kubeconfig's client certificate, as kubectl does.
    if (c.ok() && c.clientCertificatePem.isEmpty()) {
        c.clientCertificatePem = m_endpoint.clientCertificatePem;
        c.clientKeyPem = m_endpoint.clientKeyPem;
    }
    if (c.ok()) {
        // Whatever happens later, these never reach a log line.
        pd::log::registerSecretValue(c.bearerToken);
        pd::log::registerSecretValue(c.clientKeyPem);
        pd::log::kube()->debug("exec plugin {} for user {}: credential received, {}", m_endpoint.exec->command,
                               m_endpoint.userName,
                               c.expiresAt.isValid() ? u"expires "_s + c.expiresAt.toString(Qt::ISODate) : u"no expiry"_s);
        if (!c.expiresAt.isValid() || now() < c.expiresAt)
            m_cached = c;
    } else {
        pd::log::kube()->warn("{}", c.error);
    }
    m_pluginRunning = false;
    m_waiters.resolve(c);
}

} // namespace pd::kube
