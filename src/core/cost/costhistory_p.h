#pragma once

// What the two halves of CostHistory share (costhistory.cpp writes, costhistory_read.cpp
// reads): the connection wrapper and a few constants. Not part of the public API.

#include "costhistory.h"

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
using costhistory_detail::defaultIntervalMs;
using costhistory_detail::median;

struct CostHistory::Impl
{
    QString connection;
    QSqlDatabase db;
    QHash<QString, qint64> seriesIds;   // cache of the series table, for record()

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
};

} // namespace pd::core
