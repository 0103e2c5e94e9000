// The forge double's GitHub Actions: workflow dispatch, runs, jobs and steps, artifacts and
// their zip download (a 302 to the archive, as GitHub answers), in GitHub's wire format.
#include "forgedouble.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>

#include <zlib.h>

using namespace Qt::StringLiterals;

namespace pd::test {

namespace {

const QString kApiPrefix = u"/api/v3"_s;
const QString kBlobPrefix = u"/_artifacts/"_s;

QString nowText()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
}

void put16(QByteArray &out, quint16 value)
{
    out.append(char(value & 0xff)).append(char(value >> 8));
}

void put32(QByteArray &out, quint32 value)
{
    put16(out, quint16(value & 0xffff));
    put16(out, quint16(value >> 16));
}

QByteArray deflateRaw(const QByteArray &data)
{
    z_stream stream{};
    deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&stream, uLong(data.size()))), Qt::Uninitialized);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    stream.avail_in = uInt(data.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    deflate(&stream, Z_FINISH);
    out.truncate(qsizetype(stream.total_out));
    deflateEnd(&stream);
    return out;
}

} // namespace

bool ForgeRun::completed() const
{
    return stage >= lastStage();
}

int ForgeRun::lastStage() const
{
    const int steps = int(script.steps.size());
    return script.conclusion == u"success"_s ? steps + 1 : std::min(script.endingStep, steps) + 1;
}

QByteArray ForgeDouble::zip(const QList<QPair<QString, QByteArray>> &files)
{
    QByteArray out, directory;
    for (const auto &[name, content] : files) {
        const QByteArray fileName = name.toUtf8();
        const QByteArray packed = deflateRaw(content);
        const quint32 crc = quint32(crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef *>(content.constData()), uInt(content.size())));
        const quint32 offset = quint32(out.size());
        put32(out, 0x04034b50); put16(out, 20); put16(out, 0); put16(out, 8); put16(out, 0); put16(out, 0x21);
        put32(out, crc); put32(out, quint32(packed.size())); put32(out, quint32(content.size()));
        put16(out, quint16(fileName.size())); put16(out, 0);
        out += fileName + packed;
        put32(directory, 0x02014b50); put16(directory, 20); put16(directory, 20); put16(directory, 0); put16(directory, 8);
        put16(directory, 0); put16(directory, 0x21); put32(directory, crc); put32(directory, quint32(packed.size()));
        put32(directory, quint32(content.size())); put16(directory, quint16(fileName.size()));
        put16(directory, 0); put16(directory, 0); put16(directory, 0); put16(directory, 0); put32(directory, 0);
        put32(directory, offset);
        directory += fileName;
    }
    const quint32 start = quint32(out.size());
    out += directory;
    put32(out, 0x06054b50); put16(out, 0); put16(out, 0); put16(out, quint16(files.size())); put16(out, quint16(files.size()));
    put32(out, quint32(directory.size())); put32(out, start); put16(out, 0);
    return out;
}

void ForgeDouble::setWorkflow(const QString &path, const WorkflowScript &script)
{
    m_workflows.insert(path, script);
}

QList<QJsonObject> ForgeDouble::runs() const
{
    QList<QJsonObject> result;
    for (const ForgeRun &run : m_runs)
        result << runJson(run);
    return result;
}

QJsonObject ForgeDouble::repositoryJson() const
{
    QFile file(QStringLiteral(PREVIEWDESK_DEFAULT_SOURCE_DIR "/tests/fixtures/github-pull-request.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QJsonObject repository = QJsonDocument::fromJson(file.readAll()).object().value("head"_L1).toObject().value("repo"_L1).toObject();
    repository.insert(u"full_name"_s, m_repository);
    repository.insert(u"name"_s, m_repository.section(u'/', 1));
    repository.insert(u"url"_s, api(u"/repos/"_s + m_repository));
    repository.insert(u"html_url"_s, html(u'/' + m_repository));
    return repository;
}

QJsonObject ForgeDouble::runJson(const ForgeRun &run) const
{
    const QString repo = u"/repos/"_s + m_repository;
    const QString url = api(repo + u"/actions/runs/"_s + QString::number(run.id));
    const QString status = run.completed() ? u"completed"_s : run.stage == 0 ? u"queued"_s : u"in_progress"_s;
    const QJsonObject person{{u"name"_s, u"Mona Lisa"_s}, {u"email"_s, u"mona@example.com"_s}};
    return QJsonObject{
        {u"id"_s, run.id}, {u"name"_s, run.script.name}, {u"node_id"_s, QString(u"WFR_kwLOA"_s + QString::number(run.id))},
        {u"head_branch"_s, run.headBranch}, {u"head_sha"_s, run.headSha}, {u"path"_s, run.path},
        {u"display_title"_s, run.title}, {u"run_number"_s, run.number}, {u"run_attempt"_s, 1},
        {u"event"_s, u"workflow_dispatch"_s}, {u"status"_s, status},
        {u"conclusion"_s, run.completed() ? QJsonValue(run.script.conclusion) : QJsonValue(QJsonValue::Null)},
        {u"workflow_id"_s, 161335}, {u"check_suite_id"_s, 4200 + run.id}, {u"url"_s, url},
        {u"html_url"_s, html(u'/' + m_repository + u"/actions/runs/"_s + QString::number(run.id))},
        {u"pull_requests"_s, QJsonArray()}, {u"created_at"_s, run.created}, {u"updated_at"_s, nowText()},
        {u"run_started_at"_s, run.created}, {u"actor"_s, user(u"github-actions[bot]"_s, 41898282)},
        {u"jobs_url"_s, QString(url + u"/jobs"_s)}, {u"logs_url"_s, QString(url + u"/logs"_s)},
        {u"check_suite_url"_s, api(repo + u"/check-suites/"_s + QString::number(4200 + run.id))},
        {u"artifacts_url"_s, QString(url + u"/artifacts"_s)}, {u"cancel_url"_s, QString(url + u"/cancel"_s)},
        {u"rerun_url"_s, QString(url + u"/rerun"_s)}, {u"workflow_url"_s, api(repo + u"/actions/workflows/161335"_s)},
        {u"head_commit"_s, QJsonObject{{u"id"_s, run.headSha}, {u"tree_id"_s, run.headSha}, {u"message"_s, u"Redesign the checkout"_s},
                                       {u"timestamp"_s, run.created}, {u"author"_s, person}, {u"committer"_s, person}}},
        {u"repository"_s, repositoryJson()}, {u"head_repository"_s, repositoryJson()},
    };
}

QJsonObject ForgeDouble::jobJson(const ForgeRun &run) const
{
    const QString repo = u"/repos/"_s + m_repository;
    const bool done = run.completed();
    const int ending = run.script.conclusion == u"success"_s ? int(run.script.steps.size()) + 1 : run.script.endingStep;
    QJsonArray steps;
    for (int n = 1; n <= run.script.steps.size(); ++n) {
        QString status = u"queued"_s;
        QJsonValue conclusion = QJsonValue::Null;
        if (done) {
            status = u"completed"_s;
            conclusion = n < ending ? u"success"_s : n == ending ? run.script.conclusion : u"skipped"_s;
        } else if (n < run.stage) {
            status = u"completed"_s;
            conclusion = u"success"_s;
        } else if (n == run.stage) {
            status = u"in_progress"_s;
        }
        steps.append(QJsonObject{{u"name"_s, run.script.steps.at(n - 1)}, {u"status"_s, status}, {u"conclusion"_s, conclusion},
                                 {u"number"_s, n}, {u"started_at"_s, status == u"queued"_s ? QJsonValue(QJsonValue::Null) : QJsonValue(run.created)},
                                 {u"completed_at"_s, status == u"completed"_s ? QJsonValue(nowText()) : QJsonValue(QJsonValue::Null)}});
    }
    const QString url = api(repo + u"/actions/jobs/"_s + QString::number(run.jobId));
    const bool started = run.stage > 0;
    return QJsonObject{
        {u"id"_s, run.jobId}, {u"run_id"_s, run.id}, {u"run_url"_s, api(repo + u"/actions/runs/"_s + QString::number(run.id))},
        {u"run_attempt"_s, 1}, {u"node_id"_s, QString(u"CR_kwDOA"_s + QString::number(run.jobId))}, {u"head_sha"_s, run.headSha},
        {u"url"_s, url}, {u"html_url"_s, html(u'/' + m_repository + u"/actions/runs/"_s + QString::number(run.id) + u"/job/"_s + QString::number(run.jobId))},
        {u"status"_s, done ? u"completed"_s : started ? u"in_progress"_s : u"queued"_s},
        {u"conclusion"_s, done ? QJsonValue(run.script.conclusion) : QJsonValue(QJsonValue::Null)},
        {u"created_at"_s, run.created}, {u"started_at"_s, run.created},
        {u"completed_at"_s, done ? QJsonValue(nowText()) : QJsonValue(QJsonValue::Null)},
        {u"name"_s, run.script.job}, {u"steps"_s, steps},
        {u"check_run_url"_s, api(repo + u"/check-runs/"_s + QString::number(run.jobId))},
        {u"labels"_s, QJsonArray{u"ubuntu-24.04"_s}},
        {u"runner_id"_s, started ? QJsonValue(7) : QJsonValue(QJsonValue::Null)},
        {u"runner_name"_s, started ? QJsonValue(u"GitHub Actions 7"_s) : QJsonValue(QJsonValue::Null)},
        {u"runner_group_id"_s, started ? QJsonValue(2) : QJsonValue(QJsonValue::Null)},
        {u"runner_group_name"_s, started ? QJsonValue(u"GitHub Actions"_s) : QJsonValue(QJsonValue::Null)},
        {u"workflow_name"_s, run.script.name}, {u"head_branch"_s, run.headBranch},
    };
}

QJsonObject ForgeDouble::artifactJson(qint64 id) const
{
    const QString repo = u"/repos/"_s + m_repository;
    const auto [name, zip] = m_artifacts.value(id);
    const ForgeRun *run = nullptr;
    for (const ForgeRun &r : m_runs)
        if (r.artifactId == id)
            run = &r;
    const QString url = api(repo + u"/actions/artifacts/"_s + QString::number(id));
    return QJsonObject{
        {u"id"_s, id}, {u"node_id"_s, QString(u"MDg6QXJ0aWZhY3Q"_s + QString::number(id))}, {u"name"_s, name},
        {u"size_in_bytes"_s, qint64(zip.size())}, {u"url"_s, url}, {u"archive_download_url"_s, QString(url + u"/zip"_s)},
        {u"expired"_s, false}, {u"created_at"_s, nowText()}, {u"updated_at"_s, nowText()},
        {u"expires_at"_s, QDateTime::currentDateTimeUtc().addDays(90).toString(Qt::ISODate)},
        {u"digest"_s, QString(u"sha256:"_s + QString::fromLatin1(QCryptographicHash::hash(zip, QCryptographicHash::Sha256).toHex()))},
        {u"workflow_run"_s, QJsonObject{{u"id"_s, run ? run->id : qint64(0)}, {u"repository_id"_s, 1296269}, {u"head_repository_id"_s, 1296269},
                                        {u"head_branch"_s, run ? run->headBranch : QString()}, {u"head_sha"_s, run ? run->headSha : QString()}}},
    };
}

void ForgeDouble::advanceRuns()
{
    for (ForgeRun &run : m_runs) {
        if (run.completed())
            continue;
        ++run.stage;
        if (run.completed() && run.script.conclusion == u"success"_s) {
            QJsonObject images;
            for (auto it = run.script.digests.cbegin(); it != run.script.digests.cend(); ++it)
                images.insert(it.key(), it.value());
            run.artifactId = ++m_nextId;
            m_artifacts.insert(run.artifactId, {run.script.artifact,
                                                zip({{u"images.json"_s, QJsonDocument(images).toJson()}})});
        }
    }
}

// The archive behind the 302: on the same origin, outside the API (as GitHub's blob storage is).
std::optional<CannedResponse> ForgeDouble::artifactBlob(const RecordedRequest &request)
{
    if (!request.path.startsWith(kBlobPrefix))
        return std::nullopt;
    const qint64 id = request.path.mid(kBlobPrefix.size()).section(u'.', 0, 0).toLongLong();
    if (request.method != "GET" || !m_artifacts.contains(id))
        return CannedResponse::text(404, "BlobNotFound", "application/xml");
    return CannedResponse::text(200, m_artifacts.value(id).second, "application/zip");
}

CannedResponse ForgeDouble::routeActions(const RecordedRequest &request, const QStringList &parts)
{
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    const QByteArray &method = request.method;
    // POST actions/workflows/{file}/dispatches
    if (parts.size() == 4 && parts[1] == u"workflows"_s && parts[3] == u"dispatches"_s && method == "POST") {
        QString path;
        for (auto it = m_workflows.cbegin(); it != m_workflows.cend(); ++it)
            if (it.key().section(u'/', -1) == parts[2])
                path = it.key();
        if (path.isEmpty())
            return error(404, u"Not Found"_s);
        const QString ref = body.value("ref"_L1).toString();
        if (ref.isEmpty())
            return error(422, u"Invalid request.\n\n\"ref\" wasn't supplied."_s);
        QString sha;
        for (auto it = m_pullBranches.cbegin(); it != m_pullBranches.cend(); ++it)
            if (it.value() == ref)
                sha = m_pulls.value(it.key());
        if (sha.isEmpty())
            return error(422, u"No ref found for: "_s + ref);
        m_dispatches << body;
        const WorkflowScript script = m_workflows.value(path);
        QStringList previews{body.value("inputs"_L1).toObject().value("preview"_L1).toString()};
        if (!script.alsoDispatchedFor.isEmpty())
            previews << script.alsoDispatchedFor;   // someone else's dispatch for the same commit, just after
        for (const QString &preview : std::as_const(previews)) {
            ForgeRun run;
            run.id = ++m_nextId;
            run.number = int(m_runs.size()) + 1;
            run.path = path;
            run.headBranch = ref;
            run.headSha = sha;
            run.created = nowText();
            run.script = script;
            run.title = script.runName.isEmpty() ? script.name : QString(script.runName).replace(u"{preview}"_s, preview);
            run.jobId = ++m_nextId;
            m_runs << run;
        }
        CannedResponse accepted;
        accepted.status = 204;
        return accepted;
    }
    // GET actions/runs?event=&head_sha=: newest first.
    if (parts.size() == 2 && parts[1] == u"runs"_s && method == "GET") {
        const QString event = request.queryValue(u"event"_s);
        const QString headSha = request.queryValue(u"head_sha"_s);
        QJsonArray items;
        for (auto it = m_runs.crbegin(); it != m_runs.crend(); ++it)
            if ((event.isEmpty() || event == u"workflow_dispatch"_s) && (headSha.isEmpty() || it->headSha == headSha))
                items.append(runJson(*it));
        return json(200, QJsonObject{{u"total_count"_s, qint64(items.size())}, {u"workflow_runs"_s, items}});
    }
    if (parts.size() == 4 && parts[1] == u"runs"_s && method == "GET") {
        const qint64 id = parts[2].toLongLong();
        const auto run = std::find_if(m_runs.cbegin(), m_runs.cend(), [id](const ForgeRun &r) { return r.id == id; });
        if (run == m_runs.cend())
            return error(404, u"Not Found"_s);
        if (parts[3] == u"jobs"_s) {
            // Each look at a run's jobs moves the runs on, after answering: the double's clock.
            const CannedResponse answer = json(200, QJsonObject{{u"total_count"_s, 1}, {u"jobs"_s, QJsonArray{jobJson(*run)}}});
            advanceRuns();
            return answer;
        }
        if (parts[3] == u"artifacts"_s) {
            QJsonArray items;
            const QString name = request.queryValue(u"name"_s);
            if (run->artifactId != 0 && (name.isEmpty() || name == m_artifacts.value(run->artifactId).first))
                items.append(artifactJson(run->artifactId));
            return json(200, QJsonObject{{u"total_count"_s, qint64(items.size())}, {u"artifacts"_s, items}});
        }
    }
    // GET actions/artifacts/{id}/zip: GitHub's 302 to a short-lived URL of the archive.
    if (parts.size() == 4 && parts[1] == u"artifacts"_s && parts[3] == u"zip"_s && method == "GET") {
        const qint64 id = parts[2].toLongLong();
        if (!m_artifacts.contains(id))
            return error(404, u"Not Found"_s);
        QUrl location = m_server.url();
        location.setPath(kBlobPrefix + QString::number(id) + u".zip"_s);
        location.setQuery(u"sig=c2lnbmVk&se=60"_s);
        CannedResponse redirect;
        redirect.status = 302;
        redirect.withHeader("Location", location.toEncoded());
        return redirect;
    }
    return error(404, u"Not Found"_s);
}

} // namespace pd::test
