#pragma once

#include "clusterconnection.h"
#include "core/cost/clusteridentity.h"
#include "core/cost/costattribution.h"

#include <QList>
#include <QString>

namespace pd::cli {

// Where the figures of `previewctl cost` came from.
enum class CostSource { Auto, History, Estimate, OpenCost };

QString toString(CostSource source);                        // "auto", "history" ...
bool parseCostSource(const QString &text, CostSource *source);

// The rows as a table (with a TOTAL line), CSV or JSON. Table and CSV start with
// "# <header>"; JSON carries {"source", "summary", "by", "currency", "rows"} and, for the
// estimate, "estimate" (the header) as before.
QString renderCost(const QList<pd::core::CostRow> &rows, const QString &format, const QString &by, CostSource source,
                   const QString &header);

// The history `previewctl cost` and `cost record` use: --db names a file outright (no cluster
// check); otherwise the cluster's own file (CostHistory::pathFor, its notice printed on stderr),
// opened with the cluster's identity so another cluster's file is refused.
struct CostHistoryFile
{
    QString path;
    pd::core::ClusterIdentity cluster;   // empty for --db
};
CostHistoryFile costHistoryFile(const QCommandLineParser &parser, const ClusterConnection &connection);

// 2016 -> "2,016" (locale-independent, for headers).
QString groupThousands(qint64 value);
// 6.9 days -> "6.9 d", 5 hours -> "5.0 h", 20 minutes -> "20 min", 25 seconds -> "25 s".
QString formatSpan(qint64 ms);
// ms since the epoch -> "2026-11-25T10:00:00Z".
QString formatTime(qint64 ms);

} // namespace pd::cli
