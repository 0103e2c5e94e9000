// seedScaledPreviews: many small previews for the --scale benchmarks.
#include "demoseed.h"

#include "controllers/controllerutil.h"
#include "controllers/workloadcontroller.h"
#include "objectstore.h"

#include "core/contract.h"

namespace pd::sandbox {

using namespace controllers;
namespace contract = pd::core::contract;

namespace {

struct Shape
{
    QString name;
    QString image;
    int replicas;
    QString cpu, memory;
};

// 4 x 3 + 1 deployment pods + 2 StatefulSet pods = 15 pods per namespace.
const QList<Shape> &shapes()
{
    static const QList<Shape> s{{u"checkout-api"_s, u"registry.example.com/shop/checkout-api:2.14.1"_s, 4, u"250m"_s, u"512Mi"_s},
                                {u"web"_s, u"registry.example.com/shop/web:5.3.0"_s, 4, u"100m"_s, u"256Mi"_s},
                                {u"worker"_s, u"registry.example.com/shop/worker:2.14.1"_s, 4, u"200m"_s, u"384Mi"_s},
                                {u"redis"_s, u"docker.io/library/redis:7.4"_s, 1, u"50m"_s, u"128Mi"_s}};
    return s;
}

QJsonObject podTemplate(const Shape &shape)
{
    const QJsonObject resources{{u"requests"_s, QJsonObject{{u"cpu"_s, shape.cpu}, {u"memory"_s, shape.memory}}},
                                {u"limits"_s, QJsonObject{{u"memory"_s, shape.memory}}}};
    return QJsonObject{{u"metadata"_s, QJsonObject{{u"labels"_s, QJsonObject{{QString(contract::AppNameLabel), shape.name}}}}},
                       {u"spec"_s, QJsonObject{{u"containers"_s, QJsonArray{QJsonObject{{u"name"_s, u"main"_s},
                                                                                        {u"image"_s, shape.image},
                                                                                        {u"resources"_s, resources}}}}}}};
}

QJsonObject withMeta(QJsonObject o, const QString &name, const QString &ns)
{
    o.insert(u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, ns}});
    return o;
}

// A running pod with only what lists, tables and the controllers read.
QJsonObject leanPod(const QJsonObject &owner, const QJsonObject &tpl, const QString &name, const QString &time)
{
    QJsonObject pod = WorkloadController::podFor(owner, tpl, name);
    const quint32 h = stableHash((namespaceOf(owner) + u'/' + name).toUtf8());
    pod.insert(u"status"_s, QJsonObject{{u"phase"_s, u"Running"_s},
                                        {u"conditions"_s, QJsonArray{QJsonObject{{u"type"_s, u"Ready"_s}, {u"status"_s, u"True"_s}}}},
                                        {u"podIP"_s, u"10.%1.%2.%3"_s.arg(h % 200 + 20).arg((h >> 8) % 256).arg((h >> 16) % 253 + 2)},
                                        {u"startTime"_s, time}});
    return pod;
}

} // namespace

qsizetype seedScaledPreviews(ObjectStore *store, int count, const QDateTime &now)
{
    WriteOptions internal;
    internal.skipAdmission = true;
    const QString time = ObjectStore::timestamp(now);
    qsizetype created = 0;
    auto create = [&](const GroupResource &r, const QJsonObject &o) {
        StoreResult result = store->create(r, o, internal);
        if (result.ok())
            ++created;
        return result.object;
    };
    QList<QJsonObject> templates;
    for (const Shape &s : shapes())
        templates.append(podTemplate(s));

    for (int i = 0; i < count; ++i) {
        const QString ns = u"scale-pr-%1"_s.arg(10000 + i, 5, 10, QLatin1Char('0'));
        const qint64 expiresIn = qint64((i % 14) - 2) * 24 * 3600 + 3600;
        create(kNamespaces,
               QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s},
                           {u"metadata"_s, QJsonObject{{u"name"_s, ns},
                                                       {u"labels"_s, QJsonObject{{QString(contract::ManagedByLabel), QString(contract::ManagedByValue)},
                                                                                 {QString(contract::RoleLabel), QString(contract::RolePreview)},
                                                                                 {QString(contract::PrLabel), QString::number(10000 + i)},
                                                                                 {QString(contract::BranchLabel), u"feature-%1"_s.arg(i % 97)},
                                                                                 {QString(contract::OwnerLabel), u"dev-%1"_s.arg(i % 40)}}},
                                                       {u"annotations"_s, QJsonObject{{QString(contract::ParentAnnotation), u"staging"_s},
                                                                                      {QString(contract::ExpiresAtAnnotation), ObjectStore::timestamp(now.addSecs(expiresIn))}}}}}});
        for (qsizetype s = 0; s < shapes().size(); ++s) {
            const Shape &shape = shapes().at(s);
            QJsonObject d = withMeta(QJsonObject{{u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"Deployment"_s}}, shape.name, ns);
            d.insert(u"spec"_s, QJsonObject{{u"replicas"_s, shape.replicas},
                                            {u"selector"_s, QJsonObject{{u"matchLabels"_s, QJsonObject{{QString(contract::AppNameLabel), shape.name}}}}},
                                            {u"template"_s, templates.at(s)}});
            // Status and revision as the controller would write them, in the same write (one version per object).
            QJsonObject meta = metaOf(d);
            meta.insert(u"annotations"_s, QJsonObject{{u"deployment.kubernetes.io/revision"_s, u"1"_s}});
            d.insert(u"metadata"_s, meta);
            const QString rsName = shape.name + u'-' + WorkloadController::podTemplateHash(templates.at(s));
            d.insert(u"status"_s, WorkloadController::deploymentStatus(d, shape.replicas, shape.replicas, shape.replicas, rsName, {}, time));
            const QJsonObject deployment = create(kDeployments, d);
            if (deployment.isEmpty())
                continue;
            QJsonObject rs = WorkloadController::replicaSetFor(deployment, 1);
            rs.insert(u"status"_s, QJsonObject{{u"replicas"_s, shape.replicas}, {u"fullyLabeledReplicas"_s, shape.replicas},
                                               {u"readyReplicas"_s, shape.replicas}, {u"availableReplicas"_s, shape.replicas},
                                               {u"observedGeneration"_s, 1}});
            const QJsonObject replicaSet = create(kReplicaSets, rs);
            const QJsonObject rsTemplate = specOf(replicaSet).value(u"template"_s).toObject();
            for (int p = 0; p < shape.replicas; ++p) {
                const QString podName = nameOf(replicaSet) + u'-' + safeEncode(stableHash((ns + shape.name + QString::number(p)).toUtf8()), 5);
                create(kPods, leanPod(replicaSet, rsTemplate, podName, time));
            }
        }
        // postgres: a StatefulSet of 2
        const Shape pg{u"postgres"_s, u"docker.io/library/postgres:16.4"_s, 2, u"250m"_s, u"1Gi"_s};
        const QJsonObject pgTemplate = podTemplate(pg);
        QJsonObject sts = withMeta(QJsonObject{{u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"StatefulSet"_s}}, pg.name, ns);
        sts.insert(u"spec"_s, QJsonObject{{u"replicas"_s, 2}, {u"serviceName"_s, pg.name},
                                          {u"selector"_s, QJsonObject{{u"matchLabels"_s, QJsonObject{{QString(contract::AppNameLabel), pg.name}}}}},
                                          {u"template"_s, pgTemplate}});
        const QString revision = pg.name + u'-' + WorkloadController::podTemplateHash(pgTemplate);
        sts.insert(u"status"_s, QJsonObject{{u"replicas"_s, 2}, {u"readyReplicas"_s, 2}, {u"availableReplicas"_s, 2},
                                            {u"currentReplicas"_s, 2}, {u"updatedReplicas"_s, 2}, {u"observedGeneration"_s, 1},
                                            {u"currentRevision"_s, revision}, {u"updateRevision"_s, revision}, {u"collisionCount"_s, 0}});
        const QJsonObject statefulSet = create(kStatefulSets, sts);
        if (!statefulSet.isEmpty()) {
            create(kControllerRevisions,
                   QJsonObject{{u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"ControllerRevision"_s},
                               {u"metadata"_s, QJsonObject{{u"name"_s, revision}, {u"namespace"_s, ns},
                                                           {u"ownerReferences"_s, QJsonArray{controllerRef(statefulSet)}}}},
                               {u"data"_s, QJsonObject{{u"spec"_s, QJsonObject{{u"template"_s, pgTemplate}}}}},
                               {u"revision"_s, 1}});
            for (int p = 0; p < 2; ++p) {
                QJsonObject tpl = pgTemplate;
                QJsonObject labels{{QString(contract::AppNameLabel), pg.name}, {u"controller-revision-hash"_s, revision},
                                   {u"statefulset.kubernetes.io/pod-name"_s, QString(pg.name + u'-' + QString::number(p))}};
                tpl.insert(u"metadata"_s, QJsonObject{{u"labels"_s, labels}});
                create(kPods, leanPod(statefulSet, tpl, pg.name + u'-' + QString::number(p), time));
            }
        }
        for (const QString &svc : {u"checkout-api"_s, u"web"_s, u"postgres"_s}) {
            QJsonObject s = withMeta(QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Service"_s}}, svc, ns);
            s.insert(u"spec"_s, QJsonObject{{u"selector"_s, QJsonObject{{QString(contract::AppNameLabel), svc}}},
                                            {u"ports"_s, QJsonArray{QJsonObject{{u"name"_s, u"http"_s}, {u"port"_s, 80}}}}});
            create(GroupResource{{}, u"services"_s}, s);
        }
        QJsonObject cm = withMeta(QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"ConfigMap"_s}}, u"checkout-config"_s, ns);
        cm.insert(u"data"_s, QJsonObject{{u"PUBLIC_BASE_URL"_s, QString(u"https://"_s + ns + u".preview.shop.example.com"_s)},
                                         {u"DB_HOST"_s, QString(u"postgres."_s + ns + u".svc.cluster.local"_s)}});
        create(kConfigMaps, cm);
    }
    return created;
}

} // namespace pd::sandbox
