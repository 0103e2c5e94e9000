#include "cronjobcontroller.h"

#include "controllerutil.h"
#include "jobstatus.h"
#include "kube/cronexpression.h"
#include "kube/logging.h"
#include "sandbox/objectstore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>

#include <algorithm>

namespace pd::sandbox::controllers {

struct CronJobController::Run
{
    QString ns, job, pod, cronJob;
    std::unique_ptr<QTemporaryDir> dir;
    QPointer<QProcess> process;
    QTimer *timeout = nullptr;
};

namespace {

// spec.timeZone, else the controller manager's local time zone (as kube-controller-manager).
QTimeZone zoneOf(const QJsonObject &spec)
{
    const QString name = spec.value(QLatin1String("timeZone")).toString();
    return name.isEmpty() ? QTimeZone(QTimeZone::systemTimeZoneId()) : QTimeZone(name.toUtf8());
}

QJsonObject jobTemplateOf(const QJsonObject &cj) { return specOf(cj).value(u"jobTemplate"_s).toObject(); }
QString randomSuffix()
{
    static const char alphabet[] = "bcdfghjklmnpqrstvwxz2456789";
    QString s;
    for (int i = 0; i < 5; ++i)
        s.append(QLatin1Char(alphabet[QRandomGenerator::global()->bounded(27)]));
    return s;
}

QDateTime parseTime(const QJsonValue &v) { return QDateTime::fromString(v.toString(), Qt::ISODate); }

bool isShell(const QString &program)
{
    const QString base = QFileInfo(program).fileName();
    return base == u"sh"_s || base == u"bash"_s || base == u"ash"_s || base == u"dash"_s;
}

QByteArray kubeconfig(const QUrl &server, const QByteArray &caPem, const QString &token, const QString &ns)
{
    QByteArray y = "apiVersion: v1\nkind: Config\nclusters:\n- name: sandbox\n  cluster:\n    server: "
        + server.toString().toUtf8() + '\n';
    if (!caPem.isEmpty())
        y += "    certificate-authority-data: " + caPem.toBase64() + '\n';
    y += "users:\n- name: serviceaccount\n  user:\n    token: " + token.toUtf8() + '\n';
    y += "contexts:\n- name: sandbox\n  context:\n    cluster: sandbox\n    user: serviceaccount\n    namespace: "
        + ns.toUtf8() + "\ncurrent-context: sandbox\n";
    return y;
}

} // namespace

CronJobController::CronJobController(ObjectStore *store, Options options, QObject *parent)
    : ControllerBase(store, parent)
    , m_options(std::move(options))
{
    m_schedule.setSingleShot(true);
    connect(&m_schedule, &QTimer::timeout, this, &CronJobController::tick);
}

CronJobController::~CronJobController() { stop(); }

void CronJobController::start()
{
    ControllerBase::start({kCronJobs});
    armTimer();
}

void CronJobController::stop()
{
    m_schedule.stop();
    const QList<Run *> runs = m_runs.values();
    m_runs.clear();
    for (Run *run : runs) {
        if (run->process) {
            run->process->disconnect(this);
            run->process->kill();
            run->process->waitForFinished(2000);
            delete run->process;
        }
        delete run;
    }
}

void CronJobController::onEvent(const StoreEvent &event)
{
    if (event.resource == kCronJobs && event.type != StoreEventType::Deleted)
        enqueue(kCronJobs, event.object->namespaceName, event.object->name);
    // A deleted Job stops its process (kubectl delete job, history trimming, Replace).
    if (event.resource == kJobs && event.type == StoreEventType::Deleted) {
        Run *run = m_runs.value(event.object->namespaceName + u'/' + event.object->name);
        if (run && run->process)
            run->process->kill();
    }
}

void CronJobController::reconcile(const Key &)
{
    armTimer();   // a new or edited schedule may be due sooner
}

QDateTime CronJobController::nextRun(const QJsonObject &cj) const
{
    const QJsonObject spec = specOf(cj);
    if (spec.value(u"suspend"_s).toBool())
        return {};
    const auto schedule = pd::kube::CronExpression::parse(spec.value(u"schedule"_s).toString());
    const QTimeZone zone = zoneOf(spec);
    if (!schedule || !zone.isValid())
        return {};
    QDateTime base = parseTime(statusOf(cj).value(u"lastScheduleTime"_s));
    if (!base.isValid())
        base = parseTime(metaOf(cj).value(u"creationTimestamp"_s));
    if (!base.isValid())
        base = m_store->now();
    return schedule->next(base, zone);
}

void CronJobController::armTimer()
{
    const QDateTime now = m_store->now();
    qint64 wait = 60000;
    for (const QJsonObject &cj : m_store->list(kCronJobs)) {
        const QDateTime next = nextRun(cj);
        if (next.isValid())
            wait = std::min(wait, std::max<qint64>(0, now.msecsTo(next)));
    }
    m_schedule.start(std::chrono::milliseconds(wait + 50));
}

void CronJobController::tick()
{
    const QDateTime now = m_store->now();
    for (const QJsonObject &cj : m_store->list(kCronJobs)) {
        if (isDeleting(cj))
            continue;
        QDateTime due = nextRun(cj);
        if (!due.isValid() || due > now)
            continue;
        // Only the most recent missed time runs (as the CronJob controller does).
        const auto schedule = pd::kube::CronExpression::parse(specOf(cj).value(u"schedule"_s).toString());
        const QTimeZone zone = zoneOf(specOf(cj));
        for (int i = 0; i < 10000; ++i) {
            const QDateTime later = schedule->next(due, zone);
            if (!later.isValid() || later > now)
                break;
            due = later;
        }
        const QJsonValue deadline = specOf(cj).value(u"startingDeadlineSeconds"_s);
        if (deadline.isDouble() && due.secsTo(now) > deadline.toInteger())
            continue;
        startRun(cj, due, false);
    }
    armTimer();
}

QString CronJobController::runNow(const QString &ns, const QString &cronJob)
{
    const auto cj = m_store->get(kCronJobs, ns, cronJob);
    if (!cj)
        return {};
    return startRun(*cj, m_store->now(), true);
}

QString CronJobController::startRun(const QJsonObject &cj, const QDateTime &scheduled, bool manual)
{
    const QString ns = namespaceOf(cj);
    const QString cjName = nameOf(cj);
    const QString policy = specOf(cj).value(u"concurrencyPolicy"_s).toString(u"Allow"_s);
    QStringList active;
    for (const QJsonValue &ref : statusOf(cj).value(u"active"_s).toArray())
        active.append(ref.toObject().value(u"name"_s).toString());
    if (!manual && policy == u"Forbid"_s && !active.isEmpty())
        return {};
    if (!manual && policy == u"Replace"_s) {
        for (const QString &job : active)
            m_store->remove(kJobs, ns, job);
    }
    const QString jobName = manual ? QString(cjName + u"-manual-"_s + randomSuffix())
                                   : QString(cjName + u'-' + QString::number(scheduled.toSecsSinceEpoch() / 60));
    if (m_store->entry(kJobs, ns, jobName))
        return {};
    const QString now = ObjectStore::timestamp(m_store->now());
    const QJsonObject tplMeta = jobTemplateOf(cj).value(u"metadata"_s).toObject();
    QJsonObject annotations = tplMeta.value(u"annotations"_s).toObject();
    const QString tzName = specOf(cj).value(u"timeZone"_s).toString();
    annotations.insert(u"batch.kubernetes.io/cronjob-scheduled-timestamp"_s,
                       scheduled.toTimeZone(tzName.isEmpty() ? QTimeZone(QTimeZone::systemTimeZoneId())
                                                             : QTimeZone(tzName.toUtf8()))
                           .toString(Qt::ISODate));
    QJsonObject jobMeta{{u"name"_s, jobName}, {u"namespace"_s, ns}, {u"annotations"_s, annotations},
                        {u"ownerReferences"_s, QJsonArray{controllerRef(cj)}}};
    if (tplMeta.contains(u"labels"_s))
        jobMeta.insert(u"labels"_s, tplMeta.value(u"labels"_s));
    const StoreResult job = m_store->create(
        kJobs, QJsonObject{{u"apiVersion"_s, u"batch/v1"_s}, {u"kind"_s, u"Job"_s}, {u"metadata"_s, jobMeta},
                           {u"spec"_s, jobTemplateOf(cj).value(u"spec"_s)},
                           {u"status"_s, QJsonObject{{u"startTime"_s, now}, {u"active"_s, 1}, {u"ready"_s, 0}}}});
    if (!job.ok()) {
        pd::log::sandbox()->warn("cronjob {}/{}: {}", ns.toStdString(), cjName.toStdString(), job.error.message.toStdString());
        return {};
    }
    QJsonObject podSpec;
    const QString podName = startJobPod(m_store, job.object, &podSpec);
    m_store->modify(kCronJobs, ns, cjName, [&](QJsonObject &o) {
        QJsonObject status = statusOf(o);
        QJsonArray refs = status.value(u"active"_s).toArray();
        refs.append(QJsonObject{{u"apiVersion"_s, u"batch/v1"_s}, {u"kind"_s, u"Job"_s}, {u"name"_s, jobName},
                                {u"namespace"_s, ns}, {u"uid"_s, uidOf(job.object)},
                                {u"resourceVersion"_s, metaOf(job.object).value(u"resourceVersion"_s)}});
        status.insert(u"active"_s, refs);
        if (!manual)
            status.insert(u"lastScheduleTime"_s, ObjectStore::timestamp(scheduled));
        o.insert(u"status"_s, status);
        return true;
    });

    auto *run = new Run{ns, jobName, podName, cjName, nullptr, nullptr, nullptr};
    const QString key = ns + u'/' + jobName;
    m_runs.insert(key, run);
    Q_EMIT jobStarted(ns, jobName);
    QString error;
    if (!launch(run, podSpec, &error)) {
        // Not a kubectl container (or no identity): the simulated run fails or succeeds at once.
        const bool ok = error.isEmpty();
        QTimer::singleShot(0, this, [this, key, ok, error] { finish(key, ok, ok ? 0 : 1, error.toUtf8()); });
    }
    return jobName;
}

bool CronJobController::launch(Run *run, const QJsonObject &podSpec, QString *error)
{
    const QJsonObject container = podSpec.value(u"containers"_s).toArray().first().toObject();
    QStringList argv;
    for (const QJsonValue &v : container.value(u"command"_s).toArray())
        argv.append(v.toString());
    for (const QJsonValue &v : container.value(u"args"_s).toArray())
        argv.append(v.toString());
    if (argv.isEmpty())
        return false;
    const bool shell = isShell(argv.first()) && argv.indexOf(u"-c"_s) == 1 && argv.size() > 2;
    const bool kubectl = QFileInfo(argv.first()).fileName() == u"kubectl"_s || (shell && argv.at(2).contains(u"kubectl"_s));
    if (!kubectl)
        return false;
    if (!m_options.serviceAccountToken) {
        *error = u"no ServiceAccount token source: the sandbox cannot run kubectl jobs\n"_s;
        return false;
    }
    run->dir = std::make_unique<QTemporaryDir>();
    const QString sa = podSpec.value(u"serviceAccountName"_s).toString(u"default"_s);
    QFile config(run->dir->filePath(u"kubeconfig"_s));
    if (!config.open(QIODevice::WriteOnly)) {
        *error = u"cannot write the kubeconfig\n"_s;
        return false;
    }
    config.write(kubeconfig(m_options.serverUrl, m_options.caPem, m_options.serviceAccountToken(run->ns, sa), run->ns));
    config.close();

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QJsonValue &v : container.value(u"env"_s).toArray()) {
        if (v.toObject().contains(u"value"_s))
            env.insert(v.toObject().value(u"name"_s).toString(), v.toObject().value(u"value"_s).toString());
    }
    env.insert(u"KUBECONFIG"_s, config.fileName());
    env.insert(u"HOME"_s, run->dir->path());
    const QString kubectlPath = m_options.kubectlPath.isEmpty() ? u"kubectl"_s : m_options.kubectlPath;
    if (QFileInfo(kubectlPath).isAbsolute())
        env.insert(u"PATH"_s, QFileInfo(kubectlPath).absolutePath() + QDir::listSeparator() + env.value(u"PATH"_s));

    auto *process = new QProcess(this);
    process->setProcessEnvironment(env);
    process->setWorkingDirectory(run->dir->path());
    process->setProcessChannelMode(QProcess::MergedChannels);
    run->process = process;
    const QString key = run->ns + u'/' + run->job;
    connect(process, &QProcess::finished, this, [this, key, process](int exitCode, QProcess::ExitStatus status) {
        const QByteArray output = process->readAll();
        process->deleteLater();
        finish(key, status == QProcess::NormalExit && exitCode == 0, status == QProcess::NormalExit ? exitCode : 137, output);
    });
    connect(process, &QProcess::errorOccurred, this, [this, key, process](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart)
            return;
        process->deleteLater();
        finish(key, false, 127, process->errorString().toUtf8() + '\n');
    });
    run->timeout = new QTimer(process);
    run->timeout->setSingleShot(true);
    connect(run->timeout, &QTimer::timeout, process, &QProcess::kill);
    run->timeout->start(m_options.jobTimeout);
    if (shell)
        process->start(u"/bin/sh"_s, argv.mid(1));
    else
        process->start(kubectlPath, argv.mid(1));
    return true;
}

void CronJobController::finish(const QString &key, bool succeeded, int exitCode, const QByteArray &output)
{
    Run *run = m_runs.take(key);
    if (!run)
        return;
    const QString now = ObjectStore::timestamp(m_store->now());
    m_logs.insert(run->ns + u'/' + run->pod, output);
    finishJobRun(m_store, run->ns, run->job, run->pod, succeeded, exitCode);
    m_store->modify(kCronJobs, run->ns, run->cronJob, [&](QJsonObject &cj) {
        QJsonObject status = statusOf(cj);
        QJsonArray active;
        for (const QJsonValue &ref : status.value(u"active"_s).toArray()) {
            if (ref.toObject().value(u"name"_s).toString() != run->job)
                active.append(ref);
        }
        if (active.isEmpty())
            status.remove(u"active"_s);
        else
            status.insert(u"active"_s, active);
        if (succeeded)
            status.insert(u"lastSuccessfulTime"_s, now);
        cj.insert(u"status"_s, status);
        return true;
    });
    const QString ns = run->ns, job = run->job, cronJob = run->cronJob;
    delete run;
    trimHistory(ns, cronJob);
    Q_EMIT jobFinished(ns, job, succeeded, exitCode);
}

void CronJobController::trimHistory(const QString &ns, const QString &cronJobName)
{
    const auto cj = m_store->get(kCronJobs, ns, cronJobName);
    if (!cj)
        return;
    const int keepOk = int(specOf(*cj).value(u"successfulJobsHistoryLimit"_s).toInteger(3));
    const int keepFailed = int(specOf(*cj).value(u"failedJobsHistoryLimit"_s).toInteger(1));
    QList<QJsonObject> ok, failed;
    for (const auto &[gr, e] : m_store->dependentsOf(uidOf(*cj))) {
        if (gr != kJobs || e->deleting || m_runs.contains(ns + u'/' + e->name))
            continue;
        const QJsonObject job = e->object();
        if (statusOf(job).value(u"succeeded"_s).toInt() > 0)
            ok.append(job);
        else if (statusOf(job).value(u"failed"_s).toInt() > 0)
            failed.append(job);
    }
    auto trim = [&](QList<QJsonObject> jobs, int keep) {
        std::sort(jobs.begin(), jobs.end(), [](const QJsonObject &a, const QJsonObject &b) {
            return statusOf(a).value(u"startTime"_s).toString() < statusOf(b).value(u"startTime"_s).toString();
        });
        for (qsizetype i = 0; i + keep < jobs.size(); ++i) {
            for (const auto &[gr, e] : m_store->dependentsOf(uidOf(jobs.at(i)))) {
                if (gr == kPods)
                    m_store->remove(kPods, ns, e->name);
            }
            m_store->remove(kJobs, ns, nameOf(jobs.at(i)));
        }
    };
    trim(ok, keepOk);
    trim(failed, keepFailed);
}

QByteArray CronJobController::podLog(const QString &namespaceName, const QString &pod) const
{
    return m_logs.value(namespaceName + u'/' + pod);
}

} // namespace pd::sandbox::controllers
