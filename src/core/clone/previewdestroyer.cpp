#include "previewdestroyer.h"

#include "kube/bindto.h"
#include "core/environment/mutationguard.h"
#include "kube/apiclient.h"
#include "kube/logging.h"

#include <QTimer>

namespace pd::core {

using pd::kube::ApiResult;
using pd::kube::ResourceRef;

namespace {

ResourceRef namespaceRef(const QString &name)
{
    return ResourceRef{QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), QString(), name, {}};
}

} // namespace

PreviewDestroyer::PreviewDestroyer(pd::kube::ApiClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
}

void PreviewDestroyer::destroy(const QString &namespaceName)
{
    pd::bindTo(this, m_client->get(namespaceRef(namespaceName)), [this, namespaceName](const ApiResult &result) {
        if (result.httpCode == 404)
            return Q_EMIT finished(false, QStringLiteral("No environment named %1 exists.").arg(namespaceName));
        if (!result.ok())
            return Q_EMIT finished(false, QStringLiteral("Cannot read %1: %2").arg(namespaceName, result.message()));
        const QString refusal = mutationRefusal(result.object, Mutation::Destroy);
        if (!refusal.isEmpty())
            return Q_EMIT finished(false, QStringLiteral("Not destroyed: %1: %2").arg(namespaceName, refusal));
        // Preconditions: delete exactly the object that was checked.
        pd::kube::ApiRequest request = pd::kube::ApiRequest::remove(namespaceRef(namespaceName), pd::kube::PropagationPolicy::Background);
        request.preconditionUid = result.object.value(QLatin1String("metadata")).toObject().value(QLatin1String("uid")).toString();
        Q_EMIT progress(QStringLiteral("Deleting %1").arg(namespaceName));
        pd::bindTo(this, m_client->send(request), [this, namespaceName](const ApiResult &deleted) {
            if (!deleted.ok() && deleted.httpCode != 404)
                return Q_EMIT finished(false, QStringLiteral("Cannot delete %1: %2").arg(namespaceName, deleted.message()));
            pd::log::core()->info("destroying preview {}", pd::log::str(namespaceName));
            waitUntilGone(namespaceName, 1200);
        });
    });
}

void PreviewDestroyer::waitUntilGone(const QString &namespaceName, int attemptsLeft)
{
    pd::bindTo(this, m_client->get(namespaceRef(namespaceName)), [this, namespaceName, attemptsLeft](const ApiResult &result) {
        if (result.httpCode == 404)
            return Q_EMIT finished(true, QStringLiteral("%1 destroyed.").arg(namespaceName));
        if (attemptsLeft <= 0)
            return Q_EMIT finished(false, QStringLiteral("%1 is still terminating; its finalizers have not finished.").arg(namespaceName));
        Q_EMIT progress(QStringLiteral("Waiting for %1 to terminate").arg(namespaceName));
        QTimer::singleShot(100, this, [this, namespaceName, attemptsLeft] { waitUntilGone(namespaceName, attemptsLeft - 1); });
    });
}

} // namespace pd::core
