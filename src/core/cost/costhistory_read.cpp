#include "costhistory.h"
#include "costhistory_p.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;
using namespace pd::core::costhistory_detail;

namespace pd::core {

AttributionInput CostHistory::input(qint64 windowStartMs, qint64 windowEndMs, const Prices &prices)
{
    AttributionInput in;
    in.prices = prices;
    in.windowStartMs = windowStartMs;
    in.windowEndMs = windowEndMs;
    if (!isOpen())
        return in;
    const qint64 interval = d->interval(windowStartMs, windowEndMs);
    in.options.nominalIntervalMs = interval;
    in.options.maxGapFactor = maxGapFactor;
    // A sample before the window still prices time inside it up to maxGap later.
    const qint64 from = windowStartMs - qint64(maxGapFactor * double(interval));

    const auto readFailed = [&](const QString &detail) {
        fail(u"cannot read the cost history %1"_s.arg(m_path), detail);
        in.samples.clear();
        return in;
    };
    // Every series of a frame at or after `from` was seen since from - seriesTouchMs.
    QString error;
    const std::optional<QHash<qint64, SeriesInfo>> series = d->seriesSeenSince(from - seriesTouchMs, &error);
    if (!series)
        return readFailed(error);

    QSqlQuery q(d->db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT t, base_t, usage FROM sample_times WHERE t >= ? AND t < ? ORDER BY t"_s);
    q.addBindValue(from);
    q.addBindValue(windowEndMs);
    if (!q.exec())
        return readFailed(q.lastError().text());
    // Frames come in time order, so each one's base is mostly the frame just decoded.
    std::optional<UsageFrame> previous;
    qint64 previousT = -1;
    while (q.next()) {
        const qint64 t = q.value(0).toLongLong();
        const QVariant baseT = q.value(1);
        std::optional<UsageFrame> base;
        const UsageFrame *basePtr = nullptr;
        if (!baseT.isNull()) {
            if (previous && previousT == baseT.toLongLong()) {
                basePtr = &*previous;
            } else {
                if (!(base = d->frameAt(baseT.toLongLong(), nullptr, &error)))
                    return readFailed(error);
                basePtr = &*base;
            }
        }
        std::optional<UsageFrame> frame = decodeUsageFrame(q.value(2).toByteArray(), basePtr, &error);
        if (!frame)
            return readFailed(error);
        for (qsizetype i = 0; i < frame->size(); ++i) {
            const auto it = series->constFind(frame->series[size_t(i)]);
            if (it == series->constEnd())
                continue;
            UsageSample s;
            s.timestampMs = t;
            s.namespaceName = it->ns;
            s.pod = it->pod;
            s.container = it->container;
            s.workload = it->workload;
            s.cpuUsageCores = cpuCores(frame->cpu[size_t(i)]);
            s.memoryUsageBytes = memoryBytes(frame->memory[size_t(i)]);
            s.cpuRequestCores = it->cpuRequestCores;
            s.memoryRequestBytes = it->memoryRequestBytes;
            in.samples.append(s);
        }
        previous = std::move(frame);
        previousT = t;
    }

    q.prepare(u"SELECT ns, name, bytes, first_t, last_t FROM pvc_spans WHERE first_t < ? AND last_t >= ? "
              u"ORDER BY first_t, id"_s);
    q.addBindValue(windowEndMs);
    q.addBindValue(windowStartMs - interval);
    if (q.exec()) {
        while (q.next())
            in.pvcs.append(PvcUsage{q.value(0).toString(), q.value(1).toString(), q.value(2).toDouble(),
                                    q.value(3).toLongLong(), q.value(4).toLongLong() + interval});
    }

    const QHash<QString, Labels> labels = d->labelsAt(windowEndMs - 1);
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        if (!it->owner.isEmpty())
            in.ownerByNamespace.insert(it.key(), it->owner);
        if (!it->environment.isEmpty())
            in.environmentByNamespace.insert(it.key(), it->environment);
    }
    return in;
}

QHash<QString, QString> CostHistory::roles(qint64 atMs)
{
    QHash<QString, QString> out;
    if (!isOpen())
        return out;
    const QHash<QString, Labels> labels = d->labelsAt(atMs);
    for (auto it = labels.begin(); it != labels.end(); ++it)
        if (!it->role.isEmpty())
            out.insert(it.key(), it->role);
    return out;
}

CostCoverage CostHistory::coverage(qint64 windowStartMs, qint64 windowEndMs)
{
    CostCoverage c;
    if (!isOpen())
        return c;
    c.intervalMs = d->interval(windowStartMs, windowEndMs);
    const auto maxGap = qint64(maxGapFactor * double(c.intervalMs));
    QSqlQuery q(d->db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT t, containers FROM sample_times WHERE t >= ? AND t < ? ORDER BY t"_s);
    q.addBindValue(windowStartMs);
    q.addBindValue(windowEndMs);
    if (!q.exec()) {
        fail(u"cannot read the cost history %1"_s.arg(m_path), q.lastError().text());
        return c;
    }
    qint64 previous = -1;
    const auto cover = [&](qint64 from, qint64 to) {
        c.coveredMs += std::max<qint64>(0, std::min(to, windowEndMs) - from);
    };
    while (q.next()) {
        const qint64 t = q.value(0).toLongLong();
        if (previous < 0)
            c.firstMs = t;
        else
            cover(previous, t - previous > maxGap ? previous + c.intervalMs : t);
        previous = t;
        c.lastMs = t;
        ++c.sampleTimes;
        c.samples += q.value(1).toLongLong();
    }
    if (previous >= 0)
        cover(previous, previous + c.intervalMs);
    return c;
}

} // namespace pd::core
