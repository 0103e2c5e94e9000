#pragma once

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

namespace pd::kube {
class ApiClient;
}

namespace pd::core {

// Why a namespace may not be destroyed by PreviewDesk, or an empty string when
// it may: only namespaces labelled app.kubernetes.io/managed-by=previewdesk and
// previewdesk.io/role=preview, never protected ones or sources (DESIGN.md, 6).
QString destroyRefusal(const QJsonObject &namespaceObject);

// Deletes one preview namespace after checking destroyRefusal() against the
// live object, then waits until the namespace is gone.
class PreviewDestroyer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreviewDestroyer)
public:
    explicit PreviewDestroyer(pd::kube::ApiClient *client, QObject *parent = nullptr);

    void destroy(const QString &namespaceName);

Q_SIGNALS:
    void progress(const QString &message);
    void finished(bool ok, const QString &message);

private:
    void waitUntilGone(const QString &namespaceName, int attemptsLeft);

    QPointer<pd::kube::ApiClient> m_client;
};

} // namespace pd::core
