#include "podmetrics.h"

#include "controllerutil.h"
#include "kube/quantity.h"
#include "sandbox/objectstore.h"

#include <cmath>
#include <numbers>

namespace pd::sandbox::controllers {

namespace {

qint64 quantityOf(const QJsonObject &resources, const QString &name, qint64 fallback, bool milli)
{
    for (const QString &list : {u"requests"_s, u"limits"_s}) {
        const QJsonValue v = resources.value(list).toObject().value(name);
        if (const auto q = pd::kube::Quantity::fromJson(v); q && !v.isUndefined())
            return milli ? q->milliValue() : q->value();
    }
    return fallback;
}

} // namespace

ContainerUsage simulatedContainerUsage(const QString &key, qint64 t, qint64 cpuMilli, qint64 memBytes)
{
    t = t / 15 * 15;
    const quint32 h = stableHash(key.toUtf8());
    const bool idle = h % 7 == 0;
    const bool bursty = h % 13 == 0;
    const double period = 3600.0 + double(h % 1800);
    const double phase = double((h >> 8) % 3600);
    const double wave = 0.5 + 0.5 * std::sin(2.0 * std::numbers::pi * (double(t) + phase) / period);
    const double jitter = (double(stableHash((key + QString::number(t)).toUtf8()) % 1000) / 1000.0 - 0.5) * 0.1;
    double cpuFraction = idle ? 0.01 + 0.02 * wave : 0.15 + 0.55 * wave + jitter;
    if (bursty)
        cpuFraction *= 1.6;
    const double memFraction = idle ? 0.2 + 0.05 * wave : 0.45 + 0.3 * wave + jitter / 2;
    return ContainerUsage{std::max<qint64>(1000, qint64(double(cpuMilli) * 1e6 * std::max(0.0, cpuFraction))),
                          std::max<qint64>(1024, qint64(double(memBytes) * std::max(0.05, memFraction) / 1024.0))};
}

QJsonObject simulatedPodMetrics(const QJsonObject &pod, const QDateTime &now)
{
    if (statusOf(pod).value(u"phase"_s).toString() != u"Running"_s)
        return {};
    const qint64 t = now.toSecsSinceEpoch() / 15 * 15;
    const QString ns = namespaceOf(pod);
    const QString name = nameOf(pod);
    QJsonArray containers;
    for (const QJsonValue &v : specOf(pod).value(u"containers"_s).toArray()) {
        const QJsonObject c = v.toObject();
        const QString key = ns + u'/' + name + u'/' + c.value(u"name"_s).toString();
        const QJsonObject resources = c.value(u"resources"_s).toObject();
        const ContainerUsage usage = simulatedContainerUsage(key, t, quantityOf(resources, u"cpu"_s, 100, true),
                                                             quantityOf(resources, u"memory"_s, 128 * 1024 * 1024, false));
        const qint64 nanoCores = usage.nanoCores;
        const qint64 kib = usage.kib;
        containers.append(QJsonObject{{u"name"_s, c.value(u"name"_s)},
                                      {u"usage"_s, QJsonObject{{u"cpu"_s, QString(QString::number(nanoCores) + u'n')},
                                                               {u"memory"_s, QString(QString::number(kib) + u"Ki"_s)}}}});
    }
    const QString stamp = ObjectStore::timestamp(QDateTime::fromSecsSinceEpoch(t, Qt::UTC));
    QJsonObject meta{{u"name"_s, name}, {u"namespace"_s, ns}, {u"creationTimestamp"_s, ObjectStore::timestamp(now)}};
    const QJsonObject labels = metaOf(pod).value(u"labels"_s).toObject();
    if (!labels.isEmpty())
        meta.insert(u"labels"_s, labels);
    return QJsonObject{{u"kind"_s, u"PodMetrics"_s},
                       {u"apiVersion"_s, u"metrics.k8s.io/v1beta1"_s},
                       {u"metadata"_s, meta},
                       {u"timestamp"_s, stamp},
                       {u"window"_s, u"30s"_s},
                       {u"containers"_s, containers}};
}

QList<QJsonObject> simulatedPodMetricsList(const ObjectStore *store, const QString &namespaceName, const QDateTime &now)
{
    QList<QJsonObject> out;
    for (const StoredObjectPtr &e : store->entries(kPods, namespaceName)) {
        if (e->deleting || !e->json.contains("\"Running\""))
            continue;
        const QJsonObject metrics = simulatedPodMetrics(e->object(), now);
        if (!metrics.isEmpty())
            out.append(metrics);
    }
    return out;
}

} // namespace pd::sandbox::controllers
