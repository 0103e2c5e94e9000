#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace pd::core {

// How a source's images are built for a pull request, as the source declares it: the
// namespace's annotation previewdesk.io/ci-workflow names a GitHub Actions workflow
// (".github/workflows/build.yml"), its clone profile lists the image repositories that
// workflow pushes (ciImages) and the artifact of the run in which it writes their digests
// (ciArtifact: a zip holding images.json, {"registry/shop/api": "sha256:..."}).
// CI+CD mode dispatches that workflow and pins the images to the digests; it never guesses tags.
struct BuildDeclaration
{
    QString workflow;      // path in the repository, ".github/workflows/build.yml"
    QStringList images;    // image repositories
    QString artifact;      // artifact name
    QString profileConfigMap;   // where ciImages / ciArtifact are read (empty: no profile)

    bool declared() const { return !workflow.isEmpty() && !images.isEmpty() && !artifact.isEmpty(); }
    // The workflow's file name, which the REST API takes as workflow_id ("build.yml").
    QString workflowFile() const { return workflow.section(QLatin1Char('/'), -1); }
    // Exactly what the source still has to declare for CI+CD mode; empty when declared().
    QString missing(const QString &sourceNamespace) const;
};

BuildDeclaration readBuildDeclaration(const QList<QJsonObject> &sourceObjects, const QString &sourceNamespace);

// The name of the file in the digest artifact.
inline constexpr QLatin1StringView BuildDigestFile{"images.json"};

// Reads images.json: image repository -> "sha256:<64 hex>". False and *error when it is not
// that, or when an image of `expected` has no digest in it.
bool parseImageDigests(const QByteArray &json, const QStringList &expected, QMap<QString, QString> *digests, QString *error);

} // namespace pd::core
