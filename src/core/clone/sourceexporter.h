#pragma once

#include <QFuture>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

class QObject;

namespace pd::kube {
class ApiClient;
class Discovery;
}

namespace pd::core {

struct SourceSnapshot
{
    QString error;                 // non-empty: the export failed; says which resource and why
    QList<QJsonObject> objects;    // the Namespace object first, then everything listable in it
    QStringList resources;         // what was read ("deployments.apps", ...)

    bool ok() const { return error.isEmpty(); }
};

// Reads one namespace the way the planner needs it: the Namespace object and
// every namespaced resource the cluster serves that can be listed (preferred
// version of each group/kind; events and metrics left out), each item with its
// apiVersion and kind filled in. Secret values are registered with the log
// redaction as soon as they arrive. Forbidden or failing lists fail the export:
// a clone that silently missed a kind would not be the environment.
QFuture<SourceSnapshot> exportNamespace(pd::kube::ApiClient *client, pd::kube::Discovery *discovery,
                                        const QString &namespaceName, QObject *context);

} // namespace pd::core
