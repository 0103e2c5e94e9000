#pragma once
// Shared by the clone wizard's GUI tests: finding a named widget, and waiting for the
// client to be idle before a wizard goes.
#include "core/clone/cloneexecutor.h"
#include "kube/apiclient.h"

#include <QTest>
#include <QWidget>

namespace pd::test {

template<typename T>
T *child(const QWidget &parent, const QString &name)
{
    T *widget = parent.findChild<T *>(name);
    if (!widget)
        qWarning("no widget named %s", qPrintable(name));
    return widget;
}

// Declared after the wizard, so it is destroyed first: waits until the client has no
// request left, so no answer arrives for a wizard that is gone (Qt 6.4's
// QFuture::then(context) asserts on a dead context in debug builds).
struct ClientIdleGuard
{
    pd::kube::ApiClient *client;
    ~ClientIdleGuard()
    {
        if (!QTest::qWaitFor([this] { return client->inFlight() == 0 && client->queued() == 0; }, 30000))
            qWarning("the client still had requests after 30 s");
    }
};

// A clone that polls often and gives up within a minute, for tests that create one.
inline pd::core::CloneExecutor::Options quickCloneRun()
{
    pd::core::CloneExecutor::Options options;
    options.pollInterval = std::chrono::milliseconds(50);
    options.readyTimeout = std::chrono::seconds(60);
    return options;
}

} // namespace pd::test
