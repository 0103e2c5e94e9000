#pragma once

#include "githubclient.h"

#include "core/contract.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <chrono>
#include <optional>

namespace pd::core {

struct Environment;
class EnvironmentModel;

// Keeps the pull-request state of every preview that names one (label previewdesk.io/pr)
// and its repository (annotation previewdesk.io/repository: "owner/name") in the model,
// through EnvironmentModel::setPullRequest. Fetches when a row appears or its PR or
// repository changes, and every refresh interval for all of them (ETags make repeats cheap),
// never more than maxConcurrent at once; previews of the same PR share one request.
// After a rate-limit answer it waits until GitHub's reset time.
// The model and the client must outlive the tracker.
class PullRequestTracker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PullRequestTracker)
public:
    PullRequestTracker(EnvironmentModel *model, GitHubClient *client, QObject *parent = nullptr);
    ~PullRequestTracker() override;

    static QString repositoryAnnotation() { return QString(contract::RepositoryAnnotation); }
    // The preview's repository, normalised to "owner/name"; empty when it has none.
    static QString repositoryOf(const Environment &environment);

    void setRefreshInterval(std::chrono::milliseconds interval);
    std::chrono::milliseconds refreshInterval() const { return std::chrono::milliseconds(m_refreshTimer.interval()); }
    void setMaxConcurrent(int maximum);
    int maxConcurrent() const { return m_maxConcurrent; }

    // Previews whose pull request is merged or closed, sorted by name.
    QStringList teardownCandidates() const { return m_candidates; }
    // What GitHub last said about the preview's pull request.
    std::optional<PullRequest> pullRequestOf(const QString &name) const;
    // Previews with a PR and a repository that the tracker follows.
    QStringList trackedNames() const;

    QString lastError() const { return m_lastError; }
    bool isBusy() const { return !m_queue.isEmpty() || !m_inFlight.isEmpty(); }
    QDateTime pausedUntil() const { return m_pausedUntil; }

public Q_SLOTS:
    // Asks GitHub again for every tracked pull request.
    void refreshAll();

Q_SIGNALS:
    void teardownCandidatesChanged(const QStringList &names);
    // A new error (not repeated while it stays the same); cleared by the next success.
    void errorOccurred(const QString &message);
    // Every queued request has been answered.
    void idle();

private:
    void syncRow(int row);
    void syncAll();
    void untrack(const QString &name);
    void enqueue(const QString &key);
    void launchNext();
    void finished(const QString &key, const PullRequestResult &result);
    void updateCandidates();

    QPointer<EnvironmentModel> m_model;
    QPointer<GitHubClient> m_client;
    QTimer m_refreshTimer;
    QTimer m_resumeTimer;
    int m_maxConcurrent = 4;

    QHash<QString, QString> m_keyOf;        // preview name -> "owner/name#N"
    QHash<QString, PullRequest> m_results;  // "owner/name#N" -> last answer
    QStringList m_queue;                    // keys waiting, oldest first
    QSet<QString> m_inFlight;
    QStringList m_candidates;
    QString m_lastError;
    QDateTime m_pausedUntil;
};

} // namespace pd::core
