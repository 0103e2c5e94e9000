#pragma once

#include "guardrail.h"

#include "core/contract.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace pd::core {

// Turns a guardrail into the objects that run it in the cluster, and back.
//
// In `previewdesk-system`: a ServiceAccount `guardrail-NAME`; cluster-wide a
// ClusterRole and ClusterRoleBinding `previewdesk:guardrail:NAME` granting exactly
// what the action's script needs; one CronJob `guardrail-NAME` (a working-hours
// window gives two: `guardrail-NAME-up` at its start, `guardrail-NAME-down` at its
// end) with schedule, timeZone, concurrencyPolicy Forbid, suspend = !enabled, and
// the script as the container's args. Each CronJob carries the whole guardrail as
// JSON in the annotation previewdesk.io/guardrail, so reading it back gives the
// same guardrail.
class GuardrailRenderer final
{
public:
    static constexpr const char *DefaultImage = "docker.io/alpine/k8s:1.32.4";
    static constexpr const char *SystemNamespace = "previewdesk-system";
    static constexpr QLatin1StringView GuardrailAnnotation = contract::GuardrailLabel;
    static constexpr QLatin1StringView GuardrailLabel = contract::GuardrailLabel;
    static constexpr QLatin1StringView ActionAnnotation = contract::GuardrailActionLabel;

    // The image must hold /bin/sh, date, tr and kubectl.
    explicit GuardrailRenderer(QString image = QString::fromLatin1(DefaultImage),
                               QString systemNamespace = QString::fromLatin1(SystemNamespace));

    QString image() const { return m_image; }
    QString systemNamespace() const { return m_namespace; }

    // ServiceAccount, ClusterRole, ClusterRoleBinding, CronJob(s), in apply order.
    QList<QJsonObject> render(const Guardrail &guardrail) const;

    QJsonObject serviceAccount(const Guardrail &guardrail) const;
    QJsonObject clusterRole(const Guardrail &guardrail) const;
    QJsonObject clusterRoleBinding(const Guardrail &guardrail) const;
    QList<QJsonObject> cronJobs(const Guardrail &guardrail) const;

    // Names of what render() makes.
    static QString serviceAccountName(const QString &guardrailName);
    static QString clusterRoleName(const QString &guardrailName);
    static QStringList cronJobNames(const Guardrail &guardrail);

    // The RBAC rules of an action: namespaces get/list; scale actions patch
    // deployments, statefulsets (and their /scale) and cronjobs; destroy and sweep
    // delete namespaces, and with a notice period also create events and patch
    // namespaces (the notice is recorded on the namespace).
    static QJsonArray rules(const Guardrail &guardrail);

    // The guardrail a CronJob made by render() carries; nullopt and *error for
    // anything else. The CronJob's spec.suspend decides `enabled` (someone may
    // have suspended it in the cluster).
    static std::optional<Guardrail> fromCronJob(const QJsonObject &cronJob, QString *error = nullptr);
    // Every guardrail among a list of CronJobs, once each (a working-hours pair is
    // one guardrail), sorted by name. Foreign CronJobs are skipped.
    static QList<Guardrail> fromCronJobs(const QList<QJsonObject> &cronJobs);

    // Label selector for everything render() makes (all guardrails, or one).
    static QString labelSelector(const QString &guardrailName = {});

private:
    QJsonObject cronJob(const Guardrail &guardrail, GuardrailAction action, const QString &name,
                        const QString &schedule, const QString &timeZone) const;
    QJsonObject metadata(const Guardrail &guardrail, const QString &name, bool namespaced) const;

    QString m_image;
    QString m_namespace;
};

} // namespace pd::core
