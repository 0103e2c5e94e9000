#include "quotasizer.h"

#include "jsonwalk.h"

#include "kube/quantity.h"

#include <QJsonArray>
#include <QMap>

#include <cmath>

namespace pd::core::clone {

namespace {

using pd::kube::Quantity;

// Amounts in milli units ("requests.cpu" -> 1500 for 1.5 cores, "pods" -> 3000 for 3).
using Amounts = QMap<QString, qint64>;

const QStringList kCompute = {QStringLiteral("requests.cpu"), QStringLiteral("requests.memory"),
                              QStringLiteral("limits.cpu"), QStringLiteral("limits.memory")};

struct Workload
{
    QString ref;
    Amounts perPod;          // one pod's requests and limits
    int replicas = 1;        // after the planner's caps
    int surge = 0;           // extra pods while a rolling update runs
    int autoscaleExtra = 0;  // pods an autoscaler may add above replicas
    qint64 storagePerReplica = 0;
    bool scalable = false;   // replicas come from spec.replicas
    bool job = false;        // runs now and then (Job, CronJob), not all the time
};

qint64 milliOf(const QJsonValue &value)
{
    const auto quantity = Quantity::fromJson(value);
    return quantity ? quantity->milliValue() : 0;
}

QString podSpecPath(const QString &kind)
{
    if (kind == QLatin1String("CronJob"))
        return QStringLiteral("spec.jobTemplate.spec.template.spec");
    if (kind == QLatin1String("Deployment") || kind == QLatin1String("StatefulSet") || kind == QLatin1String("DaemonSet")
        || kind == QLatin1String("ReplicaSet") || kind == QLatin1String("Job"))
        return QStringLiteral("spec.template.spec");
    if (kind == QLatin1String("Pod"))
        return QStringLiteral("spec");
    return {};
}

// One container's requests and limits as the API server completes them under the preview's LimitRange.
Amounts containerAmounts(const QJsonObject &container, const GuardSettings &guards)
{
    Amounts amounts;
    const QJsonObject resources = container.value(QLatin1String("resources")).toObject();
    const QJsonObject requests = resources.value(QLatin1String("requests")).toObject();
    const QJsonObject limits = resources.value(QLatin1String("limits")).toObject();
    for (const QString &resource : {QStringLiteral("cpu"), QStringLiteral("memory")}) {
        const QJsonValue limit = limits.contains(resource) ? limits.value(resource) : guards.containerDefaultLimit.value(resource);
        const QJsonValue request = requests.contains(resource) ? requests.value(resource)
            : limits.contains(resource)                      ? limits.value(resource)
                                                             : guards.containerDefaultRequest.value(resource);
        amounts[QStringLiteral("requests.") + resource] = milliOf(request);
        amounts[QStringLiteral("limits.") + resource] = milliOf(limit);
    }
    return amounts;
}

Amounts podAmounts(const QJsonObject &podSpec, const GuardSettings &guards)
{
    Amounts sum, largestInit;
    for (const QJsonValue &c : podSpec.value(QLatin1String("containers")).toArray()) {
        const Amounts a = containerAmounts(c.toObject(), guards);
        for (auto it = a.begin(); it != a.end(); ++it)
            sum[it.key()] += it.value();
    }
    for (const QJsonValue &c : podSpec.value(QLatin1String("initContainers")).toArray()) {
        const QJsonObject container = c.toObject();
        const Amounts a = containerAmounts(container, guards);
        // A sidecar (restartPolicy Always) runs beside the containers.
        const bool sidecar = container.value(QLatin1String("restartPolicy")).toString() == QLatin1String("Always");
        for (auto it = a.begin(); it != a.end(); ++it) {
            if (sidecar)
                sum[it.key()] += it.value();
            else
                largestInit[it.key()] = std::max(largestInit.value(it.key()), it.value());
        }
    }
    for (const QString &key : kCompute)
        sum[key] = std::max(sum.value(key), largestInit.value(key));
    return sum;
}

// maxSurge as the Deployment controller resolves it: 25% by default, rounded up.
int surgeOf(const QJsonObject &deployment, int replicas)
{
    const QJsonObject strategy = valueAt(deployment, QStringLiteral("spec.strategy")).toObject();
    if (strategy.value(QLatin1String("type")).toString() == QLatin1String("Recreate") || replicas == 0)
        return 0;
    const QJsonValue surge = strategy.value(QLatin1String("rollingUpdate")).toObject().value(QLatin1String("maxSurge"));
    if (surge.isDouble())
        return surge.toInt();
    const QString text = surge.isString() ? surge.toString() : QStringLiteral("25%");
    if (text.endsWith(QLatin1Char('%')))
        return int(std::ceil(replicas * text.chopped(1).toDouble() / 100.0));
    return text.toInt();
}

QList<Workload> workloadsOf(const QList<QJsonObject> &planned, const GuardSettings &guards)
{
    QMap<QString, int> hpaMax;   // "Deployment/web" -> maxReplicas
    for (const QJsonObject &object : planned) {
        if (object.value(QLatin1String("kind")).toString() != QLatin1String("HorizontalPodAutoscaler"))
            continue;
        const QJsonObject target = valueAt(object, QStringLiteral("spec.scaleTargetRef")).toObject();
        hpaMax[target.value(QLatin1String("kind")).toString() + QLatin1Char('/') + target.value(QLatin1String("name")).toString()] =
            valueAt(object, QStringLiteral("spec.maxReplicas")).toInt(1);
    }
    QList<Workload> result;
    for (const QJsonObject &object : planned) {
        const QString kind = object.value(QLatin1String("kind")).toString();
        const QString specPath = podSpecPath(kind);
        if (specPath.isEmpty())
            continue;
        Workload w;
        w.ref = objectRef(object);
        w.perPod = podAmounts(valueAt(object, specPath).toObject(), guards);
        if (kind == QLatin1String("Deployment") || kind == QLatin1String("StatefulSet") || kind == QLatin1String("ReplicaSet")) {
            const QJsonValue replicas = valueAt(object, QStringLiteral("spec.replicas"));
            w.replicas = replicas.isUndefined() ? 1 : replicas.toInt();
            w.scalable = true;
        } else if (kind == QLatin1String("Job") || kind == QLatin1String("CronJob")) {
            // One run at a time, as many pods as it runs in parallel.
            const QString jobSpec = kind == QLatin1String("CronJob") ? QStringLiteral("spec.jobTemplate.spec") : QStringLiteral("spec");
            const QJsonValue parallelism = valueAt(object, jobSpec + QLatin1String(".parallelism"));
            w.replicas = parallelism.isUndefined() ? 1 : parallelism.toInt();
            w.job = true;
        }
        if (kind == QLatin1String("Deployment"))
            w.surge = surgeOf(object, w.replicas);
        w.autoscaleExtra = std::max(0, hpaMax.value(w.ref, w.replicas) - w.replicas);
        if (kind == QLatin1String("StatefulSet"))
            for (const QJsonValue &t : valueAt(object, QStringLiteral("spec.volumeClaimTemplates")).toArray())
                w.storagePerReplica += milliOf(valueAt(t.toObject(), QStringLiteral("spec.resources.requests.storage")));
        result << w;
    }
    return result;
}

// steady:     what runs all the time, plus the largest single job run: must fit.
// oneRollout: steady plus the largest rolling-update surge: should fit, or updates stall.
// everything: every workload, job, surge and autoscaler headroom at once: what the quota is sized to.
struct Totals
{
    Amounts steady, oneRollout, everything;
};

Totals totalsOf(const QList<Workload> &workloads, qint64 claimStorage, int replicasCap)
{
    Totals t;
    Amounts largestSurge, largestJob;
    const QStringList keys = kCompute + QStringList{QStringLiteral("pods"), QStringLiteral("requests.storage")};
    for (const Workload &w : workloads) {
        const int replicas = w.scalable && replicasCap > 0 ? std::min(w.replicas, replicasCap) : w.replicas;
        const int surge = replicas < w.replicas ? std::min(w.surge, std::max(1, replicas)) : w.surge;
        Amounts pod = w.perPod;
        pod[QStringLiteral("pods")] = 1000;
        pod[QStringLiteral("requests.storage")] = w.storagePerReplica;
        for (const QString &key : keys) {
            const qint64 running = pod.value(key) * replicas;
            const qint64 extra = key == QLatin1String("requests.storage") ? 0 : pod.value(key) * (surge + w.autoscaleExtra);
            if (w.job)
                largestJob[key] = std::max(largestJob.value(key), running);
            else
                t.steady[key] += running;
            t.everything[key] += running + extra;
            if (key != QLatin1String("requests.storage"))
                largestSurge[key] = std::max(largestSurge.value(key), pod.value(key) * surge);
        }
    }
    for (const QString &key : keys) {
        t.steady[key] += largestJob.value(key) + (key == QLatin1String("requests.storage") ? claimStorage : 0);
        t.everything[key] += key == QLatin1String("requests.storage") ? claimStorage : 0;
        t.oneRollout[key] = t.steady.value(key) + largestSurge.value(key);
    }
    return t;
}

// Rounded up to a step that reads well: 100m of CPU, 64Mi of memory, 1Gi of storage, whole pods.
qint64 roundUp(const QString &resource, qint64 milli)
{
    qint64 step = 1000;
    if (resource.endsWith(QLatin1String(".cpu")))
        step = 100;
    else if (resource.endsWith(QLatin1String(".memory")))
        step = 64LL * 1024 * 1024 * 1000;
    else if (resource.endsWith(QLatin1String(".storage")))
        step = 1024LL * 1024 * 1024 * 1000;
    return (milli + step - 1) / step * step;
}

QJsonValue quantityValue(const QString &resource, qint64 milli)
{
    if (resource.endsWith(QLatin1String(".memory")) || resource.endsWith(QLatin1String(".storage")))
        return Quantity::fromValue(milli / 1000, Quantity::Format::BinarySI).toJson();
    if (resource == QLatin1String("pods"))
        return QString::number(milli / 1000);
    return Quantity::fromMilli(milli).toJson();
}

// The cap's key as the footprint names it ("cpu" is short for "requests.cpu").
QString footprintKey(const QString &capKey)
{
    if (capKey == QLatin1String("cpu") || capKey == QLatin1String("memory"))
        return QStringLiteral("requests.") + capKey;
    return capKey;
}

// The resources whose need (at one rollout at a time) exceeds the cap, as "limits.cpu 4.65, cap 4".
QStringList overCap(const Amounts &need, const GuardSettings &guards)
{
    QStringList over;
    for (auto it = guards.quotaHard.begin(); it != guards.quotaHard.end(); ++it) {
        const QString key = footprintKey(it.key());
        if (!need.contains(key))
            continue;
        const qint64 cap = milliOf(it.value());
        if (need.value(key) > cap)
            over << QStringLiteral("%1 %2, cap %3").arg(it.key(), formatAmount(key, need.value(key)), formatAmount(key, cap));
    }
    return over;
}

} // namespace

QString formatAmount(const QString &resource, qint64 milli)
{
    if (resource.endsWith(QLatin1String(".cpu"))) {
        QString text = QString::number(double(milli) / 1000.0, 'f', 3);
        while (text.endsWith(QLatin1Char('0')))
            text.chop(1);
        if (text.endsWith(QLatin1Char('.')))
            text.chop(1);
        return text;
    }
    if (resource == QLatin1String("pods"))
        return QString::number(milli / 1000);
    const qint64 bytes = (milli + 999) / 1000;
    const qint64 mi = 1024LL * 1024;
    if (bytes == 0)
        return QStringLiteral("0");
    if (bytes % (1024 * mi) == 0)
        return QString::number(bytes / (1024 * mi)) + QStringLiteral("Gi");
    if (bytes >= 1024 * mi)
        return QString::number(double(bytes) / double(1024 * mi), 'f', 2) + QStringLiteral("Gi");
    return QString::number((bytes + mi - 1) / mi) + QStringLiteral("Mi");
}

QuotaSizing sizeQuota(const QList<QJsonObject> &planned, const GuardSettings &guards)
{
    QuotaSizing sizing;
    const QList<Workload> workloads = workloadsOf(planned, guards);
    qint64 claimStorage = 0;
    for (const QJsonObject &object : planned)
        if (object.value(QLatin1String("kind")).toString() == QLatin1String("PersistentVolumeClaim"))
            claimStorage += milliOf(valueAt(object, QStringLiteral("spec.resources.requests.storage")));
    const Totals totals = totalsOf(workloads, claimStorage, 0);

    const QStringList over = overCap(totals.steady, guards);
    if (!over.isEmpty()) {
        int largest = 1;
        for (const Workload &w : workloads)
            if (w.scalable)
                largest = std::max(largest, w.replicas);
        int fits = 0;   // the largest replica cap under which the environment fits
        for (int n = largest - 1; n >= 1 && fits == 0; --n)
            if (overCap(totalsOf(workloads, claimStorage, n).steady, guards).isEmpty())
                fits = n;
        const QString advice = fits > 0 ? QStringLiteral("raise the cap or pass --replicas-cap %1").arg(fits)
                                        : QStringLiteral("raise the cap (even one replica of each workload does not fit)");
        sizing.doesNotFit = QStringLiteral("The environment does not fit the preview's quota: needs %1 (what its %2 workloads "
                                           "run at once, LimitRange defaults included): %3.")
                                .arg(over.join(QStringLiteral("; ")))
                                .arg(workloads.size())
                                .arg(advice);
    }

    for (auto it = guards.quotaHard.begin(); it != guards.quotaHard.end(); ++it) {
        const QString key = footprintKey(it.key());
        if (!totals.steady.contains(key)) {
            sizing.hard.insert(it.key(), it.value());
            continue;
        }
        const qint64 cap = milliOf(it.value());
        const qint64 required = totals.steady.value(key);
        const qint64 wanted = roundUp(key, totals.everything.value(key));
        qint64 value = std::min(wanted, cap);
        if (value < required)
            value = std::min(roundUp(key, required), std::max(cap, required));
        sizing.hard.insert(it.key(), quantityValue(key, value));
        QString why = QStringLiteral("%1 (runs %2, %3 with every rolling update and autoscaler at once")
                          .arg(formatAmount(key, value), formatAmount(key, totals.steady.value(key)),
                               formatAmount(key, totals.everything.value(key)));
        why += wanted > cap ? QStringLiteral("; held at the cap)") : QStringLiteral(")");
        if (totals.oneRollout.value(key) > value && sizing.doesNotFit.isEmpty())
            sizing.warnings << QStringLiteral("A rolling update needs %1 %2 but the quota holds %3 (the cap): until the cap is raised, "
                                              "an update of the largest workload waits for room.")
                                   .arg(it.key(), formatAmount(key, totals.oneRollout.value(key)), formatAmount(key, value));
        sizing.rows.append({QStringLiteral("ResourceQuota/previewdesk-quota"), QStringLiteral("spec.hard.") + it.key(),
                            QStringLiteral("cap ") + formatAmount(key, cap), why, PlanRule::QuotaSize, false});
    }
    return sizing;
}

} // namespace pd::core::clone
