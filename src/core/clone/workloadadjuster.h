#pragma once

#include "cloneplan.h"

#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

namespace pd::core::clone {

struct WorkloadContext
{
    const CloneOptions *options = nullptr;
    QSet<QString> omittedSecrets;          // references to these become optional
    QMap<QString, QString> builtImages;    // CI+CD: image repository -> digest of the PR's build
};

// Where a kind keeps its pod spec ("spec.template.spec"); empty for kinds without one.
QString podSpecPath(const QString &kind);

// "registry:5000/shop/api@sha256:..." -> "registry:5000/shop/api" (tag or digest removed).
QString imageRepository(const QString &image);

// "metadata.annotations.eks.amazonaws.com/role-arn" and the other cloud-identity keys: the
// person cloning keeps or drops them (--identity); no text rule rewrites them.
bool isCloudIdentityPath(const QString &path);

// Adjusts one cloned object for a preview: replicas and HPA bounds capped,
// PDBs relaxed, built images pinned by digest in CI+CD mode, references to omitted secrets
// made optional, cloud identity annotations decided. Appends rows and every
// decision asked (made, or still open for the person cloning).
void adjustForPreview(QJsonObject &object, const WorkloadContext &context, QList<PlanRow> *rows,
                      QList<CloneDecision> *decisions);

} // namespace pd::core::clone
