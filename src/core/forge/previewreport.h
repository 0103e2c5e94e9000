#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <optional>

namespace pd::core {

struct Environment;
struct EnvironmentExtras;

// What PreviewDesk tells a pull request about one of its previews: the deployment's
// status and the one comment (found again by its hidden marker).
struct PreviewReport
{
    enum class Phase { Creating, Ready, Failed, Destroyed };

    QString name;                     // the preview's namespace
    QString repository;               // owner/name of the pull request's repository
    int pullRequest = 0;
    Phase phase = Phase::Creating;
    QString ref;                      // what the deployment points at; empty: the PR's head commit
    QUrl url;                         // the preview's URL (environment_url)
    QUrl logUrl;                      // the Actions run (log_url); empty when unknown
    QString reason;                   // Failed: why; Destroyed: why it was torn down
    QDateTime at;                     // when this happened (UTC)
    QDateTime expiresAt;              // invalid: never
    QDateTime renewedAt;              // invalid: never renewed
    std::optional<double> costPerDay; // USD; empty until measured (never invented)
    QString source;                   // previewdesk.io/parent
    QString sourceUid;                // previewdesk.io/parent-uid
    QString cloneId;                  // previewdesk.io/clone-id
    QString mode;                     // cd-only | ci-cd

    // "preview/pr-42": the deployment environment GitHub shows.
    QString environment() const { return QStringLiteral("preview/") + name; }

    // Reads name, PR, repository, URL, expiry, renewal and lineage from a preview's
    // Namespace (the contract's labels and annotations); phase Ready, or Failed for one
    // marked incomplete.
    static PreviewReport fromNamespace(const QJsonObject &namespaceObject);
    // The same from the app's model row, with the attributed cost per day when known.
    static PreviewReport fromEnvironment(const Environment &environment, const EnvironmentExtras &extras);
};

// "creating" | "ready" | "failed" | "destroyed"
QString previewPhaseText(PreviewReport::Phase phase);

// "<!-- previewdesk:pr-42 -->": the first line of the preview's comment.
QString previewCommentMarker(const QString &name);

// The comment's Markdown: marker, URL, state, time left, renewal, cost per day, source and
// lineage; after a destroy, when and why it was torn down. `now` says how much time is left.
QString renderPreviewComment(const PreviewReport &report, const QDateTime &now);

} // namespace pd::core
