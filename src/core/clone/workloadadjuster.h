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
    QSet<QString> pullRequestRepositories; // CI+CD: image repositories built from the PR
    QString imageTag;                      // CI+CD: the preview's tag for them
};

// Image repositories of workloads built from the pull request: those whose
// object carries previewdesk.io/source-repo (the CI builds them from the PR).
QSet<QString> pullRequestRepositories(const QList<QJsonObject> &sourceObjects);

// "registry:5000/shop/api@sha256:..." -> "registry:5000/shop/api" (tag or digest removed).
QString imageRepository(const QString &image);

// "metadata.annotations.eks.amazonaws.com/role-arn" and the other cloud-identity keys: the
// person cloning keeps or drops them (--identity); no text rule rewrites them.
bool isCloudIdentityPath(const QString &path);

// Adjusts one cloned object for a preview: replicas and HPA bounds capped,
// PDBs relaxed, images rebound in CI+CD mode, references to omitted secrets
// made optional, cloud identity annotations decided. Appends rows and every
// decision asked (made, or still open for the person cloning).
void adjustForPreview(QJsonObject &object, const WorkloadContext &context, QList<PlanRow> *rows,
                      QList<CloneDecision> *decisions);

} // namespace pd::core::clone
