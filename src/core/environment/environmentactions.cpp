#include "environmentactions.h"

#include "core/duration.h"

#include "core/contract.h"
#include "environmentbuilder.h"
#include "expiry.h"
#include "kube/apiclient.h"
#include "kube/bindto.h"
#include "kube/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QDeadlineTimer>
#include <QPromise>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;
using pd::kube::ApiResult;
using pd::kube::ResourceRef;

namespace pd::core {

namespace {

ResourceRef namespaceRef(const QString &name)
{
    return ResourceRef{QString(), u"v1"_s, u"namespaces"_s, QString(), name, {}};
}

ResourceRef workloadsRef(const QString &plural, const QString &ns)
{
    return ResourceRef{plural == u"cronjobs"_s ? u"batch"_s : u"apps"_s, u"v1"_s, plural, ns, QString(), {}};
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QFuture<ActionResult> resolved(bool ok, const QString &message)
{
    QPromise<ActionResult> promise;
    promise.start();
    promise.addResult(ActionResult{ok, message});
    promise.finish();
    return promise.future();
}

QString rfc3339(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QJsonObject annotationPatch(const QString &key, const QJsonValue &value)
{
    return QJsonObject{{u"metadata"_s, QJsonObject{{u"annotations"_s, QJsonObject{{key, value}}}}}};
}

// One unit of a scale-down/up: a workload or CronJob, changed by one or two requests
// that always run together (a cancel waits for the unit to finish).
struct ScaleUnit
{
    QString what;                                      // "deployment/web"
    bool cronJob = false;
    QList<std::function<QFuture<ApiResult>()>> steps;
    QStringList stepTexts;
};

} // namespace

// A running scale or destroy: whether a cancel was asked for (the next write boundary
// honours it) and the read on the wire, which a cancel aborts at once.
struct EnvironmentActions::Run
{
    bool cancelRequested = false;
    pd::kube::ApiCall read;
};

// One scale-down/up: the units are found first, then run one after the other.
struct EnvironmentActions::ScaleJob
{
    QString name;
    bool down = true;
    QPromise<ActionResult> promise;
    std::shared_ptr<Run> run;
    QList<QJsonArray> lists;                           // deployments, statefulsets, cronjobs
    QList<ScaleUnit> units;
    qsizetype unit = 0;                                // the unit running or next
    qsizetype step = 0;                                // its next step
    int workloadsDone = 0;
    int cronJobsDone = 0;
};

struct EnvironmentActions::DestroyJob
{
    QString name;
    QString uid;
    QPromise<ActionResult> promise;
    std::shared_ptr<Run> run;
    bool deleteSent = false;
    QDeadlineTimer deadline;
};

EnvironmentActions::EnvironmentActions(pd::kube::ApiClient *client, Clock clock, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_clock(std::move(clock))
{
}

EnvironmentActions::~EnvironmentActions() = default;

QDateTime EnvironmentActions::now() const
{
    return m_clock ? m_clock().toUTC() : QDateTime::currentDateTimeUtc();
}

QDateTime EnvironmentActions::extendedExpiry(const QDateTime &current, const QDateTime &now, std::chrono::seconds by)
{
    const QDateTime base = current.isValid() ? std::max(current.toUTC(), now.toUTC()) : now.toUTC();
    // Whole seconds: RFC 3339 without fractions.
    const QDateTime result = base.addSecs(by.count());
    return QDateTime::fromSecsSinceEpoch(result.toSecsSinceEpoch(), Qt::UTC);
}

QDateTime EnvironmentActions::currentExpiry(const QJsonObject &namespaceObject)
{
    return effectiveExpiry(namespaceObject.value("metadata"_L1).toObject()).at;
}

QJsonObject EnvironmentActions::expiryPatch(const QJsonObject &namespaceObject, const QDateTime &newExpiry)
{
    const QJsonObject annotations =
        namespaceObject.value("metadata"_L1).toObject().value("annotations"_L1).toObject();
    QJsonObject changes{{contract::ExpiresAtAnnotation, rfc3339(newExpiry)}};
    if (annotations.contains(contract::JanitorExpiresAnnotation) || annotations.contains(contract::JanitorTtlAnnotation))
        changes.insert(contract::JanitorExpiresAnnotation, rfc3339(newExpiry));
    if (annotations.contains(contract::JanitorTtlAnnotation))
        changes.insert(contract::JanitorTtlAnnotation, QJsonValue::Null);
    return QJsonObject{{u"metadata"_s, QJsonObject{{u"annotations"_s, changes}}}};
}

QFuture<ActionResult> EnvironmentActions::extendExpiry(const QString &name, std::chrono::seconds by)
{
    if (!m_client)
        return resolved(false, tr("Not connected"));
    if (by.count() <= 0)
        return resolved(false, tr("Extend %1: the duration must be positive").arg(name));
    Q_EMIT progress(name, tr("Extending the expiry of %1").arg(name));
    auto promise = std::make_shared<QPromise<ActionResult>>();
    promise->start();
    QFuture<ActionResult> future = promise->future();
    pd::bindTo(this, m_client->get(namespaceRef(name)), [this, name, by, promise](const ApiResult &result) {
        if (!result.ok()) {
            promise->addResult(ActionResult{false, tr("Cannot read %1: %2").arg(name, result.message())});
            promise->finish();
            return;
        }
        if (const QString refusal = mutationRefusal(result.object, Mutation::Extend); !refusal.isEmpty()) {
            promise->addResult(ActionResult{false, tr("Not extended: %1: %2").arg(name, refusal)});
            promise->finish();
            return;
        }
        const QDateTime expiry = extendedExpiry(currentExpiry(result.object), now(), by);
        const QJsonObject patch = expiryPatch(result.object, expiry);
        pd::bindTo(this, m_client->patch(namespaceRef(name), pd::kube::PatchType::Merge, QJsonDocument(patch).toJson(QJsonDocument::Compact)),
                   [name, expiry, promise](const ApiResult &patched) {
                promise->addResult(patched.ok()
                                       ? ActionResult{true, tr("%1 now expires at %2").arg(name, QLocale().toString(expiry.toLocalTime(), u"ddd d MMM HH:mm t"_s))}
                                       : ActionResult{false, tr("Cannot extend %1: %2").arg(name, patched.message())});
                promise->finish();
            });
    });
    return future;
}

QJsonObject EnvironmentActions::renewalPatch(const QJsonObject &namespaceObject, const QDateTime &newExpiry, const QDateTime &now)
{
    QJsonObject patch = expiryPatch(namespaceObject, newExpiry);
    QJsonObject metadata = patch.value("metadata"_L1).toObject();
    QJsonObject annotations = metadata.value("annotations"_L1).toObject();
    annotations.insert(contract::RenewedAtAnnotation, rfc3339(QDateTime::fromSecsSinceEpoch(now.toSecsSinceEpoch(), Qt::UTC)));
    metadata.insert(u"annotations"_s, annotations);
    patch.insert(u"metadata"_s, metadata);
    return patch;
}

std::optional<std::chrono::seconds> EnvironmentActions::recordedTtl(const QJsonObject &namespaceObject)
{
    const QString text = namespaceObject.value("metadata"_L1).toObject().value("annotations"_L1).toObject()
                             .value(contract::TtlAnnotation).toString();
    if (text.isEmpty())
        return std::nullopt;
    const auto ttl = parseDuration(text);
    return ttl && ttl->count() > 0 ? ttl : std::nullopt;
}

QFuture<ActionResult> EnvironmentActions::renewExpiry(const QString &name, std::chrono::seconds ttl)
{
    if (!m_client)
        return resolved(false, tr("Not connected"));
    if (ttl.count() < 0)
        return resolved(false, tr("Renew %1: the TTL must be positive").arg(name));
    Q_EMIT progress(name, tr("Renewing the expiry of %1").arg(name));
    auto promise = std::make_shared<QPromise<ActionResult>>();
    promise->start();
    QFuture<ActionResult> future = promise->future();
    m_client->get(namespaceRef(name)).then(this, [this, name, ttl, promise](const ApiResult &result) {
        const auto finish = [promise](const ActionResult &outcome) {
            promise->addResult(outcome);
            promise->finish();
        };
        if (!result.ok())
            return finish(ActionResult{false, tr("Cannot read %1: %2").arg(name, result.message())});
        if (const QString refusal = mutationRefusal(result.object, Mutation::Extend); !refusal.isEmpty())
            return finish(ActionResult{false, tr("Not renewed: %1: %2").arg(name, refusal)});
        const std::optional<std::chrono::seconds> recorded = recordedTtl(result.object);
        const std::chrono::seconds by = ttl.count() > 0 ? ttl : recorded.value_or(std::chrono::seconds(0));
        if (by.count() <= 0)
            return finish(ActionResult{false, tr("Not renewed: %1 records no TTL (%2); pass one").arg(name, contract::TtlAnnotation)});
        const QDateTime renewedAt = now();
        // Never shorter than it is: a renewal must not undo an extension someone asked for.
        const QDateTime current = currentExpiry(result.object);
        const QDateTime renewed = extendedExpiry({}, renewedAt, by);
        const QDateTime expiry = current.isValid() && current > renewed ? current : renewed;
        const QJsonObject patch = renewalPatch(result.object, expiry, renewedAt);
        m_client->patch(namespaceRef(name), pd::kube::PatchType::Merge, QJsonDocument(patch).toJson(QJsonDocument::Compact))
            .then(this, [name, expiry, by, finish](const ApiResult &patched) {
                finish(patched.ok() ? ActionResult{true, tr("%1 renewed: expires at %2 (now + %3)").arg(name, rfc3339(expiry), formatDuration(by))}
                                    : ActionResult{false, tr("Cannot renew %1: %2").arg(name, patched.message())});
            });
    });
    return future;
}

void EnvironmentActions::setDestroyPolling(std::chrono::milliseconds interval, std::chrono::seconds limit)
{
    m_pollInterval = interval;
    m_pollLimit = limit;
}

pd::kube::Status ActionResult::status() const
{
    if (cancelled)
        return pd::kube::Status::cancelled(message);
    return ok ? pd::kube::Status::success(message) : pd::kube::Status::failure(message);
}

std::shared_ptr<EnvironmentActions::Run> EnvironmentActions::begin(const QString &name)
{
    if (m_runs.contains(name))
        return {};
    auto run = std::make_shared<Run>();
    m_runs.insert(name, run);
    return run;
}

pd::kube::ApiCall EnvironmentActions::readFor(const std::shared_ptr<Run> &run, const pd::kube::ApiCall &call)
{
    run->read = call;
    return call;
}

bool EnvironmentActions::cancel(const QString &name)
{
    const std::shared_ptr<Run> run = m_runs.value(name);
    if (!run || run->cancelRequested)
        return false;
    run->cancelRequested = true;
    report(name, 0, 0, tr("Cancelling the operation on %1…").arg(name));
    run->read.abort();   // its continuation finishes the job as cancelled
    return true;
}

void EnvironmentActions::report(const QString &name, int done, int total, const QString &message)
{
    Q_EMIT progress(name, message);
    Q_EMIT progressed(name, done, total, message);
}

QFuture<ActionResult> EnvironmentActions::scaleDown(const QString &name, MutationOverride override)
{
    return startScale(name, true, override);
}

QFuture<ActionResult> EnvironmentActions::scaleUp(const QString &name, MutationOverride override)
{
    return startScale(name, false, override);
}

QFuture<ActionResult> EnvironmentActions::startScale(const QString &name, bool down, MutationOverride override)
{
    if (!m_client)
        return resolved(false, tr("Not connected"));
    const std::shared_ptr<Run> run = begin(name);
    if (!run)
        return resolved(false, tr("Another operation on %1 is still running").arg(name));
    auto job = std::make_shared<ScaleJob>();
    job->name = name;
    job->down = down;
    job->run = run;
    job->promise.start();
    QFuture<ActionResult> future = job->promise.future();
    report(name, 0, 0, tr("Checking that %1 may be scaled…").arg(name));
    pd::bindTo(this, readFor(run, m_client->get(namespaceRef(name))), [this, job, override](const ApiResult &result) {
        if (result.aborted())
            return finishScale(job, false, tr("Cancelled: nothing in %1 was changed.").arg(job->name), true);
        if (result.httpCode == 404)
            return finishScale(job, false, tr("No environment named %1 exists.").arg(job->name));
        if (!result.ok())
            return finishScale(job, false, tr("Cannot read %1: %2").arg(job->name, result.message()));
        const Mutation mutation = job->down ? Mutation::ScaleDown : Mutation::ScaleUp;
        if (const QString refusal = mutationRefusal(result.object, mutation, override); !refusal.isEmpty())
            return finishScale(job, false, tr("Not scaled: %1: %2").arg(job->name, refusal));
        runScale(job);
    });
    return future;
}

void EnvironmentActions::runScale(const std::shared_ptr<ScaleJob> &job)
{
    // Deployments, StatefulSets, CronJobs: listed one after the other, then planned at once.
    static const QStringList plurals{u"deployments"_s, u"statefulsets"_s, u"cronjobs"_s};
    if (job->lists.isEmpty())
        report(job->name, 0, 0, (job->down ? tr("Scaling down %1: listing its workloads…")
                                           : tr("Scaling up %1: listing its workloads…")).arg(job->name));
    if (!m_client)
        return finishScale(job, false, tr("Not connected"));
    if (job->run->cancelRequested)
        return finishScale(job, false, tr("Cancelled: nothing in %1 was changed.").arg(job->name), true);
    if (job->lists.size() == plurals.size())
        return planScale(job, job->lists);
    const QString plural = plurals.at(job->lists.size());
    pd::bindTo(this, readFor(job->run, m_client->list(workloadsRef(plural, job->name))), [this, job, plural](const ApiResult &result) {
        if (result.aborted())
            return finishScale(job, false, tr("Cancelled: nothing in %1 was changed.").arg(job->name), true);
        // A cluster without batch/v1 CronJobs has none to suspend.
        if (!result.ok() && !(plural == u"cronjobs"_s && result.httpCode == 404))
            return finishScale(job, false, tr("Cannot list the %1 of %2: %3").arg(plural, job->name, result.message()));
        job->lists.append(result.ok() ? result.items() : QJsonArray());
        runScale(job);
    });
}

void EnvironmentActions::planScale(const std::shared_ptr<ScaleJob> &job, const QList<QJsonArray> &lists)
{
    const QStringList plurals{u"deployments"_s, u"statefulsets"_s, u"cronjobs"_s};
    for (qsizetype kind = 0; kind < plurals.size(); ++kind) {
        const QString &plural = plurals.at(kind);
        for (const QJsonValue &item : lists.at(kind)) {
            const QJsonObject object = item.toObject();
            const QJsonObject metadata = object.value("metadata"_L1).toObject();
            const QJsonObject annotations = metadata.value("annotations"_L1).toObject();
            const QJsonObject spec = object.value("spec"_L1).toObject();
            const ResourceRef ref = workloadsRef(plural, job->name).named(metadata.value("name"_L1).toString());
            ScaleUnit unit;
            unit.what = plural.chopped(1) + u'/' + ref.name;
            unit.cronJob = plural == u"cronjobs"_s;
            if (unit.cronJob) {
                const QJsonValue recorded = annotations.value(contract::OriginalSuspendAnnotation);
                if (job->down && recorded.isUndefined()) {
                    // Record first, so a failure in between never loses the former state.
                    const QString former = spec.value("suspend"_L1).toBool(false) ? u"true"_s : u"false"_s;
                    const QByteArray record = compact(annotationPatch(contract::OriginalSuspendAnnotation, former));
                    unit.steps << [this, ref, record] { return m_client->patch(ref, pd::kube::PatchType::Merge, record); };
                    unit.stepTexts << tr("annotate %1").arg(unit.what);
                    const QByteArray suspend = compact(QJsonObject{{u"spec"_s, QJsonObject{{u"suspend"_s, true}}}});
                    unit.steps << [this, ref, suspend] { return m_client->patch(ref, pd::kube::PatchType::Merge, suspend); };
                    unit.stepTexts << tr("suspend %1").arg(unit.what);
                } else if (!job->down && (recorded == u"true"_s || recorded == u"false"_s)) {
                    const QByteArray restore =
                        compact(QJsonObject{{u"spec"_s, QJsonObject{{u"suspend"_s, recorded == u"true"_s}}}});
                    unit.steps << [this, ref, restore] { return m_client->patch(ref, pd::kube::PatchType::Merge, restore); };
                    unit.stepTexts << tr("set suspend of %1 to %2").arg(unit.what, recorded.toString());
                    const QByteArray forget = compact(annotationPatch(contract::OriginalSuspendAnnotation, QJsonValue::Null));
                    unit.steps << [this, ref, forget] { return m_client->patch(ref, pd::kube::PatchType::Merge, forget); };
                    unit.stepTexts << tr("remove the annotation of %1").arg(unit.what);
                }
            } else {
                const int replicas = spec.value("replicas"_L1).toInt(1);
                const QJsonValue recorded = annotations.value(contract::OriginalReplicasAnnotation);
                if (job->down && replicas > 0) {
                    const QByteArray body = compact(annotationPatch(contract::OriginalReplicasAnnotation, QString::number(replicas)));
                    unit.steps << [this, ref, body] { return m_client->patch(ref, pd::kube::PatchType::Merge, body); };
                    unit.stepTexts << tr("annotate %1").arg(unit.what);
                    unit.steps << [this, ref] { return m_client->setScale(ref, 0); };
                    unit.stepTexts << tr("scale %1 to 0").arg(unit.what);
                } else if (!job->down && recorded.isString()) {
                    bool ok = false;
                    const int original = recorded.toString().toInt(&ok);
                    if (!ok || original < 0)
                        return finishScale(job, false, tr("%1 has a bad %2 annotation: %3")
                                                           .arg(unit.what, contract::OriginalReplicasAnnotation, recorded.toString()));
                    const QByteArray body = compact(annotationPatch(contract::OriginalReplicasAnnotation, QJsonValue::Null));
                    unit.steps << [this, ref, original] { return m_client->setScale(ref, original); };
                    unit.stepTexts << tr("scale %1 to %2").arg(unit.what).arg(original);
                    unit.steps << [this, ref, body] { return m_client->patch(ref, pd::kube::PatchType::Merge, body); };
                    unit.stepTexts << tr("remove the annotation of %1").arg(unit.what);
                }
            }
            if (!unit.steps.isEmpty())
                job->units.append(unit);
        }
    }
    nextScaleStep(job);
}

QString EnvironmentActions::scaleSummary(const ScaleJob &job) const
{
    const int workloads = job.workloadsDone;
    const int cronJobs = job.cronJobsDone;
    if (workloads == 0 && cronJobs == 0)
        return job.down ? tr("%1 is already scaled down").arg(job.name) : tr("%1 has nothing to scale up").arg(job.name);
    QString text = (job.down ? tr("Scaled down %n workload(s) of %1", nullptr, workloads)
                             : tr("Scaled up %n workload(s) of %1", nullptr, workloads)).arg(job.name);
    if (cronJobs > 0)
        text += job.down ? tr("; suspended %n CronJob(s)", nullptr, cronJobs)
                         : tr("; resumed %n CronJob(s)", nullptr, cronJobs);
    return text;
}

void EnvironmentActions::nextScaleStep(const std::shared_ptr<ScaleJob> &job)
{
    const int total = int(job->units.size());
    if (job->unit < total && job->step >= job->units.at(job->unit).steps.size()) {
        // The unit is complete.
        (job->units.at(job->unit).cronJob ? job->cronJobsDone : job->workloadsDone) += 1;
        ++job->unit;
        job->step = 0;
    }
    if (job->unit >= total)
        return finishScale(job, true, scaleSummary(*job));
    if (job->step == 0 && job->run->cancelRequested) {
        const int done = int(job->unit);
        const QString text = job->down
            ? tr("Cancelled: scaled down %1 of %2 workloads of %3; the other %4 were left as they were.")
            : tr("Cancelled: scaled up %1 of %2 workloads of %3; the other %4 are still scaled down.");
        return finishScale(job, false, text.arg(done).arg(total).arg(job->name).arg(total - done), true);
    }
    if (!m_client)
        return finishScale(job, false, tr("Not connected"));
    const ScaleUnit &unit = job->units.at(job->unit);
    const qsizetype step = job->step++;
    const QString text = (job->down ? tr("Scaling down %1 of %2 workloads of %3: %4…")
                                    : tr("Scaling up %1 of %2 workloads of %3: %4…"))
                             .arg(job->unit + 1).arg(total).arg(job->name, unit.stepTexts.at(step));
    report(job->name, int(job->unit), total, text);
    // A write: never aborted, so a unit always completes (a cancel waits for it).
    pd::bindTo(this, unit.steps.at(step)(), [this, job, step](const ApiResult &result) {
        if (!result.ok()) {
            const QString stepText = job->units.at(job->unit).stepTexts.at(step);
            pd::log::core()->warn("{}: {} failed: {}", pd::log::str(job->name), pd::log::str(stepText),
                                  pd::log::str(result.message()));
            QString failure = tr("%1: cannot %2: %3").arg(job->name, stepText, result.message());
            if (job->unit > 0)
                failure += tr(" (%1 of %2 workloads were done before)").arg(job->unit).arg(job->units.size());
            return finishScale(job, false, failure);
        }
        nextScaleStep(job);
    });
}

void EnvironmentActions::finishScale(const std::shared_ptr<ScaleJob> &job, bool ok, const QString &message, bool cancelled)
{
    m_runs.remove(job->name);
    report(job->name, int(job->unit), int(job->units.size()), message);
    job->promise.addResult(ActionResult{ok, message, cancelled});
    job->promise.finish();
}

QFuture<ActionResult> EnvironmentActions::destroy(const QString &name)
{
    if (!m_client)
        return resolved(false, tr("Not connected"));
    const std::shared_ptr<Run> run = begin(name);
    if (!run)
        return resolved(false, tr("Another operation on %1 is still running").arg(name));
    auto job = std::make_shared<DestroyJob>();
    job->name = name;
    job->run = run;
    job->promise.start();
    QFuture<ActionResult> future = job->promise.future();
    report(name, 0, 0, tr("Checking that %1 may be destroyed…").arg(name));
    pd::bindTo(this, readFor(run, m_client->get(namespaceRef(name))), [this, job](const ApiResult &result) {
        if (result.aborted())
            return finishDestroy(job, false, tr("Cancelled: %1 was not deleted.").arg(job->name), true);
        if (result.httpCode == 404)
            return finishDestroy(job, false, tr("No environment named %1 exists.").arg(job->name));
        if (!result.ok())
            return finishDestroy(job, false, tr("Cannot read %1: %2").arg(job->name, result.message()));
        if (const QString refusal = mutationRefusal(result.object, Mutation::Destroy); !refusal.isEmpty())
            return finishDestroy(job, false, tr("Not destroyed: %1: %2").arg(job->name, refusal));
        if (job->run->cancelRequested)
            return finishDestroy(job, false, tr("Cancelled: %1 was not deleted.").arg(job->name), true);
        if (!m_client)
            return finishDestroy(job, false, tr("Not connected"));
        // Preconditions: delete exactly the object that was checked.
        job->uid = result.object.value("metadata"_L1).toObject().value("uid"_L1).toString();
        pd::kube::ApiRequest request = pd::kube::ApiRequest::remove(namespaceRef(job->name), pd::kube::PropagationPolicy::Background);
        request.preconditionUid = job->uid;
        report(job->name, 0, 0, tr("Deleting namespace %1…").arg(job->name));
        job->deleteSent = true;
        // The delete itself is never aborted: once sent, it is the cluster's to finish.
        pd::bindTo(this, m_client->send(request), [this, job](const ApiResult &deleted) {
            if (!deleted.ok() && deleted.httpCode != 404)
                return finishDestroy(job, false, tr("Cannot delete %1: %2").arg(job->name, deleted.message()));
            pd::log::core()->info("destroying preview {}", pd::log::str(job->name));
            job->deadline = QDeadlineTimer(m_pollLimit);
            waitUntilGone(job);
        });
    });
    return future;
}

void EnvironmentActions::waitUntilGone(const std::shared_ptr<DestroyJob> &job)
{
    const QString stopped = tr("Stopped waiting: the deletion of %1 was requested and goes on in the "
                               "cluster; it will leave the list once it is gone.").arg(job->name);
    if (job->run->cancelRequested)
        return finishDestroy(job, false, stopped, true);
    if (!m_client)
        return finishDestroy(job, false, tr("Not connected"));
    pd::bindTo(this, readFor(job->run, m_client->get(namespaceRef(job->name))), [this, job, stopped](const ApiResult &result) {
        if (result.aborted())
            return finishDestroy(job, false, stopped, true);
        const QString uid = result.object.value("metadata"_L1).toObject().value("uid"_L1).toString();
        if (result.httpCode == 404 || (result.ok() && uid != job->uid))
            return finishDestroy(job, true, tr("%1 destroyed.").arg(job->name));
        if (job->deadline.hasExpired())
            return finishDestroy(job, false, tr("%1 is still terminating; its finalizers have not finished.").arg(job->name));
        report(job->name, 0, 0, tr("Waiting for namespace %1 to terminate…").arg(job->name));
        QTimer::singleShot(m_pollInterval, this, [this, job] { waitUntilGone(job); });
    });
}

void EnvironmentActions::finishDestroy(const std::shared_ptr<DestroyJob> &job, bool ok, const QString &message, bool cancelled)
{
    m_runs.remove(job->name);
    report(job->name, ok ? 1 : 0, ok ? 1 : 0, message);
    job->promise.addResult(ActionResult{ok, message, cancelled});
    job->promise.finish();
}

} // namespace pd::core
