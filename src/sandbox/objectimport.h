#pragma once

#include "apierror.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace pd::sandbox {

class ObjectStore;

struct ImportReport
{
    int created = 0;
    int skipped = 0;              // already present (same namespace/name) or unknown kind
    QStringList errors;           // "Kind ns/name: message"
};

// Loads objects exactly as exported from a live cluster (`kubectl get -o yaml`, a
// `kind: List` is unwrapped): server-populated metadata (uid, resourceVersion,
// creationTimestamp, managedFields, selfLink, generation) is replaced by the store's
// own, status is kept (pods and deployments look real), ownerReferences are re-pointed
// at the new uids of imported owners (dropped when the owner is not imported).
// Order: CRDs and namespaces first (a missing namespace is created), then the rest.
// A custom resource of a well-known kind (wellknowncrds.h) whose CRD is missing
// installs that CRD first.
// No admission (quotas do not refuse an import).
ImportReport importObjects(ObjectStore *store, const QList<QJsonObject> &objects);
// The same from a multi-document YAML file/text.
ImportReport importYaml(ObjectStore *store, const QByteArray &yaml, const QString &sourceName = {});

} // namespace pd::sandbox
