#include "podmetricssamples.h"

#include "costattribution.h"

#include "kube/quantity.h"

#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

double quantity(const QJsonValue &value)
{
    const auto q = pd::kube::Quantity::fromJson(value);
    return q ? q->toDouble() : 0.0;
}

QString controllerOwner(const QJsonObject &metadata, QString *kind)
{
    for (const QJsonValue &ref : metadata.value("ownerReferences"_L1).toArray()) {
        const QJsonObject owner = ref.toObject();
        if (owner.value("controller"_L1).toBool()) {
            *kind = owner.value("kind"_L1).toString();
            return owner.value("name"_L1).toString();
        }
    }
    return {};
}

} // namespace

QJsonObject podForCostSample(const QJsonObject &pod)
{
    const QJsonObject status{{"phase"_L1, pod.value("status"_L1).toObject().value("phase"_L1)}};
    if (status.value("phase"_L1).toString() != "Running"_L1)
        return QJsonObject{{"status"_L1, status}};
    const QJsonObject meta = pod.value("metadata"_L1).toObject();
    QJsonObject outMeta{{"name"_L1, meta.value("name"_L1)}, {"namespace"_L1, meta.value("namespace"_L1)}};
    for (const QJsonValue &ref : meta.value("ownerReferences"_L1).toArray()) {
        const QJsonObject owner = ref.toObject();
        if (owner.value("controller"_L1).toBool()) {
            outMeta.insert("ownerReferences"_L1, QJsonArray{QJsonObject{{"kind"_L1, owner.value("kind"_L1)},
                                                                       {"name"_L1, owner.value("name"_L1)},
                                                                       {"controller"_L1, true}}});
            break;
        }
    }
    QJsonArray containers;
    for (const QJsonValue &c : pod.value("spec"_L1).toObject().value("containers"_L1).toArray()) {
        const QJsonObject container = c.toObject();
        const QJsonValue requests = container.value("resources"_L1).toObject().value("requests"_L1);
        containers.append(QJsonObject{{"name"_L1, container.value("name"_L1)},
                                      {"resources"_L1, QJsonObject{{"requests"_L1, requests}}}});
    }
    return QJsonObject{{"metadata"_L1, outMeta}, {"spec"_L1, QJsonObject{{"containers"_L1, containers}}}, {"status"_L1, status}};
}

QJsonObject namespaceForCostSample(const QJsonObject &ns)
{
    const QJsonObject meta = ns.value("metadata"_L1).toObject();
    return QJsonObject{{"metadata"_L1, QJsonObject{{"name"_L1, meta.value("name"_L1)}, {"labels"_L1, meta.value("labels"_L1)}}}};
}

QList<UsageSample> samplesFromPodMetrics(const QJsonArray &pods, const QJsonArray &podMetrics, qint64 timestampMs)
{
    // "ns/pod" -> container -> usage object
    QHash<QString, QHash<QString, QJsonObject>> usage;
    for (const QJsonValue &value : podMetrics) {
        const QJsonObject m = value.toObject();
        const QJsonObject meta = m.value("metadata"_L1).toObject();
        auto &containers = usage[meta.value("namespace"_L1).toString() + u'/' + meta.value("name"_L1).toString()];
        for (const QJsonValue &c : m.value("containers"_L1).toArray())
            containers.insert(c.toObject().value("name"_L1).toString(), c.toObject().value("usage"_L1).toObject());
    }

    QList<UsageSample> samples;
    for (const QJsonValue &value : pods) {
        const QJsonObject pod = value.toObject();
        if (pod.value("status"_L1).toObject().value("phase"_L1).toString() != "Running"_L1)
            continue;
        const QJsonObject meta = pod.value("metadata"_L1).toObject();
        const QString ns = meta.value("namespace"_L1).toString();
        const QString name = meta.value("name"_L1).toString();
        QString ownerKind;
        const QString ownerName = controllerOwner(meta, &ownerKind);
        const QString workload = workloadName(ownerKind, ownerName, name);
        const QHash<QString, QJsonObject> containerUsage = usage.value(ns + u'/' + name);
        for (const QJsonValue &c : pod.value("spec"_L1).toObject().value("containers"_L1).toArray()) {
            const QJsonObject container = c.toObject();
            const QJsonObject requests = container.value("resources"_L1).toObject().value("requests"_L1).toObject();
            const QString containerName = container.value("name"_L1).toString();
            const QJsonObject used = containerUsage.value(containerName);
            UsageSample s;
            s.timestampMs = timestampMs;
            s.namespaceName = ns;
            s.pod = name;
            s.container = containerName;
            s.workload = workload;
            s.cpuRequestCores = quantity(requests.value("cpu"_L1));
            s.memoryRequestBytes = quantity(requests.value("memory"_L1));
            s.cpuUsageCores = quantity(used.value("cpu"_L1));
            s.memoryUsageBytes = quantity(used.value("memory"_L1));
            samples.append(s);
        }
    }
    return samples;
}

QList<PvcUsage> pvcsFromClaims(const QJsonArray &claims, qint64 startMs, qint64 endMs)
{
    QList<PvcUsage> out;
    for (const QJsonValue &value : claims) {
        const QJsonObject claim = value.toObject();
        const QJsonObject meta = claim.value("metadata"_L1).toObject();
        const QJsonValue storage =
            claim.value("spec"_L1).toObject().value("resources"_L1).toObject().value("requests"_L1).toObject().value("storage"_L1);
        out.append(PvcUsage{meta.value("namespace"_L1).toString(), meta.value("name"_L1).toString(), quantity(storage),
                            startMs, endMs});
    }
    return out;
}

QList<PvcUsage> storageFromVolumeSnapshots(const QJsonArray &snapshots, qint64 startMs, qint64 endMs)
{
    QList<PvcUsage> out;
    for (const QJsonValue &value : snapshots) {
        const QJsonObject snapshot = value.toObject();
        const QJsonObject meta = snapshot.value("metadata"_L1).toObject();
        const QJsonObject status = snapshot.value("status"_L1).toObject();
        const bool takenHere = snapshot.value("spec"_L1).toObject().value("source"_L1).toObject()
                                       .value("persistentVolumeClaimName"_L1).isString();
        if (!takenHere || !status.value("readyToUse"_L1).toBool())
            continue;
        out.append(PvcUsage{meta.value("namespace"_L1).toString(), "snapshot/"_L1 + meta.value("name"_L1).toString(),
                            quantity(status.value("restoreSize"_L1)), startMs, endMs});
    }
    return out;
}

QHash<QString, QString> namespaceLabel(const QJsonArray &namespaces, const QString &label)
{
    QHash<QString, QString> out;
    for (const QJsonValue &value : namespaces) {
        const QJsonObject meta = value.toObject().value("metadata"_L1).toObject();
        const QJsonValue v = meta.value("labels"_L1).toObject().value(label);
        if (v.isString())
            out.insert(meta.value("name"_L1).toString(), v.toString());
    }
    return out;
}

} // namespace pd::core
