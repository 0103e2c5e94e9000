#include "demoseed.h"

#include "controllers/controllerutil.h"
#include "controllers/externalsecretcontroller.h"
#include "controllers/snapshotcontroller.h"
#include "controllers/workloadcontroller.h"
#include "objectstore.h"

#include "core/contract.h"
#include "kube/logging.h"
#include "kube/yamljson.h"

#include <QFile>
#include <QJsonDocument>

namespace pd::sandbox {

using namespace controllers;
namespace contract = pd::core::contract;

namespace {

const QString kSource = u"staging"_s;

QJsonObject cleanMeta(const QJsonObject &meta, const QString &ns)
{
    QJsonObject out{{u"name"_s, meta.value(u"name"_s)}, {u"namespace"_s, ns}};
    QJsonObject annotations = meta.value(u"annotations"_s).toObject();
    annotations.remove(u"kubectl.kubernetes.io/last-applied-configuration"_s);
    annotations.remove(u"deployment.kubernetes.io/revision"_s);
    if (meta.contains(u"labels"_s))
        out.insert(u"labels"_s, meta.value(u"labels"_s));
    if (!annotations.isEmpty())
        out.insert(u"annotations"_s, annotations);
    return out;
}

// Rewrites what must be unique per environment (DNS names, hosts, record prefixes).
QJsonObject rewriteNames(const QJsonObject &object, const QString &ns)
{
    QString text = QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
    text.replace(u".staging.svc"_s, u'.' + ns + u".svc"_s);
    text.replace(u"staging.shop.example.com"_s, ns + u".preview.shop.example.com"_s);
    text.replace(u"shop/staging/"_s, u"shop/previews/"_s);
    text.replace(u"s3://shop-backups/staging/"_s, u"s3://shop-backups/previews/"_s + ns + u'/');
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

bool keep(const QJsonObject &o)
{
    static const QStringList dropped{u"Namespace"_s, u"Pod"_s, u"ReplicaSet"_s, u"Event"_s, u"ControllerRevision"_s,
                                     u"Job"_s, u"Endpoints"_s, u"EndpointSlice"_s, u"PersistentVolumeClaim"_s,
                                     u"CronJob"_s, u"ResourceQuota"_s, u"RoleBinding"_s};
    const QString kind = o.value(u"kind"_s).toString();
    const QString name = nameOf(o);
    const QJsonObject meta = metaOf(o);
    if (dropped.contains(kind))
        return false;
    if ((kind == u"ConfigMap"_s && name == u"kube-root-ca.crt"_s) || (kind == u"ServiceAccount"_s && name == u"default"_s))
        return false;
    if (kind == u"Secret"_s) {
        // Operator- and controller-made secrets come back by themselves; a secret
        // without a rule (mail-relay) was left out by the person cloning.
        if (!meta.value(u"ownerReferences"_s).toArray().isEmpty()
            || o.value(u"type"_s).toString() == QString(contract::ServiceAccountTokenType)
            || meta.value(u"annotations"_s).toObject().contains(QString(contract::CertManagerCertificateNameAnnotation))
            || !meta.value(u"annotations"_s).toObject().contains(QString(contract::RegenerateAnnotation)))
            return false;
    }
    return true;
}

QJsonObject object(const QString &apiVersion, const QString &kind, const QString &name, const QString &ns,
                   const QJsonObject &rest)
{
    QJsonObject o = rest;
    o.insert(u"apiVersion"_s, apiVersion);
    o.insert(u"kind"_s, kind);
    o.insert(u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, ns}});
    return o;
}

QJsonObject json(const char *text) { return QJsonDocument::fromJson(QByteArray(text)).object(); }

// What every preview gets besides the clone (DESIGN.md, clone safety 5).
QList<QJsonObject> guardrails(const QString &ns, const QString &owner)
{
    return {
        object(u"v1"_s, u"ResourceQuota"_s, u"preview-quota"_s, ns,
               json(R"({"spec":{"hard":{"requests.cpu":"4","requests.memory":"8Gi","limits.cpu":"8","limits.memory":"16Gi","pods":"30"}}})")),
        object(u"v1"_s, u"LimitRange"_s, u"preview-limits"_s, ns,
               json(R"({"spec":{"limits":[{"type":"Container","default":{"cpu":"500m","memory":"512Mi"},"defaultRequest":{"cpu":"100m","memory":"128Mi"}}]}})")),
        object(u"networking.k8s.io/v1"_s, u"NetworkPolicy"_s, u"default-deny"_s, ns,
               json(R"({"spec":{"podSelector":{},"policyTypes":["Ingress"]}})")),
        object(u"networking.k8s.io/v1"_s, u"NetworkPolicy"_s, u"allow-same-namespace"_s, ns,
               json(R"({"spec":{"podSelector":{},"policyTypes":["Ingress"],"ingress":[{"from":[{"podSelector":{}}]}]}})")),
        object(u"rbac.authorization.k8s.io/v1"_s, u"Role"_s, u"previewdesk-owner"_s, ns,
               json(R"({"rules":[{"apiGroups":["","apps","batch","networking.k8s.io"],"resources":["*"],"verbs":["get","list","watch"]},
                                 {"apiGroups":["apps"],"resources":["deployments","deployments/scale","statefulsets","statefulsets/scale"],"verbs":["patch","update"]},
                                 {"apiGroups":[""],"resources":["pods"],"verbs":["delete"]}]})")),
        object(u"rbac.authorization.k8s.io/v1"_s, u"RoleBinding"_s, u"previewdesk-owner"_s, ns,
               QJsonObject{{u"roleRef"_s, QJsonObject{{u"apiGroup"_s, u"rbac.authorization.k8s.io"_s}, {u"kind"_s, u"Role"_s}, {u"name"_s, u"previewdesk-owner"_s}}},
                           {u"subjects"_s, QJsonArray{QJsonObject{{u"apiGroup"_s, u"rbac.authorization.k8s.io"_s}, {u"kind"_s, u"User"_s}, {u"name"_s, owner}}}}}),
    };
}

QJsonObject previewNamespace(const DemoPreview &p, const QDateTime &now, const DemoSite &site)
{
    QJsonObject labels{{QString(contract::ManagedByLabel), QString(contract::ManagedByValue)},
                       {QString(contract::PartOfLabel), u"shop"_s},
                       {QString(contract::RoleLabel), QString(contract::RolePreview)},
                       {QString(contract::EnvironmentLabel), p.namespaceName},
                       {QString(contract::PrLabel), QString::number(p.pullRequest)},
                       {QString(contract::BranchLabel), p.branch},
                       {QString(contract::OwnerLabel), p.owner}};
    QJsonObject annotations{{QString(contract::ParentAnnotation), kSource},
                            {QString(contract::CloneIdAnnotation), QString(u"clone-"_s + safeEncode(stableHash(p.namespaceName.toUtf8()), 10))},
                            {QString(contract::ModeAnnotation), p.pullRequest % 2 ? u"ci-cd"_s : u"cd-only"_s},
                            {QString(contract::UrlAnnotation), site.previewUrl(p.namespaceName)}};
    qint64 expiresIn = 3 * 24 * 3600;
    if (p.state == DemoPreview::State::ExpiringSoon)
        expiresIn = 2 * 3600;
    else if (p.state == DemoPreview::State::Expired)
        expiresIn = -26 * 3600;
    if (p.branch.startsWith(u"spike"_s)) // kube-janitor interop: expiry from its annotation only
        annotations.insert(QString(contract::JanitorExpiresAnnotation), now.addDays(5).toUTC().toString(u"yyyy-MM-dd"_s));
    else
        annotations.insert(QString(contract::ExpiresAtAnnotation), ObjectStore::timestamp(now.addSecs(expiresIn)));
    return QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s},
                       {u"metadata"_s, QJsonObject{{u"name"_s, p.namespaceName}, {u"labels"_s, labels}, {u"annotations"_s, annotations}}}};
}

} // namespace

QString DemoSite::domain() const
{
    return ingressPort > 0 ? u"shop.localhost"_s : u"shop.example.com"_s;
}

QString DemoSite::previewUrl(const QString &namespaceName) const
{
    QString url = u"https://"_s + namespaceName + u".preview."_s + domain();
    if (ingressPort > 0)
        url += u':' + QString::number(ingressPort);
    return url;
}

QList<QJsonObject> DemoSite::localized(const QList<QJsonObject> &objects) const
{
    if (ingressPort == 0)
        return objects;
    QList<QJsonObject> out;
    out.reserve(objects.size());
    for (const QJsonObject &object : objects) {
        QString text = QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
        text.replace(u".shop.example.com"_s, u'.' + domain());
        out << QJsonDocument::fromJson(text.toUtf8()).object();
    }
    return out;
}

QList<DemoPreview> demoPreviews()
{
    using S = DemoPreview::State;
    return {{u"shop-pr-1412"_s, 1412, u"feature-express-checkout"_s, u"alice"_s, S::Healthy},
            {u"shop-pr-1418"_s, 1418, u"fix-cart-rounding"_s, u"bob"_s, S::Degraded},
            {u"shop-pr-1397"_s, 1397, u"feature-gift-cards"_s, u"carol"_s, S::ScaledDown},
            {u"shop-pr-1420"_s, 1420, u"chore-bump-postgres"_s, u"dave"_s, S::ExpiringSoon},
            {u"shop-pr-1385"_s, 1385, u"feature-loyalty-points"_s, u"erin"_s, S::Expired},
            {u"shop-pr-1402"_s, 1402, u"spike-search-ui"_s, u"alice"_s, S::Healthy}};
}

QList<QJsonObject> demoSourceObjects()
{
    QFile file(u":/demo/staging-shop.yaml"_s);
    if (!file.open(QIODevice::ReadOnly)) {
        pd::log::sandbox()->error("demo source resource missing");
        return {};
    }
    QList<QJsonObject> objects;
    pd::kube::YamlError error;
    if (!pd::kube::parseYamlDocuments(file.readAll(), file.fileName(), &objects, &error))
        pd::log::sandbox()->error("demo source: {}", error.toString().toStdString());
    return objects;
}

// How long ago a demo preview was opened: before its expiry for the expired one, hours
// for the fresh ones, days for the rest (stable per preview).
static qint64 demoAgeSeconds(const DemoPreview &p)
{
    switch (p.state) {
    case DemoPreview::State::Expired: return 8 * 86400 + 5 * 3600;
    case DemoPreview::State::ExpiringSoon: return 6 * 86400 + 22 * 3600;
    case DemoPreview::State::Progressing: return 20 * 60;
    case DemoPreview::State::Degraded: return 41 * 60;
    case DemoPreview::State::ScaledDown: return 3 * 86400 + 4 * 3600;
    case DemoPreview::State::Healthy: break;
    }
    return (p.pullRequest % 7 + 1) * 3600 * 9;
}

QList<QJsonObject> demoPreviewObjects(const QList<QJsonObject> &source, const DemoPreview &preview, const QDateTime &now,
                                     const DemoSite &site)
{
    const QString ns = preview.namespaceName;
    QList<QJsonObject> out{previewNamespace(preview, now, site)};
    for (const QJsonObject &original : source) {
        if (!keep(original))
            continue;
        QJsonObject o = original;
        o.insert(u"metadata"_s, cleanMeta(metaOf(original), ns));
        o.remove(u"status"_s);
        const QString kind = o.value(u"kind"_s).toString();
        if (kind == u"Service"_s) {
            QJsonObject spec = specOf(o);
            spec.remove(u"clusterIP"_s);
            spec.remove(u"clusterIPs"_s);
            o.insert(u"spec"_s, spec);
        } else if (kind == u"Secret"_s) {
            // Keys marked for regeneration get fresh (here: deterministic demo) values.
            QJsonObject data = o.value(u"data"_s).toObject();
            const QString keys = metaOf(o).value(u"annotations"_s).toObject().value(QString(contract::RegenerateAnnotation)).toString();
            for (const QString &k : keys.split(u',', Qt::SkipEmptyParts)) {
                const QString fresh = u"demo-"_s + safeEncode(stableHash((ns + u'/' + k).toUtf8()), 20);
                data.insert(k.trimmed(), QString::fromLatin1(fresh.toUtf8().toBase64()));
            }
            o.insert(u"data"_s, data);
        } else if (kind == u"Ingress"_s) {
            QJsonObject spec = specOf(o);
            QJsonArray tls = spec.value(u"tls"_s).toArray();
            for (qsizetype i = 0; i < tls.size(); ++i) {
                QJsonObject t = tls.at(i).toObject();
                t.insert(u"secretName"_s, QString(ns + u"-tls"_s));
                tls[i] = t;
            }
            spec.insert(u"tls"_s, tls);
            o.insert(u"spec"_s, spec);
        } else if (kind == u"Deployment"_s || kind == u"StatefulSet"_s) {
            QJsonObject spec = specOf(o);
            const int replicas = spec.value(u"replicas"_s).toInt(1);
            if (preview.state == DemoPreview::State::ScaledDown) {
                spec.insert(u"replicas"_s, 0);
                QJsonObject meta = metaOf(o);
                QJsonObject annotations = meta.value(u"annotations"_s).toObject();
                annotations.insert(QString(contract::OriginalReplicasAnnotation), QString::number(replicas));
                meta.insert(u"annotations"_s, annotations);
                o.insert(u"metadata"_s, meta);
            } else if (preview.state == DemoPreview::State::Degraded && nameOf(o) == u"checkout-api"_s) {
                // The PR's image is not pushed yet: the rollout hangs in ImagePullBackOff.
                QJsonObject tpl = spec.value(u"template"_s).toObject();
                QJsonObject podSpec = tpl.value(u"spec"_s).toObject();
                QJsonArray containers = podSpec.value(u"containers"_s).toArray();
                QJsonObject c = containers.first().toObject();
                c.insert(u"image"_s, u"registry.example.com/shop/checkout-api:pr-%1-does-not-exist"_s.arg(preview.pullRequest));
                containers[0] = c;
                podSpec.insert(u"containers"_s, containers);
                tpl.insert(u"spec"_s, podSpec);
                spec.insert(u"template"_s, tpl);
            }
            o.insert(u"spec"_s, spec);
        }
        out.append(rewriteNames(o, ns));
    }
    out += guardrails(ns, preview.owner);
    // The namespace's URL annotation already has the site's host and port.
    const QJsonObject ns0 = out.takeFirst();
    return QList<QJsonObject>{ns0} + site.localized(out);
}

ImportReport seedDemo(ObjectStore *store, const QDateTime &now, const DemoSite &site)
{
    WriteOptions internal;
    internal.skipAdmission = true;
    for (const QJsonObject &crd : ExternalSecretController::customResourceDefinitions() + SnapshotController::customResourceDefinitions()) {
        if (!store->entry(kCrds, {}, nameOf(crd)))
            store->create(kCrds, crd, internal);
    }
    const QList<QJsonObject> source = demoSourceObjects();
    const QList<QJsonObject> localSource = site.localized(source);
    // Staging has been there for weeks; only its namespace carries that age (see below).
    QList<QJsonObject> sourceNamespaces;
    QList<QJsonObject> sourceObjects;
    for (const QJsonObject &o : localSource)
        (o.value(u"kind"_s).toString() == u"Namespace"_s ? sourceNamespaces : sourceObjects).append(o);
    const auto clock = store->clock();
    store->setClock([clock] { return (clock ? clock() : QDateTime::currentDateTimeUtc()).addDays(-41); });
    ImportReport report = importObjects(store, sourceNamespaces);
    store->setClock(clock);
    const ImportReport sourceReport = importObjects(store, sourceObjects);
    report.created += sourceReport.created;
    report.skipped += sourceReport.skipped;
    report.errors += sourceReport.errors;
    const ImportReport golden = seedGoldenSnapshot(store, kSource, now);
    report.created += golden.created;
    report.skipped += golden.skipped;
    report.errors += golden.errors;
    const QString parentUid = store->get(kNamespaces, {}, kSource).value_or(QJsonObject{}).value(u"metadata"_s).toObject().value(u"uid"_s).toString();
    for (const DemoPreview &p : demoPreviews()) {
        QList<QJsonObject> objects = demoPreviewObjects(source, p, now, site);
        if (p.namespaceName == kDemoRestoredPreview)
            restoreFromGoldenSnapshot(objects, p.namespaceName, kSource);
        QJsonObject meta = metaOf(objects.first());
        QJsonObject annotations = meta.value(u"annotations"_s).toObject();
        annotations.insert(QString(contract::ParentUidAnnotation), parentUid);
        meta.insert(u"annotations"_s, annotations);
        objects.first().insert(u"metadata"_s, meta);
        // The namespace is backdated so the demo's ages read like a real week of previews;
        // its workloads are created now, so rollouts are judged from the present.
        const auto storeClock = store->clock();
        const qint64 age = demoAgeSeconds(p);
        store->setClock([storeClock, age] { return (storeClock ? storeClock() : QDateTime::currentDateTimeUtc()).addSecs(-age); });
        ImportReport r = importObjects(store, {objects.takeFirst()});
        store->setClock(storeClock);
        const ImportReport rest = importObjects(store, objects);
        if (p.state == DemoPreview::State::Degraded)
            seedStuckRollout(store, p.namespaceName, u"checkout-api"_s, now.addSecs(-28 * 60));
        report.created += r.created + rest.created;
        report.skipped += r.skipped + rest.skipped;
        report.errors += r.errors + rest.errors;
    }
    return report;
}

} // namespace pd::sandbox
