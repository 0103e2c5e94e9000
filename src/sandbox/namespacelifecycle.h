#pragma once

#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

namespace pd::sandbox {

class ObjectStore;
struct StoreEvent;

// The namespace controller: once a namespace is Terminating, everything in it is
// deleted, controller finalizers nobody runs in the sandbox (kubernetes.io/*) are
// dropped, and when the namespace is empty its "kubernetes" finalizer is removed and
// it disappears. Asynchronous (zero timer) but quick, so `kubectl delete ns` returns.
class NamespaceLifecycle final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NamespaceLifecycle)
public:
    explicit NamespaceLifecycle(ObjectStore *store, QObject *parent = nullptr);

    void processPending();
    bool hasPending() const { return !m_terminating.isEmpty(); }

private:
    void onChanged(const StoreEvent &event);
    // true when the namespace is gone (or never existed).
    bool drain(const QString &namespaceName);

    ObjectStore *m_store;
    QSet<QString> m_terminating;
    QTimer m_timer;
};

} // namespace pd::sandbox
