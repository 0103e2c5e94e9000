#include "resourceregistry.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox {

namespace {

const QStringList &allVerbs()
{
    static const QStringList verbs{u"create"_s, u"delete"_s, u"deletecollection"_s, u"get"_s,
                                   u"list"_s, u"patch"_s, u"update"_s, u"watch"_s};
    return verbs;
}

// Kubernetes version priority: GA before beta before alpha, higher numbers first,
// anything else last (alphabetically).
int versionRank(const QString &v, int *major, int *minor)
{
    static const QRegularExpression re(u"^v(\\d+)(?:(alpha|beta)(\\d+))?$"_s);
    const auto m = re.match(v);
    if (!m.hasMatch())
        return 3;
    *major = m.captured(1).toInt();
    *minor = m.captured(3).toInt();
    if (m.captured(2).isEmpty())
        return 0;
    return m.captured(2) == u"beta"_s ? 1 : 2;
}

bool versionBefore(const QString &a, const QString &b)
{
    int amaj = 0, amin = 0, bmaj = 0, bmin = 0;
    const int ra = versionRank(a, &amaj, &amin);
    const int rb = versionRank(b, &bmaj, &bmin);
    if (ra != rb)
        return ra < rb;
    if (ra == 3)
        return a < b;
    if (amaj != bmaj)
        return amaj > bmaj;
    return amin > bmin;
}

struct Def
{
    const char16_t *group;
    const char16_t *version;
    const char16_t *resource;
    const char16_t *singular;
    const char16_t *kind;
    bool namespaced;
    const char16_t *shortNames;     // comma separated
    bool inAll;                     // category "all"
    const char16_t *subresources;   // comma separated
    const char16_t *verbs;          // "" = the standard eight
};

QStringList split(const char16_t *text)
{
    const QString s = QString::fromUtf16(text);
    return s.isEmpty() ? QStringList{} : s.split(u',');
}

// The built-in kinds the sandbox serves, in discovery order per group/version.
const Def kBuiltins[] = {
    {u"", u"v1", u"namespaces", u"namespace", u"Namespace", false, u"ns", false, u"status,finalize", u"create,delete,get,list,patch,update,watch"},
    {u"", u"v1", u"pods", u"pod", u"Pod", true, u"po", true, u"status,log,exec,portforward,eviction,ephemeralcontainers", u""},
    {u"", u"v1", u"services", u"service", u"Service", true, u"svc", true, u"status,proxy", u"create,delete,deletecollection,get,list,patch,update,watch"},
    {u"", u"v1", u"endpoints", u"endpoints", u"Endpoints", true, u"ep", false, u"", u""},
    {u"", u"v1", u"configmaps", u"configmap", u"ConfigMap", true, u"cm", false, u"", u""},
    {u"", u"v1", u"secrets", u"secret", u"Secret", true, u"", false, u"", u""},
    {u"", u"v1", u"serviceaccounts", u"serviceaccount", u"ServiceAccount", true, u"sa", false, u"token", u""},
    {u"", u"v1", u"persistentvolumeclaims", u"persistentvolumeclaim", u"PersistentVolumeClaim", true, u"pvc", false, u"status", u""},
    {u"", u"v1", u"persistentvolumes", u"persistentvolume", u"PersistentVolume", false, u"pv", false, u"status", u""},
    {u"", u"v1", u"events", u"event", u"Event", true, u"ev", false, u"", u""},
    {u"", u"v1", u"resourcequotas", u"resourcequota", u"ResourceQuota", true, u"quota", false, u"status", u""},
    {u"", u"v1", u"limitranges", u"limitrange", u"LimitRange", true, u"limits", false, u"", u""},
    {u"", u"v1", u"nodes", u"node", u"Node", false, u"no", false, u"status,proxy", u""},
    {u"apps", u"v1", u"deployments", u"deployment", u"Deployment", true, u"deploy", true, u"status,scale", u""},
    {u"apps", u"v1", u"statefulsets", u"statefulset", u"StatefulSet", true, u"sts", true, u"status,scale", u""},
    {u"apps", u"v1", u"replicasets", u"replicaset", u"ReplicaSet", true, u"rs", true, u"status,scale", u""},
    {u"apps", u"v1", u"daemonsets", u"daemonset", u"DaemonSet", true, u"ds", true, u"status", u""},
    {u"apps", u"v1", u"controllerrevisions", u"controllerrevision", u"ControllerRevision", true, u"", false, u"", u""},
    {u"events.k8s.io", u"v1", u"events", u"event", u"Event", true, u"ev", false, u"", u""},
    {u"authorization.k8s.io", u"v1", u"selfsubjectaccessreviews", u"selfsubjectaccessreview", u"SelfSubjectAccessReview", false, u"", false, u"", u"create"},
    {u"authorization.k8s.io", u"v1", u"selfsubjectrulesreviews", u"selfsubjectrulesreview", u"SelfSubjectRulesReview", false, u"", false, u"", u"create"},
    {u"authorization.k8s.io", u"v1", u"subjectaccessreviews", u"subjectaccessreview", u"SubjectAccessReview", false, u"", false, u"", u"create"},
    {u"autoscaling", u"v2", u"horizontalpodautoscalers", u"horizontalpodautoscaler", u"HorizontalPodAutoscaler", true, u"hpa", true, u"status", u""},
    {u"autoscaling", u"v1", u"horizontalpodautoscalers", u"horizontalpodautoscaler", u"HorizontalPodAutoscaler", true, u"hpa", true, u"status", u""},
    {u"batch", u"v1", u"jobs", u"job", u"Job", true, u"", true, u"status", u""},
    {u"batch", u"v1", u"cronjobs", u"cronjob", u"CronJob", true, u"cj", true, u"status", u""},
    {u"networking.k8s.io", u"v1", u"ingresses", u"ingress", u"Ingress", true, u"ing", false, u"status", u""},
    {u"networking.k8s.io", u"v1", u"networkpolicies", u"networkpolicy", u"NetworkPolicy", true, u"netpol", false, u"", u""},
    {u"networking.k8s.io", u"v1", u"ingressclasses", u"ingressclass", u"IngressClass", false, u"", false, u"", u""},
    {u"policy", u"v1", u"poddisruptionbudgets", u"poddisruptionbudget", u"PodDisruptionBudget", true, u"pdb", false, u"status", u""},
    {u"rbac.authorization.k8s.io", u"v1", u"clusterrolebindings", u"clusterrolebinding", u"ClusterRoleBinding", false, u"", false, u"", u""},
    {u"rbac.authorization.k8s.io", u"v1", u"clusterroles", u"clusterrole", u"ClusterRole", false, u"", false, u"", u""},
    {u"rbac.authorization.k8s.io", u"v1", u"rolebindings", u"rolebinding", u"RoleBinding", true, u"", false, u"", u""},
    {u"rbac.authorization.k8s.io", u"v1", u"roles", u"role", u"Role", true, u"", false, u"", u""},
    {u"storage.k8s.io", u"v1", u"storageclasses", u"storageclass", u"StorageClass", false, u"sc", false, u"", u""},
    {u"coordination.k8s.io", u"v1", u"leases", u"lease", u"Lease", true, u"", false, u"", u""},
    {u"discovery.k8s.io", u"v1", u"endpointslices", u"endpointslice", u"EndpointSlice", true, u"", false, u"", u""},
    {u"apiextensions.k8s.io", u"v1", u"customresourcedefinitions", u"customresourcedefinition", u"CustomResourceDefinition", false, u"crd,crds", false, u"status", u""},
    {u"metrics.k8s.io", u"v1beta1", u"pods", u"", u"PodMetrics", true, u"", false, u"", u"get,list"},
    {u"metrics.k8s.io", u"v1beta1", u"nodes", u"", u"NodeMetrics", false, u"", false, u"", u"get,list"},
};

QString key3(const QString &a, const QString &b, const QString &c) { return a + u'/' + b + u'/' + c; }

} // namespace

ResourceRegistry::ResourceRegistry()
{
    for (const Def &d : kBuiltins) {
        ResourceInfo info;
        info.group = QString::fromUtf16(d.group);
        info.version = QString::fromUtf16(d.version);
        info.resource = QString::fromUtf16(d.resource);
        info.singular = QString::fromUtf16(d.singular);
        info.kind = QString::fromUtf16(d.kind);
        info.namespaced = d.namespaced;
        info.shortNames = split(d.shortNames);
        if (d.inAll)
            info.categories = QStringList{u"all"_s};
        info.subresources = split(d.subresources);
        info.verbs = QString::fromUtf16(d.verbs).isEmpty() ? allVerbs() : split(d.verbs);
        info.storageVersion = !(info.group == u"autoscaling"_s && info.version == u"v1"_s);
        add(info);
    }
    rebuildIndex();
}

void ResourceRegistry::add(const ResourceInfo &info)
{
    m_resources.append(info);
}

void ResourceRegistry::rebuildIndex()
{
    m_byGvr.clear();
    m_byGvk.clear();
    m_preferred.clear();
    // Preferred version per group: the order of groups() (first listed).
    QHash<QString, QString> preferredVersion;
    for (const ApiGroupInfo &g : groups())
        preferredVersion.insert(g.name, g.versions.value(0));
    for (qsizetype i = 0; i < m_resources.size(); ++i) {
        const ResourceInfo &r = m_resources.at(i);
        m_byGvr.insert(key3(r.group, r.version, r.resource), i);
        m_byGvk.insert(key3(r.group, r.version, r.kind), i);
        const GroupResource gr = r.groupResource();
        const auto it = m_preferred.constFind(gr);
        if (it == m_preferred.constEnd() || r.version == preferredVersion.value(r.group))
            m_preferred.insert(gr, i);
    }
}

const ResourceInfo *ResourceRegistry::find(const QString &group, const QString &version, const QString &resource) const
{
    const auto it = m_byGvr.constFind(key3(group, version, resource));
    return it == m_byGvr.constEnd() ? nullptr : &m_resources.at(*it);
}

const ResourceInfo *ResourceRegistry::preferred(const GroupResource &gr) const
{
    const auto it = m_preferred.constFind(gr);
    return it == m_preferred.constEnd() ? nullptr : &m_resources.at(*it);
}

const ResourceInfo *ResourceRegistry::findByKind(const QString &apiVersion, const QString &kind) const
{
    const qsizetype slash = apiVersion.indexOf(u'/');
    const QString group = slash < 0 ? QString() : apiVersion.left(slash);
    const QString version = slash < 0 ? apiVersion : apiVersion.mid(slash + 1);
    const auto it = m_byGvk.constFind(key3(group, version, kind));
    return it == m_byGvk.constEnd() ? nullptr : &m_resources.at(*it);
}

const ResourceInfo *ResourceRegistry::findByGroupKind(const QString &group, const QString &kind) const
{
    const ResourceInfo *found = nullptr;
    for (const ResourceInfo &r : m_resources) {
        if (r.group != group || r.kind != kind)
            continue;
        const ResourceInfo *p = preferred(r.groupResource());
        if (p && p->kind == kind)
            return p;
        if (!found)
            found = &r;
    }
    return found;
}

bool ResourceRegistry::isNamespaced(const GroupResource &gr) const
{
    const ResourceInfo *info = preferred(gr);
    return info && info->namespaced;
}

QList<ApiGroupInfo> ResourceRegistry::groups() const
{
    QList<ApiGroupInfo> result;
    QHash<QString, qsizetype> index;
    for (const ResourceInfo &r : m_resources) {
        auto it = index.constFind(r.group);
        if (it == index.constEnd()) {
            it = index.insert(r.group, result.size());
            result.append(ApiGroupInfo{r.group, {}});
        }
        ApiGroupInfo &g = result[*it];
        if (!g.versions.contains(r.version))
            g.versions.append(r.version);
    }
    for (ApiGroupInfo &g : result) {
        // Built-in groups keep their table order (autoscaling: v2 first); CRD groups sort by priority.
        bool builtin = false;
        for (const ResourceInfo &r : m_resources)
            if (r.group == g.name && !r.custom) {
                builtin = true;
                break;
            }
        if (!builtin)
            std::stable_sort(g.versions.begin(), g.versions.end(), versionBefore);
    }
    return result;
}

QList<const ResourceInfo *> ResourceRegistry::resources(const QString &group, const QString &version) const
{
    QList<const ResourceInfo *> result;
    for (const ResourceInfo &r : m_resources)
        if (r.group == group && r.version == version)
            result.append(&r);
    return result;
}

QList<GroupResource> ResourceRegistry::storageResources() const
{
    QList<GroupResource> result;
    for (const ResourceInfo &r : m_resources) {
        const GroupResource gr = r.groupResource();
        if (r.group != u"metrics.k8s.io"_s && r.verbs.contains(u"list"_s) && !result.contains(gr))
            result.append(gr);
    }
    return result;
}

bool ResourceRegistry::addCustomResourceDefinition(const QJsonObject &crd)
{
    const QJsonObject spec = crd.value(u"spec"_s).toObject();
    const QJsonObject names = spec.value(u"names"_s).toObject();
    const QString group = spec.value(u"group"_s).toString();
    const QString plural = names.value(u"plural"_s).toString();
    const QString kind = names.value(u"kind"_s).toString();
    if (group.isEmpty() || plural.isEmpty() || kind.isEmpty())
        return false;
    const QString crdName = crd.value(u"metadata"_s).toObject().value(u"name"_s).toString();
    removeCustomResourceDefinition(crdName.isEmpty() ? plural + u'.' + group : crdName);

    QStringList shortNames, categories;
    for (const auto &v : names.value(u"shortNames"_s).toArray())
        shortNames << v.toString();
    for (const auto &v : names.value(u"categories"_s).toArray())
        categories << v.toString();
    QStringList keys;
    for (const auto &v : spec.value(u"versions"_s).toArray()) {
        const QJsonObject ver = v.toObject();
        if (!ver.value(u"served"_s).toBool(true))
            continue;
        ResourceInfo info;
        info.group = group;
        info.version = ver.value(u"name"_s).toString();
        info.resource = plural;
        info.singular = names.value(u"singular"_s).toString(kind.toLower());
        info.kind = kind;
        info.namespaced = spec.value(u"scope"_s).toString() != u"Cluster"_s;
        info.verbs = allVerbs();
        info.shortNames = shortNames;
        info.categories = categories;
        info.custom = true;
        info.storageVersion = ver.value(u"storage"_s).toBool();
        const QJsonObject subs = ver.value(u"subresources"_s).toObject();
        if (subs.contains(u"status"_s))
            info.subresources << u"status"_s;
        if (subs.contains(u"scale"_s))
            info.subresources << u"scale"_s;
        info.printerColumns = ver.value(u"additionalPrinterColumns"_s).toArray();
        if (info.version.isEmpty() || find(group, info.version, plural))
            continue;
        add(info);
        keys << key3(group, info.version, plural);
    }
    m_crdResources.insert(crdName.isEmpty() ? plural + u'.' + group : crdName, keys);
    rebuildIndex();
    return !keys.isEmpty();
}

void ResourceRegistry::removeCustomResourceDefinition(const QString &crdName)
{
    const QStringList keys = m_crdResources.take(crdName);
    if (keys.isEmpty())
        return;
    m_resources.removeIf([&](const ResourceInfo &r) {
        return r.custom && keys.contains(key3(r.group, r.version, r.resource));
    });
    rebuildIndex();
}

} // namespace pd::sandbox
