#pragma once

#include "cost/costprices.h"

#include <QString>
#include <QStringList>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

namespace pd::core {

// What the user tells PreviewDesk about one kubeconfig context, kept in QSettings
// under "contexts/<name>/..." (the name percent-encoded when it holds '/' or other
// characters QSettings treats specially). Never a secret: names and prices only.
//
//  - namespaces: the namespaces the user can reach, for users who may not list
//    namespaces (empty: list cluster-wide). EnvironmentWatcher::setNamespaces takes it.
//  - prices: cost per CPU core hour, memory GiB hour and storage GiB hour
//    (OpenCost's defaults until set).
//  - gitHubApiBase: the GitHub REST API the context's pull requests live on
//    (https://HOST/api/v3 for GitHub Enterprise Server); empty: https://api.github.com.
struct ContextSettings
{
    QStringList namespaces;
    Prices prices;
    QUrl gitHubApiBase;

    // The API base the GitHub client uses: gitHubApiBase, or api.github.com.
    QUrl effectiveGitHubApiBase() const;
    // Empty when `text` is empty or an http(s) URL; otherwise what is wrong.
    static QString gitHubApiBaseError(const QString &text);

    static ContextSettings load(const QSettings *settings, const QString &context);
    void save(QSettings *settings, const QString &context) const;
    // Removes everything stored for the context.
    static void remove(QSettings *settings, const QString &context);
    // "contexts/<encoded name>": the settings group of a context.
    static QString groupOf(const QString &context);

    // Empty when `name` is a valid namespace name (an RFC 1123 DNS label: at most 63
    // lower-case letters, digits and '-', starting and ending with a letter or digit);
    // otherwise one sentence saying exactly what is wrong.
    static QString namespaceNameError(const QString &name);
    // One namespace per line (blank lines and surrounding spaces ignored, duplicates
    // dropped, order kept). `errors` gets "line N: <error>" for each invalid line,
    // which is left out of the result.
    static QStringList parseNamespaces(const QString &text, QStringList *errors = nullptr);

    bool operator==(const ContextSettings &other) const = default;
};

} // namespace pd::core
