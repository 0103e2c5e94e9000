#include "envscommand.h"

#include "clusterconnection.h"

#include "core/environment/environmenttable.h"

#include <QCommandLineParser>
#include <QJsonArray>

namespace pd::cli {

namespace {

int usage(const QString &message)
{
    printErr(QStringLiteral("previewctl envs: %1\n").arg(message));
    return 2;
}

// Lists one kind across all namespaces; false with *error on failure.
bool listAll(ClusterConnection &cluster, const QString &group, const QString &resource, QList<QJsonObject> *out,
             QString *error)
{
    const pd::kube::ResourceRef collection{group, QStringLiteral("v1"), resource, QString(), QString(), {}};
    const pd::kube::ApiResult result = awaitResult(cluster.client->listAll(pd::kube::ApiRequest::list(collection)));
    if (!result.ok()) {
        *error = QStringLiteral("cannot list %1: %2").arg(resource, result.message());
        return false;
    }
    for (const QJsonValue &item : result.items())
        out->append(item.toObject());
    return true;
}

} // namespace

int runEnvsCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Usage: previewctl envs [-o table|json]\n"
        "Lists every source and preview environment with its state, as the desktop app shows them."));
    parser.addHelpOption();
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("table (default) or json."),
                      QStringLiteral("FORMAT"), QStringLiteral("table")});
    addClusterOptions(parser);
    if (!parser.parse(QStringList{QStringLiteral("previewctl envs")} + arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(parser.helpText());
        return 0;
    }
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("takes no arguments, got %1").arg(parser.positionalArguments().join(u' ')));
    const QString format = parser.value(QStringLiteral("output"));
    if (format != QLatin1String("table") && format != QLatin1String("json"))
        return usage(QStringLiteral("-o takes table or json, got '%1'").arg(format));

    ClusterConnection cluster;
    QString error;
    if (!openCluster(parser, &cluster, &error)) {
        printErr(QStringLiteral("previewctl envs: %1\n").arg(error));
        return 1;
    }
    pd::core::ClusterObjects objects;
    const QString apps = QStringLiteral("apps");
    const QString networking = QStringLiteral("networking.k8s.io");
    if (!listAll(cluster, QString(), QStringLiteral("namespaces"), &objects.namespaces, &error)
        || !listAll(cluster, apps, QStringLiteral("deployments"), &objects.deployments, &error)
        || !listAll(cluster, apps, QStringLiteral("statefulsets"), &objects.statefulSets, &error)
        || !listAll(cluster, networking, QStringLiteral("ingresses"), &objects.ingresses, &error)
        || !listAll(cluster, QString(), QStringLiteral("resourcequotas"), &objects.resourceQuotas, &error)) {
        printErr(QStringLiteral("previewctl envs: %1\n").arg(error));
        return 1;
    }
    const pd::core::EnvironmentBuilder builder;
    const QList<pd::core::Environment> environments = pd::core::buildEnvironments(objects, builder);
    if (format == QLatin1String("json"))
        printOut(QString::fromUtf8(pd::core::environmentsJson(environments)));
    else if (environments.isEmpty())
        printOut(QStringLiteral("No environments.\n"));
    else
        printOut(pd::core::environmentsTable(environments, builder.now()));
    return 0;
}

} // namespace pd::cli
