#pragma once

#include "clusteridentity.h"
#include "costattribution.h"
#include "costprices.h"
#include "usagesample.h"

#include <QHash>
#include <QList>
#include <QString>

#include <algorithm>
#include <memory>

namespace pd::core {

// What a cluster looked like at one moment, as CostSampler takes it and CostHistory stores it.
struct CostSnapshot
{
    bool ok = false;
    QString error;                                    // why not, in plain words
    QStringList warnings;                             // partial answers (e.g. namespaces not listable)
    qint64 timestampMs = 0;
    QList<UsageSample> samples;                       // one per container of every Running pod
    QList<PvcUsage> pvcs;                             // the claims seen (startMs/endMs unused)
    QHash<QString, QString> ownerByNamespace;         // label previewdesk.io/owner
    QHash<QString, QString> environmentByNamespace;   // label previewdesk.io/environment
    QHash<QString, QString> roleByNamespace;          // label previewdesk.io/role
};

// How much of a window the history covers.
struct CostCoverage
{
    qint64 firstMs = 0;          // the first and last sample time inside the window (0: none)
    qint64 lastMs = 0;
    qint64 sampleTimes = 0;      // how many times the cluster was sampled in the window
    qint64 samples = 0;          // container samples in the window
    qint64 intervalMs = 0;       // the sampling interval (the median gap between sample times)
    qint64 coveredMs = 0;        // [first, last + interval) clipped to the window

    // Where a window ending now must end for attribute() to price the newest sample for
    // its whole interval (it may reach a little past now).
    qint64 pricedUntil(qint64 nowMs) const { return std::max(nowMs, lastMs + intervalMs); }
};

// A local SQLite store (Qt Sql, QSQLITE) of usage samples, PVC observations and namespace
// labels, one file per cluster. Samples go in by sample time; input() hands back what
// attribute() needs for a window. Use from one thread. Every failure is a false/empty
// return with error() saying why in plain words; nothing throws or crashes.
//
// Usage is stored compactly: one frame per sample time (costusageframe.h: CPU to the
// millicore, memory to the MiB, as changes from the frame before), container series interned
// once with their requests. Schema (PRAGMA user_version = schemaVersion):
//   meta(key PK, value)                                      server, ca_sha256, context
//   names(id PK, name UNIQUE)                                namespaces, containers, workloads
//   series(id PK, key, ns, pod, container, workload, cpu_req_m, mem_req, first_t)
//   series_seen(first_id, last_id, t)                        runs of ids in a frame, for pruning
//   sample_times(t PK, interval_ms, containers, base_t, depth, usage BLOB)
//   pvc_spans(id PK, ns, name, bytes, first_t, last_t)       consecutive observations merged
//   ns_labels(ns, since_t, owner, environment, role)         PK (ns, since_t): changes only
// A version 1 file (a row per container sample) is converted when opened.
class CostHistory final
{
    Q_DISABLE_COPY_MOVE(CostHistory)
public:
    static constexpr int schemaVersion = 2;

    CostHistory();
    ~CostHistory();

    // <the app's AppLocalDataLocation>/cost/<sanitized context>-<hash>.sqlite, the same for
    // previewctl (GenericDataLocation/PreviewDesk/previewdesk/cost); the hash is of the
    // server, the CA fingerprint and the context, so two clusters never share a file.
    static QString defaultPath(const ClusterIdentity &cluster);
    // defaultPath(), after taking over the file this context had when histories were kept
    // per context name (legacyPath) if the cluster has none yet; notice then says so.
    static QString pathFor(const ClusterIdentity &cluster, QString *notice = nullptr);
    // Where PreviewDesk kept a context's history before it told clusters apart.
    static QString legacyPath(const QString &contextName);

    // Opens (creating the file, its directory and the schema as needed). False with error()
    // for a directory that cannot be created, a file that cannot be opened or written, a file
    // that is not an SQLite database, or one written by a newer PreviewDesk. With a cluster,
    // a new file is marked as its history and a file marked for another cluster is refused.
    // An older file is converted; notice() then says so.
    bool open(const QString &path, const ClusterIdentity &cluster = {});
    bool isOpen() const;
    QString path() const { return m_path; }
    QString error() const { return m_error; }
    // What open() did that the user should hear of (a conversion), in plain words; or empty.
    QString notice() const { return m_notice; }

    // One sample time in one transaction. intervalMs is the sampler's nominal interval: it
    // decides whether a PVC seen now continues the span it was last seen in. Samples whose
    // timestampMs differs from timestampMs are stored at timestampMs. Recording a time that
    // is already stored replaces it.
    bool record(qint64 timestampMs, const QList<UsageSample> &samples, const QList<PvcUsage> &pvcs,
                const QHash<QString, QString> &ownerByNamespace,
                const QHash<QString, QString> &environmentByNamespace, qint64 intervalMs = 5 * 60 * 1000,
                const QHash<QString, QString> &roleByNamespace = {});
    bool record(const CostSnapshot &snapshot, qint64 intervalMs);

    // Samples of the window (and those before it whose time reaches into it), PVC spans
    // overlapping it as [first, last + interval), the labels as of the window's end, the
    // window, the prices and options.nominalIntervalMs = the recorded interval.
    AttributionInput input(qint64 windowStartMs, qint64 windowEndMs, const Prices &prices = {});
    CostCoverage coverage(qint64 windowStartMs, qint64 windowEndMs);
    // Labels as last recorded at or before atMs (role: previewdesk.io/role).
    QHash<QString, QString> roles(qint64 atMs);

    // Deletes everything older than nowMs - days, keeping the labels still in force. Returns
    // the number of sample times removed, or -1 with error().
    qint64 prune(qint64 nowMs, int days);

private:
    struct Impl;
    bool fail(const QString &what, const QString &detail);
    bool checkCluster(Impl &impl, const ClusterIdentity &cluster);
    std::unique_ptr<Impl> d;
    QString m_path;
    QString m_error;
    QString m_notice;
};

} // namespace pd::core
