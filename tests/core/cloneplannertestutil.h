#pragma once

// Shared by the clone planner's tests: the staging fixture, the usual options and
// lookups into a plan.

#include "core/clone/cloneplanner.h"
#include "kube/yamljson.h"
#include "testpaths.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QtTest>

namespace pd::core::test {


inline QList<QJsonObject> loadFixture()
{
    QFile file(pd::test::fixturePath(QStringLiteral("staging-shop.yaml")));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open the staging-shop fixture");
    QList<QJsonObject> objects;
    pd::kube::YamlError error;
    if (!pd::kube::parseYamlDocuments(file.readAll(), file.fileName(), &objects, &error))
        qFatal("fixture does not parse");
    return objects;
}

inline CloneOptions shopOptions()
{
    CloneOptions options;
    options.sourceNamespace = QStringLiteral("staging");
    options.name = QStringLiteral("pr-1423");
    options.pullRequest = 1423;
    options.branch = QStringLiteral("feature/checkout-redesign");
    options.owner = QStringLiteral("a.rivera");
    options.ttl = std::chrono::hours(72);
    options.secretDecisions.insert(QStringLiteral("mail-relay"), SecretDecision::parse(QStringLiteral("omit")));
    return options;
}

inline const QDateTime kNow = QDateTime(QDate(2026, 11, 26), QTime(9, 0), Qt::UTC);

inline QByteArray serialized(const QList<QJsonObject> &objects)
{
    QByteArray all;
    for (const QJsonObject &object : objects)
        all += QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
    return all;
}

inline QByteArray serializedPlan(const ClonePlan &plan)
{
    QByteArray all = QJsonDocument(plan.toJson()).toJson(QJsonDocument::Compact);
    all += serialized(plan.manifests(true));   // with secret values: the invariant covers them too
    return all;
}

// Every value (decoded and as stored) of every Secret of the source.
inline QList<QByteArray> sourceSecretValues(const QList<QJsonObject> &objects)
{
    QList<QByteArray> values;
    for (const QJsonObject &object : objects) {
        if (object.value(QLatin1String("kind")).toString() != QLatin1String("Secret"))
            continue;
        const QJsonObject data = object.value(QLatin1String("data")).toObject();
        for (auto it = data.begin(); it != data.end(); ++it) {
            // A service-account token's "namespace" key holds the namespace's name, which is public.
            if (it.key() == QLatin1String("namespace"))
                continue;
            values << it.value().toString().toLatin1();
            values << QByteArray::fromBase64(it.value().toString().toLatin1());
        }
    }
    return values;
}

inline const QJsonObject *findObject(const ClonePlan &plan, const QString &kind, const QString &name)
{
    for (const PlannedObject &planned : plan.objects)
        if (planned.object.value(QLatin1String("kind")).toString() == kind
            && planned.object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString() == name)
            return &planned.object;
    return nullptr;
}

inline bool hasRow(const ClonePlan &plan, const QString &object, PlanRule rule, const QString &newValue = {})
{
    return std::any_of(plan.rows.begin(), plan.rows.end(), [&](const PlanRow &row) {
        return row.object == object && row.rule == rule && (newValue.isEmpty() || row.newValue == newValue);
    });
}

inline QString envValue(const QJsonObject &workload, const QString &container, const QString &variable)
{
    const QJsonArray containers = workload[QLatin1String("spec")][QLatin1String("template")][QLatin1String("spec")][QLatin1String("containers")].toArray();
    for (const QJsonValue &c : containers) {
        if (c[QLatin1String("name")].toString() != container)
            continue;
        for (const QJsonValue &e : c[QLatin1String("env")].toArray())
            if (e[QLatin1String("name")].toString() == variable)
                return e[QLatin1String("value")].toString();
    }
    return {};
}


} // namespace pd::core::test
