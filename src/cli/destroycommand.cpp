#include "clonecommand.h"

#include "clusterconnection.h"
#include "mutationcheck.h"

#include "core/clone/previewdestroyer.h"
#include "core/contract.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QTextStream>

#include <cstdio>
#include <unistd.h>

namespace pd::cli {

namespace {

int usage(const QString &message)
{
    printErr(QStringLiteral("previewctl destroy: %1\n").arg(message));
    return 2;
}

// The previews of one pull request: managed-by=previewdesk, role=preview, pr=N.
QStringList previewsOfPullRequest(ClusterConnection &cluster, int pullRequest, QString *error)
{
    const pd::kube::ResourceRef namespaces{QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), QString(), QString(), {}};
    using namespace pd::core::contract;
    const QString selector = QStringLiteral("%1=%2,%3=%4,%5=%6")
                                 .arg(ManagedByLabel, ManagedByValue, RoleLabel, RolePreview, PrLabel, QString::number(pullRequest));
    const pd::kube::ApiResult result = awaitResult(cluster.client->list(namespaces, selector));
    if (!result.ok()) {
        *error = QStringLiteral("cannot list previews of PR %1: %2").arg(pullRequest).arg(result.message());
        return {};
    }
    QStringList names;
    for (const QJsonValue &item : result.items())
        names << item[QLatin1String("metadata")][QLatin1String("name")].toString();
    return names;
}

bool confirmed(const QString &name)
{
    if (!isatty(STDIN_FILENO))
        return false;
    printOut(QStringLiteral("Type %1 to destroy it: ").arg(name));
    QTextStream in(stdin);
    return in.readLine().trimmed() == name;
}

} // namespace

int runDestroyCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Deletes preview environments and waits until they are gone. Only namespaces labelled\n"
        "%1=%2 are touched; sources and protected ones never.").arg(pd::core::contract::ManagedByLabel, pd::core::contract::ManagedByValue));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The preview to destroy."));
    parser.addOption({QStringLiteral("pr"), QStringLiteral("Destroy every preview of this pull request."), QStringLiteral("N")});
    parser.addOption({QStringLiteral("yes"), QStringLiteral("Do not ask for confirmation (CI).")});
    addClusterOptions(parser);
    if (!parser.parse(QStringList{QStringLiteral("previewctl destroy")} + arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(commandHelp(parser, QStringLiteral("Usage: previewctl destroy NAME [--yes] | previewctl destroy --pr N [--yes]")));
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1 || (positional.isEmpty() == !parser.isSet(QStringLiteral("pr"))))
        return usage(QStringLiteral("name one preview, or pass --pr N"));

    ClusterConnection cluster;
    QString error;
    if (!openCluster(parser, &cluster, &error)) {
        printErr(QStringLiteral("previewctl destroy: %1\n").arg(error));
        return 1;
    }
    QStringList names = positional;
    if (parser.isSet(QStringLiteral("pr"))) {
        bool ok = false;
        const int pr = parser.value(QStringLiteral("pr")).toInt(&ok);
        if (!ok || pr <= 0)
            return usage(QStringLiteral("--pr takes a pull-request number"));
        names = previewsOfPullRequest(cluster, pr, &error);
        if (!error.isEmpty()) {
            printErr(QStringLiteral("previewctl destroy: %1\n").arg(error));
            return 1;
        }
        if (names.isEmpty()) {
            printOut(QStringLiteral("No previews of PR %1.\n").arg(pr));
            return 0;
        }
    }
    int failures = 0;
    for (const QString &name : std::as_const(names)) {
        // Refused before anyone is asked to confirm: sources, protected, unmanaged, system.
        if (const QString refusal = checkMutation(cluster, name, pd::core::Mutation::Destroy); !refusal.isEmpty()) {
            printErr(QStringLiteral("previewctl destroy: refused: %1\n").arg(refusal));
            ++failures;
            continue;
        }
        if (!parser.isSet(QStringLiteral("yes")) && !confirmed(name)) {
            printErr(QStringLiteral("previewctl destroy: %1 not destroyed: confirm by typing its name, or pass --yes\n").arg(name));
            ++failures;
            continue;
        }
        pd::core::PreviewDestroyer destroyer(cluster.client.get());
        QEventLoop loop;
        bool ok = false;
        QObject::connect(&destroyer, &pd::core::PreviewDestroyer::progress, &loop, [](const QString &message) {
            printOut(QStringLiteral("== %1\n").arg(message));
        });
        QObject::connect(&destroyer, &pd::core::PreviewDestroyer::finished, &loop, [&](bool success, const QString &message) {
            ok = success;
            (success ? printOut : printErr)(message + QLatin1Char('\n'));
            loop.quit();
        });
        destroyer.destroy(name);
        loop.exec();
        failures += ok ? 0 : 1;
    }
    return failures == 0 ? 0 : 1;
}

} // namespace pd::cli
