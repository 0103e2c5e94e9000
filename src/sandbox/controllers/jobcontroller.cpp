#include "jobcontroller.h"

#include "controllerutil.h"
#include "jobstatus.h"
#include "sandbox/objectstore.h"

#include <QRegularExpression>

namespace pd::sandbox::controllers {

namespace {

bool ownedByCronJob(const QJsonObject &job)
{
    for (const QJsonValue &ref : metaOf(job).value(u"ownerReferences"_s).toArray())
        if (ref.toObject().value(u"kind"_s).toString() == u"CronJob"_s)
            return true;
    return false;
}

// The exit code the first container's command would end with in this simulation.
int simulatedExitCode(const QJsonObject &job)
{
    const QJsonObject container = specOf(job).value(u"template"_s).toObject().value(u"spec"_s).toObject()
                                      .value(u"containers"_s).toArray().first().toObject();
    QStringList argv;
    for (const QString &field : {u"command"_s, u"args"_s})
        for (const QJsonValue &v : container.value(field).toArray())
            argv << v.toString();
    if (!argv.isEmpty() && (argv.first() == u"false"_s || argv.first() == u"/bin/false"_s))
        return 1;
    static const QRegularExpression exitWith(u"^\\s*exit\\s+(\\d+)\\s*$"_s);
    if (argv.size() >= 3 && argv.at(1) == u"-c"_s) {
        const auto match = exitWith.match(argv.at(2));
        if (match.hasMatch())
            return match.captured(1).toInt();
    }
    return 0;
}

} // namespace

JobController::JobController(ObjectStore *store, std::chrono::milliseconds runDuration, QObject *parent)
    : ControllerBase(store, parent)
    , m_runDuration(runDuration)
{
}

void JobController::start() { ControllerBase::start({kJobs}); }

void JobController::onEvent(const StoreEvent &event)
{
    if (event.resource != kJobs)
        return;
    if (event.type == StoreEventType::Deleted)
        m_running.remove(event.object->namespaceName + u'/' + event.object->name);
    else
        enqueue(kJobs, event.object->namespaceName, event.object->name);
}

void JobController::reconcile(const Key &key)
{
    const auto job = m_store->get(kJobs, key.namespaceName, key.name);
    const QString runKey = key.namespaceName + u'/' + key.name;
    if (!job || isDeleting(*job) || ownedByCronJob(*job) || m_running.contains(runKey)
        || statusOf(*job).contains(u"startTime"_s) || specOf(*job).value(u"suspend"_s).toBool())
        return;
    m_store->modify(kJobs, key.namespaceName, key.name, [&](QJsonObject &o) {
        QJsonObject status = statusOf(o);
        status.insert(u"startTime"_s, ObjectStore::timestamp(m_store->now()));
        status.insert(u"active"_s, 1);
        status.insert(u"ready"_s, 0);
        o.insert(u"status"_s, status);
        return true;
    });
    const QString pod = startJobPod(m_store, *job);
    m_running.insert(runKey, pod);
    const int exitCode = simulatedExitCode(*job);
    const QString uid = uidOf(*job);
    QTimer::singleShot(m_runDuration, this, [this, key, runKey, pod, exitCode, uid] {
        const auto current = m_store->get(kJobs, key.namespaceName, key.name);
        // Deleted (or deleted and made anew) while it ran: nothing to finish.
        if (m_running.value(runKey) != pod || !current || uidOf(*current) != uid)
            return;
        m_running.remove(runKey);
        finishJobRun(m_store, key.namespaceName, key.name, pod, exitCode == 0, exitCode);
    });
}

} // namespace pd::sandbox::controllers
