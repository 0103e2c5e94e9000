#pragma once

#include "cloneoptions.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace pd::core {

struct SourceCloneProfile;

// How a source's previews are named, and where that came from.
struct PreviewNaming
{
    enum class From { Default, ExistingPreviews, Profile };
    QString nameTemplate = QStringLiteral("pr-{pr}");   // {pr} {branch} {source} {owner}
    QString hostTemplate;                               // {name}; empty: the context's (CloneOptions')
    From nameFrom = From::Default;
    From hostFrom = From::Default;
    QString example;                                    // an existing preview that follows the pattern

    // The name for these options, or empty while a placeholder it uses has no value
    // (no PR number yet for "pr-{pr}").
    QString suggestName(const CloneOptions &options) const;
};

// The one rule for a new preview's name and host: the source's clone profile where it
// has a template; else the pattern most of the source's existing previews follow
// (Namespaces whose previewdesk.io/parent is the source: "shop-pr-1418" with PR 1418 is
// "shop-pr-{pr}", its URL https://shop-pr-1418.preview.shop.example.com is
// "{name}.preview.shop.example.com"); else "pr-{pr}" and the context's host template.
PreviewNaming previewNaming(const SourceCloneProfile &profile, const QList<QJsonObject> &namespaces,
                            const QString &sourceNamespace);

} // namespace pd::core
