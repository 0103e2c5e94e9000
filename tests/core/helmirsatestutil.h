#pragma once

// The Helm-managed EKS app (tests/fixtures/helm-irsa-app.yaml) for the clone
// planner's decision and tool-record tests.

#include "cloneplannertestutil.h"
#include "core/contract.h"

namespace pd::core::test {

inline QList<QJsonObject> loadHelmIrsaApp()
{
    QFile file(QDir(pd::test::sourceDir()).filePath(QStringLiteral("tests/fixtures/helm-irsa-app.yaml")));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot open tests/fixtures/helm-irsa-app.yaml");
    QList<QJsonObject> objects;
    pd::kube::YamlError error;
    if (!pd::kube::parseYamlDocuments(file.readAll(), file.fileName(), &objects, &error))
        qFatal("%s", qPrintable(error.toString()));
    return objects;
}

// The options of a pipeline that decided the one plain secret and nothing else.
inline CloneOptions helmIrsaOptions()
{
    CloneOptions options;
    options.sourceNamespace = QStringLiteral("staging-eks");
    options.name = QStringLiteral("pr-7");
    options.pullRequest = 7;
    options.owner = QStringLiteral("dev");
    options.secretDecisions.insert(QStringLiteral("orders-smtp"), SecretDecision::parse(QStringLiteral("generate")));
    return options;
}

// The source with a clone profile: a ConfigMap holding `profileYaml` and the
// namespace annotation that names it.
inline QList<QJsonObject> withProfile(QList<QJsonObject> objects, const QString &profileYaml,
                                      const QString &configMap = QStringLiteral("clone-profile"))
{
    for (QJsonObject &object : objects) {
        if (object.value(QLatin1String("kind")).toString() != QLatin1String("Namespace"))
            continue;
        QJsonObject metadata = object.value(QLatin1String("metadata")).toObject();
        metadata.insert(QStringLiteral("annotations"), QJsonObject{{QString(pd::core::contract::CloneProfileAnnotation), configMap}});
        object.insert(QStringLiteral("metadata"), metadata);
    }
    objects << QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                           {QStringLiteral("kind"), QStringLiteral("ConfigMap")},
                           {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), configMap},
                                                                    {QStringLiteral("namespace"), QStringLiteral("staging-eks")}}},
                           {QStringLiteral("data"), QJsonObject{{QStringLiteral("profile.yaml"), profileYaml}}}};
    return objects;
}

inline const PlanRow *findRow(const ClonePlan &plan, const QString &object, const QString &field = {})
{
    for (const PlanRow &row : plan.rows)
        if (row.object == object && (field.isEmpty() || row.field == field))
            return &row;
    return nullptr;
}

inline const CloneDecision *findDecision(const ClonePlan &plan, const QString &object)
{
    for (const CloneDecision &decision : plan.decisions)
        if (decision.object == object)
            return &decision;
    return nullptr;
}

} // namespace pd::core::test
