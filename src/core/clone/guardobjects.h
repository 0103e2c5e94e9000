#pragma once

#include "cloneoptions.h"
#include "planrow.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>

namespace pd::core::clone {

struct PreviewIdentity
{
    QString cloneId;
    QString url;              // primary URL (first ingress host), may be empty
    QDateTime now;
};

// The preview's Namespace with DESIGN.md's label and annotation contract
// (managed-by, role, environment, pr, branch, owner; expires-at, parent,
// parent-uid, clone-id, mode, url). Lineage comes from the source namespace.
QJsonObject previewNamespace(const QJsonObject &sourceNamespace, const CloneOptions &options,
                             const PreviewIdentity &identity, QList<PlanRow> *rows);

// The guards every preview gets (DESIGN.md, clone safety 5): ResourceQuota,
// LimitRange, a default-deny NetworkPolicy opened for the namespace itself and
// the ingress controller, and a least-privilege Role and RoleBinding for the owner.
// `quotaHard` is the quota sized to the environment (quotasizer.h).
QList<QJsonObject> guardObjects(const CloneOptions &options, const QJsonObject &quotaHard, QList<PlanRow> *rows);

} // namespace pd::core::clone
