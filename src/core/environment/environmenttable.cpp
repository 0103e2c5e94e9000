#include "environmenttable.h"

#include "environmentcache.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::core {

QList<Environment> buildEnvironments(const ClusterObjects &objects, const EnvironmentBuilder &builder)
{
    EnvironmentCache cache;
    cache.replaceAll(EnvironmentSourceKind::Namespace, objects.namespaces);
    cache.replaceAll(EnvironmentSourceKind::Deployment, objects.deployments);
    cache.replaceAll(EnvironmentSourceKind::StatefulSet, objects.statefulSets);
    cache.replaceAll(EnvironmentSourceKind::Ingress, objects.ingresses);
    cache.replaceAll(EnvironmentSourceKind::ResourceQuota, objects.resourceQuotas);
    QList<Environment> environments;
    QStringList names = cache.namespaceNames();
    std::sort(names.begin(), names.end());
    for (const QString &name : std::as_const(names)) {
        if (std::optional<Environment> environment = builder.build(cache.inputs(name)))
            environments.append(std::move(*environment));
    }
    return environments;
}

QString shortDuration(qint64 seconds)
{
    seconds = std::max<qint64>(0, seconds);
    if (seconds < 120)
        return u"%1s"_s.arg(seconds);
    if (seconds < 120 * 60)
        return u"%1m"_s.arg(seconds / 60);
    if (seconds < 48 * 3600)
        return u"%1h"_s.arg(seconds / 3600);
    return u"%1d"_s.arg(seconds / 86400);
}

QString environmentsTable(const QList<Environment> &environments, const QDateTime &now)
{
    QList<QStringList> rows{{u"NAME"_s, u"ROLE"_s, u"PR"_s, u"BRANCH"_s, u"OWNER"_s, u"STATE"_s, u"SERVICES"_s,
                             u"AGE"_s, u"EXPIRES"_s, u"URL"_s}};
    const auto orDash = [](const QString &text) { return text.isEmpty() ? u"-"_s : text; };
    for (const Environment &e : environments) {
        QString expires = u"-"_s;
        if (e.expiresAt.isValid()) {
            const qint64 left = now.secsTo(e.expiresAt);
            expires = left <= 0 ? u"expired"_s : shortDuration(left);
        }
        rows.append({e.name, roleText(e.role), orDash(e.pr), orDash(e.branch), orDash(e.owner),
                     // One word per cell, so the table splits on whitespace.
                     stateText(e.state).replace(u' ', u'-'), u"%1/%2"_s.arg(e.servicesReady).arg(e.servicesTotal),
                     e.created.isValid() ? shortDuration(e.created.secsTo(now)) : u"-"_s, expires,
                     orDash(e.url.toString())});
    }
    QList<qsizetype> widths(rows.first().size(), 0);
    for (const QStringList &row : std::as_const(rows)) {
        for (qsizetype c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row.at(c).size());
    }
    QString text;
    for (const QStringList &row : std::as_const(rows)) {
        QString line;
        for (qsizetype c = 0; c < row.size(); ++c)
            line += c + 1 < row.size() ? row.at(c).leftJustified(widths[c] + 3) : row.at(c);
        text += line + u'\n';
    }
    return text;
}

QByteArray environmentsJson(const QList<Environment> &environments)
{
    const auto time = [](const QDateTime &t) { return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODate)) : QJsonValue(); };
    QJsonArray items;
    for (const Environment &e : environments) {
        items.append(QJsonObject{{u"name"_s, e.name},
                                 {u"role"_s, roleText(e.role)},
                                 {u"pr"_s, e.pr},
                                 {u"branch"_s, e.branch},
                                 {u"owner"_s, e.owner},
                                 {u"state"_s, stateText(e.state)},
                                 {u"stateReason"_s, e.stateReason},
                                 {u"servicesReady"_s, e.servicesReady},
                                 {u"servicesTotal"_s, e.servicesTotal},
                                 {u"created"_s, time(e.created)},
                                 {u"expiresAt"_s, time(e.expiresAt)},
                                 {u"url"_s, e.url.toString()},
                                 {u"protected"_s, e.isProtected}});
    }
    return QJsonDocument(QJsonObject{{u"items"_s, items}}).toJson(QJsonDocument::Indented);
}

} // namespace pd::core
