#include "clonecommand.h"

#include "clusterconnection.h"
#include "forgeoptions.h"
#include "mutationcheck.h"
#include "previewlookup.h"

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
    parser.addOption({QStringLiteral("reason"), QStringLiteral("Why it is torn down, for the pull request's comment "
                                                               "(default: destroyed with previewctl destroy)."),
                      QStringLiteral("TEXT")});
    addForgeOptions(parser, true);
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
    ForgeConnection forge;
    const bool report = parser.isSet(QStringLiteral("report-to-pr"));
    if (report && !openForge(parser, &forge, &error)) {
        printErr(QStringLiteral("previewctl destroy: --report-to-pr: %1\n").arg(error));
        return 2;
    }
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
        // What the comment says afterwards is read before the namespace goes.
        std::optional<pd::core::PreviewReport> teardown;
        if (report) {
            if (const auto object = readNamespace(cluster, name, &error))
                teardown = pd::core::PreviewReport::fromNamespace(*object);
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
        if (ok && teardown) {
            forge.complete(&*teardown);
            teardown->at = QDateTime::currentDateTimeUtc();
            teardown->reason = parser.isSet(QStringLiteral("reason")) ? parser.value(QStringLiteral("reason"))
                                                                     : QStringLiteral("destroyed with previewctl destroy");
            if (teardown->pullRequest <= 0) {
                printErr(QStringLiteral("previewctl destroy: %1 names no pull request (%2): nothing to report\n")
                             .arg(name, pd::core::contract::PrLabel));
                ++failures;
            } else if (!printReport(QStringLiteral("destroy"), name, forge.reporter->destroyed(*teardown))) {
                ++failures;
            }
        }
    }
    return failures == 0 ? 0 : 1;
}

} // namespace pd::cli
