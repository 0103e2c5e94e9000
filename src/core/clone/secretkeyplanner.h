#pragma once

#include "clonedecision.h"
#include "cloneoptions.h"
#include "planrow.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace pd::core::clone {

// An ExternalSecret's remote keys that name the source (spec.data[].remoteRef.key,
// spec.dataFrom[].extract.key holding "staging" as a path segment or word) are a
// decision: keep them (shared with the source; the default without a flag or a
// profile), rewrite them by the clone profile's secretKeyMapping (else the source's
// name becomes the preview's), or generate fresh values through ESO's Password
// generator where the cluster serves it. `externalSecret` is the preview's copy;
// generated Password objects are appended to `generators`.
void planSecretKeys(QJsonObject &externalSecret, const CloneOptions &options, QList<PlanRow> *rows,
                    QList<CloneDecision> *decisions, QList<QJsonObject> *generators);

// A remote key for the preview: the longest matching prefix of `mapping` replaced,
// else every whole-word occurrence of `sourceNamespace` replaced by `name`.
QString rewriteSecretKey(const QString &key, const CloneOptions &options);

} // namespace pd::core::clone
