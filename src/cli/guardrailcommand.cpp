#include "guardrailcommand.h"

#include "clusterconnection.h"
#include "mutationcheck.h"

#include "core/contract.h"
#include "core/environment/environmentactions.h"
#include "kube/cronexpression.h"
#include "core/guardrail/guardrail.h"
#include "core/guardrail/guardraildefinition.h"
#include "core/guardrail/guardrailrenderer.h"
#include "core/guardrail/guardrailscript.h"
#include "core/guardrail/guardrailstore.h"
#include "core/guardrail/workinghours.h"

#include "kube/yamljson.h"

#include <QCommandLineParser>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTimeZone>

#include <cstdio>
#include <memory>

namespace pd::cli {

namespace {

void write(FILE *stream, const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

int fail(const QString &command, const QString &message, int code = 1)
{
    write(stderr, QStringLiteral("previewctl %1: %2\n").arg(command, message).toLocal8Bit());
    return code;
}

// Reads one guardrail from a YAML or JSON file ("-" = stdin) and validates it.
std::optional<pd::core::Guardrail> readGuardrail(const QString &path, QString *error)
{
    QFile file;
    if (path == QLatin1String("-")) {
        if (!file.open(stdin, QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read standard input");
            return std::nullopt;
        }
    } else {
        file.setFileName(path);
        if (!file.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            return std::nullopt;
        }
    }
    QList<QJsonObject> documents;
    pd::kube::YamlError yamlError;
    if (!pd::kube::parseYamlDocuments(file.readAll(), path, &documents, &yamlError)) {
        *error = yamlError.toString();
        return std::nullopt;
    }
    if (documents.size() != 1) {
        *error = QStringLiteral("%1 must hold exactly one guardrail, found %2 documents").arg(path).arg(documents.size());
        return std::nullopt;
    }
    QString jsonError;
    auto guardrail = pd::core::Guardrail::fromJson(documents.first(), &jsonError);
    if (!guardrail) {
        *error = QStringLiteral("%1: %2").arg(path, jsonError);
        return std::nullopt;
    }
    const QStringList problems = guardrail->validate();
    if (!problems.isEmpty()) {
        *error = QStringLiteral("%1: invalid guardrail:\n  %2").arg(path, problems.join(QStringLiteral("\n  ")));
        return std::nullopt;
    }
    return guardrail;
}

QString scheduleText(const pd::core::Guardrail &g)
{
    return g.schedule.isWorkingHours() ? g.schedule.workingHours : g.schedule.cron + u' ' + g.schedule.timeZone;
}

QString targetText(const pd::core::Guardrail &g)
{
    if (!g.target.environments.isEmpty())
        return g.target.environments.join(u',');
    return g.target.selector.isEmpty() ? QStringLiteral("<all previews>") : g.target.selector;
}

// The next run as "2026-11-26 20:00 CET"; a working-hours pair shows its next edge.
QString nextRunText(const pd::core::Guardrail &g)
{
    if (!g.enabled)
        return QStringLiteral("-");
    const QDateTime next = pd::core::guardrailNextRun(g, QDateTime::currentDateTimeUtc());
    if (!next.isValid())
        return g.validate().isEmpty() ? QStringLiteral("never") : QStringLiteral("?");
    return next.toString(QStringLiteral("yyyy-MM-dd HH:mm t"));
}

QString table(const QList<pd::core::Guardrail> &guardrails)
{
    QList<QStringList> rows{{QStringLiteral("NAME"), QStringLiteral("ENABLED"), QStringLiteral("ACTION"),
                             QStringLiteral("SCHEDULE"), QStringLiteral("TARGET"), QStringLiteral("NEXT RUN")}};
    for (const pd::core::Guardrail &g : guardrails)
        rows.append({g.name, g.enabled ? QStringLiteral("yes") : QStringLiteral("no"), pd::core::guardrailActionName(g.action),
                     scheduleText(g), targetText(g), nextRunText(g)});
    QList<qsizetype> widths(rows.first().size(), 0);
    for (const QStringList &row : std::as_const(rows))
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row.at(i).size());
    QString text;
    for (const QStringList &row : std::as_const(rows)) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i)
            line += i + 1 == row.size() ? row.at(i) : row.at(i).leftJustified(widths[i] + 3);
        text += line.trimmed() + u'\n';
    }
    return text;
}

// Opens the cluster the parsed options name, with a guardrail store over it.
bool openStore(const QCommandLineParser &parser, ClusterConnection *connection,
               std::unique_ptr<pd::core::GuardrailStore> *store, QString *error)
{
    if (!openCluster(parser, connection, error))
        return false;
    *store = std::make_unique<pd::core::GuardrailStore>(connection->client.get());
    return true;
}

pd::core::Mutation mutationOf(pd::core::GuardrailAction action)
{
    switch (action) {
    case pd::core::GuardrailAction::ScaleDown: return pd::core::Mutation::ScaleDown;
    case pd::core::GuardrailAction::ScaleUp: return pd::core::Mutation::ScaleUp;
    case pd::core::GuardrailAction::Destroy: return pd::core::Mutation::Destroy;
    case pd::core::GuardrailAction::Sweep: return pd::core::Mutation::Sweep;
    }
    return pd::core::Mutation::Destroy;
}

} // namespace

int runGuardrailCommand(const QStringList &arguments)
{
    const QString command = QStringLiteral("guardrail");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Guardrails: scheduled scale-down, scale-up, destroy and sweep of previews, run in the cluster as CronJobs.\n\n"
        "  render -f FILE    print the CronJob(s), ServiceAccount and RBAC a guardrail file becomes\n"
        "  apply -f FILE     save a guardrail into the cluster (namespace previewdesk-system)\n"
        "  list [-o json]    the guardrails in the cluster\n"
        "  delete NAME       remove a guardrail and its RBAC"));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("verb"), QStringLiteral("render, apply, list or delete"));
    parser.addOption({{QStringLiteral("f"), QStringLiteral("filename")}, QStringLiteral("Guardrail file (YAML or JSON; - for stdin)."),
                      QStringLiteral("FILE")});
    parser.addOption({{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("list output: table (default) or json."),
                      QStringLiteral("FORMAT"), QStringLiteral("table")});
    parser.addOption({QStringLiteral("image"), QStringLiteral("Container image with sh and kubectl (default %1).")
                                                   .arg(QLatin1String(pd::core::GuardrailRenderer::DefaultImage)),
                      QStringLiteral("IMAGE"), QString::fromLatin1(pd::core::GuardrailRenderer::DefaultImage)});
    addClusterOptions(parser);
    if (!parser.parse(QStringList{QStringLiteral("previewctl guardrail")} + arguments))
        return fail(command, parser.errorText(), 2);
    if (parser.isSet(QStringLiteral("help"))) {
        write(stdout, parser.helpText().toLocal8Bit());
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return fail(command, QStringLiteral("missing verb: render, apply, list or delete"), 2);
    const QString verb = positional.first();
    const QString image = parser.value(QStringLiteral("image"));

    if (verb == QLatin1String("render") || verb == QLatin1String("apply")) {
        if (positional.size() != 1 || !parser.isSet(QStringLiteral("filename")))
            return fail(command, QStringLiteral("usage: previewctl guardrail %1 -f FILE").arg(verb), 2);
        QString error;
        const auto guardrail = readGuardrail(parser.value(QStringLiteral("filename")), &error);
        if (!guardrail)
            return fail(command, error);
        if (verb == QLatin1String("render")) {
            write(stdout, pd::kube::toYamlStream(pd::core::GuardrailRenderer(image).render(*guardrail)));
            return 0;
        }
        ClusterConnection connection;
        std::unique_ptr<pd::core::GuardrailStore> store;
        if (!openStore(parser, &connection, &store, &error))
            return fail(command, error);
        // A guardrail that names a source or protected namespace is refused, not saved to do nothing.
        for (const QString &name : std::as_const(guardrail->target.environments)) {
            bool missing = false;
            const QString refusal = checkMutation(connection, name, mutationOf(guardrail->action),
                                                  pd::core::MutationOverride::None, &missing);
            if (!refusal.isEmpty() && !missing)
                return fail(command, QStringLiteral("guardrail %1 refused: %2").arg(guardrail->name, refusal));
        }
        const pd::core::GuardrailResult applied = awaitResult(store->apply(pd::core::GuardrailDefinition{*guardrail, image, false}));
        if (!applied.ok)
            return fail(command, applied.message());
        write(stdout, QStringLiteral("guardrail %1 applied (%2)\n")
                          .arg(guardrail->name, pd::core::GuardrailRenderer::cronJobNames(*guardrail).join(QStringLiteral(", ")))
                          .toLocal8Bit());
        return 0;
    }
    if (verb == QLatin1String("list")) {
        const QString output = parser.value(QStringLiteral("output"));
        if (positional.size() != 1 || (output != QLatin1String("table") && output != QLatin1String("json")))
            return fail(command, QStringLiteral("usage: previewctl guardrail list [-o table|json]"), 2);
        QString error;
        ClusterConnection connection;
        std::unique_ptr<pd::core::GuardrailStore> store;
        if (!openStore(parser, &connection, &store, &error))
            return fail(command, error);
        const pd::core::GuardrailList listed = awaitResult(store->list());
        if (!listed.ok)
            return fail(command, listed.message());
        QList<pd::core::Guardrail> guardrails;
        for (const pd::core::GuardrailStatus &status : listed.guardrails)
            guardrails.append(status.guardrail());
        if (output == QLatin1String("json")) {
            QJsonArray array;
            for (const pd::core::Guardrail &g : std::as_const(guardrails))
                array.append(g.toJson());
            write(stdout, QJsonDocument(array).toJson());
        } else {
            write(stdout, table(guardrails).toLocal8Bit());
        }
        return 0;
    }
    if (verb == QLatin1String("delete")) {
        if (positional.size() != 2)
            return fail(command, QStringLiteral("usage: previewctl guardrail delete NAME"), 2);
        QString error;
        ClusterConnection connection;
        std::unique_ptr<pd::core::GuardrailStore> store;
        if (!openStore(parser, &connection, &store, &error))
            return fail(command, error);
        const pd::core::GuardrailResult removed = awaitResult(store->remove(positional.at(1)));
        if (!removed.ok)
            return fail(command, removed.message());
        if (!removed.found)
            return fail(command, QStringLiteral("guardrail %1 not found").arg(positional.at(1)));
        write(stdout, QStringLiteral("guardrail %1 deleted\n").arg(positional.at(1)).toLocal8Bit());
        return 0;
    }
    return fail(command, QStringLiteral("unknown verb '%1' (render, apply, list or delete)").arg(verb), 2);
}

namespace {

// Runs a guardrail's script here: sh with the local kubectl, streaming its output.
int runScriptHere(const QString &command, const QCommandLineParser &parser, const pd::core::Guardrail &guardrail)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (parser.isSet(QStringLiteral("kubeconfig")))
        environment.insert(QStringLiteral("KUBECONFIG"), parser.value(QStringLiteral("kubeconfig")));
    environment.insert(QStringLiteral("DRY_RUN"), parser.isSet(QStringLiteral("dry-run")) ? QStringLiteral("1") : QStringLiteral("0"));
    QString script = pd::core::guardrailScript(guardrail);
    if (parser.isSet(QStringLiteral("context"))) {
        // Every kubectl in the script talks to that context.
        environment.insert(QStringLiteral("PREVIEWCTL_CONTEXT"), parser.value(QStringLiteral("context")));
        script.prepend(QStringLiteral("kubectl() { command kubectl --context \"$PREVIEWCTL_CONTEXT\" \"$@\"; }\n"));
    }
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::ForwardedChannels);
    process.start(QStringLiteral("sh"), {QStringLiteral("-c"), script});
    if (!process.waitForStarted())
        return fail(command, QStringLiteral("cannot run sh: %1").arg(process.errorString()));
    process.waitForFinished(-1); // the cluster is elsewhere: blocking here is fine
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : 1;
}

// --force-source: a scale of a source or protected namespace someone named on purpose.
// The guardrail script never touches one, so it runs here through core's actions.
int runForcedScale(const QString &command, ClusterConnection &cluster, const QString &name, bool down)
{
    pd::core::EnvironmentActions actions(cluster.client.get());
    QObject::connect(&actions, &pd::core::EnvironmentActions::progress, &actions,
                     [](const QString &, const QString &message) { printOut(QStringLiteral("== %1\n").arg(message)); });
    const auto override = pd::core::MutationOverride::ForceSource;
    const pd::core::ActionResult result = awaitResult(down ? actions.scaleDown(name, override) : actions.scaleUp(name, override));
    if (!result.ok)
        return fail(command, result.message);
    printOut(result.message + QLatin1Char('\n'));
    return 0;
}

int runPreviewAction(const QString &command, const QStringList &arguments, pd::core::GuardrailAction action,
                     const QString &description, bool takesName)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    const bool scale = action == pd::core::GuardrailAction::ScaleDown || action == pd::core::GuardrailAction::ScaleUp;
    if (takesName)
        parser.addPositionalArgument(QStringLiteral("NAME"), QStringLiteral("The preview (namespace)."));
    if (scale)
        parser.addOption({QStringLiteral("force-source"),
                          QStringLiteral("Scale NAME even though it is a source or protected environment (never a system namespace).")});
    parser.addOption({QStringLiteral("dry-run"), QStringLiteral("Print what would change; change nothing.")});
    addClusterOptions(parser);
    if (!parser.parse(QStringList{QStringLiteral("previewctl ") + command} + arguments))
        return fail(command, parser.errorText(), 2);
    if (parser.isSet(QStringLiteral("help"))) {
        write(stdout, parser.helpText().toLocal8Bit());
        return 0;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != (takesName ? 1 : 0))
        return fail(command, takesName ? QStringLiteral("usage: previewctl %1 NAME").arg(command)
                                       : QStringLiteral("usage: previewctl %1 [--dry-run]").arg(command),
                    2);
    pd::core::Guardrail guardrail;
    guardrail.name = QStringLiteral("previewctl-") + command;
    guardrail.action = action;
    if (takesName)
        guardrail.target.environments = {positional.first()};
    guardrail.schedule = {QStringLiteral("@daily"), QStringLiteral("UTC"), QString()};
    const QStringList problems = guardrail.validate();
    if (!problems.isEmpty())
        return fail(command, problems.join(QStringLiteral("; ")), 2);
    if (takesName) {
        // The same rule as the app: a source, protected, unmanaged or missing namespace is
        // refused with the reason and a non-zero exit, not silently skipped by the script.
        const bool force = scale && parser.isSet(QStringLiteral("force-source"));
        if (force && parser.isSet(QStringLiteral("dry-run")))
            return fail(command, QStringLiteral("--force-source and --dry-run do not go together"), 2);
        ClusterConnection cluster;
        QString error;
        if (!openCluster(parser, &cluster, &error))
            return fail(command, error);
        const QString &name = positional.first();
        const pd::core::Mutation mutation = mutationOf(action);
        const QString refusal = checkMutation(cluster, name, mutation);
        if (!refusal.isEmpty()) {
            if (!force || !checkMutation(cluster, name, mutation, pd::core::MutationOverride::ForceSource).isEmpty())
                return fail(command, QStringLiteral("refused: %1").arg(refusal));
            return runForcedScale(command, cluster, name, action == pd::core::GuardrailAction::ScaleDown);
        }
    }
    return runScriptHere(command, parser, guardrail);
}

} // namespace

int runSweepCommand(const QStringList &arguments)
{
    return runPreviewAction(QStringLiteral("sweep"), arguments, pd::core::GuardrailAction::Sweep,
                            QStringLiteral("Delete every managed, unprotected preview whose expiry (%1, %2 or %3) has passed. "
                                           "Needs sh and kubectl.")
                                .arg(pd::core::contract::ExpiresAtAnnotation, pd::core::contract::JanitorExpiresAnnotation,
                                     pd::core::contract::JanitorTtlAnnotation),
                            false);
}

int runScaleDownCommand(const QStringList &arguments)
{
    return runPreviewAction(QStringLiteral("scale-down"), arguments, pd::core::GuardrailAction::ScaleDown,
                            QStringLiteral("Scale a preview's workloads to zero (recording %1) and suspend its CronJobs. "
                                           "Needs sh and kubectl.")
                                .arg(pd::core::contract::OriginalReplicasAnnotation),
                            true);
}

int runScaleUpCommand(const QStringList &arguments)
{
    return runPreviewAction(QStringLiteral("scale-up"), arguments, pd::core::GuardrailAction::ScaleUp,
                            QStringLiteral("Restore what scale-down recorded for a preview. Needs sh and kubectl."), true);
}

} // namespace pd::cli
