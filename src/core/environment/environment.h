#pragma once

#include "kube/quantity.h"
#include "podproblem.h"

#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace pd::core {

// What a namespace is to PreviewDesk (label previewdesk.io/role).
enum class EnvironmentRole { Source, Preview };

// The one-word health of an environment; see EnvironmentBuilder for the rules.
// Incomplete: a clone that stopped half-way and was kept (previewdesk.io/incomplete);
// `previewctl clone --resume NAME` completes it.
enum class EnvironmentState { Healthy, Progressing, Degraded, ScaledDown, Terminating, Expired, Incomplete };

QString roleText(EnvironmentRole role);          // "source" | "preview"
QString stateText(EnvironmentState state);       // "Healthy" ... "Scaled down" ...
// Sort order for the state column: what needs attention first (Degraded, Expired on top).
int stateSortOrder(EnvironmentState state);

// One Deployment or StatefulSet of an environment, as the details pane shows it.
struct WorkloadInfo
{
    QString kind;                // Deployment | StatefulSet
    QString name;
    int desired = 0;             // spec.replicas (default 1)
    int ready = 0;               // status.readyReplicas
    int updated = 0;             // status.updatedReplicas
    QStringList images;          // spec.template.spec.containers[].image
    EnvironmentState state = EnvironmentState::Healthy;   // Healthy | Progressing | Degraded | ScaledDown
    QString message;             // why it is not healthy (failing condition), empty otherwise

    bool operator==(const WorkloadInfo &other) const = default;
};

// One host of an Ingress, turned into the URL a browser opens.
struct IngressUrl
{
    QString ingressName;
    QUrl url;

    bool operator==(const IngressUrl &other) const = default;
};

// One key of a ResourceQuota's status (hard vs used).
struct QuotaItem
{
    QString quotaName;
    QString resource;            // requests.cpu, pods ...
    pd::kube::Quantity hard;
    pd::kube::Quantity used;
    double fraction() const;     // used / hard, 0 when hard is zero

    bool operator==(const QuotaItem &other) const = default;
};

// One environment (a namespace that is a source or a preview), as a value.
// Built from the cluster's objects by EnvironmentBuilder; shown by EnvironmentModel.
struct Environment
{
    QString name;                // the namespace
    QString environmentName;     // previewdesk.io/environment (falls back to the namespace)
    EnvironmentRole role = EnvironmentRole::Preview;
    QString pr;                  // previewdesk.io/pr, as written (digits)
    QString branch;
    QString owner;
    bool isProtected = false;    // previewdesk.io/protected=true
    QString mode;                // previewdesk.io/mode: cd-only | ci-cd

    EnvironmentState state = EnvironmentState::Healthy;
    QString stateReason;         // one line: why the state is what it is

    // From the same computation as state (environmenthealth.h), so they cannot disagree.
    int servicesReady = 0;       // workloads that want replicas and serve them all
    int servicesTotal = 0;       // Deployments + StatefulSets that want replicas
    int servicesScaledDown = 0;  // Deployments + StatefulSets scaled to zero
    bool terminating = false;    // deletionTimestamp set or phase Terminating

    QDateTime created;           // UTC
    QDateTime expiresAt;         // UTC; invalid: never expires
    QString expirySource;        // the annotation the expiry came from
    QDateTime renewedAt;         // previewdesk.io/renewed-at (UTC); invalid: never renewed

    QUrl url;                    // previewdesk.io/url, else the first ingress host
    QString parent;              // previewdesk.io/parent
    QString parentUid;

    QList<WorkloadInfo> workloads;
    QList<IngressUrl> ingressUrls;
    QList<QuotaItem> quotas;

    QMap<QString, QString> labels;
    QMap<QString, QString> annotations;

    // The largest used/hard fraction over all quota keys; negative without a quota.
    double quotaUse() const;
    // The quota key that quotaUse() comes from ("requests.memory 3200Mi / 16Gi").
    QString quotaUseText() const;

    bool operator==(const Environment &other) const = default;
};

// The state of an environment's pull request at its forge (GitHub), when known.
struct PullRequestInfo
{
    QString state;               // "open" | "draft" | "merged" | "closed"; empty: unknown
    QString title;
    QUrl url;                    // the pull request's page
    QDateTime updatedAt;         // UTC; when it was merged/closed/last updated

    bool isFinished() const { return state == u"merged" || state == u"closed"; }
    bool operator==(const PullRequestInfo &other) const = default;
};

// What is learned about an environment after it was built from its namespace's objects,
// from other sources: a pod probe (why it is degraded), the forge, cost attribution.
// Kept by name in the model so a rebuild of the Environment does not lose it.
struct EnvironmentExtras
{
    QString problem;                   // "api: ImagePullBackOff (...)"; empty: none known
    QList<PodProblem> podProblems;     // what `problem` summarises; feeds the health rules
    PullRequestInfo pullRequest;
    std::optional<double> costPerDay;  // USD; empty until attributed (never invented)

    bool operator==(const EnvironmentExtras &other) const = default;
};

} // namespace pd::core
