#include "previewdestroyer.h"

#include "kube/bindto.h"
#include "core/contract.h"
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
            return removeSnapshotContents(namespaceName);
        if (attemptsLeft <= 0)
            return Q_EMIT finished(false, QStringLiteral("%1 is still terminating; its finalizers have not finished.").arg(namespaceName));
        Q_EMIT progress(QStringLiteral("Waiting for %1 to terminate").arg(namespaceName));
        QTimer::singleShot(100, this, [this, namespaceName, attemptsLeft] { waitUntilGone(namespaceName, attemptsLeft - 1); });
    });
}

void PreviewDestroyer::removeSnapshotContents(const QString &namespaceName)
{
    // A restore's VolumeSnapshotContent is cluster-wide, so the namespace's deletion leaves
    // it. Only the preview's own go: labelled with its name, bound to a snapshot in its
    // namespace, deletionPolicy Retain (the golden copy's storage snapshot stays).
    const ResourceRef contents{QStringLiteral("snapshot.storage.k8s.io"), QStringLiteral("v1"), QStringLiteral("volumesnapshotcontents"),
                               QString(), QString(), {}};
    const QString selector = QStringLiteral("%1=%2,%3=%4").arg(contract::ManagedByLabel, contract::ManagedByValue,
                                                                contract::EnvironmentLabel, namespaceName);
    const QString destroyed = QStringLiteral("%1 destroyed.").arg(namespaceName);
    pd::bindTo(this, m_client->list(contents, selector), [this, namespaceName, contents, destroyed](const ApiResult &listed) {
        // 404: the cluster serves no snapshots, so there is nothing of the kind to remove.
        if (!listed.ok())
            return listed.httpCode == 404
                ? Q_EMIT finished(true, destroyed)
                : Q_EMIT finished(true, destroyed + QStringLiteral(" Its snapshot contents could not be listed (%1): "
                                                                    "delete those labelled %2=%3 by hand.")
                                                     .arg(listed.message(), contract::EnvironmentLabel, namespaceName));
        QStringList names;
        for (const QJsonValue &item : listed.items()) {
            const QJsonObject content = item.toObject();
            const QJsonObject spec = content.value(QLatin1String("spec")).toObject();
            if (spec.value(QLatin1String("deletionPolicy")).toString() != QLatin1String("Retain")
                || spec.value(QLatin1String("volumeSnapshotRef")).toObject().value(QLatin1String("namespace")).toString() != namespaceName)
                continue;
            names << content.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
        }
        if (names.isEmpty())
            return Q_EMIT finished(true, destroyed);
        Q_EMIT progress(QStringLiteral("Deleting %1's snapshot contents: %2").arg(namespaceName, names.join(QStringLiteral(", "))));
        auto outstanding = std::make_shared<int>(int(names.size()));
        auto left = std::make_shared<QStringList>();
        for (const QString &name : std::as_const(names)) {
            pd::bindTo(this, m_client->remove(contents.named(name)), [this, name, outstanding, left, destroyed](const ApiResult &r) {
                if (!r.ok() && r.httpCode != 404)
                    left->append(QStringLiteral("%1 (%2)").arg(name, r.message()));
                if (--*outstanding > 0)
                    return;
                Q_EMIT finished(true, left->isEmpty() ? destroyed
                                                      : destroyed + QStringLiteral(" Delete the VolumeSnapshotContent %1 by hand.")
                                                                        .arg(left->join(QStringLiteral(", "))));
            });
        }
    });
}

} // namespace pd::core
