#include "bench_cost_v1.h"

#include <QHash>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

RowPerSampleHistory::RowPerSampleHistory(const QString &path) : m_connection(u"bench-cost-v1"_s)
{
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    m_db.setDatabaseName(path);
    if (!m_db.open())
        return;
    QSqlQuery q(m_db);
    m_ok = q.exec(u"PRAGMA journal_mode=WAL"_s) && q.exec(u"PRAGMA synchronous=NORMAL"_s)
        && q.exec(u"CREATE TABLE series (id INTEGER PRIMARY KEY, ns TEXT NOT NULL, pod TEXT NOT NULL, container TEXT NOT NULL, "
                  u"workload TEXT NOT NULL, UNIQUE (ns, pod, container, workload))"_s)
        && q.exec(u"CREATE TABLE samples (t INTEGER NOT NULL, series INTEGER NOT NULL, cpu_use REAL NOT NULL, "
                  u"mem_use REAL NOT NULL, cpu_req REAL NOT NULL, mem_req REAL NOT NULL, PRIMARY KEY (t, series)) WITHOUT ROWID"_s);
}

RowPerSampleHistory::~RowPerSampleHistory()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connection);
}

bool RowPerSampleHistory::record(qint64 t, const QList<pd::core::UsageSample> &samples)
{
    if (!m_db.transaction())
        return false;
    QSqlQuery insertSeries(m_db);
    insertSeries.prepare(u"INSERT INTO series(ns, pod, container, workload) VALUES (?, ?, ?, ?)"_s);
    constexpr int rowsPerInsert = 64;
    const auto insertSql = [](qsizetype rows) {
        QString sql = u"INSERT OR REPLACE INTO samples VALUES "_s;
        for (qsizetype r = 0; r < rows; ++r)
            sql += r == 0 ? u"(?, ?, ?, ?, ?, ?)"_s : u", (?, ?, ?, ?, ?, ?)"_s;
        return sql;
    };
    std::vector<qint64> ids;
    for (const pd::core::UsageSample &s : samples) {
        const QString key = s.namespaceName + u'\x1f' + s.pod + u'\x1f' + s.container + u'\x1f' + s.workload;
        auto it = m_seriesIds.constFind(key);
        if (it == m_seriesIds.constEnd()) {
            for (const QString *v : {&s.namespaceName, &s.pod, &s.container, &s.workload})
                insertSeries.addBindValue(*v);
            if (!insertSeries.exec())
                return false;
            it = m_seriesIds.insert(key, insertSeries.lastInsertId().toLongLong());
        }
        ids.push_back(*it);
    }
    for (qsizetype from = 0; from < samples.size(); from += rowsPerInsert) {
        const qsizetype rows = std::min<qsizetype>(rowsPerInsert, samples.size() - from);
        QSqlQuery insert(m_db);
        insert.prepare(insertSql(rows));
        for (qsizetype r = 0; r < rows; ++r) {
            const pd::core::UsageSample &s = samples.at(from + r);
            const int b = int(r) * 6;
            insert.bindValue(b, t);
            insert.bindValue(b + 1, ids[size_t(from + r)]);
            insert.bindValue(b + 2, s.cpuUsageCores);
            insert.bindValue(b + 3, s.memoryUsageBytes);
            insert.bindValue(b + 4, s.cpuRequestCores);
            insert.bindValue(b + 5, s.memoryRequestBytes);
        }
        if (!insert.exec())
            return false;
    }
    return m_db.commit();
}

QList<pd::core::UsageSample> RowPerSampleHistory::read(qint64 from, qint64 to)
{
    QList<pd::core::UsageSample> out;
    struct Names
    {
        QString ns, pod, container, workload;
    };
    QHash<qint64, Names> series;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.exec(u"SELECT id, ns, pod, container, workload FROM series"_s);
    while (q.next())
        series.insert(q.value(0).toLongLong(), Names{q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                                                     q.value(4).toString()});
    q.prepare(u"SELECT t, series, cpu_use, mem_use, cpu_req, mem_req FROM samples WHERE t >= ? AND t < ? ORDER BY t, series"_s);
    q.addBindValue(from);
    q.addBindValue(to);
    q.exec();
    while (q.next()) {
        const Names &n = series[q.value(1).toLongLong()];
        out.append(pd::core::UsageSample{q.value(0).toLongLong(), n.ns, n.pod, n.container, n.workload,
                                         q.value(2).toDouble(), q.value(3).toDouble(), q.value(4).toDouble(),
                                         q.value(5).toDouble()});
    }
    return out;
}
