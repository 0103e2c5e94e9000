#include "clusterconnection.h"

#include "kube/kubeconfig.h"

#include <QDir>
#include <QProcessEnvironment>

#include <cstdio>

namespace pd::cli {

namespace {

void write(FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

} // namespace

bool ClusterConnection::open(const QString &kubeconfig, const QString &context, QString *error)
{
    const auto config = pd::kube::KubeConfig::load(kubeconfig, QProcessEnvironment::systemEnvironment(), QDir::homePath(), error);
    if (!config)
        return false;
    const auto endpoint = config->endpoint(context, error);
    if (!endpoint)
        return false;
    for (const QString &warning : config->warnings(endpoint->contextName))
        printErr(QStringLiteral("warning: %1\n").arg(warning));
    client = std::make_unique<pd::kube::ApiClient>(*endpoint);
    client->setUserAgent(QStringLiteral("previewctl/") + QStringLiteral(PREVIEWDESK_VERSION));
    discovery = std::make_unique<pd::kube::Discovery>(client.get());
    return true;
}

void addClusterOptions(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("kubeconfig"), QStringLiteral("The kubeconfig file (default: $KUBECONFIG or ~/.kube/config)."),
                      QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("context"), QStringLiteral("The kubeconfig context (default: the current one)."),
                      QStringLiteral("NAME")});
}

bool openCluster(const QCommandLineParser &parser, ClusterConnection *connection, QString *error)
{
    return connection->open(parser.value(QStringLiteral("kubeconfig")), parser.value(QStringLiteral("context")), error);
}

QString commandHelp(const QCommandLineParser &parser, const QString &usageLine)
{
    const QString help = parser.helpText();
    return usageLine + QLatin1Char('\n') + help.mid(help.indexOf(QLatin1Char('\n')) + 1);
}

void printOut(const QString &text)
{
    write(stdout, text);
}

void printErr(const QString &text)
{
    write(stderr, text);
}

} // namespace pd::cli
