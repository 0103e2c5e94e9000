#pragma once

#include "apirequest.h"
#include "apiresult.h"

#include <QFuture>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <optional>

namespace pd::kube {

class ApiClient;
struct DiscoveryRun;

// One row of an APIResourceList (a resource, not a subresource).
struct ApiResourceInfo
{
    QString group;               // "" for core
    QString version;
    QString kind;                // Deployment
    QString name;                // plural: deployments
    QString singularName;        // deployment
    bool namespaced = false;
    QStringList verbs;
    QStringList shortNames;      // deploy
    QStringList categories;      // all
    QStringList subresources;    // scale, status

    QString groupVersion() const;                       // apps/v1 or v1
    bool supports(const QString &verb) const { return verbs.contains(verb); }
    bool hasSubresource(const QString &sub) const { return subresources.contains(sub); }
    // A ref to the collection or one object of this resource.
    ResourceRef ref(const QString &namespaceName = {}, const QString &objectName = {}) const;
};

// What the server serves: GET /api, /apis, /api/v1, /apis/G/V. Cached until refresh().
// Group versions that fail (an aggregated API that is down) are recorded and skipped,
// as client-go does, so one broken APIService does not break everything.
class Discovery final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Discovery)
public:
    explicit Discovery(ApiClient *client, QObject *parent = nullptr);
    ~Discovery() override;

    // Fetches everything anew. Resolves to ok, or to the failure of /api or /apis.
    QFuture<ApiResult> refresh();
    // Resolves at once when loaded, otherwise loads (one refresh shared by all callers).
    QFuture<ApiResult> ensureLoaded();
    bool isLoaded() const { return m_loaded; }

    // All resources, preferred versions of each group first, core group first.
    QList<ApiResourceInfo> resources() const { return m_resources; }
    QStringList groups() const;                                   // "" first
    QStringList servedVersions(const QString &group) const;       // preferred first
    QString preferredVersion(const QString &group) const;
    bool servesGroupVersion(const QString &groupVersion) const;   // "external-secrets.io/v1", "v1"
    QStringList failedGroupVersions() const { return m_failed; }

    // Like kubectl: "deploy", "deployments", "deployment", "Deployment",
    // "deployments.apps", "deployment.v1.apps", "deploy.apps". Preferred version wins.
    std::optional<ApiResourceInfo> resolve(const QString &text) const;
    // By apiVersion ("apps/v1", "v1") and kind, as found in an object.
    std::optional<ApiResourceInfo> findKind(const QString &apiVersion, const QString &kind) const;
    // By group and kind in the preferred version (any served version if absent there).
    std::optional<ApiResourceInfo> findGroupKind(const QString &group, const QString &kind) const;

    // Parses one APIResourceList (exposed for the sandbox and tests).
    static QList<ApiResourceInfo> parseResourceList(const QJsonObject &list);

Q_SIGNALS:
    void refreshed();

private:
    void fetchGroupVersions(const QStringList &groupVersions, const std::shared_ptr<DiscoveryRun> &run);
    void complete(const std::shared_ptr<DiscoveryRun> &run, const ApiResult &result);

    QPointer<ApiClient> m_client;
    bool m_loaded = false;
    QList<ApiResourceInfo> m_resources;
    QHash<QString, QStringList> m_versions;   // group -> served versions, preferred first
    QStringList m_groupOrder;
    QStringList m_failed;
    std::shared_ptr<DiscoveryRun> m_running;
};

} // namespace pd::kube
