#pragma once

// The cost history's version 1 storage (a row per container sample, as PreviewDesk wrote it
// before the compact frames), kept as bench_cost's baseline: record and read back only.

#include "core/cost/usagesample.h"

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>

class RowPerSampleHistory
{
public:
    explicit RowPerSampleHistory(const QString &path);
    ~RowPerSampleHistory();
    bool ok() const { return m_ok; }
    bool record(qint64 t, const QList<pd::core::UsageSample> &samples);
    QList<pd::core::UsageSample> read(qint64 from, qint64 to);

private:
    QSqlDatabase m_db;
    QString m_connection;
    QHash<QString, qint64> m_seriesIds;
    bool m_ok = false;
};
