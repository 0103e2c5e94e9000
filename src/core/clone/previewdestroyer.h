#pragma once

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

namespace pd::kube {
class ApiClient;
}

namespace pd::core {

// Deletes one preview namespace after checking mutationRefusal(Destroy) against
// the live object (never a source, protected, unmanaged or system namespace;
// DESIGN.md, clone safety 6 and 8), then waits until the namespace is gone and removes
// the preview's own VolumeSnapshotContents (a restore's, cluster-wide; never a golden one).
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
    void removeSnapshotContents(const QString &namespaceName);

    QPointer<pd::kube::ApiClient> m_client;
};

} // namespace pd::core
