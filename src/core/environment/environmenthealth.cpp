#include "environmenthealth.h"

#include "core/contract.h"
#include "environmentbuilder.h"

#include <QSet>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {

// The problem that keeps a workload from being ready, past the grace or not.
struct WorkloadFailure
{
    const PodProblem *problem = nullptr;
    qint64 lasted = 0;           // seconds since problem->since (0 when unknown)
    bool pastGrace = false;
};

WorkloadFailure failureOf(const WorkloadInfo &workload, const QList<PodProblem> &problems, const QDateTime &now)
{
    WorkloadFailure failure;
    for (const PodProblem &problem : problems) {
        if (problem.workload != workload.name || !degradesHealth(problem))
            continue;
        // An unknown start counts as just now: the grace then runs from the next look.
        const qint64 lasted = problem.since.isValid() ? std::max<qint64>(0, problem.since.secsTo(now)) : 0;
        if (!failure.problem || lasted > failure.lasted) {
            failure.problem = &problem;
            failure.lasted = lasted;
            failure.pastGrace = lasted > podFailureGrace.count();
        }
    }
    return failure;
}

QString failureText(const WorkloadFailure &failure)
{
    QString text = failure.problem->text();
    if (failure.problem->since.isValid())
        text += u" for "_s + ageText(failure.lasted);
    return text;
}

} // namespace

QString ageText(qint64 seconds)
{
    seconds = std::max<qint64>(seconds, 0);
    if (seconds < 120)
        return QString::number(seconds) % u" s"_s;
    if (seconds < 7200)
        return QString::number(seconds / 60) % u" min"_s;
    if (seconds < 172800)
        return QString::number(seconds / 3600) % u" h"_s;
    return QString::number(seconds / 86400) % u" d"_s;
}

bool degradesHealth(const PodProblem &problem)
{
    static const QSet<QString> reasons{u"ImagePullBackOff"_s, u"ErrImagePull"_s, u"InvalidImageName"_s,
                                       u"ErrImageNeverPull"_s, u"CrashLoopBackOff"_s, u"OOMKilled"_s,
                                       u"Unschedulable"_s, u"FailedCreate"_s};
    QString reason = problem.reason;
    if (reason.startsWith(u"Init:"_s))
        reason = reason.mid(5);
    if (reasons.contains(reason))
        return true;
    // Running again after being killed for memory: it will be again.
    return reason == u"Restarting"_s && problem.detail.startsWith(u"OOMKilled"_s);
}

void applyHealth(Environment &env, const QList<PodProblem> &podProblems, const QDateTime &now)
{
    env.servicesReady = 0;
    env.servicesTotal = 0;
    env.servicesScaledDown = 0;
    const WorkloadInfo *degraded = nullptr;
    QString degradedWhy;
    const WorkloadInfo *progressing = nullptr;
    QString progressingWhy;
    for (const WorkloadInfo &workload : std::as_const(env.workloads)) {
        if (workload.state == EnvironmentState::ScaledDown) {
            ++env.servicesScaledDown;
            continue;
        }
        ++env.servicesTotal;
        if (workload.state == EnvironmentState::Healthy) {
            ++env.servicesReady;   // serving every replica: an old pod's trouble is history
            continue;
        }
        const WorkloadFailure failure = failureOf(workload, podProblems, now);
        if (workload.state == EnvironmentState::Degraded || failure.pastGrace) {
            if (!degraded) {
                degraded = &workload;
                degradedWhy = failure.problem ? failureText(failure) : workload.message;
            }
        } else if (!progressing) {
            progressing = &workload;
            progressingWhy = failure.problem ? failureText(failure) : workload.message;
        }
    }

    const auto set = [&env](EnvironmentState state, const QString &reason) {
        env.state = state;
        env.stateReason = reason;
    };
    if (env.terminating) {
        set(EnvironmentState::Terminating, u"namespace is being deleted"_s);
    } else if (env.annotations.contains(contract::IncompleteAnnotation)) {
        const QString why = env.annotations.value(contract::IncompleteAnnotation);
        set(EnvironmentState::Incomplete, u"the clone stopped half-way"_s % (why.isEmpty() ? QString() : u" ("_s % why % u')')
                    % u"; previewctl clone --resume "_s % env.name % u" completes it"_s);
    } else if (env.expiresAt.isValid() && env.expiresAt <= now) {
        set(EnvironmentState::Expired,
            u"expired "_s % ageText(env.expiresAt.secsTo(now)) % u" ago ("_s % env.expirySource % u')');
    } else if (degraded) {
        // The problem text names the workload already ("api: ImagePullBackOff ...").
        set(EnvironmentState::Degraded,
            degradedWhy.startsWith(degraded->name + u':') ? degradedWhy : degraded->name % u": "_s % degradedWhy);
    } else if (progressing) {
        set(EnvironmentState::Progressing, progressingWhy.startsWith(progressing->name + u':')
                    ? progressingWhy : progressing->name % u": "_s % progressingWhy);
    } else if (env.workloads.isEmpty()) {
        const bool young = env.created.isValid()
                && env.created.secsTo(now) <= EnvironmentBuilder::defaultProgressDeadline.count();
        set(young ? EnvironmentState::Progressing : EnvironmentState::Healthy,
            young ? u"no workloads yet"_s : u"no workloads"_s);
    } else if (env.servicesTotal == 0) {
        set(EnvironmentState::ScaledDown, u"every workload is scaled to zero"_s);
    } else {
        set(EnvironmentState::Healthy, env.servicesScaledDown == 0
                    ? u"all workloads ready"_s
                    : u"all running workloads ready"_s);
    }
}

QString servicesText(const Environment &env)
{
    if (env.servicesTotal == 0 && env.servicesScaledDown == 0)
        return u"none (no workloads)"_s;
    QString text = QString::number(env.servicesReady) % u" of "_s % QString::number(env.servicesTotal) % u" ready"_s;
    if (env.servicesScaledDown > 0)
        text += u", "_s % QString::number(env.servicesScaledDown) % u" scaled to zero"_s;
    return text;
}

} // namespace pd::core
