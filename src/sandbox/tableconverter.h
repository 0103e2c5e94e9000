#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace pd::sandbox {

struct ResourceInfo;

// Server-side printing (meta.k8s.io/v1 Table) as kube-apiserver's printers do it for
// the kinds kubectl users look at most (pods, deployments, namespaces, services,
// configmaps, secrets, replicasets, statefulsets, jobs, cronjobs, events, ingresses,
// PVCs, HPAs); CRDs use their additionalPrinterColumns (simple .a.b paths); anything
// else gets Name and Age.
class TableConverter final
{
public:
    explicit TableConverter(const ResourceInfo &info);

    QJsonArray columnDefinitions() const;
    QJsonArray cells(const QJsonObject &object, const QDateTime &now) const;
    // One row: {"cells":[..],"object":{..}} with includeObject None|Metadata|Object.
    QJsonObject row(const QJsonObject &object, const QDateTime &now, const QString &includeObject) const;
    // The whole Table for objects.
    QJsonObject table(const QList<QJsonObject> &objects, const QDateTime &now, const QString &includeObject,
                      const QJsonObject &listMetadata) const;

    // "5s", "3m2s", "45m", "5h3m", "2d3h", "120d", "3y" (apimachinery duration.HumanDuration).
    static QString humanDuration(qint64 seconds);

private:
    const ResourceInfo &m_info;
    QString m_kind;
};

} // namespace pd::sandbox
