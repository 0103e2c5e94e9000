#include "costattribution.h"

#include "costpricing.h"

#include <QDate>
#include <QRegularExpression>

#include <algorithm>
#include <numeric>
#include <optional>
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

// Accumulates pieces into rows. Rows live in a vector and are named by index, so a row
// found once per series stays valid while others are added; per-day rows are looked up
// by day (the last one cached).
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

    bool byDay() const { return m_grouping == CostGrouping::Day; }

    // The row of a fixed key (not grouping by day).
    int rowFor(const QString &key)
    {
        auto it = m_byKey.constFind(key);
        if (it == m_byKey.constEnd()) {
            it = m_byKey.insert(key, int(m_rows.size()));
            m_rows.emplace_back().key = key;
        }
        return it.value();
    }

    // The row of a day (grouping by day).
    int rowForDay(qint64 dayIndex)
    {
        if (m_lastDayRow >= 0 && dayIndex == m_lastDay)
            return m_lastDayRow;
        auto it = m_byDay.constFind(dayIndex);
        if (it == m_byDay.constEnd()) {
            it = m_byDay.insert(dayIndex, int(m_rows.size()));
            m_rows.emplace_back().key = dayKey(dayIndex);
        }
        m_lastDay = dayIndex;
        m_lastDayRow = it.value();
        return m_lastDayRow;
    }

    CostRow &at(int row) { return m_rows[size_t(row)]; }

    QList<CostRow> rows() const
    {
        QList<CostRow> out(m_rows.begin(), m_rows.end());
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
    std::vector<CostRow> m_rows;
    QHash<QString, int> m_byKey;
    QHash<qint64, int> m_byDay;
    qint64 m_lastDay = 0;
    int m_lastDayRow = -1;
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

// The same identity by the strings' buffers: samples of one container usually share their
// QStrings (implicit sharing), so this compares three pointers instead of three strings.
// Equal buffers and lengths are equal strings; unequal ones fall back to SeriesKey.
struct SharedKey
{
    const QChar *ns, *pod, *container;
    qsizetype nsSize, podSize, containerSize;
    bool operator==(const SharedKey &) const = default;
};

size_t qHash(const SharedKey &k, size_t seed = 0)
{
    return qHashMulti(seed, quintptr(k.ns), quintptr(k.pod), quintptr(k.container));
}

// Numbers every sample's series (one per container of one pod) in order of first
// appearance, without hashing strings per sample.
class SeriesNumbering final
{
public:
    explicit SeriesNumbering(qsizetype expected) { m_byBuffer.reserve(expected / 8 + 16); }

    int count() const { return int(m_keys.size()); }

    int seriesOf(const UsageSample &s)
    {
        const SharedKey shared{s.namespaceName.constData(), s.pod.constData(), s.container.constData(),
                               s.namespaceName.size(), s.pod.size(), s.container.size()};
        // Samples usually come in the same order of containers at every sample time: the
        // series that followed the previous one last time is tried first, one compare on
        // memory read in order instead of a hash lookup at a random place.
        const int guess = m_previous >= 0 ? m_successor[size_t(m_previous)] : (m_keys.empty() ? -1 : 0);
        int series = guess;
        if (guess < 0 || !(m_keys[size_t(guess)] == shared)) {
            auto it = m_byBuffer.constFind(shared);
            if (it == m_byBuffer.constEnd()) {
                const SeriesKey key{s.namespaceName, s.pod, s.container};
                auto byValue = m_byValue.constFind(key);
                if (byValue == m_byValue.constEnd()) {
                    byValue = m_byValue.insert(key, int(m_keys.size()));
                    m_keys.push_back(shared);
                    m_successor.push_back(-1);
                }
                it = m_byBuffer.insert(shared, byValue.value());
            }
            series = it.value();
            if (m_previous >= 0)
                m_successor[size_t(m_previous)] = series;
        }
        m_previous = series;
        return series;
    }

private:
    QHash<SharedKey, int> m_byBuffer;
    QHash<SeriesKey, int> m_byValue;
    std::vector<SharedKey> m_keys;      // a buffer key of each series
    std::vector<int> m_successor;       // the series that followed it last time (-1: none yet)
    int m_previous = -1;
};

// What pricing needs of a series' latest sample until its next one arrives.
struct Pending
{
    qint64 t = 0;
    double cpuUse = 0, cpuRequest = 0, memUse = 0, memRequest = 0;
    int row = -1;        // the series' row (fixed groupings); -1: the series has no sample yet
};

} // namespace

QList<CostRow> attribute(const AttributionInput &input, CostGrouping grouping)
{
    std::optional<Accumulator> acc(std::in_place, input, grouping);
    const Prices &p = input.prices;
    const qint64 interval = std::max<qint64>(1, input.options.nominalIntervalMs);
    const auto maxGap = qint64(double(interval) * std::max(1.0, input.options.maxGapFactor));
    const bool byDay = acc->byDay();

    // Sample i of a series prices [t_i, t_i+1), or one interval after a longer gap or at the end.
    const auto price = [&](const Pending &s, qint64 next) {
        const qint64 end = (next - s.t > maxGap) ? s.t + interval : next;
        const double cpu = std::max(s.cpuRequest, s.cpuUse);
        const double memGiB = std::max(s.memRequest, s.memUse) / bytesPerGiB;
        forEachPiece(s.t, end, input, byDay, [&](qint64 a, qint64 b, qint64 day) {
            const double hours = double(b - a) / double(msPerHour);
            CostRow &r = acc->at(byDay ? acc->rowForDay(day) : s.row);
            ResourceHours held;
            held.cpuCoreHours = cpu * hours;
            held.memoryGiBHours = memGiB * hours;
            const PricedResources priced = priceResources(held, p);
            r.hours += hours;
            r.cpuCost += priced.cpu;
            r.memoryCost += priced.memory;
            r.cpuCoreHoursUsed += s.cpuUse * hours;
            r.cpuCoreHoursRequested += s.cpuRequest * hours;
            r.memoryGiBHoursUsed += s.memUse / bytesPerGiB * hours;
            r.memoryGiBHoursRequested += s.memRequest / bytesPerGiB * hours;
        });
    };
    // Feeds one sample of a series; false when it is older than the series' previous one.
    std::vector<Pending> pending;
    const auto feed = [&](const UsageSample &s, int series) {
        if (size_t(series) >= pending.size())
            pending.resize(size_t(series) + 1);
        Pending &state = pending[size_t(series)];
        if (state.row >= 0) {
            if (s.timestampMs < state.t)
                return false;
            price(state, s.timestampMs);
        } else {
            // A series' row follows its earliest sample's workload.
            state.row = byDay ? 0 : acc->rowFor(acc->keyFor(s.namespaceName, s.workload));
        }
        state.t = s.timestampMs;
        state.cpuUse = s.cpuUsageCores;
        state.cpuRequest = s.cpuRequestCores;
        state.memUse = s.memoryUsageBytes;
        state.memRequest = s.memoryRequestBytes;
        return true;
    };

    // One pass in input order while every series comes in time order (the usual case): series
    // are numbered in order of first appearance and each sample is priced when its series' next
    // one arrives.
    const QList<UsageSample> &samples = input.samples;
    const auto n = size_t(samples.size());
    SeriesNumbering numbering(samples.size());
    std::vector<int> seriesIndex(n);
    bool inTimeOrder = true;
    for (size_t i = 0; i < n; ++i) {
        const UsageSample &s = samples[qsizetype(i)];
        seriesIndex[i] = numbering.seriesOf(s);
        if (inTimeOrder && !feed(s, seriesIndex[i]))
            inTimeOrder = false;   // keep numbering, then start over in time order
    }
    if (!inTimeOrder) {
        // Stable: equal times keep input order, as a series' samples did before sorting.
        std::vector<int> byTime(n);
        std::iota(byTime.begin(), byTime.end(), 0);
        std::stable_sort(byTime.begin(), byTime.end(),
                         [&](int a, int b) { return samples[a].timestampMs < samples[b].timestampMs; });
        acc.emplace(input, grouping);
        pending.assign(pending.size(), Pending{});
        for (const int i : byTime)
            feed(samples[i], seriesIndex[size_t(i)]);
    }
    for (const Pending &state : pending)
        price(state, state.t + interval);

    for (const PvcUsage &pvc : input.pvcs) {
        const int fixedRow = byDay ? -1 : acc->rowFor(acc->keyFor(pvc.namespaceName, u"pvc:"_s + pvc.name));
        const double gib = pvc.requestedBytes / bytesPerGiB;
        forEachPiece(pvc.startMs, pvc.endMs, input, byDay, [&](qint64 a, qint64 b, qint64 day) {
            const double hours = double(b - a) / double(msPerHour);
            CostRow &r = acc->at(byDay ? acc->rowForDay(day) : fixedRow);
            ResourceHours held;
            held.storageGiBHours = gib * hours;
            r.storageGiBHours += held.storageGiBHours;
            r.storageCost += priceResources(held, p).storage;
        });
    }
    return acc->rows();
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
