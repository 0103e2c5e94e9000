#include "guardrailcluster.h"

#include "core/guardrail/guardrailrenderer.h"

#include "kube/apiclient.h"
#include "kube/kubeconfig.h"

#include <QDir>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QProcessEnvironment>

namespace pd::cli {

namespace {

using pd::kube::ApiResult;
using pd::kube::ResourceRef;

ApiResult await(QFuture<ApiResult> future)
{
    if (!future.isFinished()) {
        QEventLoop loop;
        QFutureWatcher<ApiResult> watcher;
        QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        if (!future.isFinished())
            loop.exec();
    }
    if (future.isCanceled() || future.resultCount() == 0)
        return ApiResult::fromLocalError(QStringLiteral("the request was cancelled"));
    return future.result();
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

ResourceRef cronJobs(const QString &ns)
{
    return ResourceRef{QStringLiteral("batch"), QStringLiteral("v1"), QStringLiteral("cronjobs"), ns, {}, {}};
}

QString describe(const QJsonObject &object)
{
    return object.value(QStringLiteral("kind")).toString() + u'/'
         + object.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
}

} // namespace

GuardrailCluster::GuardrailCluster() = default;
GuardrailCluster::~GuardrailCluster() = default;

bool GuardrailCluster::open(const ClusterTarget &target, QString *error)
{
    const auto config = pd::kube::KubeConfig::load(target.kubeconfig, QProcessEnvironment::systemEnvironment(),
                                                   QDir::homePath(), error);
    if (!config)
        return false;
    const auto endpoint = config->endpoint(target.context, error);
    if (!endpoint)
        return false;
    m_client = std::make_unique<pd::kube::ApiClient>(*endpoint);
    m_client->setUserAgent(QStringLiteral("previewctl"));
    return true;
}

bool GuardrailCluster::apply(const pd::core::GuardrailRenderer &renderer, const pd::core::Guardrail &guardrail, QString *error)
{
    const QJsonObject systemNamespace{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Namespace")},
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("name"), renderer.systemNamespace()},
                     {QStringLiteral("labels"), QJsonObject{{QStringLiteral("app.kubernetes.io/managed-by"), QStringLiteral("previewdesk")}}}}}};
    const QList<QJsonObject> objects = QList<QJsonObject>{systemNamespace} + renderer.render(guardrail);
    for (const QJsonObject &object : objects) {
        const ResourceRef ref = ResourceRef::forObject(object, pluralOf(object.value(QStringLiteral("kind")).toString()));
        const ApiResult result = await(m_client->apply(ref, object, QStringLiteral("previewdesk"), true));
        if (!result.ok()) {
            *error = QStringLiteral("cannot apply %1: %2").arg(describe(object), result.message());
            return false;
        }
    }
    // CronJobs the guardrail no longer has (it moved between cron and working hours).
    const QStringList wanted = pd::core::GuardrailRenderer::cronJobNames(guardrail);
    const ApiResult existing =
        await(m_client->list(cronJobs(renderer.systemNamespace()), pd::core::GuardrailRenderer::labelSelector(guardrail.name)));
    if (!existing.ok()) {
        *error = QStringLiteral("cannot list guardrail CronJobs: %1").arg(existing.message());
        return false;
    }
    for (const QJsonValue &item : existing.items()) {
        const QString name = item.toObject().value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
        if (wanted.contains(name))
            continue;
        const ApiResult removed = await(m_client->remove(cronJobs(renderer.systemNamespace()).named(name)));
        if (!removed.ok() && removed.httpCode != 404) {
            *error = QStringLiteral("cannot delete the old CronJob %1: %2").arg(name, removed.message());
            return false;
        }
    }
    return true;
}

bool GuardrailCluster::list(const pd::core::GuardrailRenderer &renderer, QList<pd::core::Guardrail> *guardrails, QString *error)
{
    const ApiResult result = await(m_client->list(cronJobs(renderer.systemNamespace()), pd::core::GuardrailRenderer::labelSelector()));
    if (result.httpCode == 404) { // no previewdesk-system yet: no guardrails
        guardrails->clear();
        return true;
    }
    if (!result.ok()) {
        *error = QStringLiteral("cannot list guardrails: %1").arg(result.message());
        return false;
    }
    QList<QJsonObject> items;
    for (const QJsonValue &item : result.items())
        items.append(item.toObject());
    *guardrails = pd::core::GuardrailRenderer::fromCronJobs(items);
    return true;
}

bool GuardrailCluster::remove(const pd::core::GuardrailRenderer &renderer, const QString &name, bool *found, QString *error)
{
    *found = false;
    QList<ResourceRef> refs;
    const ApiResult existing = await(m_client->list(cronJobs(renderer.systemNamespace()), pd::core::GuardrailRenderer::labelSelector(name)));
    if (!existing.ok() && existing.httpCode != 404) {
        *error = QStringLiteral("cannot list guardrail CronJobs: %1").arg(existing.message());
        return false;
    }
    for (const QJsonValue &item : existing.items())
        refs << cronJobs(renderer.systemNamespace())
                    .named(item.toObject().value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString());
    refs << ResourceRef{QString(), QStringLiteral("v1"), QStringLiteral("serviceaccounts"), renderer.systemNamespace(),
                        pd::core::GuardrailRenderer::serviceAccountName(name), {}}
         << ResourceRef{QStringLiteral("rbac.authorization.k8s.io"), QStringLiteral("v1"), QStringLiteral("clusterrolebindings"), {},
                        pd::core::GuardrailRenderer::clusterRoleName(name), {}}
         << ResourceRef{QStringLiteral("rbac.authorization.k8s.io"), QStringLiteral("v1"), QStringLiteral("clusterroles"), {},
                        pd::core::GuardrailRenderer::clusterRoleName(name), {}};
    for (const ResourceRef &ref : std::as_const(refs)) {
        const ApiResult result = await(m_client->remove(ref));
        if (result.ok()) {
            *found = true;
        } else if (result.httpCode != 404) {
            *error = QStringLiteral("cannot delete %1 %2: %3").arg(ref.resource, ref.name, result.message());
            return false;
        }
    }
    return true;
}

} // namespace pd::cli
