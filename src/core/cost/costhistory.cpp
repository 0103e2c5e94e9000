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
#include <atomic>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;
using namespace pd::core::costhistory_detail;

namespace pd::core {

namespace {

std::atomic<int> g_connections{0};

// SQLite stores a null QString as NULL; the columns are NOT NULL text.
QString text(const QString &value)
{
    return value.isNull() ? u""_s : value;
}

QString seriesKey(const UsageSample &s)
{
    return s.namespaceName + u'\x1f' + s.pod + u'\x1f' + s.container + u'\x1f' + s.workload;
}

// Version 1. Times are ms since the epoch (UTC); sizes bytes; CPU cores.
QStringList costHistorySchema()
{
    return {
        u"CREATE TABLE sample_times (t INTEGER PRIMARY KEY, interval_ms INTEGER NOT NULL, containers INTEGER NOT NULL)"_s,
        u"CREATE TABLE series (id INTEGER PRIMARY KEY, ns TEXT NOT NULL, pod TEXT NOT NULL, container TEXT NOT NULL, "
        u"workload TEXT NOT NULL, UNIQUE (ns, pod, container, workload))"_s,
        u"CREATE TABLE samples (t INTEGER NOT NULL, series INTEGER NOT NULL, cpu_use REAL NOT NULL, mem_use REAL NOT NULL, "
        u"cpu_req REAL NOT NULL, mem_req REAL NOT NULL, PRIMARY KEY (t, series)) WITHOUT ROWID"_s,
        u"CREATE TABLE pvc_spans (id INTEGER PRIMARY KEY, ns TEXT NOT NULL, name TEXT NOT NULL, bytes REAL NOT NULL, "
        u"first_t INTEGER NOT NULL, last_t INTEGER NOT NULL)"_s,
        u"CREATE INDEX pvc_spans_last ON pvc_spans (last_t)"_s,
        u"CREATE INDEX pvc_spans_claim ON pvc_spans (ns, name, last_t)"_s,
        u"CREATE TABLE ns_labels (ns TEXT NOT NULL, since_t INTEGER NOT NULL, owner TEXT NOT NULL, "
        u"environment TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (ns, since_t)) WITHOUT ROWID"_s,
        u"CREATE INDEX ns_labels_since ON ns_labels (since_t)"_s,
    };
}

} // namespace

CostHistory::CostHistory() = default;

CostHistory::~CostHistory() = default;

QString CostHistory::defaultPath(const QString &contextName)
{
    static const QRegularExpression unsafe(u"[^A-Za-z0-9._-]+"_s);
    QString name = contextName;
    name.replace(unsafe, u"_"_s);
    name = name.left(60);
    const QByteArray hash = QCryptographicHash::hash(contextName.toUtf8(), QCryptographicHash::Sha256).toHex().left(10);
    // The app's AppLocalDataLocation (organization PreviewDesk, application previewdesk) on
    // Linux, macOS and Windows alike, so previewctl and the app share one file per context.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/PreviewDesk/previewdesk/cost/"_s
        + (name.isEmpty() ? u"context"_s : name) + u'-' + QString::fromLatin1(hash) + u".sqlite"_s;
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

bool CostHistory::open(const QString &path)
{
    d.reset();
    m_path = path;
    m_error.clear();
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
        for (const QString &statement : costHistorySchema()) {
            if (!impl->exec(statement, &error)) {
                impl->db.rollback();
                return fail(u"cannot create the cost history %1"_s.arg(path), error);
            }
        }
        if (!impl->exec(u"PRAGMA user_version = %1"_s.arg(schemaVersion), &error) || !impl->db.commit()) {
            impl->db.rollback();
            return fail(u"cannot create the cost history %1"_s.arg(path), error);
        }
    }
    d = std::move(impl);
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
        d->seriesIds.clear();   // ids inserted in the rolled-back transaction are gone
        return fail(what, detail);
    };

    // Recording a time again replaces it.
    for (const QString &sql : {u"DELETE FROM samples WHERE t = ?"_s, u"DELETE FROM sample_times WHERE t = ?"_s}) {
        auto q = d->prepare(sql, &error);
        if (!q)
            return abort(error);
        q->addBindValue(t);
        if (!q->exec())
            return abort(q->lastError().text());
    }
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

    auto findSeries = d->prepare(u"SELECT id FROM series WHERE ns = ? AND pod = ? AND container = ? AND workload = ?"_s, &error);
    auto insertSeries = d->prepare(u"INSERT INTO series(ns, pod, container, workload) VALUES (?, ?, ?, ?)"_s, &error);
    // Samples go in many rows per statement: Qt's per-exec cost dominates one-row inserts.
    constexpr int rowsPerInsert = 64;
    const auto insertSql = [](int rows) {
        QString sql = u"INSERT OR REPLACE INTO samples(t, series, cpu_use, mem_use, cpu_req, mem_req) VALUES "_s;
        for (int r = 0; r < rows; ++r)
            sql += r == 0 ? u"(?, ?, ?, ?, ?, ?)"_s : u", (?, ?, ?, ?, ?, ?)"_s;
        return sql;
    };
    auto insertSample = d->prepare(insertSql(rowsPerInsert), &error);
    if (!findSeries || !insertSeries || !insertSample)
        return abort(error);
    std::vector<qint64> ids;
    ids.reserve(size_t(samples.size()));
    for (const UsageSample &s : samples) {
        const QString key = seriesKey(s);
        auto it = d->seriesIds.constFind(key);
        qint64 id = -1;
        if (it != d->seriesIds.constEnd()) {
            id = it.value();
        } else {
            for (const QString *v : {&s.namespaceName, &s.pod, &s.container, &s.workload})
                findSeries->addBindValue(text(*v));
            if (!findSeries->exec())
                return abort(findSeries->lastError().text());
            if (findSeries->next()) {
                id = findSeries->value(0).toLongLong();
            } else {
                for (const QString *v : {&s.namespaceName, &s.pod, &s.container, &s.workload})
                    insertSeries->addBindValue(text(*v));
                if (!insertSeries->exec())
                    return abort(insertSeries->lastError().text());
                id = insertSeries->lastInsertId().toLongLong();
            }
            findSeries->finish();
            d->seriesIds.insert(key, id);
        }
        ids.push_back(id);
    }
    for (qsizetype from = 0; from < samples.size(); from += rowsPerInsert) {
        const auto rows = int(std::min<qsizetype>(rowsPerInsert, samples.size() - from));
        std::optional<QSqlQuery> tail;
        if (rows < rowsPerInsert && !(tail = d->prepare(insertSql(rows), &error)))
            return abort(error);
        QSqlQuery &insert = rows == rowsPerInsert ? *insertSample : *tail;
        for (int r = 0; r < rows; ++r) {
            const UsageSample &s = samples.at(from + r);
            const int base = r * 6;
            insert.bindValue(base, t);
            insert.bindValue(base + 1, ids[size_t(from + r)]);
            insert.bindValue(base + 2, s.cpuUsageCores);
            insert.bindValue(base + 3, s.memoryUsageBytes);
            insert.bindValue(base + 4, s.cpuRequestCores);
            insert.bindValue(base + 5, s.memoryRequestBytes);
        }
        if (!insert.exec())
            return abort(insert.lastError().text());
    }

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

    auto insertTime = d->prepare(u"INSERT INTO sample_times(t, interval_ms, containers) VALUES (?, ?, ?)"_s, &error);
    if (!insertTime)
        return abort(error);
    insertTime->addBindValue(t);
    insertTime->addBindValue(intervalMs);
    insertTime->addBindValue(qint64(samples.size()));
    if (!insertTime->exec())
        return abort(insertTime->lastError().text());
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
    if (!d->db.transaction()) {
        fail(what, d->db.lastError().text());
        return -1;
    }
    qint64 removed = 0;
    qint64 removedSamples = 0;
    const QList<QString> statements{
        u"DELETE FROM sample_times WHERE t < %1"_s,
        u"DELETE FROM samples WHERE t < %1"_s,
        u"DELETE FROM pvc_spans WHERE last_t < %1"_s,
        // A label change before the cutoff stays while it is still the one in force then.
        u"DELETE FROM ns_labels WHERE since_t < %1 AND EXISTS (SELECT 1 FROM ns_labels n2 WHERE "
        u"n2.ns = ns_labels.ns AND n2.since_t > ns_labels.since_t AND n2.since_t <= %1)"_s,
        // Scans every sample: only when some went.
        u"DELETE FROM series WHERE id NOT IN (SELECT DISTINCT series FROM samples)"_s,
    };
    for (qsizetype i = 0; i < statements.size(); ++i) {
        if (i == statements.size() - 1 && removedSamples == 0)
            break;
        QSqlQuery q(d->db);
        if (!q.exec(statements.at(i).contains(u"%1"_s) ? statements.at(i).arg(cutoff) : statements.at(i))) {
            d->db.rollback();
            fail(what, q.lastError().text());
            return -1;
        }
        if (i == 0)
            removed = q.numRowsAffected();
        else if (i == 1)
            removedSamples = q.numRowsAffected();
    }
    if (!d->db.commit()) {
        d->db.rollback();
        fail(what, d->db.lastError().text());
        return -1;
    }
    d->seriesIds.clear();   // deleted ids may be handed out again
    m_error.clear();
    return removed;
}

} // namespace pd::core
