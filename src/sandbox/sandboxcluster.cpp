#include "sandbox/sandboxcluster.h"

#include "sandbox/resourceregistry.h"   // before apierror.h (via objectimport.h): it needs GroupResource complete
#include "sandbox/apiserver.h"
#include "sandbox/faultinjector.h"
#include "sandbox/httpserver.h"
#include "sandbox/objectimport.h"
#include "sandbox/objectstore.h"
#include "sandbox/protobufrequest.h"
#include "sandbox/sandboxseeding.h"
#include "sandbox/tlsmaterial.h"

#include "kube/logging.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSaveFile>

namespace pd::sandbox {

namespace {

const QString kAdminUser = QStringLiteral("admin");
const QString kViewerUser = QStringLiteral("viewer");
const QString kAuthenticated = QStringLiteral("system:authenticated");

// 256 bits from the system CSPRNG, base64url without padding (43 characters).
QString newToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), bytes.size() / 4);
    return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray yamlQuote(const QString &s)
{
    // JSON string syntax is valid YAML (double-quoted scalar).
    QByteArray out = "\"";
    for (QChar c : s) {
        if (c == u'"' || c == u'\\')
            out += '\\';
        out += QString(c).toUtf8();
    }
    return out + '"';
}

} // namespace

struct SandboxCluster::Private
{
    SandboxOptions options;
    std::unique_ptr<ObjectStore> store;
    std::unique_ptr<ApiServer> api;
    std::unique_ptr<FaultInjector> faults;
    std::unique_ptr<HttpServer> http;
    std::optional<TlsMaterial> tls;
    QHash<QString, UserInfo> users;         // token -> identity
    QString adminToken;
    QString viewerToken;
    QUrl url;
    bool running = false;
    bool lastImportCreatedSomething = false;
    std::unique_ptr<SandboxExtras> extras;   // controllers and seeds (sandboxseeding.h)
};

SandboxCluster::SandboxCluster(QObject *parent)
    : QObject(parent), d(std::make_unique<Private>())
{
    d->store = std::make_unique<ObjectStore>();
    d->api = std::make_unique<ApiServer>(d->store.get());
    d->faults = std::make_unique<FaultInjector>();
    d->http = std::make_unique<HttpServer>();
}

SandboxCluster::~SandboxCluster()
{
    stop();
    // Order: controllers and HTTP first (they reach into the API server and store).
    d->extras.reset();
    d->http.reset();
    d->faults.reset();
    d->api.reset();
    d->store.reset();
}

bool SandboxCluster::start(const SandboxOptions &options, QString *error)
{
    auto fail = [error](const QString &message) {
        if (error)
            *error = message;
        pd::log::sandbox()->error("sandbox start failed: {}", message.toStdString());
        return false;
    };
    if (d->running)
        return fail(QStringLiteral("the sandbox is already running"));
    d->options = options;

    d->adminToken = mintToken(kAdminUser, {QStringLiteral("system:masters")});
    d->viewerToken = mintToken(kViewerUser, {});

    Private *p = d.get();
    d->api->setAuthenticator([p](const HttpRequest &request) -> std::optional<UserInfo> {
        const QByteArray authorization = request.header("authorization");
        if (authorization.size() > 7 && authorization.left(7).compare("bearer ", Qt::CaseInsensitive) == 0) {
            const auto it = p->users.constFind(QString::fromLatin1(authorization.mid(7).trimmed()));
            if (it == p->users.constEnd())
                return std::nullopt;
            return *it;
        }
        if (!authorization.isEmpty())
            return std::nullopt;
        // kubectl (client-go) sends no credentials over plain HTTP at all: there the sandbox
        // acts like kube-apiserver's old insecure port and treats such requests as the admin.
        if (!p->options.tls)
            return p->users.value(p->adminToken);
        if (!p->options.authorization)
            return std::nullopt;
        // No credentials over TLS: anonymous, as kube-apiserver's default; RBAC lets it see /version, /healthz.
        return UserInfo{QStringLiteral("system:anonymous"), {QStringLiteral("system:unauthenticated")}};
    });
    d->api->setAuthorizationEnabled(options.authorization);

    // The viewer reads everything `view` allows, cluster-wide.
    const QJsonObject viewerBinding{
        {QStringLiteral("apiVersion"), QStringLiteral("rbac.authorization.k8s.io/v1")},
        {QStringLiteral("kind"), QStringLiteral("ClusterRoleBinding")},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("sandbox-viewer")}}},
        {QStringLiteral("roleRef"), QJsonObject{{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                                                {QStringLiteral("kind"), QStringLiteral("ClusterRole")},
                                                {QStringLiteral("name"), QStringLiteral("view")}}},
        {QStringLiteral("subjects"), QJsonArray{QJsonObject{{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                                                            {QStringLiteral("kind"), QStringLiteral("User")},
                                                            {QStringLiteral("name"), kViewerUser}}}},
    };
    WriteOptions system;
    system.skipAdmission = true;
    const StoreResult bound = d->store->create({QStringLiteral("rbac.authorization.k8s.io"), QStringLiteral("clusterrolebindings")},
                                               viewerBinding, system);
    if (!bound.ok() && bound.error.code != 409)
        return fail(QStringLiteral("creating the viewer binding: %1").arg(bound.error.message));

    if (options.tls) {
        QString tlsError;
        d->tls = TlsMaterial::generate(&tlsError);
        if (!d->tls)
            return fail(QStringLiteral("TLS material: %1").arg(tlsError));
        d->http->setTlsConfiguration(d->tls->serverConfiguration());
    }

    ApiServer *api = d->api.get();
    d->faults->setExpireHandler([api] {
        api->compactHistory();
        api->expireAllWatches();
    });
    d->http->setRequestTransform(&transcodeProtobufRequest);
    d->http->setHandler(d->faults->wrap(d->api->handler()));
    QString listenError;
    if (!d->http->listen(options.address, options.port, &listenError))
        return fail(QStringLiteral("listening on %1:%2: %3").arg(options.address.toString()).arg(options.port).arg(listenError));

    QUrl url;
    url.setScheme(options.tls ? QStringLiteral("https") : QStringLiteral("http"));
    QHostAddress host = d->http->serverAddress();
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress(QHostAddress::LocalHost);
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    url.setHost(host.toString());
    url.setPort(d->http->serverPort());
    d->url = url;
    d->running = true;

    // Controllers, --load files, demo and --scale seeds (sandboxseeding.h).
    d->extras = std::make_unique<SandboxExtras>(this);
    QString seedError;
    if (!d->extras->start(options, &seedError)) {
        stop();
        return fail(seedError);
    }
    for (const QString &file : options.loadFiles) {
        // As `kubectl create -f` does: what can be created is, the rest is reported.
        QString loadError;
        if (!loadFile(file, &loadError)) {
            if (!d->lastImportCreatedSomething) {
                stop();
                return fail(loadError);
            }
            pd::log::sandbox()->warn("{}", loadError.toStdString());
        }
    }
    pd::log::sandbox()->info("sandbox serving on {}", url.toString().toStdString());
    Q_EMIT started(d->url);
    return true;
}

void SandboxCluster::stop()
{
    if (!d->running)
        return;
    d->running = false;
    if (d->extras)
        d->extras->stop();
    d->http->close();
}

bool SandboxCluster::isRunning() const
{
    return d->running;
}

QUrl SandboxCluster::url() const
{
    return d->url;
}

quint16 SandboxCluster::ingressPort() const
{
    return d->extras ? d->extras->ingressPort() : 0;
}

QByteArray SandboxCluster::caPem() const
{
    return d->tls ? d->tls->caCertificatePem : QByteArray();
}

QString SandboxCluster::adminToken() const
{
    return d->adminToken;
}

QString SandboxCluster::viewerToken() const
{
    return d->viewerToken;
}

QString SandboxCluster::serviceAccountToken(const QString &namespaceName, const QString &name)
{
    const QString user = QStringLiteral("system:serviceaccount:%1:%2").arg(namespaceName, name);
    for (auto it = d->users.constBegin(); it != d->users.constEnd(); ++it)
        if (it->name == user)
            return it.key();
    return mintToken(user, {QStringLiteral("system:serviceaccounts"),
                            QStringLiteral("system:serviceaccounts:%1").arg(namespaceName)});
}

QString SandboxCluster::mintToken(const QString &userName, const QStringList &groups)
{
    UserInfo info{userName, groups};
    if (!info.groups.contains(kAuthenticated))
        info.groups.append(kAuthenticated);
    const QString token = newToken();
    d->users.insert(token, info);
    return token;
}

std::optional<UserInfo> SandboxCluster::userForToken(const QString &token) const
{
    const auto it = d->users.constFind(token);
    if (it == d->users.constEnd())
        return std::nullopt;
    return *it;
}

QByteArray SandboxCluster::kubeconfigYaml() const
{
    QByteArray out = "apiVersion: v1\nkind: Config\nclusters:\n- name: sandbox\n  cluster:\n    server: "
                     + yamlQuote(d->url.toString()) + '\n';
    if (d->tls)
        out += "    certificate-authority-data: " + d->tls->caCertificatePem.toBase64() + '\n';
    out += "users:\n";
    out += "- name: sandbox-admin\n  user:\n    token: " + yamlQuote(d->adminToken) + '\n';
    out += "- name: sandbox-viewer\n  user:\n    token: " + yamlQuote(d->viewerToken) + '\n';
    out += "contexts:\n";
    out += "- name: sandbox-admin\n  context:\n    cluster: sandbox\n    user: sandbox-admin\n";
    out += "- name: sandbox-viewer\n  context:\n    cluster: sandbox\n    user: sandbox-viewer\n";
    out += "current-context: sandbox-admin\npreferences: {}\n";
    return out;
}

QByteArray SandboxCluster::kubeconfigYamlForToken(const QString &token, const QString &namespaceName) const
{
    QByteArray out = "apiVersion: v1\nkind: Config\nclusters:\n- name: sandbox\n  cluster:\n    server: "
                     + yamlQuote(d->url.toString()) + '\n';
    if (d->tls)
        out += "    certificate-authority-data: " + d->tls->caCertificatePem.toBase64() + '\n';
    out += "users:\n- name: sandbox-sa\n  user:\n    token: " + yamlQuote(token) + '\n';
    out += "contexts:\n- name: sandbox-sa\n  context:\n    cluster: sandbox\n    user: sandbox-sa\n";
    if (!namespaceName.isEmpty())
        out += "    namespace: " + yamlQuote(namespaceName) + '\n';
    out += "current-context: sandbox-sa\npreferences: {}\n";
    return out;
}

bool SandboxCluster::writeKubeconfig(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    // Tokens inside: owner only.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(kubeconfigYaml());
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

bool SandboxCluster::loadFile(const QString &path, QString *error)
{
    QFile file(path);
    d->lastImportCreatedSomething = false;
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    const ImportReport report = importYaml(d->store.get(), file.readAll(), path);
    d->lastImportCreatedSomething = report.created > 0;
    pd::log::sandbox()->info("loaded {}: {} created, {} skipped, {} errors", path.toStdString(), report.created,
                             report.skipped, report.errors.size());
    if (!report.errors.isEmpty()) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, report.errors.join(QStringLiteral("; ")));
        return false;
    }
    return true;
}

ObjectStore *SandboxCluster::store() const
{
    return d->store.get();
}

ApiServer *SandboxCluster::api() const
{
    return d->api.get();
}

FaultInjector *SandboxCluster::faults() const
{
    return d->faults.get();
}

HttpServer *SandboxCluster::httpServer() const
{
    return d->http.get();
}

const SandboxOptions &SandboxCluster::options() const
{
    return d->options;
}

} // namespace pd::sandbox
