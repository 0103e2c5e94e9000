#include "guardrailstore.h"

#include "kube/bindto.h"
#include "core/contract.h"

#include "kube/apiclient.h"
#include "kube/logging.h"

#include <QHash>
#include <QJsonArray>
#include <QPromise>

#include <algorithm>
#include <memory>

namespace pd::core {

using pd::kube::ApiClient;
using pd::kube::ApiRequest;
using pd::kube::ApiResult;
using pd::kube::ResourceRef;

namespace {

ResourceRef cronJobsIn(const QString &ns)
{
    return ResourceRef{QStringLiteral("batch"), QStringLiteral("v1"), QStringLiteral("cronjobs"), ns, {}, {}};
}

ResourceRef jobsIn(const QString &ns)
{
    return ResourceRef{QStringLiteral("batch"), QStringLiteral("v1"), QStringLiteral("jobs"), ns, {}, {}};
}

QString pluralOf(const QString &kind)
{
    if (kind == QLatin1String("ServiceAccount"))
        return QStringLiteral("serviceaccounts");
    if (kind == QLatin1String("ClusterRole"))
        return QStringLiteral("clusterroles");
    if (kind == QLatin1String("ClusterRoleBinding"))
        return QStringLiteral("clusterrolebindings");
    if (kind == QLatin1String("CronJob"))
        return QStringLiteral("cronjobs");
    return QStringLiteral("namespaces");
}

QJsonObject metadataOf(const QJsonObject &object)
{
    return object.value(QLatin1String("metadata")).toObject();
}

QString nameOf(const QJsonObject &object)
{
    return metadataOf(object).value(QLatin1String("name")).toString();
}

QString describe(const QJsonObject &object)
{
    return object.value(QLatin1String("kind")).toString() + u'/' + nameOf(object);
}

QDateTime timeOf(const QJsonValue &value)
{
    return value.isString() ? QDateTime::fromString(value.toString(), Qt::ISODate).toUTC() : QDateTime();
}

QDateTime later(const QDateTime &a, const QDateTime &b)
{
    if (!a.isValid())
        return b;
    return b.isValid() && b > a ? b : a;
}

// The newest Job of a CronJob says how the guardrail's last run went.
GuardrailJob jobOf(const QJsonObject &job, const QString &cronJob)
{
    GuardrailJob result;
    result.name = nameOf(job);
    result.cronJob = cronJob;
    const QJsonObject status = job.value(QLatin1String("status")).toObject();
    result.started = timeOf(status.value(QLatin1String("startTime")));
    if (!result.started.isValid())
        result.started = timeOf(metadataOf(job).value(QLatin1String("creationTimestamp")));
    result.result = GuardrailJob::Result::Running;
    // Conditions decide: status.failed also counts pods that failed before a retry succeeded.
    for (const QJsonValue &value : status.value(QLatin1String("conditions")).toArray()) {
        const QJsonObject condition = value.toObject();
        if (condition.value(QLatin1String("status")).toString() != QLatin1String("True"))
            continue;
        const QString type = condition.value(QLatin1String("type")).toString();
        if (type == QLatin1String("Complete")) {
            result.result = GuardrailJob::Result::Succeeded;
            result.finished = timeOf(condition.value(QLatin1String("lastTransitionTime")));
        } else if (type == QLatin1String("Failed")) {
            result.result = GuardrailJob::Result::Failed;
            result.finished = timeOf(condition.value(QLatin1String("lastTransitionTime")));
            result.message = condition.value(QLatin1String("message")).toString();
        }
    }
    if (result.result == GuardrailJob::Result::Running && status.value(QLatin1String("succeeded")).toInt() > 0
        && status.value(QLatin1String("active")).toInt() == 0)
        result.result = GuardrailJob::Result::Succeeded;
    if (status.contains(QLatin1String("completionTime")))
        result.finished = timeOf(status.value(QLatin1String("completionTime")));
    return result;
}

// One asynchronous operation: its promise, and continuations that stop quietly once
// the store or the client is gone (the promise is then cancelled by its destructor).
template<typename T>
struct Operation : std::enable_shared_from_this<Operation<T>>
{
    Operation(GuardrailStore *owner, ApiClient *api)
        : store(owner)
        , client(api)
    {
        promise.start();
    }
    virtual ~Operation() = default;

    QFuture<T> future() { return promise.future(); }

    void await(QFuture<ApiResult> request, std::function<void(const ApiResult &)> step)
    {
        pd::bindTo(store.data(), request, [self = this->shared_from_this(), step = std::move(step)](const ApiResult &r) {
            if (self->client)
                step(r);
        });
    }

    void fail(const QString &text, const ApiResult &cause)
    {
        result.ok = false;
        result.error = text;
        result.httpCode = cause.httpCode;
        finish();
    }

    void succeed()
    {
        result.ok = true;
        finish();
    }

    void finish()
    {
        promise.addResult(result);
        promise.finish();
    }

    QPointer<GuardrailStore> store;
    QPointer<ApiClient> client;
    QPromise<T> promise;
    T result;
};

struct ApplyOperation final : Operation<GuardrailResult>
{
    using Operation::Operation;
    QString ns;
    QString guardrail;
    QList<QJsonObject> objects;
    QStringList wanted;
    QStringList stale;

    void applyNext()
    {
        if (objects.isEmpty())
            return listExisting();
        const QJsonObject object = objects.takeFirst();
        const ResourceRef ref = ResourceRef::forObject(object, pluralOf(object.value(QLatin1String("kind")).toString()));
        await(client->apply(ref, object, QLatin1String(GuardrailStore::FieldManager), true), [this, object](const ApiResult &r) {
            if (!r.ok())
                return fail(QStringLiteral("cannot apply %1: %2").arg(describe(object), r.message()), r);
            applyNext();
        });
    }

    // CronJobs the guardrail no longer has (it moved between cron and working hours).
    void listExisting()
    {
        await(client->list(cronJobsIn(ns), GuardrailRenderer::labelSelector(guardrail)), [this](const ApiResult &r) {
            if (!r.ok())
                return fail(QStringLiteral("cannot list the CronJobs of guardrail %1: %2").arg(guardrail, r.message()), r);
            for (const QJsonValue &item : r.items()) {
                if (!wanted.contains(nameOf(item.toObject())))
                    stale << nameOf(item.toObject());
            }
            deleteNext();
        });
    }

    void deleteNext()
    {
        if (stale.isEmpty()) {
            result.found = true;
            pd::log::core()->info("guardrail {} applied", pd::log::str(guardrail));
            Q_EMIT store->changed(guardrail);
            return succeed();
        }
        const QString name = stale.takeFirst();
        await(client->remove(cronJobsIn(ns).named(name)), [this, name](const ApiResult &r) {
            if (!r.ok() && r.httpCode != 404)
                return fail(QStringLiteral("cannot delete the old CronJob %1: %2").arg(name, r.message()), r);
            deleteNext();
        });
    }
};

struct ListOperation final : Operation<GuardrailList>
{
    using Operation::Operation;
    QString ns;
    QDateTime now;
    QHash<QString, QString> guardrailOfUid; // CronJob uid -> guardrail name
    QHash<QString, QString> cronJobOfUid;

    void start()
    {
        await(client->list(cronJobsIn(ns), GuardrailRenderer::labelSelector()), [this](const ApiResult &r) {
            if (r.httpCode == 404) // no system namespace yet: no guardrails
                return succeed();
            if (!r.ok())
                return fail(QStringLiteral("cannot list guardrails: %1").arg(r.message()), r);
            readCronJobs(r.items());
            if (result.guardrails.isEmpty())
                return succeed();
            await(client->list(jobsIn(ns)), [this](const ApiResult &jobs) {
                if (jobs.ok())
                    readJobs(jobs.items());
                else
                    result.warning = QStringLiteral("cannot read the guardrails' Jobs: %1").arg(jobs.message());
                succeed();
            });
        });
    }

    GuardrailStatus *statusOf(const QString &name)
    {
        for (GuardrailStatus &status : result.guardrails) {
            if (status.name() == name)
                return &status;
        }
        return nullptr;
    }

    void readCronJobs(const QJsonArray &items)
    {
        for (const QJsonValue &item : items) {
            const QJsonObject cronJob = item.toObject();
            const auto definition = GuardrailDefinition::fromCronJob(cronJob);
            if (!definition)
                continue;
            GuardrailStatus *status = statusOf(definition->guardrail.name);
            if (!status) {
                result.guardrails.append(GuardrailStatus{*definition, {}, {}, {}, {}, {}, 0});
                status = &result.guardrails.last();
            } else if (!definition->guardrail.enabled) {
                status->definition.guardrail.enabled = false; // half of a pair suspended: not fully on
            }
            status->cronJobs << nameOf(cronJob);
            const QJsonObject cronStatus = cronJob.value(QLatin1String("status")).toObject();
            status->lastScheduleTime = later(status->lastScheduleTime, timeOf(cronStatus.value(QLatin1String("lastScheduleTime"))));
            status->lastSuccessfulTime =
                later(status->lastSuccessfulTime, timeOf(cronStatus.value(QLatin1String("lastSuccessfulTime"))));
            status->active += int(cronStatus.value(QLatin1String("active")).toArray().size());
            const QString uid = metadataOf(cronJob).value(QLatin1String("uid")).toString();
            guardrailOfUid.insert(uid, status->name());
            cronJobOfUid.insert(uid, nameOf(cronJob));
        }
        std::sort(result.guardrails.begin(), result.guardrails.end(),
                  [](const GuardrailStatus &a, const GuardrailStatus &b) { return a.name() < b.name(); });
        for (GuardrailStatus &status : result.guardrails) {
            if (status.guardrail().enabled)
                status.nextRun = guardrailNextRun(status.guardrail(), now);
        }
    }

    void readJobs(const QJsonArray &items)
    {
        for (const QJsonValue &item : items) {
            const QJsonObject job = item.toObject();
            for (const QJsonValue &owner : metadataOf(job).value(QLatin1String("ownerReferences")).toArray()) {
                const QJsonObject ref = owner.toObject();
                const QString uid = ref.value(QLatin1String("uid")).toString();
                if (ref.value(QLatin1String("kind")).toString() != QLatin1String("CronJob") || !guardrailOfUid.contains(uid))
                    continue;
                GuardrailStatus *status = statusOf(guardrailOfUid.value(uid));
                const GuardrailJob candidate = jobOf(job, cronJobOfUid.value(uid));
                if (status->lastJob.name.isEmpty() || candidate.started > status->lastJob.started
                    || (candidate.started == status->lastJob.started && candidate.name > status->lastJob.name))
                    status->lastJob = candidate;
            }
        }
    }
};

// Lists the guardrail's CronJobs, then runs one request per CronJob (and more after).
struct PerCronJobOperation : Operation<GuardrailResult>
{
    using Operation::Operation;
    QString ns;
    QString guardrail;
    QList<std::pair<QString, std::function<QFuture<ApiResult>()>>> requests; // description, request
    std::function<QFuture<ApiResult>(const QString &cronJob)> perCronJob;
    QString perCronJobVerb;
    bool missingIsError = false;

    void start()
    {
        await(client->list(cronJobsIn(ns), GuardrailRenderer::labelSelector(guardrail)), [this](const ApiResult &r) {
            if (!r.ok() && r.httpCode != 404)
                return fail(QStringLiteral("cannot list the CronJobs of guardrail %1: %2").arg(guardrail, r.message()), r);
            QList<std::pair<QString, std::function<QFuture<ApiResult>()>>> first;
            for (const QJsonValue &item : r.items()) {
                const QString name = nameOf(item.toObject());
                first.append({QStringLiteral("%1 CronJob %2").arg(perCronJobVerb, name), [this, name] { return perCronJob(name); }});
            }
            if (first.isEmpty() && missingIsError) {
                return fail(QStringLiteral("no guardrail named %1 in %2").arg(guardrail, ns), ApiResult::fromHttp(404, {}, {}));
            }
            requests = first + requests;
            next();
        });
    }

    void next()
    {
        if (requests.isEmpty()) {
            if (result.found)
                Q_EMIT store->changed(guardrail);
            return succeed();
        }
        const auto [description, request] = requests.takeFirst();
        await(request(), [this, description](const ApiResult &r) {
            if (r.ok())
                result.found = true;
            else if (r.httpCode != 404)
                return fail(QStringLiteral("cannot %1: %2").arg(description, r.message()), r);
            next();
        });
    }
};

} // namespace

QString guardrailJobResultText(GuardrailJob::Result result)
{
    switch (result) {
    case GuardrailJob::Result::None:
        return {};
    case GuardrailJob::Result::Running:
        return QStringLiteral("running");
    case GuardrailJob::Result::Succeeded:
        return QStringLiteral("succeeded");
    case GuardrailJob::Result::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

GuardrailStore::GuardrailStore(ApiClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_namespace(QString::fromLatin1(GuardrailRenderer::SystemNamespace))
{
}

GuardrailStore::~GuardrailStore() = default;

QDateTime GuardrailStore::now() const
{
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

QFuture<GuardrailResult> GuardrailStore::apply(const GuardrailDefinition &definition)
{
    auto op = std::make_shared<ApplyOperation>(this, m_client.data());
    op->ns = m_namespace;
    op->guardrail = definition.guardrail.name;
    const QJsonObject systemNamespace{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Namespace")},
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("name"), m_namespace},
                     {QStringLiteral("labels"), QJsonObject{{QString(contract::ManagedByLabel), QString(contract::ManagedByValue)}}}}}};
    op->objects = QList<QJsonObject>{systemNamespace} + definition.render(m_namespace);
    op->wanted = GuardrailRenderer::cronJobNames(definition.guardrail);
    QFuture<GuardrailResult> future = op->future();
    const QStringList problems = definition.validate();
    if (!problems.isEmpty())
        op->fail(QStringLiteral("invalid guardrail: %1").arg(problems.join(QStringLiteral("; "))), ApiResult());
    else if (!m_client)
        op->fail(QStringLiteral("not connected to a cluster"), ApiResult());
    else
        op->applyNext();
    return future;
}

QFuture<GuardrailList> GuardrailStore::list()
{
    auto op = std::make_shared<ListOperation>(this, m_client.data());
    op->ns = m_namespace;
    op->now = now();
    QFuture<GuardrailList> future = op->future();
    if (!m_client)
        op->fail(QStringLiteral("not connected to a cluster"), ApiResult());
    else
        op->start();
    return future;
}

QFuture<GuardrailResult> GuardrailStore::setEnabled(const QString &name, bool enabled)
{
    auto op = std::make_shared<PerCronJobOperation>(this, m_client.data());
    op->ns = m_namespace;
    op->guardrail = name;
    op->missingIsError = true;
    op->perCronJobVerb = enabled ? QStringLiteral("resume") : QStringLiteral("suspend");
    const QPointer<ApiClient> client = m_client;
    const QString ns = m_namespace;
    op->perCronJob = [client, ns, enabled](const QString &cronJob) {
        ApiRequest request = ApiRequest::patch(cronJobsIn(ns).named(cronJob), pd::kube::PatchType::Merge,
                                               QJsonObject{{QStringLiteral("spec"), QJsonObject{{QStringLiteral("suspend"), !enabled}}}});
        request.fieldManager = QLatin1String(FieldManager);
        return client->send(request);
    };
    QFuture<GuardrailResult> future = op->future();
    if (!m_client)
        op->fail(QStringLiteral("not connected to a cluster"), ApiResult());
    else
        op->start();
    return future;
}

QFuture<GuardrailResult> GuardrailStore::remove(const QString &name)
{
    auto op = std::make_shared<PerCronJobOperation>(this, m_client.data());
    op->ns = m_namespace;
    op->guardrail = name;
    op->perCronJobVerb = QStringLiteral("delete");
    const QPointer<ApiClient> client = m_client;
    const QString ns = m_namespace;
    op->perCronJob = [client, ns](const QString &cronJob) { return client->remove(cronJobsIn(ns).named(cronJob)); };
    const QList<std::pair<QString, ResourceRef>> rbac{
        {QStringLiteral("delete ServiceAccount %1").arg(GuardrailRenderer::serviceAccountName(name)),
         ResourceRef{QString(), QStringLiteral("v1"), QStringLiteral("serviceaccounts"), ns,
                     GuardrailRenderer::serviceAccountName(name), {}}},
        {QStringLiteral("delete ClusterRoleBinding %1").arg(GuardrailRenderer::clusterRoleName(name)),
         ResourceRef{QStringLiteral("rbac.authorization.k8s.io"), QStringLiteral("v1"), QStringLiteral("clusterrolebindings"), {},
                     GuardrailRenderer::clusterRoleName(name), {}}},
        {QStringLiteral("delete ClusterRole %1").arg(GuardrailRenderer::clusterRoleName(name)),
         ResourceRef{QStringLiteral("rbac.authorization.k8s.io"), QStringLiteral("v1"), QStringLiteral("clusterroles"), {},
                     GuardrailRenderer::clusterRoleName(name), {}}}};
    for (const auto &[description, ref] : rbac)
        op->requests.append({description, [client, ref] { return client->remove(ref); }});
    QFuture<GuardrailResult> future = op->future();
    if (!m_client)
        op->fail(QStringLiteral("not connected to a cluster"), ApiResult());
    else
        op->start();
    return future;
}

QList<pd::kube::ResourceAttributes> GuardrailStore::saveRequirements() const
{
    pd::kube::ResourceAttributes systemNamespace;
    systemNamespace.verb = QStringLiteral("patch");
    systemNamespace.resource = pluralOf(QStringLiteral("Namespace"));
    systemNamespace.name = m_namespace;
    QList<pd::kube::ResourceAttributes> needs{systemNamespace};
    // Every action renders the same kinds: a sample guardrail tells which.
    GuardrailDefinition sample;
    sample.guardrail.name = QStringLiteral("sample");
    sample.guardrail.schedule.cron = QStringLiteral("0 20 * * *");
    sample.guardrail.schedule.timeZone = QStringLiteral("UTC");
    QStringList seen;
    for (const QJsonObject &object : sample.render(m_namespace)) {
        const QString kind = object.value(QLatin1String("kind")).toString();
        if (seen.contains(kind))
            continue;
        seen.append(kind);
        const QString apiVersion = object.value(QLatin1String("apiVersion")).toString();
        pd::kube::ResourceAttributes needed;
        needed.verb = QStringLiteral("patch");
        needed.group = apiVersion.contains(u'/') ? apiVersion.section(u'/', 0, 0) : QString();
        needed.resource = pluralOf(kind);
        needed.namespaceName = metadataOf(object).value(QLatin1String("namespace")).toString();
        needs.append(needed);
    }
    return needs;
}

} // namespace pd::core
