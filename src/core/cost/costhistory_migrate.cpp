// Version 1 kept a row per container sample (about 60 bytes each: a day of a 150,000-container
// cluster took gigabytes); version 2 keeps a compressed frame per sample time. The claims and
// labels tables did not change.
#include "costhistory.h"
#include "costhistory_p.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace pd::core {

QStringList costhistory_detail::costHistoryUsageSchema()
{
    return {
        u"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID"_s,
        u"CREATE TABLE names (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"_s,
        u"CREATE TABLE series (id INTEGER PRIMARY KEY, key INTEGER NOT NULL, ns INTEGER NOT NULL, pod TEXT NOT NULL, "
        u"container INTEGER NOT NULL, workload INTEGER NOT NULL, cpu_req_m INTEGER NOT NULL, mem_req INTEGER NOT NULL, "
        u"first_t INTEGER NOT NULL)"_s,
        // Which series ids were in a frame when: a row per run of consecutive ids (costhistory_usage.cpp).
        u"CREATE TABLE series_seen (first_id INTEGER NOT NULL, last_id INTEGER NOT NULL, t INTEGER NOT NULL)"_s,
        u"CREATE INDEX series_seen_t ON series_seen (t)"_s,
        u"CREATE TABLE sample_times (t INTEGER PRIMARY KEY, interval_ms INTEGER NOT NULL, containers INTEGER NOT NULL, "
        u"base_t INTEGER, depth INTEGER NOT NULL, usage BLOB NOT NULL)"_s,
        u"CREATE INDEX sample_times_base ON sample_times (base_t) WHERE base_t IS NOT NULL"_s,
    };
}

bool CostHistory::Impl::migrateFromVersion1(QString *error)
{
    for (const QString &sql : {u"ALTER TABLE series RENAME TO v1_series"_s, u"ALTER TABLE samples RENAME TO v1_samples"_s,
                               u"ALTER TABLE sample_times RENAME TO v1_sample_times"_s}) {
        if (!exec(sql, error))
            return false;
    }
    for (const QString &sql : costhistory_detail::costHistoryUsageSchema())
        if (!exec(sql, error))
            return false;

    std::vector<std::pair<qint64, qint64>> times;   // t, interval
    {
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(u"SELECT t, interval_ms FROM v1_sample_times ORDER BY t"_s)) {
            *error = q.lastError().text();
            return false;
        }
        while (q.next())
            times.emplace_back(q.value(0).toLongLong(), q.value(1).toLongLong());
    }
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT s.ns, s.pod, s.container, s.workload, x.cpu_use, x.mem_use, x.cpu_req, x.mem_req "
              u"FROM v1_samples x JOIN v1_series s ON s.id = x.series WHERE x.t = ? ORDER BY x.series"_s);
    for (const auto &[t, interval] : times) {
        q.addBindValue(t);
        if (!q.exec()) {
            *error = q.lastError().text();
            return false;
        }
        QList<UsageSample> samples;
        while (q.next()) {
            UsageSample s;
            s.timestampMs = t;
            s.namespaceName = q.value(0).toString();
            s.pod = q.value(1).toString();
            s.container = q.value(2).toString();
            s.workload = q.value(3).toString();
            s.cpuUsageCores = q.value(4).toDouble();
            s.memoryUsageBytes = q.value(5).toDouble();
            s.cpuRequestCores = q.value(6).toDouble();
            s.memoryRequestBytes = q.value(7).toDouble();
            samples.append(s);
        }
        q.finish();
        if (!writeUsage(t, interval, samples, error))
            return false;
    }
    for (const QString &sql : {u"DROP TABLE v1_samples"_s, u"DROP TABLE v1_series"_s, u"DROP TABLE v1_sample_times"_s})
        if (!exec(sql, error))
            return false;
    return true;
}

} // namespace pd::core
