#include "costattribution.h"

#include <QDate>
#include <QRegularExpression>

#include <algorithm>
#include <numeric>
#include <vector>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

constexpr qint64 msPerHour = 3600 * 1000;
constexpr qint64 msPerDay = 24 * msPerHour;

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

QString dayKey(qint64 dayIndex)
{
    return QDate(1970, 1, 1).addDays(dayIndex).toString(Qt::ISODate);
}

// Accumulates pieces into rows; per-day keys are cached as strings once.
class Accumulator final
{
public:
    Accumulator(const AttributionInput &input, CostGrouping grouping) : m_input(input), m_grouping(grouping) {}

    QString keyFor(const QString &ns, const QString &workload) const
    {
        switch (m_grouping) {
        case CostGrouping::Namespace: return ns;
        case CostGrouping::Workload: return ns + u'/' + workload;
        case CostGrouping::Owner: return m_input.ownerByNamespace.value(ns, u"(no owner)"_s);
        case CostGrouping::Environment: return m_input.environmentByNamespace.value(ns, ns);
        case CostGrouping::Day: return {};
        }
        return ns;
    }

    // The row for a fixed key, or for the day of `dayIndex` when grouping by day.
    CostRow &row(const QString &key, qint64 dayIndex)
    {
        if (m_grouping == CostGrouping::Day) {
            auto it = m_dayRows.find(dayIndex);
            if (it == m_dayRows.end()) {
                it = m_dayRows.insert(dayIndex, CostRow{});
                it->key = dayKey(dayIndex);
            }
            return *it;
        }
        auto it = m_rows.find(key);
        if (it == m_rows.end()) {
            it = m_rows.insert(key, CostRow{});
            it->key = key;
        }
        return *it;
    }

    bool byDay() const { return m_grouping == CostGrouping::Day; }

    QList<CostRow> rows() const
    {
        QList<CostRow> out = byDay() ? m_dayRows.values() : m_rows.values();
        for (CostRow &r : out)
            r.totalCost = r.cpuCost + r.memoryCost + r.storageCost;
        std::sort(out.begin(), out.end(), [](const CostRow &a, const CostRow &b) {
            if (a.totalCost != b.totalCost)
                return a.totalCost > b.totalCost;
            return a.key < b.key;
        });
        return out;
    }

private:
    const AttributionInput &m_input;
    CostGrouping m_grouping;
    QHash<QString, CostRow> m_rows;
    QHash<qint64, CostRow> m_dayRows;
};

// Calls f(pieceStart, pieceEnd, dayIndex) for [from, to) clipped to the window, split at
// UTC midnights when splitting.
template<typename F>
void forEachPiece(qint64 from, qint64 to, const AttributionInput &in, bool split, F &&f)
{
    from = std::max(from, in.windowStartMs);
    to = std::min(to, in.windowEndMs);
    while (from < to) {
        const qint64 day = floorDiv(from, msPerDay);
        const qint64 end = split ? std::min(to, (day + 1) * msPerDay) : to;
        f(from, end, day);
        from = end;
    }
}

struct SeriesKey
{
    QStringView ns, pod, container;
    bool operator==(const SeriesKey &) const = default;
};

size_t qHash(const SeriesKey &k, size_t seed = 0)
{
    return qHashMulti(seed, k.ns, k.pod, k.container);
}

} // namespace

QList<CostRow> attribute(const AttributionInput &input, CostGrouping grouping)
{
    Accumulator acc(input, grouping);
    const Prices &p = input.prices;
    const qint64 interval = std::max<qint64>(1, input.options.nominalIntervalMs);
    const auto maxGap = qint64(double(interval) * std::max(1.0, input.options.maxGapFactor));

    // Group samples into series (one per container of one pod), keeping input order.
    const QList<UsageSample> &samples = input.samples;
    QHash<SeriesKey, int> seriesOf;
    seriesOf.reserve(samples.size() / 8 + 16);
    std::vector<int> seriesIndex(size_t(samples.size()));
    std::vector<int> counts;
    for (qsizetype i = 0; i < samples.size(); ++i) {
        const UsageSample &s = samples.at(i);
        const SeriesKey key{s.namespaceName, s.pod, s.container};
        auto it = seriesOf.find(key);
        if (it == seriesOf.end()) {
            it = seriesOf.insert(key, int(counts.size()));
            counts.push_back(0);
        }
        seriesIndex[size_t(i)] = it.value();
        ++counts[size_t(it.value())];
    }
    // Counting sort by series, then by time within each series.
    std::vector<int> offsets(counts.size() + 1, 0);
    std::partial_sum(counts.begin(), counts.end(), offsets.begin() + 1);
    std::vector<int> order(size_t(samples.size()));
    {
        std::vector<int> fill(offsets.begin(), offsets.end() - 1);
        for (qsizetype i = 0; i < samples.size(); ++i)
            order[size_t(fill[size_t(seriesIndex[size_t(i)])]++)] = int(i);
    }

    for (size_t series = 0; series < counts.size(); ++series) {
        const auto first = order.begin() + offsets[series];
        const auto last = order.begin() + offsets[series + 1];
        const auto byTime = [&](int a, int b) { return samples.at(a).timestampMs < samples.at(b).timestampMs; };
        if (!std::is_sorted(first, last, byTime))
            std::stable_sort(first, last, byTime);
        const UsageSample &head = samples.at(*first);
        const QString key = acc.byDay() ? QString() : acc.keyFor(head.namespaceName, head.workload);
        CostRow *fixedRow = acc.byDay() ? nullptr : &acc.row(key, 0);
        for (auto it = first; it != last; ++it) {
            const UsageSample &s = samples.at(*it);
            const qint64 next = (it + 1 != last) ? samples.at(*(it + 1)).timestampMs : s.timestampMs + interval;
            const qint64 end = (next - s.timestampMs > maxGap) ? s.timestampMs + interval : next;
            const double cpu = std::max(s.cpuRequestCores, s.cpuUsageCores);
            const double memGiB = std::max(s.memoryRequestBytes, s.memoryUsageBytes) / bytesPerGiB;
            forEachPiece(s.timestampMs, end, input, acc.byDay(), [&](qint64 a, qint64 b, qint64 day) {
                const double hours = double(b - a) / double(msPerHour);
                CostRow &r = fixedRow ? *fixedRow : acc.row(key, day);
                r.hours += hours;
                r.cpuCost += cpu * hours * p.cpuPerCoreHour;
                r.memoryCost += memGiB * hours * p.memoryPerGiBHour;
                r.cpuCoreHoursUsed += s.cpuUsageCores * hours;
                r.cpuCoreHoursRequested += s.cpuRequestCores * hours;
                r.memoryGiBHoursUsed += s.memoryUsageBytes / bytesPerGiB * hours;
                r.memoryGiBHoursRequested += s.memoryRequestBytes / bytesPerGiB * hours;
            });
        }
    }

    for (const PvcUsage &pvc : input.pvcs) {
        const QString key = acc.byDay() ? QString() : acc.keyFor(pvc.namespaceName, u"pvc:"_s + pvc.name);
        const double gib = pvc.requestedBytes / bytesPerGiB;
        forEachPiece(pvc.startMs, pvc.endMs, input, acc.byDay(), [&](qint64 a, qint64 b, qint64 day) {
            const double hours = double(b - a) / double(msPerHour);
            CostRow &r = acc.row(key, day);
            r.storageGiBHours += gib * hours;
            r.storageCost += gib * hours * p.storagePerGiBHour;
        });
    }
    return acc.rows();
}

QString workloadName(const QString &ownerKind, const QString &ownerName, const QString &podName)
{
    if (ownerName.isEmpty())
        return podName;
    static const QRegularExpression replicaSetHash(u"^(.+)-[bcdfghjklmnpqrstvwxz2456789]{5,10}$"_s);
    static const QRegularExpression jobSuffix(u"^(.+)-\\d{8,}$"_s);
    if (ownerKind == "ReplicaSet"_L1) {
        const auto m = replicaSetHash.match(ownerName);
        if (m.hasMatch())
            return m.captured(1);
    } else if (ownerKind == "Job"_L1) {
        const auto m = jobSuffix.match(ownerName);
        if (m.hasMatch())
            return m.captured(1);
    }
    return ownerName;
}

QString toString(CostGrouping grouping)
{
    switch (grouping) {
    case CostGrouping::Namespace: return u"namespace"_s;
    case CostGrouping::Workload: return u"workload"_s;
    case CostGrouping::Owner: return u"owner"_s;
    case CostGrouping::Environment: return u"environment"_s;
    case CostGrouping::Day: return u"day"_s;
    }
    return {};
}

bool parseCostGrouping(const QString &text, CostGrouping *grouping)
{
    for (CostGrouping g : {CostGrouping::Namespace, CostGrouping::Workload, CostGrouping::Owner,
                           CostGrouping::Environment, CostGrouping::Day}) {
        if (text == toString(g)) {
            *grouping = g;
            return true;
        }
    }
    return false;
}

} // namespace pd::core
