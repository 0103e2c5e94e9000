#pragma once

// What the parts of CostHistory share (costhistory.cpp opens, records and prunes,
// costhistory_usage.cpp keeps the usage frames and series, costhistory_read.cpp reads,
// costhistory_migrate.cpp converts older files): the connection wrapper and a few constants.
// Not part of the public API.

#include "costhistory.h"
#include "costusageframe.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <algorithm>
#include <optional>
#include <vector>

namespace pd::core {

namespace costhistory_detail {

constexpr qint64 defaultIntervalMs = 5 * 60 * 1000;
constexpr double maxGapFactor = 2.0;   // as AttributionOptions: a longer gap breaks a span
// A key frame at least every this many sample times (3 hours at 5 minutes): reading a window
// decodes at most this many frames before it.
constexpr int keyFrameEvery = 36;
// Every series of a frame is noted as seen (series_seen) at least this often, and at once when
// new to a frame, so every series of a stored frame at t was seen at or after t - seriesTouchMs.
constexpr qint64 seriesTouchMs = 3600 * 1000;

// SQLite stores a null QString as NULL; the columns are NOT NULL text.
inline QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

// Version 2's meta, names, series and sample_times tables (costhistory_migrate.cpp).
QStringList costHistoryUsageSchema();

// One container series as the series table keeps it.
struct SeriesInfo
{
    QString ns, pod, container, workload;
    double cpuRequestCores = 0;
    double memoryRequestBytes = 0;
};

struct Labels
{
    QString owner;
    QString environment;
    QString role;
    bool operator==(const Labels &) const = default;
};

inline qint64 median(std::vector<qint64> values)
{
    if (values.empty())
        return 0;
    const auto mid = values.begin() + qsizetype(values.size() / 2);
    std::nth_element(values.begin(), mid, values.end());
    return *mid;
}

} // namespace costhistory_detail

using costhistory_detail::Labels;
using costhistory_detail::text;
using costhistory_detail::SeriesInfo;
using costhistory_detail::UsageFrame;
using costhistory_detail::defaultIntervalMs;
using costhistory_detail::median;

struct CostHistory::Impl
{
    QString connection;
    QSqlDatabase db;
    // Caches for record(), dropped with any failed transaction (costhistory_usage.cpp).
    QHash<quint64, qint64> seriesByKey;   // stable 64-bit hash of a series' identity -> id
    bool seriesLoaded = false;            // seriesByKey holds every stored series
    qint64 nextSeriesId = 1;
    QHash<QString, qint64> nameIds;       // interned namespace, container and workload names
    bool namesLoaded = false;
    qint64 lastTouchMs = -1;              // when every series of a frame was last noted as seen
    struct Latest
    {
        qint64 t = -1;
        int depth = 0;                    // frames since the key frame
        UsageFrame frame;
    };
    std::optional<Latest> latest;         // the newest frame, decoded

    void dropCaches()
    {
        seriesByKey.clear();
        seriesLoaded = false;
        nameIds.clear();
        namesLoaded = false;
        lastTouchMs = -1;
        latest.reset();
    }

    // Stores the usage of one sample time (replacing one stored at t); no transaction of its
    // own. False with error.
    bool writeUsage(qint64 t, qint64 intervalMs, const QList<UsageSample> &samples, QString *error);
    // The frame stored at t, decoded through its chain of bases; nullopt with error.
    std::optional<UsageFrame> frameAt(qint64 t, int *depth, QString *error);
    // Rewrites the frame at t as a key frame (its base is about to change or go).
    bool makeKeyFrame(qint64 t, QString *error);
    // Runs of series ids seen at or after since, merged and ascending.
    std::optional<std::vector<std::pair<qint64, qint64>>> seriesRangesSeenSince(qint64 since, QString *error);
    // Series seen at or after since, by id.
    std::optional<QHash<qint64, SeriesInfo>> seriesSeenSince(qint64 since, QString *error);
    bool migrateFromVersion1(QString *error);


    ~Impl()
    {
        if (db.isValid())
            db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(connection);
    }

    // A prepared query; exec() failures come back as false with the query's error.
    std::optional<QSqlQuery> prepare(const QString &sql, QString *error)
    {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.prepare(sql)) {
            *error = query.lastError().text();
            return std::nullopt;
        }
        return query;
    }

    bool exec(const QString &sql, QString *error)
    {
        QSqlQuery query(db);
        if (!query.exec(sql)) {
            *error = query.lastError().text();
            return false;
        }
        return true;
    }

    // The median recorded interval of the sample times in [from, to); the latest before
    // `to` when there are none; the default when the history is empty.
    qint64 interval(qint64 from, qint64 to)
    {
        using namespace Qt::StringLiterals;
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(u"SELECT interval_ms FROM sample_times WHERE t >= ? AND t < ?"_s);
        q.addBindValue(from);
        q.addBindValue(to);
        std::vector<qint64> values;
        if (q.exec())
            while (q.next())
                values.push_back(q.value(0).toLongLong());
        if (values.empty()) {
            q.prepare(u"SELECT interval_ms FROM sample_times WHERE t < ? ORDER BY t DESC LIMIT 1"_s);
            q.addBindValue(to);
            if (q.exec() && q.next())
                values.push_back(q.value(0).toLongLong());
        }
        const qint64 m = median(std::move(values));
        return m > 0 ? m : defaultIntervalMs;
    }

    // namespace -> labels in force at atMs (the latest change at or before it).
    QHash<QString, Labels> labelsAt(qint64 atMs)
    {
        using namespace Qt::StringLiterals;
        QHash<QString, Labels> out;
        QSqlQuery q(db);
        q.setForwardOnly(true);
        q.prepare(u"SELECT l.ns, l.owner, l.environment, l.role FROM ns_labels l JOIN "
                  u"(SELECT ns, MAX(since_t) AS m FROM ns_labels WHERE since_t <= ? GROUP BY ns) x "
                  u"ON l.ns = x.ns AND l.since_t = x.m"_s);
        q.addBindValue(atMs);
        if (q.exec())
            while (q.next())
                out.insert(q.value(0).toString(), Labels{q.value(1).toString(), q.value(2).toString(), q.value(3).toString()});
        return out;
    }

private:
    bool loadSeries(QString *error);
    std::optional<qint64> nameId(const QString &name, QString *error);
    bool touchSeries(const std::vector<qint64> &ids, qint64 t, QString *error);
};

} // namespace pd::core
