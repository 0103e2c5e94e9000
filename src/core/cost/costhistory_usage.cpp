// The usage half of CostHistory's store: series interned once, one compressed frame per
// sample time, each a delta from the one before up to a key frame every keyFrameEvery.
#include "costhistory.h"
#include "costhistory_p.h"

#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <cmath>
#include <tuple>

using namespace Qt::StringLiterals;

namespace pd::core {

using namespace costhistory_detail;

namespace {

// FNV-1a over the series' identity: stable across processes and machines (qHash is seeded
// per process), so a key read back from the file finds its series again.
quint64 seriesKey(const UsageSample &s, qint64 cpuRequestMilli, qint64 memoryRequestBytes)
{
    quint64 h = 14695981039346656037ULL;
    const auto mix = [&h](const QString &part) {
        for (const QChar c : part) {
            h ^= c.unicode();
            h *= 1099511628211ULL;
        }
        h ^= 0x1f;
        h *= 1099511628211ULL;
    };
    mix(s.namespaceName);
    mix(s.pod);
    mix(s.container);
    mix(s.workload);
    for (qint64 v : {cpuRequestMilli, memoryRequestBytes}) {
        for (int i = 0; i < 8; ++i) {
            h ^= quint64(v >> (8 * i)) & 0xff;
            h *= 1099511628211ULL;
        }
    }
    return h & 0x7fffffffffffffffULL;   // SQLite integers are signed
}

qint64 requestMilli(double cores)
{
    return cores > 0 ? std::llround(cores * 1000.0) : 0;
}

qint64 requestBytes(double bytes)
{
    return bytes > 0 ? std::llround(bytes) : 0;
}

} // namespace

bool CostHistory::Impl::loadSeries(QString *error)
{
    if (seriesLoaded)
        return true;
    seriesByKey.clear();
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT key, id FROM series"_s)) {
        *error = q.lastError().text();
        return false;
    }
    qint64 maxId = 0;
    while (q.next()) {
        const qint64 id = q.value(1).toLongLong();
        seriesByKey.insert(quint64(q.value(0).toLongLong()), id);
        maxId = std::max(maxId, id);
    }
    nextSeriesId = maxId + 1;
    seriesLoaded = true;
    return true;
}

std::optional<qint64> CostHistory::Impl::nameId(const QString &name, QString *error)
{
    if (!namesLoaded) {
        nameIds.clear();
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(u"SELECT id, name FROM names"_s)) {
            *error = q.lastError().text();
            return std::nullopt;
        }
        while (q.next())
            nameIds.insert(q.value(1).toString(), q.value(0).toLongLong());
        namesLoaded = true;
    }
    if (const auto it = nameIds.constFind(name); it != nameIds.constEnd())
        return *it;
    QSqlQuery insert(db);
    insert.prepare(u"INSERT INTO names(name) VALUES (?)"_s);
    insert.addBindValue(text(name));
    if (!insert.exec()) {
        *error = insert.lastError().text();
        return std::nullopt;
    }
    const qint64 id = insert.lastInsertId().toLongLong();
    nameIds.insert(name, id);
    return id;
}

bool CostHistory::Impl::touchSeries(const std::vector<qint64> &ids, qint64 t, QString *error)
{
    QSqlQuery q(db);
    if (!q.prepare(u"INSERT INTO series_seen(first_id, last_id, t) VALUES (?, ?, ?)"_s)) {
        *error = q.lastError().text();
        return false;
    }
    // ids ascend; every run of consecutive ids is one row (a per-series update of 150,000
    // rows an hour was most of record()'s time).
    for (size_t from = 0; from < ids.size();) {
        size_t to = from;
        while (to + 1 < ids.size() && ids[to + 1] == ids[to] + 1)
            ++to;
        q.addBindValue(ids[from]);
        q.addBindValue(ids[to]);
        q.addBindValue(t);
        if (!q.exec()) {
            *error = q.lastError().text();
            return false;
        }
        from = to + 1;
    }
    return true;
}

std::optional<std::vector<std::pair<qint64, qint64>>> CostHistory::Impl::seriesRangesSeenSince(qint64 since, QString *error)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT first_id, last_id FROM series_seen WHERE t >= ?"_s);
    q.addBindValue(since);
    if (!q.exec()) {
        *error = q.lastError().text();
        return std::nullopt;
    }
    std::vector<std::pair<qint64, qint64>> runs;
    while (q.next())
        runs.emplace_back(q.value(0).toLongLong(), q.value(1).toLongLong());
    std::sort(runs.begin(), runs.end());
    std::vector<std::pair<qint64, qint64>> merged;
    for (const auto &run : runs) {
        if (!merged.empty() && run.first <= merged.back().second + 1)
            merged.back().second = std::max(merged.back().second, run.second);
        else
            merged.push_back(run);
    }
    return merged;
}

std::optional<UsageFrame> CostHistory::Impl::frameAt(qint64 t, int *depth, QString *error)
{
    // Back along the bases to a key frame (or to the newest frame, already decoded).
    std::vector<QByteArray> chain;
    const UsageFrame *start = nullptr;
    int startDepth = 0;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT base_t, usage FROM sample_times WHERE t = ?"_s);
    for (qint64 at = t;;) {
        if (latest && latest->t == at) {
            start = &latest->frame;
            startDepth = latest->depth;
            break;
        }
        q.addBindValue(at);
        if (!q.exec()) {
            *error = q.lastError().text();
            return std::nullopt;
        }
        if (!q.next()) {
            *error = u"the usage of %1 refers to a sample time that is not stored"_s.arg(t);
            return std::nullopt;
        }
        const QVariant base = q.value(0);
        chain.push_back(q.value(1).toByteArray());
        q.finish();
        if (base.isNull())
            break;
        if (chain.size() > size_t(16 * keyFrameEvery)) {
            *error = u"the usage of %1 has no key frame"_s.arg(t);
            return std::nullopt;
        }
        at = base.toLongLong();
    }
    std::optional<UsageFrame> frame;
    if (start)
        frame = *start;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        std::optional<UsageFrame> next = decodeUsageFrame(*it, frame ? &*frame : nullptr, error);
        if (!next)
            return std::nullopt;
        frame = std::move(next);
    }
    if (depth)
        *depth = startDepth + int(chain.size()) - (start ? 0 : 1);
    return frame;
}

bool CostHistory::Impl::makeKeyFrame(qint64 t, QString *error)
{
    const std::optional<UsageFrame> frame = frameAt(t, nullptr, error);
    if (!frame)
        return false;
    QSqlQuery q(db);
    q.prepare(u"UPDATE sample_times SET base_t = NULL, depth = 0, usage = ? WHERE t = ?"_s);
    q.addBindValue(encodeUsageFrame(*frame, nullptr));
    q.addBindValue(t);
    if (!q.exec()) {
        *error = q.lastError().text();
        return false;
    }
    if (latest && latest->t == t)
        latest->depth = 0;
    return true;
}

bool CostHistory::Impl::writeUsage(qint64 t, qint64 intervalMs, const QList<UsageSample> &samples, QString *error)
{
    const auto failWith = [error](const QSqlQuery &q) {
        *error = q.lastError().text();
        return false;
    };
    // Replacing t: the frames built on it become key frames first, while t still decodes.
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(u"SELECT t FROM sample_times WHERE base_t = ?"_s);
        q.addBindValue(t);
        if (!q.exec())
            return failWith(q);
        std::vector<qint64> dependents;
        while (q.next())
            dependents.push_back(q.value(0).toLongLong());
        q.finish();
        for (qint64 dependent : dependents)
            if (!makeKeyFrame(dependent, error))
                return false;
        q.prepare(u"DELETE FROM sample_times WHERE t = ?"_s);
        q.addBindValue(t);
        if (!q.exec())
            return failWith(q);
        if (latest && latest->t == t)
            latest.reset();
    }

    // Each sample's series, new ones inserted many rows per statement (Qt's per-exec cost
    // dominates one-row inserts).
    if (!loadSeries(error))
        return false;
    struct NewSeries
    {
        qint64 id, key, ns;
        QString pod;
        qint64 container, workload, cpuMilli, memoryBytes;
    };
    std::vector<NewSeries> added;
    std::vector<std::tuple<qint64, qint64, qint64>> entries;   // series, cpu, memory
    entries.reserve(size_t(samples.size()));
    for (const UsageSample &s : samples) {
        const qint64 cpuMilli = requestMilli(s.cpuRequestCores);
        const qint64 memoryBytes = requestBytes(s.memoryRequestBytes);
        const quint64 key = seriesKey(s, cpuMilli, memoryBytes);
        auto it = seriesByKey.constFind(key);
        if (it == seriesByKey.constEnd()) {
            const auto ns = nameId(s.namespaceName, error);
            const auto container = ns ? nameId(s.container, error) : std::nullopt;
            const auto workload = container ? nameId(s.workload, error) : std::nullopt;
            if (!workload)
                return false;
            added.push_back({nextSeriesId, qint64(key), *ns, text(s.pod), *container, *workload, cpuMilli, memoryBytes});
            it = seriesByKey.insert(key, nextSeriesId++);
        }
        entries.emplace_back(*it, quantizeCpu(s.cpuUsageCores), quantizeMemory(s.memoryUsageBytes));
    }
    constexpr int rowsPerInsert = 64;
    constexpr int columns = 9;
    const auto insertSql = [](qsizetype rows) {
        QString sql = u"INSERT INTO series(id, key, ns, pod, container, workload, cpu_req_m, mem_req, first_t) VALUES "_s;
        for (qsizetype r = 0; r < rows; ++r)
            sql += r == 0 ? u"(?, ?, ?, ?, ?, ?, ?, ?, ?)"_s : u", (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s;
        return sql;
    };
    for (size_t from = 0; from < added.size(); from += rowsPerInsert) {
        const auto rows = qsizetype(std::min<size_t>(rowsPerInsert, added.size() - from));
        QSqlQuery insert(db);
        if (!insert.prepare(insertSql(rows)))
            return failWith(insert);
        for (qsizetype r = 0; r < rows; ++r) {
            const NewSeries &n = added[from + size_t(r)];
            const int b = int(r) * columns;
            insert.bindValue(b, n.id);
            insert.bindValue(b + 1, n.key);
            insert.bindValue(b + 2, n.ns);
            insert.bindValue(b + 3, n.pod);
            insert.bindValue(b + 4, n.container);
            insert.bindValue(b + 5, n.workload);
            insert.bindValue(b + 6, n.cpuMilli);
            insert.bindValue(b + 7, n.memoryBytes);
            insert.bindValue(b + 8, t);
        }
        if (!insert.exec())
            return failWith(insert);
    }

    // The frame: series ascending; a series given twice keeps its last sample.
    std::stable_sort(entries.begin(), entries.end(),
                     [](const auto &a, const auto &b) { return std::get<0>(a) < std::get<0>(b); });
    UsageFrame frame;
    for (size_t i = 0; i < entries.size(); ++i) {
        if (i + 1 < entries.size() && std::get<0>(entries[i + 1]) == std::get<0>(entries[i]))
            continue;
        frame.series.push_back(std::get<0>(entries[i]));
        frame.cpu.push_back(std::get<1>(entries[i]));
        frame.memory.push_back(std::get<2>(entries[i]));
    }

    // Against the frame before it, unless that one ends a run of deltas.
    std::optional<UsageFrame> base;
    int depth = 0;
    qint64 baseT = -1;
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(u"SELECT t, depth FROM sample_times WHERE t < ? ORDER BY t DESC LIMIT 1"_s);
        q.addBindValue(t);
        if (!q.exec())
            return failWith(q);
        if (q.next() && q.value(1).toInt() + 1 < keyFrameEvery) {
            baseT = q.value(0).toLongLong();
            depth = q.value(1).toInt() + 1;
        }
    }
    if (baseT >= 0) {
        if (latest && latest->t == baseT)
            base = latest->frame;
        else if (!(base = frameAt(baseT, nullptr, error)))
            return false;
    }
    QSqlQuery insertTime(db);
    insertTime.prepare(u"INSERT INTO sample_times(t, interval_ms, containers, base_t, depth, usage) VALUES (?, ?, ?, ?, ?, ?)"_s);
    insertTime.addBindValue(t);
    insertTime.addBindValue(intervalMs);
    insertTime.addBindValue(frame.size());
    insertTime.addBindValue(baseT >= 0 ? QVariant(baseT) : QVariant(QMetaType::fromType<qint64>()));
    insertTime.addBindValue(depth);
    insertTime.addBindValue(encodeUsageFrame(frame, base ? &*base : nullptr));
    if (!insertTime.exec())
        return failWith(insertTime);

    // Seen: every series hourly, and at once those new to this frame.
    if (lastTouchMs < 0 || t - lastTouchMs >= seriesTouchMs || !base) {
        if (!touchSeries(frame.series, t, error))
            return false;
        lastTouchMs = std::max(lastTouchMs, t);
    } else {
        std::vector<qint64> newcomers;
        std::set_difference(frame.series.begin(), frame.series.end(), base->series.begin(), base->series.end(),
                            std::back_inserter(newcomers));
        if (!touchSeries(newcomers, t, error))
            return false;
    }
    if (!latest || t >= latest->t)
        latest = Latest{t, depth, std::move(frame)};
    return true;
}

std::optional<QHash<qint64, SeriesInfo>> CostHistory::Impl::seriesSeenSince(qint64 since, QString *error)
{
    const auto ranges = seriesRangesSeenSince(since, error);
    if (!ranges)
        return std::nullopt;
    QHash<qint64, QString> names;
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(u"SELECT id, name FROM names"_s)) {
        *error = q.lastError().text();
        return std::nullopt;
    }
    while (q.next())
        names.insert(q.value(0).toLongLong(), q.value(1).toString());
    q.prepare(u"SELECT id, ns, pod, container, workload, cpu_req_m, mem_req FROM series WHERE id BETWEEN ? AND ?"_s);
    QHash<qint64, SeriesInfo> out;
    for (const auto &[first, last] : *ranges) {
        q.addBindValue(first);
        q.addBindValue(last);
        if (!q.exec()) {
            *error = q.lastError().text();
            return std::nullopt;
        }
        while (q.next()) {
            out.insert(q.value(0).toLongLong(),
                       SeriesInfo{names.value(q.value(1).toLongLong()), q.value(2).toString(),
                                  names.value(q.value(3).toLongLong()), names.value(q.value(4).toLongLong()),
                                  double(q.value(5).toLongLong()) / 1000.0, double(q.value(6).toLongLong())});
        }
        q.finish();
    }
    return out;
}

} // namespace pd::core
