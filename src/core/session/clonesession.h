#pragma once

#include "core/clone/clonedecision.h"
#include "core/clone/cloneexecutor.h"
#include "core/clone/cloneoptions.h"
#include "core/clone/cloneplan.h"
#include "core/clone/previewnaming.h"
#include "core/clone/sourceexporter.h"

#include <QDateTime>
#include <QFuture>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

#include <chrono>
#include <functional>
#include <optional>

namespace pd::kube {
class ApiClient;
class Discovery;
}

namespace pd::core {

class GitHubClient;
class Session;
class WorkflowBuild;

// One clone from start to end, the same for the wizard and `previewctl clone`:
// reads the source once (export, plus what the cluster serves for the options),
// re-plans whenever an input changes (planClone is pure and fast) and runs the plan
// with a CloneExecutor, reporting its progress. A session deleted while its clone
// runs rolls the clone back rather than leave it half-made.
//
//   auto *clone = new CloneSession(client, discovery, u"staging"_s, parent);
//   clone->reviewAccess();                // the wizard: may the user read Secrets?
//   clone->load();                        // loaded(), sourceChanged(), planChanged()
//   clone->changeOptions([](CloneOptions &o) { o.name = u"pr-1"_s; });
//   clone->start({});                     // phaseChanged(), objectStateChanged(), finished()
class CloneSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CloneSession)
public:
    CloneSession(pd::kube::ApiClient *client, pd::kube::Discovery *discovery, const QString &sourceNamespace,
                 QObject *parent = nullptr);
    // On a session's client and discovery.
    CloneSession(Session *session, const QString &sourceNamespace, QObject *parent = nullptr);
    ~CloneSession() override;

    // What the cluster serves decides two options: ExternalSecrets are written in the
    // newest external-secrets.io version served (v1, else v1beta1), and "generate"
    // is possible only where ESO's Password generator is served.
    static void applyServedApis(const pd::kube::Discovery &discovery, CloneOptions *options);

    QString sourceNamespace() const { return m_options.sourceNamespace; }

    // Discovery, then the export of the source namespace; resolves with the snapshot
    // (also after a failure: see SourceSnapshot::error). Call once.
    QFuture<SourceSnapshot> load();
    // Asks whether the user may read the source's Secrets (canReadSecrets()).
    void reviewAccess();
    // Deployments, StatefulSets and ConfigMaps read on their own, for a user who may
    // not export the whole namespace (a viewer cannot list Secrets).
    void readConfiguration();

    bool sourceLoaded() const { return m_loaded; }
    QString loadError() const { return m_loadError; }
    const SourceSnapshot &snapshot() const { return m_snapshot; }
    // Deployments, StatefulSets and ConfigMaps of the source: from the snapshot, or
    // from readConfiguration().
    const QList<QJsonObject> &configurationObjects() const { return m_configuration; }
    // nullopt until reviewAccess() has its answer.
    std::optional<bool> canReadSecrets() const { return m_canReadSecrets; }
    QString missingSecretPermission() const;
    // After load(): how the source's previews are named (previewnaming.h), from its clone
    // profile or the Namespaces it was cloned into before (read with the export).
    const PreviewNaming &naming() const { return m_naming; }

    // Asks the cluster whether a preview may take `name`; nameChecked() answers with an
    // empty reason when it is free (or cannot be asked: Create still refuses a taken name).
    void checkName(const QString &name);
    // The pull request's repository ("owner/name"): setForge()'s, else the source's
    // previewdesk.io/repository, else the newest of its previews'; empty when none records
    // one. Known after load(), and recorded on the preview (options().repository) unless
    // that was set already.
    QString repository() const { return !m_repository.isEmpty() ? m_repository : m_options.repository; }
    // Asks the forge (setForge(), a session's GitHub client) for the pull request's head
    // branch; false (nothing asked) without a token, a repository or a number.
    // branchSuggested() answers.
    bool suggestBranch(int pullRequest);

    // After load(): whether "generate" (ESO Password generator) can be offered.
    bool passwordGeneratorServed() const { return m_options.passwordGeneratorServed; }

    const CloneOptions &options() const { return m_options; }
    void setOptions(const CloneOptions &options);
    void changeOptions(const std::function<void(CloneOptions &)> &change);
    const ClonePlan &plan() const { return m_plan; }
    // Every decision the source needs, decided or not (the plan lists only open ones).
    const QList<PendingDecision> &decisionSubjects() const { return m_subjects; }

    // Tests: a fixed clock and a fixed seed make plans comparable (default: now and
    // the system's CSPRNG; a seed is only ever for tests, generated secrets depend on it).
    void setPlanClock(std::function<QDateTime()> clock);
    void setPlanSeed(std::optional<quint32> seed);

    // CI+CD mode with a declared build (builddeclaration.h): start() first dispatches the
    // source's workflow for options().pullRequest on `repository` through `client`, follows
    // its run (phaseChanged() says how far it is), pins the images by digest (the plan is made
    // again, planChanged()) and only then creates the preview. A run that fails or is
    // cancelled ends the clone (finished()) with its URL and failing step, nothing written.
    // A session's clone uses the session's GitHub client; an empty repository: options().repository.
    void setForge(GitHubClient *client, const QString &repository);
    void setBuildPollInterval(std::chrono::milliseconds interval) { m_buildPollInterval = interval; }

    // Runs plan(); false while a clone runs or there is no cluster. A clone that failed
    // may be started again (Retry), the same plan or a changed one.
    bool start(const CloneExecutor::Options &options);
    void cancel();
    bool isRunning() const { return m_building || (m_executor && m_executor->isRunning()); }
    bool isBuilding() const { return m_building; }
    CloneExecutor *executor() const { return m_executor; }

Q_SIGNALS:
    void sourceChanged();
    // load() is done: sourceLoaded() or loadError() says how it went.
    void loaded();
    void planChanged();
    void phaseChanged(const QString &phase);
    void objectStateChanged(const QString &object, pd::core::CloneObjectState state, const QString &detail);
    void finished(const pd::core::CloneOutcome &outcome);
    void nameChecked(const QString &name, const QString &takenReason);
    // suggestBranch()'s answer: the PR's head ref, or empty and why GitHub could not say.
    void branchSuggested(int pullRequest, const QString &branch, const QString &error);

private:
    void readNaming(const std::function<void()> &then);
    static QString repositoryOf(const QString &source, const QList<QJsonObject> &namespaces);
    void replan();
    void startBuild(const CloneExecutor::Options &options);
    void startExecutor(const CloneExecutor::Options &options);

    QPointer<pd::kube::ApiClient> m_client;
    QPointer<pd::kube::Discovery> m_discovery;
    CloneOptions m_options;
    SourceSnapshot m_snapshot;
    QList<QJsonObject> m_configuration;
    bool m_loaded = false;
    QString m_loadError;
    std::optional<bool> m_canReadSecrets;
    ClonePlan m_plan;
    PreviewNaming m_naming;
    QList<PendingDecision> m_subjects;
    std::function<QDateTime()> m_clock;
    std::optional<quint32> m_seed;
    CloneExecutor *m_executor = nullptr;
    QPointer<GitHubClient> m_forge;
    QString m_repository;
    std::chrono::milliseconds m_buildPollInterval{10000};
    WorkflowBuild *m_build = nullptr;
    bool m_building = false;
};

} // namespace pd::core
