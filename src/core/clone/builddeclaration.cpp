#include "builddeclaration.h"

#include "cloneprofile.h"
#include "core/contract.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace pd::core {

QString BuildDeclaration::missing(const QString &sourceNamespace) const
{
    if (declared())
        return {};
    QStringList needed;
    if (workflow.isEmpty())
        needed << QStringLiteral("the annotation %1 on namespace %2, naming the GitHub Actions workflow that builds the "
                                 "images (%1: .github/workflows/build.yml)")
                      .arg(contract::CiWorkflowAnnotation, sourceNamespace);
    QStringList fields;
    if (images.isEmpty())
        fields << QStringLiteral("ciImages, the image repositories the workflow pushes (ciImages: [registry.example.com/shop/api])");
    if (artifact.isEmpty())
        fields << QStringLiteral("ciArtifact, the name of the run's artifact holding %1, which maps each image to its sha256 "
                                 "digest (ciArtifact: images)").arg(BuildDigestFile);
    if (!fields.isEmpty()) {
        const QString where = profileConfigMap.isEmpty()
            ? QStringLiteral("in a clone profile (a ConfigMap in %1 named by the annotation %2, key %3)")
                  .arg(sourceNamespace, contract::CloneProfileAnnotation, contract::CloneProfileDataKey)
            : QStringLiteral("in its clone profile (ConfigMap %1/%2, key %3)").arg(sourceNamespace, profileConfigMap, contract::CloneProfileDataKey);
        needed << where + QStringLiteral(": ") + fields.join(QStringLiteral("; and "));
    }
    return QStringLiteral("CI+CD mode builds the pull request with the source's own workflow and pins the images it "
                          "built by digest, but %1 does not declare that build. Declare %2. Or clone with --mode cd-only "
                          "to keep the source's images.")
        .arg(sourceNamespace, needed.join(QStringLiteral("; and ")));
}

BuildDeclaration readBuildDeclaration(const QList<QJsonObject> &sourceObjects, const QString &sourceNamespace)
{
    BuildDeclaration declaration;
    for (const QJsonObject &object : sourceObjects) {
        const QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
        if (object.value(QLatin1String("kind")).toString() == QLatin1String("Namespace")
            && metadata.value(QLatin1String("name")).toString() == sourceNamespace)
            declaration.workflow = metadata.value(QLatin1String("annotations")).toObject()
                                       .value(contract::CiWorkflowAnnotation).toString().trimmed();
    }
    const SourceCloneProfile profile = readCloneProfile(sourceObjects, sourceNamespace);
    declaration.profileConfigMap = profile.configMap;
    if (profile.found()) {
        declaration.images = profile.profile.ciImages;
        declaration.artifact = profile.profile.ciArtifact.trimmed();
    }
    return declaration;
}

bool parseImageDigests(const QByteArray &json, const QStringList &expected, QMap<QString, QString> *digests, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (!document.isObject()) {
        *error = QStringLiteral("%1 is not a JSON object of image -> digest (%2)")
                     .arg(BuildDigestFile, parseError.error != QJsonParseError::NoError ? parseError.errorString() : QStringLiteral("not an object"));
        return false;
    }
    static const QRegularExpression digest(QStringLiteral("^sha256:[0-9a-f]{64}$"));
    const QJsonObject map = document.object();
    QMap<QString, QString> read;
    for (auto it = map.begin(); it != map.end(); ++it) {
        const QString value = it.value().toString();
        if (!digest.match(value).hasMatch()) {
            *error = QStringLiteral("%1: the digest of %2 is \"%3\", not sha256:<64 hex digits>").arg(BuildDigestFile, it.key(), value);
            return false;
        }
        read.insert(it.key(), value);
    }
    QStringList absent;
    for (const QString &image : expected)
        if (!read.contains(image))
            absent << image;
    if (!absent.isEmpty()) {
        *error = QStringLiteral("%1 has no digest for %2 (it names: %3)")
                     .arg(BuildDigestFile, absent.join(QStringLiteral(", ")),
                          read.isEmpty() ? QStringLiteral("nothing") : QStringList(read.keys()).join(QStringLiteral(", ")));
        return false;
    }
    *digests = read;
    return true;
}

} // namespace pd::core
