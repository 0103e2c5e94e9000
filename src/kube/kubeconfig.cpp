#include "kubeconfig.h"
#include "kubeconfig_p.h"
#include "logging.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace pd::kube {

using detail::ClusterDef;
using detail::ContextDef;
using detail::UserDef;

namespace {


QString resolvePath(const QString &path, const detail::Origin &at)
{
    if (path.isEmpty() || QDir::isAbsolutePath(path))
        return path;
    return QDir::cleanPath(QDir(at.directory()).filePath(path));
}

// Reads a file named by a definition; the message names the key, its line and the reason.
bool readReferencedFile(const QString &path, const detail::Origin &at, const char *key, const QString &owner,
                        QByteArray *content, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"%1: cannot read %2 file \"%3\" of %4: %5"_s.arg(at.where(key), QLatin1StringView(key), path, owner,
                                                                   file.errorString());
        return false;
    }
    *content = file.readAll();
    return true;
}

QString quotedList(const QStringList &names)
{
    QStringList q;
    for (const QString &n : names)
        q.append(u'"' + n + u'"');
    return q.join(u", "_s);
}

} // namespace

KubeConfig::KubeConfig() : d(std::make_shared<const Data>()) {}

QStringList KubeConfig::candidateFiles(const QString &explicitPath, const QProcessEnvironment &environment,
                                       const QString &homeDir)
{
    if (!explicitPath.isEmpty())
        return {explicitPath};
    QStringList files;
    const QString list = environment.value(u"KUBECONFIG"_s);
    for (const QString &entry : list.split(u':', Qt::SkipEmptyParts)) {
        if (!files.contains(entry))
            files.append(entry);
    }
    if (files.isEmpty())
        files.append(QDir(homeDir).filePath(u".kube/config"_s));
    return files;
}

std::optional<KubeConfig> KubeConfig::load(const QString &explicitPath, const QProcessEnvironment &environment,
                                           const QString &homeDir, QString *error)
{
    const QStringList candidates = candidateFiles(explicitPath, environment, homeDir);
    if (!explicitPath.isEmpty()) {
        if (!QFileInfo::exists(explicitPath)) {
            if (error)
                *error = QCoreApplication::translate("pd::kube::Kubeconfig", "The kubeconfig \"%1\" given with --kubeconfig does not exist.").arg(explicitPath);
            return std::nullopt;
        }
        return loadFiles(candidates, error);
    }
    QStringList existing;
    for (const QString &file : candidates) {
        if (QFileInfo::exists(file))
            existing.append(file);
    }
    if (existing.isEmpty()) {
        if (error) {
            *error = environment.value(u"KUBECONFIG"_s).isEmpty()
                ? QCoreApplication::translate("pd::kube::Kubeconfig", "No kubeconfig found: %1 does not exist and KUBECONFIG is not set. Create one (e.g. with your "
                  "cloud's `get-credentials` command) or choose a file with --kubeconfig.").arg(candidates.first())
                : QCoreApplication::translate("pd::kube::Kubeconfig", "No kubeconfig found: none of the files in KUBECONFIG exists (%1).").arg(candidates.join(u", "_s));
        }
        return std::nullopt;
    }
    return loadFiles(existing, error);
}

std::optional<KubeConfig> KubeConfig::loadFiles(const QStringList &files, QString *error)
{
    auto data = std::make_shared<Data>();
    for (const QString &path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            if (error)
                *error = u"%1: cannot read the kubeconfig: %2"_s.arg(path, file.errorString());
            return std::nullopt;
        }
        detail::ParsedConfig parsed;
        if (!detail::parseKubeConfigFile(file.readAll(), QFileInfo(path).absoluteFilePath(), &parsed, error))
            return std::nullopt;
        data->files.append(QFileInfo(path).absoluteFilePath());
        // kubectl's merge: the first file to set a name wins, as does the first current-context.
        detail::ParsedConfig &m = data->merged;
        for (auto it = parsed.clusters.cbegin(); it != parsed.clusters.cend(); ++it)
            if (!m.clusters.contains(it.key())) m.clusters.insert(it.key(), it.value());
        for (auto it = parsed.users.cbegin(); it != parsed.users.cend(); ++it)
            if (!m.users.contains(it.key())) m.users.insert(it.key(), it.value());
        for (auto it = parsed.contexts.cbegin(); it != parsed.contexts.cend(); ++it)
            if (!m.contexts.contains(it.key())) m.contexts.insert(it.key(), it.value());
        if (m.currentContext.isEmpty()) {
            m.currentContext = parsed.currentContext;
            m.currentContextWhere = parsed.currentContextWhere;
        }
    }
    pd::log::kube()->debug("kubeconfig: merged {} ({} contexts, current \"{}\")", data->files.join(u", "_s),
                           data->merged.contexts.size(), data->merged.currentContext);
    KubeConfig config;
    config.d = std::move(data);
    return config;
}

std::optional<KubeConfig> KubeConfig::parse(const QByteArray &yaml, const QString &sourceName, QString *error)
{
    auto data = std::make_shared<Data>();
    if (!detail::parseKubeConfigFile(yaml, sourceName, &data->merged, error))
        return std::nullopt;
    data->files.append(sourceName);
    KubeConfig config;
    config.d = std::move(data);
    return config;
}

QStringList KubeConfig::files() const { return d->files; }
QStringList KubeConfig::contextNames() const { return d->merged.contexts.keys(); }
bool KubeConfig::hasContext(const QString &name) const { return d->merged.contexts.contains(name); }
QString KubeConfig::currentContext() const { return d->merged.currentContext; }

QString KubeConfig::contextNamespace(const QString &contextName) const
{
    const QString ns = d->merged.contexts.value(contextName).namespaceName;
    return ns.isEmpty() ? u"default"_s : ns;
}

QString KubeConfig::contextCluster(const QString &contextName) const
{
    return d->merged.contexts.value(contextName).cluster;
}

QString KubeConfig::contextUser(const QString &contextName) const
{
    return d->merged.contexts.value(contextName).user;
}

std::optional<ClusterEndpoint> KubeConfig::endpoint(const QString &contextName, QString *error) const
{
    QString ignored;
    QString &err = error ? *error : ignored;
    const detail::ParsedConfig &m = d->merged;
    const QString filesText = d->files.join(u", "_s);
    const QString name = contextName.isEmpty() ? m.currentContext : contextName;
    if (name.isEmpty()) {
        err = m.contexts.isEmpty()
            ? QCoreApplication::translate("pd::kube::Kubeconfig", "No contexts are defined in %1.").arg(filesText)
            : QCoreApplication::translate("pd::kube::Kubeconfig", "No current context: %1 sets no current-context. Choose one of %2.").arg(filesText, quotedList(contextNames()));
        return std::nullopt;
    }
    if (!m.contexts.contains(name)) {
        const QString known = m.contexts.isEmpty() ? QCoreApplication::translate("pd::kube::Kubeconfig", "none is defined") : QCoreApplication::translate("pd::kube::Kubeconfig", "known: ") + quotedList(contextNames());
        err = contextName.isEmpty()
            ? QCoreApplication::translate("pd::kube::Kubeconfig", "%1: current-context names context \"%2\", which is not defined (%3).").arg(m.currentContextWhere, name, known)
            : QCoreApplication::translate("pd::kube::Kubeconfig", "Context \"%1\" is not defined in %2 (%3).").arg(name, filesText, known);
        return std::nullopt;
    }
    const ContextDef &ctx = m.contexts[name];
    if (ctx.cluster.isEmpty()) {
        err = QCoreApplication::translate("pd::kube::Kubeconfig", "%1: context \"%2\" names no cluster.").arg(ctx.at.where(), name);
        return std::nullopt;
    }
    if (!m.clusters.contains(ctx.cluster)) {
        err = QCoreApplication::translate("pd::kube::Kubeconfig", "%1: context \"%2\" names cluster \"%3\", which is not defined in %4.").arg(ctx.at.where("cluster"), name, ctx.cluster, filesText);
        return std::nullopt;
    }
    if (!ctx.user.isEmpty() && !m.users.contains(ctx.user)) {
        err = QCoreApplication::translate("pd::kube::Kubeconfig", "%1: context \"%2\" names user \"%3\", which is not defined in %4.").arg(ctx.at.where("user"), name, ctx.user, filesText);
        return std::nullopt;
    }

    ClusterEndpoint ep;
    ep.contextName = name;
    ep.clusterName = ctx.cluster;
    ep.userName = ctx.user;
    ep.sourceFile = ctx.at.file;
    if (!ctx.namespaceName.isEmpty())
        ep.namespaceName = ctx.namespaceName;

    const ClusterDef &cluster = m.clusters[ctx.cluster];
    const QString clusterOwner = QCoreApplication::translate("pd::kube::Kubeconfig", "cluster \"%1\"").arg(ctx.cluster);
    if (cluster.server.isEmpty()) {
        err = QCoreApplication::translate("pd::kube::Kubeconfig", "%1: cluster \"%2\" has no `server` (the API server's URL, e.g. https://203.0.113.10:6443).").arg(cluster.at.where(), ctx.cluster);
        return std::nullopt;
    }
    // kubectl accepts "host:port" and assumes https.
    const QString serverText = cluster.server.contains(u"://"_s) ? cluster.server : u"https://"_s + cluster.server;
    ep.server = QUrl(serverText, QUrl::StrictMode);
    if (!ep.server.isValid() || ep.server.host().isEmpty()
        || (ep.server.scheme() != u"https" && ep.server.scheme() != u"http")) {
        err = QCoreApplication::translate("pd::kube::Kubeconfig", "%1: `server` of cluster \"%2\" is not an http(s) URL: \"%3\".").arg(cluster.at.where("server"), ctx.cluster, cluster.server);
        return std::nullopt;
    }
    ep.tlsServerName = cluster.tlsServerName;
    ep.insecureSkipTlsVerify = cluster.insecureSkipTlsVerify;
    if (cluster.insecureSkipTlsVerify && (!cluster.certificateAuthority.isEmpty() || !cluster.certificateAuthorityData.isEmpty())) {
        err = QCoreApplication::translate("pd::kube::Kubeconfig", "%1: cluster \"%2\" sets both insecure-skip-tls-verify and a certificate authority; kubectl refuses "
              "this too. Remove one of them.").arg(cluster.at.where("insecure-skip-tls-verify"), ctx.cluster);
        return std::nullopt;
    }
    if (!cluster.certificateAuthorityData.isEmpty()) {
        ep.certificateAuthorityPem = cluster.certificateAuthorityData;
    } else if (!cluster.certificateAuthority.isEmpty()
               && !readReferencedFile(resolvePath(cluster.certificateAuthority, cluster.at), cluster.at,
                                      "certificate-authority", clusterOwner, &ep.certificateAuthorityPem, &err)) {
        return std::nullopt;
    }
    if (!cluster.proxyUrl.isEmpty()) {
        ep.proxyUrl = QUrl(cluster.proxyUrl, QUrl::StrictMode);
        const QString scheme = ep.proxyUrl.scheme();
        if (!ep.proxyUrl.isValid() || ep.proxyUrl.host().isEmpty()
            || (scheme != u"http" && scheme != u"https" && scheme != u"socks5")) {
            err = QCoreApplication::translate("pd::kube::Kubeconfig", "%1: `proxy-url` of cluster \"%2\" must be an http, https or socks5 URL: \"%3\".").arg(cluster.at.where("proxy-url"), ctx.cluster, cluster.proxyUrl);
            return std::nullopt;
        }
    }

    if (ctx.user.isEmpty())
        return ep;   // anonymous, as kubectl allows
    const UserDef &user = m.users[ctx.user];
    const QString userOwner = QCoreApplication::translate("pd::kube::Kubeconfig", "user \"%1\"").arg(ctx.user);
    if (!user.authProviderName.isEmpty()) {
        err = QCoreApplication::translate("pd::kube::Kubeconfig", "%1: user \"%2\" uses the legacy auth-provider \"%3\", which kubectl no longer supports; switch to its "
              "exec plugin (e.g. gke-gcloud-auth-plugin or kubelogin).").arg(user.at.where("auth-provider"), ctx.user, user.authProviderName);
        return std::nullopt;
    }
    if (!user.clientCertificateData.isEmpty()) {
        ep.clientCertificatePem = user.clientCertificateData;
    } else if (!user.clientCertificate.isEmpty()
               && !readReferencedFile(resolvePath(user.clientCertificate, user.at), user.at, "client-certificate",
                                      userOwner, &ep.clientCertificatePem, &err)) {
        return std::nullopt;
    }
    if (!user.clientKeyData.isEmpty()) {
        ep.clientKeyPem = user.clientKeyData;
    } else if (!user.clientKey.isEmpty()
               && !readReferencedFile(resolvePath(user.clientKey, user.at), user.at, "client-key", userOwner,
                                      &ep.clientKeyPem, &err)) {
        return std::nullopt;
    }
    if (ep.clientCertificatePem.isEmpty() != ep.clientKeyPem.isEmpty()) {
        err = ep.clientKeyPem.isEmpty()
            ? QCoreApplication::translate("pd::kube::Kubeconfig", "%1: user \"%2\" has a client certificate but no client-key or client-key-data.").arg(user.at.where(), ctx.user)
            : QCoreApplication::translate("pd::kube::Kubeconfig", "%1: user \"%2\" has a client key but no client-certificate or client-certificate-data.").arg(user.at.where(), ctx.user);
        return std::nullopt;
    }
    const bool hasToken = !user.token.isEmpty() || !user.tokenFile.isEmpty();
    const bool hasBasic = !user.username.isEmpty() || !user.password.isEmpty();
    if (hasToken && hasBasic) {
        err = QCoreApplication::translate("pd::kube::Kubeconfig", "%1: user \"%2\" sets both a token and a username/password; only one authentication method is allowed.").arg(user.at.where(), ctx.user);
        return std::nullopt;
    }
    ep.token = user.token;
    ep.tokenFile = resolvePath(user.tokenFile, user.at);
    ep.basicUsername = user.username;
    ep.basicPassword = user.password;
    ep.impersonateUser = user.impersonate;
    ep.impersonateGroups = user.impersonateGroups;

    if (user.exec) {
        ExecConfig exec = *user.exec;
        const QString at = user.at.where("exec");
        if (exec.command.isEmpty()) {
            err = QCoreApplication::translate("pd::kube::Kubeconfig", "%1: the exec plugin of user \"%2\" has no `command`.").arg(at, ctx.user);
            return std::nullopt;
        }
        if (exec.apiVersion != u"client.authentication.k8s.io/v1" && exec.apiVersion != u"client.authentication.k8s.io/v1beta1") {
            err = QCoreApplication::translate("pd::kube::Kubeconfig", "%1: the exec plugin of user \"%2\" has apiVersion \"%3\"; supported are client.authentication.k8s.io/v1 "
                  "and client.authentication.k8s.io/v1beta1.").arg(at, ctx.user, exec.apiVersion);
            return std::nullopt;
        }
        if (exec.interactiveMode.isEmpty()) {
            if (exec.apiVersion.endsWith(u"/v1")) {
                err = QCoreApplication::translate("pd::kube::Kubeconfig", "%1: the exec plugin of user \"%2\" must set interactiveMode (Never, IfAvailable or Always) "
                      "with apiVersion client.authentication.k8s.io/v1.").arg(at, ctx.user);
                return std::nullopt;
            }
            exec.interactiveMode = u"IfAvailable"_s;
        }
        if (exec.interactiveMode == u"Always") {
            err = QCoreApplication::translate("pd::kube::Kubeconfig", "%1: the exec plugin of user \"%2\" needs a terminal (interactiveMode: Always), which a desktop app "
                  "cannot give it. Log in with it from a terminal first, or use a non-interactive mode.").arg(at, ctx.user);
            return std::nullopt;
        }
        if (exec.interactiveMode != u"Never" && exec.interactiveMode != u"IfAvailable") {
            err = QCoreApplication::translate("pd::kube::Kubeconfig", "%1: the exec plugin of user \"%2\" has an unknown interactiveMode \"%3\".").arg(at, ctx.user, exec.interactiveMode);
            return std::nullopt;
        }
        // As kubectl: a command with a path separator is relative to the kubeconfig; a bare name is looked up on PATH.
        if (exec.command.contains(u'/'))
            exec.command = resolvePath(exec.command, user.at);
        exec.clusterConfig = cluster.execExtension;
        ep.exec = exec;
    }
    return ep;
}

QStringList KubeConfig::warnings() const
{
    QStringList all;
    for (const QString &name : contextNames())
        all += warnings(name);
    return all;
}

QStringList KubeConfig::warnings(const QString &contextName) const
{
    const detail::ParsedConfig &m = d->merged;
    const ContextDef ctx = m.contexts.value(contextName);
    if (!m.contexts.contains(contextName) || !m.clusters.contains(ctx.cluster))
        return {};
    const ClusterDef &cluster = m.clusters[ctx.cluster];
    if (!cluster.insecureSkipTlsVerify)
        return {};
    return {QCoreApplication::translate("pd::kube::Kubeconfig", "Context \"%1\": cluster \"%2\" sets insecure-skip-tls-verify (%3), so the server's certificate is not "
            "verified and a man in the middle could read your credentials.").arg(contextName, ctx.cluster, cluster.at.where("insecure-skip-tls-verify"))};
}

} // namespace pd::kube
