#pragma once

#include "kube/status.h"
#include "guardraildefinition.h"

#include <QDateTime>
#include "kube/accessreview.h"

#include <QFuture>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>

namespace pd::kube {
class ApiClient;
}

namespace pd::core {

// What one write to the cluster came to. Default-constructed: not done (a
// cancelled request resolves to that).
struct GuardrailResult
{
    bool ok = false;
    QString error;     // one line for the user; a 403 names the missing permission
    int httpCode = 0;  // of the failing request
    bool found = false; // remove / setEnabled: whether the guardrail existed

    QString message() const { return ok ? QString() : error.isEmpty() ? QStringLiteral("the request was cancelled") : error; }
    // In the one status vocabulary, with the HTTP code of the failing request.
    pd::kube::Status status() const
    {
        using pd::kube::Status;
        if (ok)
            return Status::success();
        if (error.isEmpty())
            return Status::cancelled(message());
        return Status::failure(error, httpCode ? Status::codeForHttp(httpCode) : int(Status::Failed), httpCode);
    }
};

// The newest Job a guardrail's CronJobs made, as far as the cluster still keeps it.
struct GuardrailJob
{
    enum class Result { None, Running, Succeeded, Failed };
    QString name;
    QString cronJob;
    Result result = Result::None;
    QDateTime started;   // UTC
    QDateTime finished;  // UTC; invalid while running
    QString message;     // the failing condition's message
};

QString guardrailJobResultText(GuardrailJob::Result result); // "", "running", "succeeded", "failed"

// A guardrail in the cluster with how its CronJobs are doing.
struct GuardrailStatus
{
    GuardrailDefinition definition;
    QStringList cronJobs;         // names in the system namespace
    QDateTime nextRun;            // from the schedule; invalid when suspended
    QDateTime lastScheduleTime;   // newest status.lastScheduleTime (UTC)
    QDateTime lastSuccessfulTime; // newest status.lastSuccessfulTime (UTC)
    GuardrailJob lastJob;
    int active = 0;               // Jobs running now (status.active)

    const Guardrail &guardrail() const { return definition.guardrail; }
    QString name() const { return definition.guardrail.name; }
};

struct GuardrailList
{
    bool ok = false;
    QString error;
    int httpCode = 0;
    QList<GuardrailStatus> guardrails; // sorted by name
    QString warning;                   // Jobs could not be read: no last results

    QString message() const { return ok ? QString() : error.isEmpty() ? QStringLiteral("the request was cancelled") : error; }
};

// Guardrails in the cluster: CronJobs, ServiceAccounts and RBAC in the system
// namespace (guardrailrenderer.h). Every call resolves once; the store may go away
// before that (the future is then cancelled). Use from the client's thread.
class GuardrailStore final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GuardrailStore)
public:
    using Clock = std::function<QDateTime()>;
    static constexpr const char *FieldManager = "previewdesk";

    explicit GuardrailStore(pd::kube::ApiClient *client, QObject *parent = nullptr);
    ~GuardrailStore() override;

    void setSystemNamespace(const QString &name) { m_namespace = name; }
    QString systemNamespace() const { return m_namespace; }
    void setClock(Clock clock) { m_clock = std::move(clock); }

    // Server-side applies the system namespace and everything the definition renders
    // (field manager "previewdesk", forced), then deletes CronJobs of the same
    // guardrail that the new definition no longer has (cron <-> working hours).
    QFuture<GuardrailResult> apply(const GuardrailDefinition &definition);
    // Every guardrail read back from its CronJobs, with their status and Jobs.
    QFuture<GuardrailList> list();
    // spec.suspend = !enabled on each of the guardrail's CronJobs.
    QFuture<GuardrailResult> setEnabled(const QString &name, bool enabled);
    // Deletes the CronJobs, the ServiceAccount and the RBAC.
    QFuture<GuardrailResult> remove(const QString &name);

    // What apply() needs, one "patch" per kind of object it writes (the system namespace
    // by name first), so an editor can say up front what a read-only user lacks.
    QList<pd::kube::ResourceAttributes> saveRequirements() const;

Q_SIGNALS:
    // After an apply, setEnabled or remove that changed the cluster.
    void changed(const QString &name);

private:
    QDateTime now() const;

    QPointer<pd::kube::ApiClient> m_client;
    QString m_namespace;
    Clock m_clock;
};

} // namespace pd::core
