#include "previewnaming.h"

#include "cloneprofile.h"

#include "core/contract.h"

#include <QMap>
#include <QRegularExpression>
#include <QUrl>

namespace pd::core {

namespace {

QString dnsLabel(const QString &text)
{
    static const QRegularExpression notLabel(QStringLiteral("[^a-z0-9-]+"));
    return text.toLower().replace(notLabel, QStringLiteral("-"));
}

// "shop-pr-1418" with PR 1418 -> "shop-pr-{pr}"; with branch fix-cart -> "{branch}".
QString nameTemplateOf(const QString &name, const QString &pullRequest, const QString &branch)
{
    static const QRegularExpression digits(QStringLiteral("\\d+"));
    if (!pullRequest.isEmpty()) {
        // The PR number as a whole number, not digits inside another one.
        QRegularExpressionMatchIterator it = digits.globalMatch(name);
        qsizetype at = -1;
        while (it.hasNext()) {
            const QRegularExpressionMatch match = it.next();
            if (match.captured() == pullRequest)
                at = match.capturedStart();
        }
        if (at >= 0)
            return QString(name).replace(at, pullRequest.size(), QStringLiteral("{pr}"));
    }
    const QString label = dnsLabel(branch);
    if (!label.isEmpty() && name.contains(label))
        return QString(name).replace(name.lastIndexOf(label), label.size(), QStringLiteral("{branch}"));
    return {};
}

// https://api.shop-pr-1418.preview.shop.example.com with name shop-pr-1418 ->
// "{name}.preview.shop.example.com": the labels before the name belong to one Ingress.
QString hostTemplateOf(const QString &name, const QString &url)
{
    const QStringList labels = QUrl(url).host().split(QLatin1Char('.'));
    const qsizetype at = labels.indexOf(name);
    if (at < 0 || at + 1 >= labels.size())
        return {};
    return QStringLiteral("{name}.") + labels.mid(at + 1).join(QLatin1Char('.'));
}

// The template most previews follow; on a tie, the newest preview's.
struct Tally
{
    QMap<QString, int> counts;
    QMap<QString, QString> newest;   // template -> creation time
    QMap<QString, QString> example;  // template -> a preview's name

    void add(const QString &pattern, const QString &created, const QString &name)
    {
        if (pattern.isEmpty())
            return;
        ++counts[pattern];
        if (created >= newest.value(pattern)) {
            newest.insert(pattern, created);
            example.insert(pattern, name);
        }
    }
    QString winner() const
    {
        QString best;
        for (auto it = counts.begin(); it != counts.end(); ++it) {
            if (best.isEmpty() || it.value() > counts.value(best)
                || (it.value() == counts.value(best) && newest.value(it.key()) > newest.value(best)))
                best = it.key();
        }
        return best;
    }
};

} // namespace

QString PreviewNaming::suggestName(const CloneOptions &options) const
{
    if ((nameTemplate.contains(QLatin1String("{pr}")) && options.pullRequest <= 0)
        || (nameTemplate.contains(QLatin1String("{branch}")) && dnsLabel(options.branch).isEmpty())
        || (nameTemplate.contains(QLatin1String("{owner}")) && options.owner.isEmpty()))
        return {};
    return expandNameTemplate(nameTemplate, options);
}

PreviewNaming previewNaming(const SourceCloneProfile &profile, const QList<QJsonObject> &namespaces,
                            const QString &sourceNamespace)
{
    Tally names;
    Tally hosts;
    for (const QJsonObject &object : namespaces) {
        const QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
        const QJsonObject labels = metadata.value(QLatin1String("labels")).toObject();
        const QJsonObject annotations = metadata.value(QLatin1String("annotations")).toObject();
        if (annotations.value(contract::ParentAnnotation).toString() != sourceNamespace)
            continue;
        const QString name = metadata.value(QLatin1String("name")).toString();
        const QString created = metadata.value(QLatin1String("creationTimestamp")).toString();
        names.add(nameTemplateOf(name, labels.value(contract::PrLabel).toString(), labels.value(contract::BranchLabel).toString()),
                  created, name);
        hosts.add(hostTemplateOf(name, annotations.value(contract::UrlAnnotation).toString()), created, name);
    }
    PreviewNaming naming;
    if (profile.found() && !profile.profile.nameTemplate.isEmpty()) {
        naming.nameTemplate = profile.profile.nameTemplate;
        naming.nameFrom = PreviewNaming::From::Profile;
    } else if (const QString pattern = names.winner(); !pattern.isEmpty()) {
        naming.nameTemplate = pattern;
        naming.nameFrom = PreviewNaming::From::ExistingPreviews;
        naming.example = names.example.value(pattern);
    }
    if (profile.found() && !profile.profile.hostTemplate.isEmpty()) {
        naming.hostTemplate = profile.profile.hostTemplate;
        naming.hostFrom = PreviewNaming::From::Profile;
    } else if (const QString pattern = hosts.winner(); !pattern.isEmpty()) {
        naming.hostTemplate = pattern;
        naming.hostFrom = PreviewNaming::From::ExistingPreviews;
        if (naming.example.isEmpty())
            naming.example = hosts.example.value(pattern);
    }
    return naming;
}

} // namespace pd::core
