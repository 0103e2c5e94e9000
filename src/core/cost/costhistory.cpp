#include "costhistory.h"
#include "costhistory_p.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QVariant>

#include <algorithm>
#include <limits>
#include <atomic>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;
using namespace pd::core::costhistory_detail;

namespace pd::core {

namespace {

std::atomic<int> g_connections{0};

// Unchanged since version 1.
QStringList claimsAndLabelsSchema()
{
    return {
        u"CREATE TABLE pvc_spans (id INTEGER PRIMARY KEY, ns TEXT NOT NULL, name TEXT NOT NULL, bytes REAL NOT NULL, "
        u"first_t INTEGER NOT NULL, last_t INTEGER NOT NULL)"_s,
        u"CREATE INDEX pvc_spans_last ON pvc_spans (last_t)"_s,
        u"CREATE INDEX pvc_spans_claim ON pvc_spans (ns, name, last_t)"_s,
        u"CREATE TABLE ns_labels (ns TEXT NOT NULL, since_t INTEGER NOT NULL, owner TEXT NOT NULL, "
        u"environment TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (ns, since_t)) WITHOUT ROWID"_s,
        u"CREATE INDEX ns_labels_since ON ns_labels (since_t)"_s,
    };
}

QString fileName(const QString &contextName, const QByteArray &hashed)
{
    static const QRegularExpression unsafe(u"[^A-Za-z0-9._-]+"_s);
    QString name = contextName;
    name.replace(unsafe, u"_"_s);
    name = name.left(60);
    const QByteArray hash = QCryptographicHash::hash(hashed, QCryptographicHash::Sha256).toHex().left(10);
    // The app's AppLocalDataLocation (organization PreviewDesk, application previewdesk) on
    // Linux, macOS and Windows alike, so previewctl and the app share one file per cluster.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/PreviewDesk/previewdesk/cost/"_s
        + (name.isEmpty() ? u"context"_s : name) + u'-' + QString::fromLatin1(hash) + u".sqlite"_s;
}

} // namespace

CostHistory::CostHistory() = default;

CostHistory::~CostHistory() = default;

QString CostHistory::legacyPath(const QString &contextName)
{
    return fileName(contextName, contextName.toUtf8());
}

QString CostHistory::defaultPath(const ClusterIdentity &cluster)
{
    return fileName(cluster.context, (cluster.server + u'\n' + cluster.caFingerprint + u'\n' + cluster.context).toUtf8());
}

QString CostHistory::pathFor(const ClusterIdentity &cluster, QString *notice)
{
    const QString path = defaultPath(cluster);
    const QString legacy = legacyPath(cluster.context);
    if (QFileInfo::exists(path) || !QFileInfo::exists(legacy))
        return path;
    // The file of this context from before histories were kept per cluster: the first
    // cluster to open it under that context name takes it (its samples name no server).
    for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s}) {
        if (QFileInfo::exists(legacy + suffix) && !QFile::rename(legacy + suffix, path + suffix)) {
            if (notice)
                *notice = u"The cost history of context %1 (%2) could not be moved to %3; a new history is started."_s
                              .arg(cluster.context, legacy, path);
            return path;
        }
    }
    if (notice)
        *notice = u"Cost history is now kept per cluster: the history of context %1 was taken over for %2 (%3). "
                  u"If that context name also stood for another cluster, its earlier samples are in this file too."_s
                      .arg(cluster.context, cluster.describe(), QFileInfo(path).fileName());
    return path;
}

bool CostHistory::fail(const QString &what, const QString &detail)
{
    m_error = detail.isEmpty() ? what : what + u": "_s + detail;
    return false;
}

bool CostHistory::isOpen() const
{
    return d && d->db.isOpen();
}

bool CostHistory::open(const QString &path, const ClusterIdentity &cluster)
{
    d.reset();
    m_path = path;
    m_error.clear();
    m_notice.clear();
    const QFileInfo info(path);
    if (info.isDir())
        return fail(u"cannot open the cost history %1"_s.arg(path), u"it is a directory"_s);
    if (!QDir().mkpath(info.absolutePath()))
        return fail(u"cannot open the cost history %1"_s.arg(path),
                    u"cannot create the directory %1"_s.arg(info.absolutePath()));
    if (info.exists() && !info.isWritable())
        return fail(u"cannot open the cost history %1"_s.arg(path), u"the file is not writable"_s);

    auto impl = std::make_unique<Impl>();
    impl->connection = u"pd-cost-history-%1"_s.arg(++g_connections);
    impl->db = QSqlDatabase::addDatabase(u"QSQLITE"_s, impl->connection);
    if (!impl->db.isValid())
        return fail(u"cannot open the cost history %1"_s.arg(path), u"Qt's SQLite driver (QSQLITE) is not installed"_s);
    impl->db.setDatabaseName(path);
    impl->db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
    if (!impl->db.open())
        return fail(u"cannot open the cost history %1"_s.arg(path), impl->db.lastError().text());

    // The first read is where SQLite notices a file that is not a database.
    QSqlQuery version(impl->db);
    if (!version.exec(u"PRAGMA user_version"_s) || !version.next())
        return fail(u"%1 is not a usable cost history (damaged, or not an SQLite file)"_s.arg(path),
                    version.lastError().text());
    const int found = version.value(0).toInt();
    version.finish();
    if (found > schemaVersion)
        return fail(u"%1 was written by a newer PreviewDesk (history format %2, this one reads up to %3)"_s.arg(path)
                        .arg(found)
                        .arg(schemaVersion),
                    {});
    QString error;
    if (!impl->exec(u"PRAGMA journal_mode=WAL"_s, &error) || !impl->exec(u"PRAGMA synchronous=NORMAL"_s, &error))
        return fail(u"cannot write the cost history %1"_s.arg(path), error);
    if (found == 0) {
        QSqlQuery tables(impl->db);
        if (!tables.exec(u"SELECT COUNT(*) FROM sqlite_master"_s) || !tables.next())
            return fail(u"%1 is not a usable cost history"_s.arg(path), tables.lastError().text());
        if (tables.value(0).toInt() > 0)
            return fail(u"%1 is an SQLite file of something else, not a PreviewDesk cost history"_s.arg(path), {});
        tables.finish();
        if (!impl->db.transaction())
            return fail(u"cannot write the cost history %1"_s.arg(path), impl->db.lastError().text());
        for (const QString &statement : costHistoryUsageSchema() + claimsAndLabelsSchema()) {
            if (!impl->exec(statement, &error)) {
                impl->db.rollback();
                return fail(u"cannot create the cost history %1"_s.arg(path), error);
            }
        }
        if (!impl->exec(u"PRAGMA user_version = %1"_s.arg(schemaVersion), &error) || !impl->db.commit()) {
            impl->db.rollback();
            return fail(u"cannot create the cost history %1"_s.arg(path), error);
        }
    } else if (found == 1) {
        const qint64 before = info.size();
        if (!impl->db.transaction())
            return fail(u"cannot convert the cost history %1"_s.arg(path), impl->db.lastError().text());
        if (!impl->migrateFromVersion1(&error) || !impl->exec(u"PRAGMA user_version = %1"_s.arg(schemaVersion), &error)
            || !impl->db.commit()) {
            impl->db.rollback();
            return fail(u"cannot convert the cost history %1 to the compact format"_s.arg(path), error);
        }
        impl->dropCaches();
        // The space the row-per-sample tables took goes back to the file system.
        impl->exec(u"VACUUM"_s, &error);
        m_notice = u"The cost history %1 was converted to the compact format (%2 MB before, %3 MB now)."_s.arg(path)
                       .arg(double(before) / 1e6, 0, 'f', 1)
                       .arg(double(QFileInfo(path).size()) / 1e6, 0, 'f', 1);
    }
    if (!checkCluster(*impl, cluster))
        return false;
    d = std::move(impl);
    return true;
}

// The cluster a history belongs to is written on first open; another cluster's is refused.
bool CostHistory::checkCluster(Impl &impl, const ClusterIdentity &cluster)
{
    if (cluster.isEmpty())
        return true;
    QHash<QString, QString> meta;
    QSqlQuery q(impl.db);
    if (!q.exec(u"SELECT key, value FROM meta"_s))
        return fail(u"cannot read the cost history %1"_s.arg(m_path), q.lastError().text());
    while (q.next())
        meta.insert(q.value(0).toString(), q.value(1).toString());
    q.finish();
    const ClusterIdentity stored{meta.value(u"server"_s), meta.value(u"ca_sha256"_s), meta.value(u"context"_s)};
    if (meta.contains(u"server"_s)) {
        if (!stored.sameCluster(cluster))
            return fail(u"%1 is the cost history of %2, not of %3"_s.arg(m_path, stored.describe(), cluster.describe()), {});
        return true;
    }
    q.prepare(u"INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)"_s);
    for (const auto &[key, value] : {std::pair{u"server"_s, cluster.server}, std::pair{u"ca_sha256"_s, cluster.caFingerprint},
                                     std::pair{u"context"_s, cluster.context}}) {
        q.addBindValue(key);
        q.addBindValue(value.isNull() ? u""_s : value);
        if (!q.exec())
            return fail(u"cannot write the cost history %1"_s.arg(m_path), q.lastError().text());
    }
    return true;
}

bool CostHistory::record(const CostSnapshot &snapshot, qint64 intervalMs)
{
    return record(snapshot.timestampMs, snapshot.samples, snapshot.pvcs, snapshot.ownerByNamespace,
                  snapshot.environmentByNamespace, intervalMs, snapshot.roleByNamespace);
}

bool CostHistory::record(qint64 t, const QList<UsageSample> &samples, const QList<PvcUsage> &pvcs,
                         const QHash<QString, QString> &ownerByNamespace,
                         const QHash<QString, QString> &environmentByNamespace, qint64 intervalMs,
                         const QHash<QString, QString> &roleByNamespace)
{
    if (!isOpen())
        return fail(u"the cost history is not open"_s, m_error);
    intervalMs = intervalMs > 0 ? intervalMs : defaultIntervalMs;
    QString error;
    const QString what = u"cannot record into the cost history %1"_s.arg(m_path);
    if (!d->db.transaction())
        return fail(what, d->db.lastError().text());
    const auto abort = [&](const QString &detail) {
        d->db.rollback();
        d->dropCaches();   // what the rolled-back transaction added is gone
        return fail(what, detail);
    };

    qint64 previous = -1;
    qint64 previousInterval = 0;
    {
        auto q = d->prepare(u"SELECT t, interval_ms FROM sample_times WHERE t < ? ORDER BY t DESC LIMIT 1"_s, &error);
        if (!q)
            return abort(error);
        q->addBindValue(t);
        if (!q->exec())
            return abort(q->lastError().text());
        if (q->next()) {
            previous = q->value(0).toLongLong();
            previousInterval = q->value(1).toLongLong();
        }
    }
    // Recording a time again replaces it.
    if (!d->writeUsage(t, intervalMs, samples, &error))
        return abort(error);

    // A claim seen at the previous sample time (close enough) continues its span.
    const bool continues =
        previous >= 0 && double(t - previous) <= maxGapFactor * double(std::max(intervalMs, previousInterval));
    auto covered = d->prepare(u"SELECT 1 FROM pvc_spans WHERE ns = ? AND name = ? AND bytes = ? AND first_t <= ? "
                              u"AND last_t >= ? LIMIT 1"_s,
                              &error);
    auto extend = d->prepare(u"UPDATE pvc_spans SET last_t = ? WHERE ns = ? AND name = ? AND bytes = ? AND last_t = ?"_s, &error);
    auto insertSpan = d->prepare(u"INSERT INTO pvc_spans(ns, name, bytes, first_t, last_t) VALUES (?, ?, ?, ?, ?)"_s, &error);
    if (!covered || !extend || !insertSpan)
        return abort(error);
    for (const PvcUsage &pvc : pvcs) {
        covered->addBindValue(text(pvc.namespaceName));
        covered->addBindValue(text(pvc.name));
        covered->addBindValue(pvc.requestedBytes);
        covered->addBindValue(t);
        covered->addBindValue(t);
        if (!covered->exec())
            return abort(covered->lastError().text());
        const bool already = covered->next();
        covered->finish();
        if (already)
            continue;
        if (continues) {
            extend->addBindValue(t);
            extend->addBindValue(text(pvc.namespaceName));
            extend->addBindValue(text(pvc.name));
            extend->addBindValue(pvc.requestedBytes);
            extend->addBindValue(previous);
            if (!extend->exec())
                return abort(extend->lastError().text());
            if (extend->numRowsAffected() > 0)
                continue;
        }
        insertSpan->addBindValue(text(pvc.namespaceName));
        insertSpan->addBindValue(text(pvc.name));
        insertSpan->addBindValue(pvc.requestedBytes);
        insertSpan->addBindValue(t);
        insertSpan->addBindValue(t);
        if (!insertSpan->exec())
            return abort(insertSpan->lastError().text());
    }

    // Labels are stored when they change.
    QSet<QString> namespaces;
    for (const auto *map : {&ownerByNamespace, &environmentByNamespace, &roleByNamespace})
        for (auto it = map->keyBegin(); it != map->keyEnd(); ++it)
            namespaces.insert(*it);
    QString lastNamespace;
    for (const UsageSample &s : samples) {
        if (s.namespaceName != lastNamespace)
            namespaces.insert(lastNamespace = s.namespaceName);
    }
    for (const PvcUsage &pvc : pvcs)
        namespaces.insert(pvc.namespaceName);
    const QHash<QString, Labels> current = d->labelsAt(t);
    auto insertLabels = d->prepare(u"INSERT OR REPLACE INTO ns_labels(ns, since_t, owner, environment, role) "
                                   u"VALUES (?, ?, ?, ?, ?)"_s,
                                   &error);
    if (!insertLabels)
        return abort(error);
    for (const QString &ns : std::as_const(namespaces)) {
        const Labels now{ownerByNamespace.value(ns), environmentByNamespace.value(ns), roleByNamespace.value(ns)};
        if (current.value(ns) == now)
            continue;
        insertLabels->addBindValue(text(ns));
        insertLabels->addBindValue(t);
        insertLabels->addBindValue(text(now.owner));
        insertLabels->addBindValue(text(now.environment));
        insertLabels->addBindValue(text(now.role));
        if (!insertLabels->exec())
            return abort(insertLabels->lastError().text());
    }

    if (!d->db.commit())
        return abort(d->db.lastError().text());
    m_error.clear();
    return true;
}

qint64 CostHistory::prune(qint64 nowMs, int days)
{
    if (!isOpen()) {
        fail(u"the cost history is not open"_s, m_error);
        return -1;
    }
    const qint64 cutoff = nowMs - qint64(days) * 24 * 3600 * 1000;
    const QString what = u"cannot prune the cost history %1"_s.arg(m_path);
    const auto abort = [&](const QString &detail) -> qint64 {
        d->db.rollback();
        d->dropCaches();
        fail(what, detail);
        return -1;
    };
    if (!d->db.transaction()) {
        fail(what, d->db.lastError().text());
        return -1;
    }
    // Frames that stay but were built on frames that go become key frames first.
    QString error;
    {
        QSqlQuery q(d->db);
        q.setForwardOnly(true);
        q.prepare(u"SELECT t FROM sample_times WHERE t >= ? AND base_t < ?"_s);
        q.addBindValue(cutoff);
        q.addBindValue(cutoff);
        if (!q.exec())
            return abort(q.lastError().text());
        std::vector<qint64> orphans;
        while (q.next())
            orphans.push_back(q.value(0).toLongLong());
        q.finish();
        for (qint64 t : orphans)
            if (!d->makeKeyFrame(t, &error))
                return abort(error);
    }
    qint64 removed = 0;
    const QList<std::pair<QString, qint64>> statements{
        {u"DELETE FROM sample_times WHERE t < %1"_s, cutoff},
        {u"DELETE FROM pvc_spans WHERE last_t < %1"_s, cutoff},
        // A label change before the cutoff stays while it is still the one in force then.
        {u"DELETE FROM ns_labels WHERE since_t < %1 AND EXISTS (SELECT 1 FROM ns_labels n2 WHERE "
         u"n2.ns = ns_labels.ns AND n2.since_t > ns_labels.since_t AND n2.since_t <= %1)"_s,
         cutoff},
        {u"DELETE FROM series_seen WHERE t < %1"_s, cutoff - seriesTouchMs},
    };
    // Every series of a frame kept was seen at or after its time - seriesTouchMs: the others go.
    const auto kept = d->seriesRangesSeenSince(cutoff - seriesTouchMs, &error);
    if (!kept)
        return abort(error);
    {
        QSqlQuery q(d->db);
        q.prepare(u"DELETE FROM series WHERE id BETWEEN ? AND ?"_s);
        qint64 from = 0;
        const auto dropUpTo = [&](qint64 to) {
            if (to < from)
                return true;
            q.addBindValue(from);
            q.addBindValue(to);
            return q.exec();
        };
        for (const auto &[first, last] : *kept) {
            if (!dropUpTo(first - 1))
                return abort(q.lastError().text());
            from = last + 1;
        }
        if (!dropUpTo(std::numeric_limits<qint64>::max()))
            return abort(q.lastError().text());
    }
    for (qsizetype i = 0; i < statements.size(); ++i) {
        QSqlQuery q(d->db);
        if (!q.exec(statements.at(i).first.arg(statements.at(i).second)))
            return abort(q.lastError().text());
        if (i == 0)
            removed = q.numRowsAffected();
    }
    if (!d->db.commit())
        return abort(d->db.lastError().text());
    d->dropCaches();   // deleted series are gone from the key cache
    m_error.clear();
    return removed;
}

} // namespace pd::core
