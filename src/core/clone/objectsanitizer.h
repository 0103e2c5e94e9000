#pragma once

#include "planrow.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace pd::core::clone {

// Which objects are cloned at all: droprules.h.
// A copy for the preview: metadata.namespace set to `targetNamespace` and what
// the API server filled in removed (uid, resourceVersion, creationTimestamp,
// generation, managedFields, owner references, status, last-applied and
// revision annotations, bound volume names). Service addresses and ports are
// released by externalclaims.h. When `rows` is given, one row lists what was removed.
QJsonObject sanitizedCopy(const QJsonObject &object, const QString &targetNamespace, QList<PlanRow> *rows = nullptr);

} // namespace pd::core::clone
