#pragma once

// Shared by the clone planner's tests: the staging fixture, the usual options and
// lookups into a plan.

#include "core/clone/cloneplanner.h"
#include "kube/yamljson.h"
#include "testpaths.h"

#include <QFile>
#include <QFileInfo>
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

// One exported environment: its objects with the source's namespace. A fixture
// published as plain manifests (no Namespace, no metadata.namespace: online-boutique)
// is placed as `kubectl apply -n NAME` would, NAME being the file's base name, in a
// namespace labelled as a source.
struct Environment
{
    QString sourceNamespace;
    QList<QJsonObject> objects;
};

inline Environment loadEnvironment(const QString &path)
{
    QFile file(path);
    Environment environment;
    pd::kube::YamlError error;
    if (!file.open(QIODevice::ReadOnly) || !pd::kube::parseYamlDocuments(file.readAll(), path, &environment.objects, &error))
        qFatal("cannot read the fixture %s", qPrintable(path));
    for (const QJsonObject &object : std::as_const(environment.objects))
        if (object.value(QLatin1String("kind")).toString() == QLatin1String("Namespace"))
            environment.sourceNamespace = object[QLatin1String("metadata")][QLatin1String("name")].toString();
    if (!environment.sourceNamespace.isEmpty())
        return environment;
    environment.sourceNamespace = QFileInfo(path).completeBaseName();
    for (QJsonObject &object : environment.objects) {
        QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
        metadata.insert(QStringLiteral("namespace"), environment.sourceNamespace);
        object.insert(QStringLiteral("metadata"), metadata);
    }
    environment.objects.prepend(QJsonObject{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")}, {QStringLiteral("kind"), QStringLiteral("Namespace")},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), environment.sourceNamespace},
                                                 {QStringLiteral("uid"), QStringLiteral("00000000-0000-4000-8000-000000000001")},
                                                 {QStringLiteral("labels"), QJsonObject{{QStringLiteral("previewdesk.io/role"), QStringLiteral("source")}}}}}});
    return environment;
}

// Options for a clone of `environment` as CI makes it: every decision the planner
// asks for is taken the way a pipeline's flags would (secrets generated, cloud
// identities dropped).
inline CloneOptions decidedOptions(const Environment &environment, QRandomGenerator &random)
{
    CloneOptions options;
    options.sourceNamespace = environment.sourceNamespace;
    options.name = QStringLiteral("pr-7");
    options.pullRequest = 7;
    options.owner = QStringLiteral("a.rivera");
    const ClonePlan first = planClone(environment.objects, options, QDateTime(QDate(2026, 11, 26), QTime(9, 0), Qt::UTC), random);
    for (const PendingDecision &decision : first.pendingDecisions) {
        if (decision.kind == PendingDecision::Kind::Secret)
            options.secretDecisions.insert(decision.name, SecretDecision::parse(QStringLiteral("generate")));
        else if (decision.kind == PendingDecision::Kind::CloudIdentity)
            options.identityDecisions.insert(decision.name, IdentityDecision::Drop);
    }
    return options;
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
