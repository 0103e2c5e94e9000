#include "namesurvival.h"

#include "jsonwalk.h"
#include "workloadadjuster.h"

#include "core/contract.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace pd::core::clone {

namespace {

struct Walk
{
    QString kind;
    QString ref;
    QString source;
    const TextRewriter *rewriter = nullptr;
    QRegularExpression anyCase;
    QList<PlanRow> *rows = nullptr;
};

QString reasonFor(const Walk &walk, const QString &path, bool isKey, const QString &text, qsizetype at, qsizetype length)
{
    static const QRegularExpression envName(QStringLiteral("\\.env\\[[^\\]]*\\]\\.name$"));
    if (walk.kind == QLatin1String("Namespace") && path == QStringLiteral("metadata.annotations.") + QString(contract::ParentAnnotation))
        return QStringLiteral("lineage: the preview names its parent on purpose");
    if (path == QLatin1String("metadata.name"))
        return QStringLiteral("the object's own name: names are per namespace, the preview keeps them");
    if (isCloudIdentityPath(path))
        return QStringLiteral("a cloud identity: the --identity decision keeps or drops it, no rule rewrites it");
    if (path.endsWith(QLatin1String(".image")))
        return QStringLiteral("an image reference: it names a registry's repository, which the preview runs as it is");
    if (walk.kind == QLatin1String("ExternalSecret")
        && (path.contains(QLatin1String(".remoteRef")) || path.startsWith(QLatin1String("spec.dataFrom"))
            || path.startsWith(QLatin1String("spec.secretStoreRef"))))
        return QStringLiteral("a secret-manager key: it names the manager's entry, not the cluster");
    if (envName.match(path).hasMatch())
        return QStringLiteral("an environment variable's name: the program reads it by this name");
    if (QStringView(text).mid(at, length) != walk.source)
        return QStringLiteral("written \"%1\", not as the namespace's name: prose or a constant, not a reference")
            .arg(text.mid(at, length));
    const QString reason = walk.rewriter->keptReason(text, at);
    if (!reason.isEmpty())
        return reason;
    if (isKey)
        return QStringLiteral("a field name: the API or a tool reads it by this name");
    return QString(kNoRuleReason);
}

QString excerpt(const QString &text, qsizetype at)
{
    constexpr qsizetype context = 40;
    const qsizetype begin = std::max<qsizetype>(0, at - context);
    QString part = text.mid(begin, 2 * context).simplified();
    if (begin > 0)
        part.prepend(QStringLiteral("…"));
    if (begin + 2 * context < text.size())
        part.append(QStringLiteral("…"));
    return part;
}

void visitString(const Walk &walk, const QString &text, const QString &path, bool isKey)
{
    QStringList reasons;
    QString first;
    auto it = walk.anyCase.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        if (walk.rewriter->insideTarget(text, match.capturedStart()))
            continue;
        const QString reason = reasonFor(walk, path, isKey, text, match.capturedStart(), match.capturedLength());
        if (first.isEmpty())
            first = excerpt(text, match.capturedStart());
        if (!reasons.contains(reason))
            reasons << reason;
    }
    for (const QString &reason : std::as_const(reasons))
        walk.rows->append({walk.ref, isKey ? path + QStringLiteral(" (key)") : path, first,
                           QStringLiteral("kept: ") + reason, PlanRule::Kept, false});
}

void visitValue(const Walk &walk, const QJsonValue &value, const QString &path);

void visitObject(const Walk &walk, const QJsonObject &object, const QString &prefix)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString path = prefix.isEmpty() ? it.key() : prefix + QLatin1Char('.') + it.key();
        visitString(walk, it.key(), path, true);
        // Secret values are fresh (secretplanner.h), and never shown in a row.
        if (walk.kind == QLatin1String("Secret") && (path == QLatin1String("data") || path == QLatin1String("stringData"))) {
            const QJsonObject data = it.value().toObject();
            for (auto key = data.begin(); key != data.end(); ++key)
                visitString(walk, key.key(), path + QLatin1Char('.') + key.key(), true);
            continue;
        }
        visitValue(walk, it.value(), path);
    }
}

void visitValue(const Walk &walk, const QJsonValue &value, const QString &path)
{
    if (value.isString()) {
        visitString(walk, value.toString(), path, false);
    } else if (value.isObject()) {
        visitObject(walk, value.toObject(), path);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString name = array.at(i).toObject().value(QLatin1String("name")).toString();
            visitValue(walk, array.at(i), path + QLatin1Char('[') + (name.isEmpty() ? QString::number(i) : name) + QLatin1Char(']'));
        }
    }
}

} // namespace

void listSurvivingNames(const QList<QJsonObject> &planned, const QString &sourceNamespace, const TextRewriter &rewriter,
                        QList<PlanRow> *rows)
{
    Walk walk;
    walk.source = sourceNamespace;
    walk.rewriter = &rewriter;
    walk.rows = rows;
    walk.anyCase.setPattern(QStringLiteral("(?<![A-Za-z0-9])") + QRegularExpression::escape(sourceNamespace)
                            + QStringLiteral("(?![A-Za-z0-9])"));
    walk.anyCase.setPatternOptions(QRegularExpression::CaseInsensitiveOption);
    for (const QJsonObject &object : planned) {
        walk.kind = object.value(QLatin1String("kind")).toString();
        walk.ref = objectRef(object);
        visitObject(walk, object, QString());
    }
}

} // namespace pd::core::clone
