#include "environmentprojection.h"

#include <QJsonArray>

#include <initializer_list>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

QJsonObject pick(const QJsonObject &from, std::initializer_list<QString> keys)
{
    QJsonObject out;
    for (const QString &key : keys) {
        const auto it = from.constFind(key);
        if (it != from.constEnd())
            out.insert(key, *it);
    }
    return out;
}

QJsonObject metadataOf(EnvironmentSourceKind kind, const QJsonObject &object)
{
    const QJsonObject metadata = object.value(u"metadata"_s).toObject();
    if (kind != EnvironmentSourceKind::Namespace)
        return pick(metadata, {u"name"_s, u"namespace"_s, u"uid"_s, u"generation"_s, u"creationTimestamp"_s,
                               u"deletionTimestamp"_s});
    // A namespace's labels and annotations are the environment's contract; all of them stay
    // but kubectl's copy of the whole applied object.
    QJsonObject out = pick(metadata, {u"name"_s, u"uid"_s, u"labels"_s, u"annotations"_s, u"creationTimestamp"_s,
                                      u"deletionTimestamp"_s});
    QJsonObject annotations = out.value(u"annotations"_s).toObject();
    if (annotations.contains(lastAppliedAnnotation)) {
        annotations.remove(lastAppliedAnnotation);
        out.insert(u"annotations"_s, annotations);
    }
    return out;
}

QJsonObject workloadSpec(const QJsonObject &spec)
{
    QJsonObject out = pick(spec, {u"replicas"_s, u"progressDeadlineSeconds"_s});
    QJsonArray containers;
    for (const QJsonValue &c : spec.value(u"template"_s)[u"spec"_s][u"containers"_s].toArray())
        containers.append(pick(c.toObject(), {u"name"_s, u"image"_s}));
    if (!containers.isEmpty())
        out.insert(u"template"_s, QJsonObject{{u"spec"_s, QJsonObject{{u"containers"_s, containers}}}});
    return out;
}

QJsonObject ingressSpec(const QJsonObject &spec)
{
    QJsonObject out = pick(spec, {u"tls"_s});
    QJsonArray rules;
    for (const QJsonValue &rule : spec.value(u"rules"_s).toArray())
        rules.append(pick(rule.toObject(), {u"host"_s}));
    if (!rules.isEmpty())
        out.insert(u"rules"_s, rules);
    return out;
}

void insertUnlessEmpty(QJsonObject &into, const QString &key, const QJsonObject &value)
{
    if (!value.isEmpty())
        into.insert(key, value);
}

} // namespace

QJsonObject projectForEnvironment(EnvironmentSourceKind kind, const QJsonObject &object)
{
    QJsonObject out{{u"metadata"_s, metadataOf(kind, object)}};
    const QJsonObject spec = object.value(u"spec"_s).toObject();
    const QJsonObject status = object.value(u"status"_s).toObject();
    switch (kind) {
    case EnvironmentSourceKind::Namespace:
        insertUnlessEmpty(out, u"status"_s, pick(status, {u"phase"_s}));
        break;
    case EnvironmentSourceKind::Deployment:
    case EnvironmentSourceKind::StatefulSet:
        insertUnlessEmpty(out, u"spec"_s, workloadSpec(spec));
        insertUnlessEmpty(out, u"status"_s, pick(status, {u"replicas"_s, u"readyReplicas"_s, u"updatedReplicas"_s,
                                                          u"observedGeneration"_s, u"conditions"_s}));
        break;
    case EnvironmentSourceKind::Ingress:
        insertUnlessEmpty(out, u"spec"_s, ingressSpec(spec));
        insertUnlessEmpty(out, u"status"_s, status);   // the load balancer's addresses and ports
        break;
    case EnvironmentSourceKind::ResourceQuota:
        insertUnlessEmpty(out, u"spec"_s, pick(spec, {u"hard"_s}));
        insertUnlessEmpty(out, u"status"_s, pick(status, {u"hard"_s, u"used"_s}));
        break;
    }
    return out;
}

} // namespace pd::core
