#include "discovery.h"

#include "bindto.h"
#include "apiclient.h"
#include "sharedresult.h"

#include <QJsonArray>
#include <QPromise>
#include <QRegularExpression>

namespace pd::kube {

using namespace Qt::StringLiterals;

struct DiscoveryRun
{
    SharedResult<ApiResult> waiters;   // every caller of ensureLoaded()/refresh() during the run
    int pendingRoots = 2;
    int pendingVersions = 0;
    ApiResult rootFailure;
    QStringList groupOrder{QString()};
    QHash<QString, QStringList> versions;            // group -> versions, preferred first
    QHash<QString, QList<ApiResourceInfo>> byGroupVersion;
    QStringList failed;
};

namespace {

ApiResult okResult()
{
    ApiResult r;
    r.httpCode = 200;
    return r;
}

QString groupOf(const QString &groupVersion)
{
    const qsizetype slash = groupVersion.indexOf(u'/');
    return slash < 0 ? QString() : groupVersion.left(slash);
}

bool looksLikeVersion(const QString &text)
{
    static const QRegularExpression version(u"^v\\d+((alpha|beta)\\d+)?$"_s);
    return version.match(text).hasMatch();
}

bool matchesName(const ApiResourceInfo &info, const QString &lower)
{
    return info.name == lower || info.singularName == lower || info.kind.toLower() == lower
        || info.shortNames.contains(lower);
}

} // namespace

QString ApiResourceInfo::groupVersion() const
{
    return group.isEmpty() ? version : group + u'/' + version;
}

ResourceRef ApiResourceInfo::ref(const QString &namespaceName, const QString &objectName) const
{
    ResourceRef r;
    r.group = group;
    r.version = version;
    r.resource = name;
    r.namespaceName = namespaced ? namespaceName : QString();
    r.name = objectName;
    return r;
}

Discovery::Discovery(ApiClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
}

Discovery::~Discovery() = default;

QList<ApiResourceInfo> Discovery::parseResourceList(const QJsonObject &list)
{
    const QString groupVersion = list.value("groupVersion"_L1).toString();
    const QString group = groupOf(groupVersion);
    const QString version = groupVersion.mid(groupVersion.indexOf(u'/') + 1);
    QList<ApiResourceInfo> out;
    QHash<QString, QStringList> subresources;
    const QJsonArray resources = list.value("resources"_L1).toArray();
    auto toStrings = [](const QJsonValue &value) {
        QStringList strings;
        const QJsonArray array = value.toArray();
        for (const QJsonValue &v : array)
            strings.append(v.toString());
        return strings;
    };
    for (const QJsonValue &value : resources) {
        const QJsonObject o = value.toObject();
        const QString name = o.value("name"_L1).toString();
        const qsizetype slash = name.indexOf(u'/');
        if (slash >= 0) {
            subresources[name.left(slash)].append(name.mid(slash + 1));
            continue;
        }
        ApiResourceInfo info;
        info.group = o.value("group"_L1).toString(group);
        info.version = o.value("version"_L1).toString(version);
        info.name = name;
        info.singularName = o.value("singularName"_L1).toString();
        info.kind = o.value("kind"_L1).toString();
        if (info.singularName.isEmpty())
            info.singularName = info.kind.toLower();
        info.namespaced = o.value("namespaced"_L1).toBool();
        info.verbs = toStrings(o.value("verbs"_L1));
        info.shortNames = toStrings(o.value("shortNames"_L1));
        info.categories = toStrings(o.value("categories"_L1));
        out.append(info);
    }
    for (ApiResourceInfo &info : out)
        info.subresources = subresources.value(info.name);
    return out;
}

QFuture<ApiResult> Discovery::ensureLoaded()
{
    if (m_loaded)
        return QtFuture::makeReadyFuture(okResult());
    if (m_running)
        return m_running->waiters.add();
    return refresh();
}

QFuture<ApiResult> Discovery::refresh()
{
    if (m_running)
        return m_running->waiters.add();
    auto run = std::make_shared<DiscoveryRun>();
    const QFuture<ApiResult> future = run->waiters.add();
    m_running = run;
    if (!m_client) {
        complete(run, ApiResult::fromLocalError(u"no API client"_s));
        return future;
    }

    auto rootDone = [this, run] {
        if (--run->pendingRoots > 0)
            return;
        if (!run->rootFailure.ok()) {
            complete(run, run->rootFailure);
            return;
        }
        QStringList groupVersions;
        for (const QString &group : std::as_const(run->groupOrder)) {
            for (const QString &version : run->versions.value(group))
                groupVersions.append(group.isEmpty() ? version : group + u'/' + version);
        }
        fetchGroupVersions(groupVersions, run);
    };
    run->rootFailure = okResult();

    pd::bindTo(this, m_client->send(ApiRequest::raw(u"/api"_s)), [run, rootDone](const ApiResult &result) {
        if (!result.ok()) {
            run->rootFailure = result;
        } else {
            QStringList versions;
            const QJsonArray list = result.object.value("versions"_L1).toArray();
            for (const QJsonValue &v : list)
                versions.append(v.toString());
            run->versions.insert(QString(), versions);
        }
        rootDone();
    });
    pd::bindTo(this, m_client->send(ApiRequest::raw(u"/apis"_s)), [run, rootDone](const ApiResult &result) {
        if (!result.ok()) {
            run->rootFailure = result;
        } else {
            const QJsonArray groups = result.object.value("groups"_L1).toArray();
            for (const QJsonValue &g : groups) {
                const QJsonObject group = g.toObject();
                const QString name = group.value("name"_L1).toString();
                const QString preferred = group.value("preferredVersion"_L1).toObject().value("version"_L1).toString();
                QStringList versions;
                if (!preferred.isEmpty())
                    versions.append(preferred);
                const QJsonArray served = group.value("versions"_L1).toArray();
                for (const QJsonValue &v : served) {
                    const QString version = v.toObject().value("version"_L1).toString();
                    if (!version.isEmpty() && !versions.contains(version))
                        versions.append(version);
                }
                if (!run->groupOrder.contains(name))
                    run->groupOrder.append(name);
                run->versions.insert(name, versions);
            }
        }
        rootDone();
    });
    return future;
}

void Discovery::fetchGroupVersions(const QStringList &groupVersions, const std::shared_ptr<DiscoveryRun> &run)
{
    run->pendingVersions = int(groupVersions.size());
    if (groupVersions.isEmpty()) {
        complete(run, okResult());
        return;
    }
    for (const QString &gv : groupVersions) {
        const QString path = gv.contains(u'/') ? u"/apis/"_s + gv : u"/api/"_s + gv;
        pd::bindTo(this, m_client->send(ApiRequest::raw(path)), [this, run, gv](const ApiResult &result) {
            if (result.ok())
                run->byGroupVersion.insert(gv, parseResourceList(result.object));
            else
                run->failed.append(gv);   // e.g. metrics.k8s.io served by a broken APIService
            if (--run->pendingVersions == 0)
                complete(run, okResult());
        });
    }
}

void Discovery::complete(const std::shared_ptr<DiscoveryRun> &run, const ApiResult &result)
{
    if (result.ok()) {
        m_resources.clear();
        m_groupOrder.clear();
        m_versions.clear();
        for (const QString &group : std::as_const(run->groupOrder)) {
            QStringList served;
            for (const QString &version : run->versions.value(group)) {
                const QString gv = group.isEmpty() ? version : group + u'/' + version;
                if (!run->byGroupVersion.contains(gv))
                    continue;
                served.append(version);
                m_resources += run->byGroupVersion.value(gv);
            }
            if (!served.isEmpty()) {
                m_groupOrder.append(group);
                m_versions.insert(group, served);
            }
        }
        m_failed = run->failed;
        m_loaded = true;
    }
    if (m_running == run)
        m_running.reset();
    run->waiters.resolve(result);
    if (result.ok())
        Q_EMIT refreshed();
}

QStringList Discovery::groups() const
{
    return m_groupOrder;
}

QStringList Discovery::servedVersions(const QString &group) const
{
    return m_versions.value(group);
}

QString Discovery::preferredVersion(const QString &group) const
{
    const QStringList versions = m_versions.value(group);
    return versions.isEmpty() ? QString() : versions.constFirst();
}

bool Discovery::servesGroupVersion(const QString &groupVersion) const
{
    const QString group = groupOf(groupVersion);
    const QString version = groupVersion.mid(groupVersion.indexOf(u'/') + 1);
    return m_versions.value(group).contains(version);
}

std::optional<ApiResourceInfo> Discovery::resolve(const QString &text) const
{
    const QString lower = text.trimmed().toLower();
    if (lower.isEmpty())
        return std::nullopt;
    auto find = [&](const QString &res, const std::optional<QString> &group,
                    const std::optional<QString> &version) -> std::optional<ApiResourceInfo> {
        // Plural and singular names and short names beat kinds, as in kubectl's shortcut expander.
        for (int pass = 0; pass < 2; ++pass) {
            for (const ApiResourceInfo &info : m_resources) {
                if (group && info.group != *group)
                    continue;
                if (version && info.version != *version)
                    continue;
                const bool hit = pass == 0 ? (info.name == res || info.singularName == res || info.shortNames.contains(res))
                                           : matchesName(info, res);
                if (hit)
                    return info;
            }
        }
        return std::nullopt;
    };
    const qsizetype dot = lower.indexOf(u'.');
    if (dot < 0)
        return find(lower, std::nullopt, std::nullopt);
    const QString res = lower.left(dot);
    const QString rest = lower.mid(dot + 1);
    const qsizetype dot2 = rest.indexOf(u'.');
    if (dot2 > 0 && looksLikeVersion(rest.left(dot2))) {
        if (auto hit = find(res, rest.mid(dot2 + 1), rest.left(dot2)))
            return hit;
    }
    if (auto hit = find(res, rest, std::nullopt))
        return hit;
    // "v1" alone as the rest: the core group ("pods.v1").
    if (looksLikeVersion(rest))
        return find(res, QString(), rest);
    return std::nullopt;
}

std::optional<ApiResourceInfo> Discovery::findKind(const QString &apiVersion, const QString &kind) const
{
    const QString group = groupOf(apiVersion);
    const QString version = apiVersion.mid(apiVersion.indexOf(u'/') + 1);
    for (const ApiResourceInfo &info : m_resources) {
        if (info.group == group && info.version == version && info.kind == kind)
            return info;
    }
    return std::nullopt;
}

std::optional<ApiResourceInfo> Discovery::findGroupKind(const QString &group, const QString &kind) const
{
    // m_resources holds each group's preferred version first.
    for (const ApiResourceInfo &info : m_resources) {
        if (info.group == group && info.kind == kind)
            return info;
    }
    return std::nullopt;
}

} // namespace pd::kube
