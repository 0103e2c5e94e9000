#include "cloneexecutor.h"

#include "core/contract.h"
#include "readinessblockers.h"

#include "kube/apiclient.h"
#include "kube/bindto.h"
#include "kube/discovery.h"
#include "kube/logging.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <memory>

namespace pd::core {

using pd::kube::ApiResult;
using pd::kube::ResourceRef;

namespace {

QString keyOf(const QJsonObject &object)
{
    return object.value(QLatin1String("apiVersion")).toString() + QLatin1Char('/') + object.value(QLatin1String("kind")).toString();
}

QString refText(const QJsonObject &object)
{
    return object.value(QLatin1String("kind")).toString() + QLatin1Char('/')
        + object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
}

int desiredReplicas(const QJsonObject &object)
{
    const QJsonValue replicas = object.value(QLatin1String("spec")).toObject().value(QLatin1String("replicas"));
    return replicas.isUndefined() ? 1 : replicas.toInt();
}

// Why a live object is not ready yet, or an empty string when it is.
QString notReadyReason(const QJsonObject &live)
{
    const QString kind = live.value(QLatin1String("kind")).toString();
    const QJsonObject status = live.value(QLatin1String("status")).toObject();
    const QJsonArray conditions = status.value(QLatin1String("conditions")).toArray();
    auto conditionMessage = [&](const QString &type) -> QString {
        for (const QJsonValue &c : conditions)
            if (c[QLatin1String("type")].toString() == type)
                return c[QLatin1String("reason")].toString() + QLatin1String(": ") + c[QLatin1String("message")].toString();
        return {};
    };
    if (kind == QLatin1String("Deployment") || kind == QLatin1String("StatefulSet")) {
        const int wanted = desiredReplicas(live);
        const int have = status.value(kind == QLatin1String("Deployment") ? QLatin1String("availableReplicas")
                                                                         : QLatin1String("readyReplicas")).toInt();
        if (have >= wanted)
            return {};
        QString reason = QStringLiteral("%1 of %2 replicas %3").arg(have).arg(wanted)
                             .arg(kind == QLatin1String("Deployment") ? QStringLiteral("available") : QStringLiteral("ready"));
        const QString progressing = conditionMessage(QStringLiteral("Progressing"));
        if (!progressing.isEmpty())
            reason += QLatin1String(" (") + progressing + QLatin1Char(')');
        return reason;
    }
    if (kind == QLatin1String("VolumeSnapshot")) {
        if (status.value(QLatin1String("readyToUse")).toBool())
            return {};
        const QString error = status.value(QLatin1String("error")).toObject().value(QLatin1String("message")).toString();
        return error.isEmpty() ? QStringLiteral("not ready to use yet") : QStringLiteral("not ready to use: ") + error;
    }
    if (kind == QLatin1String("Job")) {
        for (const QJsonValue &c : conditions)
            if (c[QLatin1String("type")].toString() == QLatin1String("Complete") && c[QLatin1String("status")].toString() == QLatin1String("True"))
                return {};
        return status.value(QLatin1String("active")).toInt() > 0 ? QStringLiteral("running") : QStringLiteral("not started yet");
    }
    if (kind == QLatin1String("ExternalSecret")) {
        for (const QJsonValue &c : conditions)
            if (c[QLatin1String("type")].toString() == QLatin1String("Ready"))
                return c[QLatin1String("status")].toString() == QLatin1String("True") ? QString() : conditionMessage(QStringLiteral("Ready"));
        return QStringLiteral("not synced yet");
    }
    return {};
}

// Why a live object can never become ready (a Job that failed), or an empty string.
QString failedReason(const QJsonObject &live)
{
    if (live.value(QLatin1String("kind")).toString() != QLatin1String("Job"))
        return {};
    for (const QJsonValue &c : live.value(QLatin1String("status")).toObject().value(QLatin1String("conditions")).toArray())
        if (c[QLatin1String("type")].toString() == QLatin1String("Failed") && c[QLatin1String("status")].toString() == QLatin1String("True"))
            return QStringLiteral("failed (%1: %2)").arg(c[QLatin1String("reason")].toString(), c[QLatin1String("message")].toString());
    return {};
}

bool isClusterScoped(const QJsonObject &object)
{
    return object.value(QLatin1String("kind")).toString() != QLatin1String("Namespace")
        && object.value(QLatin1String("metadata")).toObject().value(QLatin1String("namespace")).toString().isEmpty();
}

bool needsReadiness(const QJsonObject &object)
{
    const QString kind = object.value(QLatin1String("kind")).toString();
    return kind == QLatin1String("Deployment") || kind == QLatin1String("StatefulSet") || kind == QLatin1String("ExternalSecret");
}

} // namespace

QString cloneObjectStateName(CloneObjectState state)
{
    switch (state) {
    case CloneObjectState::Pending: return QStringLiteral("pending");
    case CloneObjectState::Checked: return QStringLiteral("checked");
    case CloneObjectState::Created: return QStringLiteral("created");
    case CloneObjectState::AlreadyThere: return QStringLiteral("already there");
    case CloneObjectState::Ready: return QStringLiteral("ready");
    case CloneObjectState::NotReady: return QStringLiteral("not ready");
    case CloneObjectState::Failed: return QStringLiteral("failed");
    case CloneObjectState::RolledBack: return QStringLiteral("rolled back");
    }
    return {};
}

CloneExecutor::CloneExecutor(pd::kube::ApiClient *client, pd::kube::Discovery *discovery, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_discovery(discovery)
{
    m_pollTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &CloneExecutor::pollReadiness);
}

CloneExecutor::~CloneExecutor() = default;

void CloneExecutor::start(const ClonePlan &plan, const Options &options)
{
    m_plan = plan;
    m_options = options;
    m_running = true;
    m_failed = false;
    m_cancelled = false;
    m_settling = false;
    m_outstanding = 0;
    m_createdNamespace = false;
    m_resuming = false;
    m_allCreated = false;
    m_pullErrorsSince.clear();
    m_notReady.clear();
    // Events of an earlier run of a resumed clone are not this run's; a little slack for clock skew.
    m_startedAt = QDateTime::currentDateTimeUtc().addSecs(-30);
    if (!plan.canProceed()) {
        finish(CloneOutcome::failure(QStringLiteral("The plan has %1 open decision(s), first: %2")
                           .arg(plan.pendingDecisions.size()).arg(plan.pendingDecisions.first().question)));
        return;
    }
    for (const PlannedObject &planned : std::as_const(m_plan.objects))
        setState(planned.object, CloneObjectState::Pending);
    Q_EMIT phaseChanged(QStringLiteral("Reading what the cluster serves"));
    ++m_outstanding;
    pd::bindTo(this, m_discovery->ensureLoaded(), [this](const ApiResult &result) {
        --m_outstanding;
        if (m_failed)
            return settleFailure();
        if (!result.ok())
            return finish(CloneOutcome::failure(QStringLiteral("Cannot read the cluster's API resources: ") + result.message()));
        if (!resolveResources())
            return;
        checkExistingNamespace();
    });
}

bool CloneExecutor::resolveResources()
{
    for (const PlannedObject &planned : std::as_const(m_plan.objects)) {
        const QString apiVersion = planned.object.value(QLatin1String("apiVersion")).toString();
        const QString kind = planned.object.value(QLatin1String("kind")).toString();
        const auto info = m_discovery->findKind(apiVersion, kind);
        if (!info) {
            finish(CloneOutcome::failure(QStringLiteral("%1: the cluster does not serve %2 %3 (is its operator installed?). "
                                          "Nothing was written.").arg(refText(planned.object), apiVersion, kind)));
            return false;
        }
        m_resourceOf.insert(keyOf(planned.object), info->name);
    }
    return true;
}

QString CloneExecutor::objectName(const QJsonObject &object) const
{
    return object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
}

void CloneExecutor::setState(const QJsonObject &object, CloneObjectState state, const QString &detail)
{
    Q_EMIT objectStateChanged(refText(object), state, detail);
}

void CloneExecutor::checkExistingNamespace()
{
    const ResourceRef ns{QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), QString(), m_plan.targetNamespace, {}};
    ++m_outstanding;
    pd::bindTo(this, m_reads.add(m_client->get(ns)), [this](const ApiResult &result) {
        --m_outstanding;
        if (m_failed)
            return settleFailure();   // cancelled: nothing was written yet
        if (result.httpCode == 404) {
            createNamespace(m_options.serverDryRun);
            return;
        }
        if (!result.ok())
            return finish(CloneOutcome::failure(QStringLiteral("Cannot check whether %1 exists: %2").arg(m_plan.targetNamespace, result.message())));
        const QString cloneId = result.object.value(QLatin1String("metadata")).toObject()
                                    .value(QLatin1String("annotations")).toObject()
                                    .value(contract::CloneIdAnnotation).toString();
        if (cloneId.isEmpty() || cloneId != m_plan.cloneId)
            return finish(CloneOutcome::failure(QStringLiteral("A namespace named %1 already exists%2. Nothing was written; choose another name.")
                                      .arg(m_plan.targetNamespace,
                                           cloneId.isEmpty() ? QString() : QStringLiteral(" (another clone, %1)").arg(cloneId))));
        // Our own half-made clone: carry on where it stopped.
        m_resuming = true;
        m_createdNamespace = true;
        setState(m_plan.objects.first().object, CloneObjectState::AlreadyThere);
        Q_EMIT phaseChanged(QStringLiteral("Resuming clone %1").arg(m_plan.cloneId));
        if (m_options.serverDryRun)
            dryRunObjects();
        else
            createTier(int(CloneTier::Guards));
    });
}

void CloneExecutor::createNamespace(bool dryRun)
{
    const QJsonObject ns = m_plan.objects.first().object;
    const ResourceRef collection{QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), QString(), QString(), {}};
    Q_EMIT phaseChanged(dryRun ? QStringLiteral("Checking the namespace on the server") : QStringLiteral("Creating the namespace"));
    // Counted: a cancel while the namespace is on its way must roll back what it makes.
    ++m_outstanding;
    pd::bindTo(this, m_client->create(collection, ns, dryRun), [this, dryRun, ns](const ApiResult &result) {
        --m_outstanding;
        if (result.ok() && !dryRun)
            m_createdNamespace = true;
        if (m_failed)
            return settleFailure();
        if (!result.ok()) {
            setState(ns, CloneObjectState::Failed, result.message());
            return finish(CloneOutcome::failure(QStringLiteral("%1: %2. Nothing was written.").arg(refText(ns), result.message())));
        }
        if (dryRun)
            return createNamespace(false);
        m_createdNamespace = true;
        setState(ns, CloneObjectState::Created);
        if (m_options.serverDryRun)
            dryRunObjects();
        else
            createTier(int(CloneTier::Guards));
    });
}

void CloneExecutor::dryRunObjects()
{
    // Namespaced objects can only be checked once their namespace exists.
    Q_EMIT phaseChanged(QStringLiteral("Checking every object on the server (dry run)"));
    m_outstanding = 0;
    for (const PlannedObject &planned : std::as_const(m_plan.objects)) {
        if (planned.tier == CloneTier::Namespace)
            continue;
        ++m_outstanding;
        const QJsonObject object = planned.object;
        const ResourceRef collection = ResourceRef::forObject(object, m_resourceOf.value(keyOf(object))).named(QString());
        pd::bindTo(this, m_reads.add(m_client->create(collection, object, true)), [this, object](const ApiResult &result) {
            --m_outstanding;
            if (m_failed)
                return settleFailure();
            if (!result.ok() && !(m_resuming && result.status.reason == QLatin1String("AlreadyExists"))) {
                setState(object, CloneObjectState::Failed, result.message());
                return rollBack(QStringLiteral("%1 was refused by the server: %2").arg(refText(object), result.message()));
            }
            setState(object, CloneObjectState::Checked);
            if (m_outstanding == 0)
                createTier(int(CloneTier::Guards));
        });
    }
    if (m_outstanding == 0)
        createTier(int(CloneTier::Guards));
}

void CloneExecutor::createTier(int tier)
{
    if (m_failed)
        return;
    if (tier > int(CloneTier::Ingress)) {
        m_allCreated = true;
        if (m_resuming)
            return clearIncompleteThenWait();
        return waitForReadiness();
    }
    const QList<QJsonObject> objects = m_plan.objectsOfTier(CloneTier(tier));
    if (objects.isEmpty())
        return createTier(tier + 1);
    Q_EMIT phaseChanged(QStringLiteral("Creating %1 object(s) of step %2").arg(objects.size()).arg(tier));
    m_outstanding = int(objects.size());
    for (const QJsonObject &object : objects) {
        const ResourceRef collection = ResourceRef::forObject(object, m_resourceOf.value(keyOf(object))).named(QString());
        pd::bindTo(this, m_client->create(collection, object), [this, object, tier](const ApiResult &result) {
            --m_outstanding;
            if (m_failed)
                return settleFailure();
            if (result.ok()) {
                setState(object, CloneObjectState::Created);
            } else if (result.status.reason == QLatin1String("AlreadyExists") && m_resuming) {
                setState(object, CloneObjectState::AlreadyThere);
            } else {
                setState(object, CloneObjectState::Failed, result.message());
                return rollBack(QStringLiteral("%1 could not be created: %2").arg(refText(object), result.message()));
            }
            if (m_outstanding == 0)
                afterTier(tier);
        });
    }
}

QList<QJsonObject> CloneExecutor::gateOf(int tier) const
{
    // Only the objects the next tier depends on: snapshots before the claims that read them,
    // seeded datastores before their seed Jobs, seed Jobs before the workloads.
    QList<QJsonObject> gate;
    for (const QJsonObject &object : m_plan.objectsOfTier(CloneTier(tier))) {
        const QString kind = object.value(QLatin1String("kind")).toString();
        if ((tier == int(CloneTier::Configuration) && kind == QLatin1String("VolumeSnapshot"))
            || tier == int(CloneTier::Datastores) || tier == int(CloneTier::Seed))
            gate << object;
    }
    return gate;
}

void CloneExecutor::afterTier(int tier)
{
    const QList<QJsonObject> gate = gateOf(tier);
    if (gate.isEmpty())
        return createTier(tier + 1);
    QStringList names;
    for (const QJsonObject &object : gate)
        names << refText(object);
    const QString what = names.join(QStringLiteral(", "));
    Q_EMIT phaseChanged(tier == int(CloneTier::Seed) ? QStringLiteral("Seeding: waiting until %1 complete(s)").arg(what)
                        : tier == int(CloneTier::Datastores) ? QStringLiteral("Waiting until %1 is ready, then seeding it").arg(what)
                                                             : QStringLiteral("Waiting until %1 is ready to restore from").arg(what));
    m_gateDeadline = QDateTime::currentDateTimeUtc().addMSecs(m_options.readyTimeout.count());
    pollGate(tier, gate);
}

void CloneExecutor::pollGate(int tier, const QList<QJsonObject> &gate)
{
    if (m_failed)
        return;
    struct Round
    {
        QStringList pending, failed;
        int outstanding = 0;
    };
    auto round = std::make_shared<Round>();
    round->outstanding = int(gate.size());
    for (const QJsonObject &object : gate) {
        const ResourceRef ref = ResourceRef::forObject(object, m_resourceOf.value(keyOf(object)));
        pd::bindTo(this, m_reads.add(m_client->get(ref)), [this, tier, gate, object, round](const ApiResult &result) {
            const QString failed = result.ok() ? failedReason(result.object) : QString();
            const QString reason = result.ok() ? notReadyReason(result.object) : result.message();
            if (!failed.isEmpty())
                round->failed << refText(object) + QLatin1String(": ") + failed;
            else if (!reason.isEmpty())
                round->pending << refText(object) + QLatin1String(": ") + reason;
            else
                setState(object, CloneObjectState::Ready);
            if (--round->outstanding > 0 || m_failed || !m_running)
                return;
            if (!round->failed.isEmpty()) {
                for (const QJsonObject &o : gate)
                    setState(o, CloneObjectState::NotReady, round->failed.join(QStringLiteral("; ")));
                return rollBack(QStringLiteral("Cannot go on: %1").arg(round->failed.join(QStringLiteral("; "))));
            }
            if (round->pending.isEmpty())
                return createTier(tier + 1);
            if (QDateTime::currentDateTimeUtc() >= m_gateDeadline)
                return rollBack(QStringLiteral("Not ready after %1 s: %2")
                                    .arg(m_options.readyTimeout.count() / 1000)
                                    .arg(round->pending.join(QStringLiteral("; "))));
            QTimer::singleShot(m_options.pollInterval, this, [this, tier, gate] { pollGate(tier, gate); });
        });
    }
}

void CloneExecutor::waitForReadiness()
{
    if (!m_options.waitForReady)
        return finish({true, QStringLiteral("Created %1.").arg(m_plan.targetNamespace), m_plan.url, {}, false, m_resuming});
    Q_EMIT phaseChanged(QStringLiteral("Waiting until the workloads are available"));
    m_readyDeadline = QDateTime::currentDateTimeUtc().addMSecs(m_options.readyTimeout.count());
    pollReadiness();
}

void CloneExecutor::pollReadiness()
{
    if (m_failed)
        return;
    // One round: every planned workload, and the namespace's Events, Pods and claims.
    struct Round
    {
        QStringList pending;
        ReadinessEvidence evidence;
        int outstanding = 0;
    };
    auto round = std::make_shared<Round>();
    const auto done = [this, round] {
        if (--round->outstanding > 0 || m_failed || !m_running)
            return;
        judgeReadiness(round->pending, round->evidence);
    };
    QList<QJsonObject> watched;
    for (const PlannedObject &planned : std::as_const(m_plan.objects)) {
        if (needsReadiness(planned.object))
            watched << planned.object;
    }
    if (watched.isEmpty())
        return finish({true, QStringLiteral("%1 is ready.").arg(m_plan.targetNamespace), m_plan.url, {}, false, m_resuming});
    struct Listed
    {
        QString group;
        QString plural;
        QJsonArray ReadinessEvidence::*member;
    };
    const QList<Listed> lists{{QString(), QStringLiteral("events"), &ReadinessEvidence::events},
                              {QString(), QStringLiteral("pods"), &ReadinessEvidence::pods},
                              {QString(), QStringLiteral("persistentvolumeclaims"), &ReadinessEvidence::claims},
                              {QStringLiteral("apps"), QStringLiteral("replicasets"), &ReadinessEvidence::replicaSets}};
    // Counted before anything is sent: an answer may come back at once.
    round->outstanding = int(watched.size() + lists.size());
    for (const QJsonObject &object : std::as_const(watched)) {
        const ResourceRef ref = ResourceRef::forObject(object, m_resourceOf.value(keyOf(object)));
        pd::bindTo(this, m_reads.add(m_client->get(ref)), [this, object, round, done](const ApiResult &result) {
            const QString reason = result.ok() ? notReadyReason(result.object) : result.message();
            if (result.ok())
                round->evidence.workloads.append(result.object);
            if (reason.isEmpty())
                setState(object, CloneObjectState::Ready);
            else
                round->pending.append(refText(object) + QLatin1String(": ") + reason);
            done();
        });
    }
    for (const Listed &listed : lists) {
        const ResourceRef collection{listed.group, QStringLiteral("v1"), listed.plural, m_plan.targetNamespace, QString(), {}};
        const auto member = listed.member;
        // A list that fails (forbidden to this user) only means less evidence, not a failed clone.
        pd::bindTo(this, m_reads.add(m_client->list(collection)), [round, done, member](const ApiResult &result) {
            if (result.ok())
                round->evidence.*member = result.items();
            done();
        });
    }
}

void CloneExecutor::judgeReadiness(const QStringList &pending, const ReadinessEvidence &evidence)
{
    if (pending.isEmpty())
        return finish({true, QStringLiteral("%1 is ready.").arg(m_plan.targetNamespace), m_plan.url, {}, false, m_resuming});
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QStringList fatal;
    QHash<QString, QDateTime> pullErrors;
    for (const ReadinessBlocker &blocker : readinessBlockers(evidence, m_startedAt)) {
        if (!blocker.transient) {
            fatal << blocker.text();
            continue;
        }
        const QDateTime since = m_pullErrorsSince.value(blocker.text(), now);
        pullErrors.insert(blocker.text(), since);
        if (since.msecsTo(now) >= m_options.pullErrorGrace.count())
            fatal << blocker.text();
    }
    m_pullErrorsSince = pullErrors;   // a pull error that cleared up starts its grace anew
    if (!fatal.isEmpty()) {
        fatal.removeDuplicates();
        return failNotReady(QStringLiteral("Cannot become ready: %1").arg(fatal.join(QStringLiteral("; "))), fatal + pending);
    }
    if (now < m_readyDeadline) {
        m_pollTimer.start(m_options.pollInterval);
        return;
    }
    failNotReady(QStringLiteral("Not ready after %1 s: %2").arg(m_options.readyTimeout.count() / 1000).arg(pending.join(QStringLiteral("; "))),
                 pending);
}

void CloneExecutor::failNotReady(const QString &message, const QStringList &notReady)
{
    for (const QString &line : notReady)
        Q_EMIT objectStateChanged(line.section(QLatin1Char(':'), 0, 0), CloneObjectState::NotReady, line.section(QLatin1String(": "), 1));
    m_notReady = notReady;
    CloneOutcome outcome = CloneOutcome::failure(message);
    outcome.url = m_plan.url;
    outcome.notReady = notReady;
    if (m_options.keepOnFailure)
        return finish(outcome);
    rollBack(message);
}

void CloneExecutor::cancel()
{
    if (!m_running || m_failed)
        return;
    m_cancelled = true;
    rollBack(QStringLiteral("Cancelled."));
    // Reads and dry runs on the wire stop now (their answers would only be ignored);
    // creates finish, so the rollback knows what was made.
    m_reads.abortAll();
}

void CloneExecutor::rollBack(const QString &message)
{
    m_failed = true;
    m_failureMessage = message;
    m_pollTimer.stop();
    settleFailure();
}

void CloneExecutor::settleFailure()
{
    // Requests still on the wire finish first: their answers must not find a half-torn-down clone.
    if (m_outstanding > 0 || m_settling)
        return;
    m_settling = true;
    const QString message = m_failureMessage;
    if (!m_createdNamespace)
        return finish(CloneOutcome::failure(message + QStringLiteral(" Nothing was written.")));
    if (m_options.keepOnFailure)
        return keepIncomplete(message);
    Q_EMIT phaseChanged(QStringLiteral("Rolling back: deleting %1").arg(m_plan.targetNamespace));
    const ResourceRef ns{QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), QString(), m_plan.targetNamespace, {}};
    pd::bindTo(this, m_client->remove(ns, pd::kube::PropagationPolicy::Background), [this, message](const ApiResult &result) {
        if (!result.ok() && result.httpCode != 404)
            return finish(CloneOutcome::failure(message + QStringLiteral(" Rolling back failed too (%1): delete namespace %2 by hand.")
                                               .arg(result.message(), m_plan.targetNamespace)));
        waitUntilGone(message, 600);
    });
}

void CloneExecutor::keepIncomplete(const QString &message)
{
    const QString kept = QStringLiteral(" The half-made preview %1 was kept; previewctl clone --resume %1 completes it.")
                             .arg(m_plan.targetNamespace);
    if (m_allCreated)
        return finish(CloneOutcome::failure(message + kept));
    // Marked so that the browser shows Incomplete and --resume knows what to finish.
    Q_EMIT phaseChanged(QStringLiteral("Keeping %1, marked incomplete").arg(m_plan.targetNamespace));
    const ResourceRef ns{QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), QString(), m_plan.targetNamespace, {}};
    const QJsonObject patch{{QStringLiteral("metadata"),
                             QJsonObject{{QStringLiteral("annotations"),
                                          QJsonObject{{contract::IncompleteAnnotation, message.left(256)}}}}}};
    pd::bindTo(this, m_client->patch(ns, pd::kube::PatchType::Merge, QJsonDocument(patch).toJson(QJsonDocument::Compact)),
               [this, message, kept](const ApiResult &result) {
            CloneOutcome outcome = CloneOutcome::failure(
                message + (result.ok() ? kept : kept + QStringLiteral(" (It could not be marked incomplete: %1.)").arg(result.message())));
            outcome.keptIncomplete = result.ok();
            finish(outcome);
        });
}

void CloneExecutor::clearIncompleteThenWait()
{
    // Every object is there now: the preview is no longer half-made. A failure to say so
    // only leaves the mark (and a warning); the wait goes on.
    const ResourceRef ns{QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), QString(), m_plan.targetNamespace, {}};
    const QJsonObject patch{{QStringLiteral("metadata"),
                             QJsonObject{{QStringLiteral("annotations"), QJsonObject{{contract::IncompleteAnnotation, QJsonValue::Null}}}}}};
    ++m_outstanding;
    pd::bindTo(this, m_client->patch(ns, pd::kube::PatchType::Merge, QJsonDocument(patch).toJson(QJsonDocument::Compact)),
               [this](const ApiResult &result) {
            --m_outstanding;
            if (!result.ok())
                pd::log::core()->warn("{}: cannot clear {}: {}", pd::log::str(m_plan.targetNamespace),
                                      pd::log::str(QString(contract::IncompleteAnnotation)), pd::log::str(result.message()));
            if (m_failed || !m_running)
                return settleFailure();
            waitForReadiness();
        });
}

void CloneExecutor::waitUntilGone(const QString &message, int attemptsLeft)
{
    const ResourceRef ns{QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), QString(), m_plan.targetNamespace, {}};
    pd::bindTo(this, m_client->get(ns), [this, message, attemptsLeft](const ApiResult &result) {
        if (result.httpCode == 404)
            return removeClusterScoped(message);
        if (attemptsLeft <= 0)
            return finish(CloneOutcome::failure(message + QStringLiteral(" Namespace %1 is still terminating.").arg(m_plan.targetNamespace)));
        QTimer::singleShot(m_options.pollInterval / 5 + std::chrono::milliseconds(20), this,
                           [this, message, attemptsLeft] { waitUntilGone(message, attemptsLeft - 1); });
    });
}

void CloneExecutor::removeClusterScoped(const QString &message)
{
    // A restore's VolumeSnapshotContent lives outside the namespace (Retain: deleting it
    // keeps the storage-side snapshot of the golden copy).
    auto left = std::make_shared<QStringList>();
    auto outstanding = std::make_shared<int>(0);
    const auto done = [this, message, left] {
        for (const PlannedObject &planned : std::as_const(m_plan.objects))
            setState(planned.object, CloneObjectState::RolledBack);
        if (!left->isEmpty())
            return finish(CloneOutcome::failure(message + QStringLiteral(" The namespace was deleted; delete %1 by hand.")
                                                              .arg(left->join(QStringLiteral(", ")))));
        finish(CloneOutcome::failure(message + QStringLiteral(" The preview was rolled back; nothing is left behind."), true));
    };
    QList<QJsonObject> clusterScoped;
    for (const PlannedObject &planned : std::as_const(m_plan.objects))
        if (isClusterScoped(planned.object))
            clusterScoped << planned.object;
    if (clusterScoped.isEmpty())
        return done();
    *outstanding = int(clusterScoped.size());
    for (const QJsonObject &object : std::as_const(clusterScoped)) {
        const ResourceRef ref = ResourceRef::forObject(object, m_resourceOf.value(keyOf(object)));
        pd::bindTo(this, m_client->remove(ref), [object, left, outstanding, done](const ApiResult &result) {
            if (!result.ok() && result.httpCode != 404)
                left->append(refText(object));
            if (--*outstanding == 0)
                done();
        });
    }
}

void CloneExecutor::finish(CloneOutcome outcome)
{
    if (!m_running)
        return;
    m_running = false;
    m_pollTimer.stop();
    if (outcome.notReady.isEmpty())
        outcome.notReady = m_notReady;
    outcome.cancelled = m_cancelled && !outcome.ok;
    if (outcome.ok)
        pd::log::core()->info("clone {} -> {} finished: {}", pd::log::str(m_plan.sourceNamespace),
                              pd::log::str(m_plan.targetNamespace), pd::log::str(outcome.message));
    else
        pd::log::core()->warn("clone {} -> {} failed: {}", pd::log::str(m_plan.sourceNamespace),
                              pd::log::str(m_plan.targetNamespace), pd::log::str(outcome.message));
    Q_EMIT finished(outcome);
}

} // namespace pd::core
