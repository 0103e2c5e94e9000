#include "clonecommand.h"

#include "cancelsignals.h"
#include "clonedecisionflags.h"
#include "clusterconnection.h"
#include "forgeoptions.h"
#include "previewlookup.h"

#include "core/clone/builddeclaration.h"
#include "core/clone/cloneexecutor.h"
#include "core/clone/cloneplanner.h"
#include "core/clone/sourceexporter.h"
#include "core/session/clonesession.h"
#include "core/contract.h"
#include "core/duration.h"
#include "kube/yamljson.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QJsonDocument>

#include <algorithm>
#include <csignal>
#include <optional>

namespace pd::cli {

namespace {

using pd::core::CloneOptions;

const char kUsage[] = "Clones the environment in namespace SOURCE into a new preview NAME, waits until it is\n"
                      "ready and prints its URL. Secrets are never copied: see --secret.\n";

int usage(const QString &message)
{
    printErr(QStringLiteral("previewctl clone: %1\n").arg(message));
    return 2;
}

// --keep-service-type, --expose, --no-ingress, --replicas-cap.
bool parseExposureOptions(const QCommandLineParser &parser, CloneOptions *options, QString *error)
{
    for (const QString &service : parser.values(QStringLiteral("keep-service-type"))) {
        if (!pd::core::validatePreviewName(service).isEmpty()) {
            *error = QStringLiteral("--keep-service-type takes a Service name, got \"%1\"").arg(service);
            return false;
        }
        options->keepServiceTypes.insert(service);
    }
    options->noIngress = parser.isSet(QStringLiteral("no-ingress"));
    if (parser.isSet(QStringLiteral("expose"))) {
        if (options->noIngress) {
            *error = QStringLiteral("--expose and --no-ingress contradict each other: pass one");
            return false;
        }
        const QString expose = parser.value(QStringLiteral("expose"));
        const qsizetype colon = expose.indexOf(QLatin1Char(':'));
        options->exposeService = colon < 0 ? expose : expose.left(colon);
        bool ok = true;
        if (colon >= 0)
            options->exposePort = expose.mid(colon + 1).toInt(&ok);
        if (!pd::core::validatePreviewName(options->exposeService).isEmpty() || !ok
            || (colon >= 0 && (options->exposePort < 1 || options->exposePort > 65535))) {
            *error = QStringLiteral("--expose is written SERVICE or SERVICE:PORT (a port 1-65535), got \"%1\"").arg(expose);
            return false;
        }
    }
    if (parser.isSet(QStringLiteral("replicas-cap"))) {
        bool ok = false;
        options->replicasCap = parser.value(QStringLiteral("replicas-cap")).toInt(&ok);
        if (!ok || options->replicasCap < 1) {
            *error = QStringLiteral("--replicas-cap takes a number of replicas of at least 1, got \"%1\"")
                         .arg(parser.value(QStringLiteral("replicas-cap")));
            return false;
        }
    }
    return true;
}

// What `--resume NAME` reads back from a kept, half-made preview.
struct ResumePoint
{
    QString name;
    QString source;      // previewdesk.io/parent
    QString cloneId;     // previewdesk.io/clone-id: the executor resumes only its own clone
    QJsonObject labels;
    QJsonObject annotations;
};

std::optional<ResumePoint> readResumePoint(ClusterConnection &cluster, const QString &name, QString *error)
{
    using namespace pd::core::contract;
    bool missing = false;
    QString readError;
    const std::optional<QJsonObject> object = readNamespace(cluster, name, &readError, &missing);
    if (!object) {
        *error = missing ? QStringLiteral("--resume %1: no such preview").arg(name) : QStringLiteral("--resume %1: %2").arg(name, readError);
        return std::nullopt;
    }
    const QJsonObject metadata = object->value(QLatin1String("metadata")).toObject();
    ResumePoint point{name, {}, {}, metadata.value(QLatin1String("labels")).toObject(),
                      metadata.value(QLatin1String("annotations")).toObject()};
    point.source = point.annotations.value(ParentAnnotation).toString();
    point.cloneId = point.annotations.value(CloneIdAnnotation).toString();
    if (point.labels.value(ManagedByLabel).toString() != ManagedByValue || point.labels.value(RoleLabel).toString() != RolePreview
        || point.source.isEmpty() || point.cloneId.isEmpty()) {
        *error = QStringLiteral("--resume %1: not a preview made by a PreviewDesk clone (it needs %2=%3, %4=%5, %6 and %7)")
                     .arg(name, ManagedByLabel, ManagedByValue, RoleLabel, RolePreview, ParentAnnotation, CloneIdAnnotation);
        return std::nullopt;
    }
    return point;
}

// The options of the clone being resumed: its source, name and clone id, and what its
// labels recorded (PR, branch, owner, mode) unless given again on the command line.
bool applyResumePoint(const QCommandLineParser &parser, const ResumePoint &point, CloneOptions *options, QString *error)
{
    using namespace pd::core::contract;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1 || (positional.size() == 1 && positional.first() != point.source)) {
        *error = QStringLiteral("--resume %1 clones from %2 (its %3); leave SOURCE out").arg(point.name, point.source, ParentAnnotation);
        return false;
    }
    if (parser.isSet(QStringLiteral("name")) && parser.value(QStringLiteral("name")) != point.name) {
        *error = QStringLiteral("--resume %1 and --name %2 disagree").arg(point.name, parser.value(QStringLiteral("name")));
        return false;
    }
    options->sourceNamespace = point.source;
    options->name = point.name;
    options->cloneId = point.cloneId;
    if (!parser.isSet(QStringLiteral("pr")))
        options->pullRequest = point.labels.value(PrLabel).toString().toInt();
    if (!parser.isSet(QStringLiteral("branch")))
        options->branch = point.labels.value(BranchLabel).toString();
    if (!parser.isSet(QStringLiteral("owner")))
        options->owner = point.labels.value(OwnerLabel).toString();
    if (!parser.isSet(QStringLiteral("mode")) && point.annotations.value(ModeAnnotation).toString() == QLatin1String("ci-cd"))
        options->mode = pd::core::CloneMode::CiCd;
    return true;
}

bool parseOptions(const QCommandLineParser &parser, CloneOptions *options, QString *error, const ResumePoint *resume = nullptr)
{
    const QStringList positional = parser.positionalArguments();
    if (resume) {
        if (!applyResumePoint(parser, *resume, options, error))
            return false;
    } else if (positional.size() != 1) {
        *error = QStringLiteral("name exactly one source environment (got %1)").arg(positional.size());
        return false;
    } else {
        options->sourceNamespace = positional.first();
    }
    if (parser.isSet(QStringLiteral("pr"))) {
        bool ok = false;
        options->pullRequest = parser.value(QStringLiteral("pr")).toInt(&ok);
        if (!ok || options->pullRequest <= 0) {
            *error = QStringLiteral("--pr takes a pull-request number, got \"%1\"").arg(parser.value(QStringLiteral("pr")));
            return false;
        }
    }
    if (!resume)
        options->name = parser.value(QStringLiteral("name"));
    // Without --name the source's naming names the preview once it is read (applyCloneProfile).
    const QString nameError = pd::core::validatePreviewName(options->name);
    if (!nameError.isEmpty() && !options->name.isEmpty()) {
        *error = QStringLiteral("--name: ") + nameError;
        return false;
    }
    if (!resume || parser.isSet(QStringLiteral("branch")))
        options->branch = parser.value(QStringLiteral("branch"));
    if (!resume || parser.isSet(QStringLiteral("owner")))
        options->owner = parser.value(QStringLiteral("owner"));
    if (parser.isSet(QStringLiteral("ttl"))) {
        const auto ttl = pd::core::parseDuration(parser.value(QStringLiteral("ttl")), error);
        if (!ttl)
            return false;
        options->ttl = *ttl;
    }
    const QString mode = parser.value(QStringLiteral("mode"));
    if (mode == QLatin1String("ci-cd"))
        options->mode = pd::core::CloneMode::CiCd;
    else if (resume && !parser.isSet(QStringLiteral("mode"))) {
        // what the resumed preview recorded
    } else if (mode != QLatin1String("cd-only")) {
        *error = QStringLiteral("--mode is cd-only or ci-cd, got \"%1\"").arg(mode);
        return false;
    }
    if (parser.isSet(QStringLiteral("host-template")))
        options->hostTemplate = parser.value(QStringLiteral("host-template"));
    if (!parseDecisionFlags(parser, options, error))
        return false;
    return parseExposureOptions(parser, options, error);
}

void printRows(const pd::core::ClonePlan &plan)
{
    for (const pd::core::PlanRow &row : plan.rows) {
        QString line = QStringLiteral("%1  %2").arg(pd::core::planRuleName(row.rule), -18).arg(row.object);
        if (!row.field.isEmpty())
            line += QStringLiteral("  ") + row.field;
        if (!row.oldValue.isEmpty() || !row.newValue.isEmpty())
            line += QStringLiteral(": %1 -> %2").arg(row.oldValue, row.newValue);
        printOut(line + QLatin1Char('\n'));
    }
    for (const QString &warning : plan.warnings) {
        const bool asked = std::any_of(plan.pendingDecisions.cbegin(), plan.pendingDecisions.cend(),
                                       [&](const pd::core::PendingDecision &d) { return d.question == warning; });
        if (!asked)   // an open decision is printed with its flag below
            printOut(QStringLiteral("warning: %1\n").arg(warning));
    }
    printOut(QStringLiteral("url: %1\n").arg(plan.url.isEmpty() ? QStringLiteral("(none)") : plan.url));
}

int exportManifests(const pd::core::ClonePlan &plan, const QString &directory)
{
    if (!QDir().mkpath(directory)) {
        printErr(QStringLiteral("previewctl clone: cannot create %1\n").arg(directory));
        return 1;
    }
    int index = 0;
    QStringList skipped;
    for (const pd::core::PlannedObject &planned : plan.objects) {
        const QString kind = planned.object.value(QLatin1String("kind")).toString();
        const QString name = planned.object.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
        if (kind == QLatin1String("Secret")) {
            // Generated values do not belong in a Git repository.
            skipped << name;
            continue;
        }
        const QString path = QDir(directory).filePath(QStringLiteral("%1-%2-%3.yaml").arg(++index, 2, 10, QLatin1Char('0'))
                                                          .arg(kind.toLower(), name));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(pd::kube::toYaml(planned.object)) < 0) {
            printErr(QStringLiteral("previewctl clone: cannot write %1: %2\n").arg(path, file.errorString()));
            return 1;
        }
    }
    printOut(QStringLiteral("Wrote %1 manifests to %2\n").arg(index).arg(directory));
    if (!skipped.isEmpty())
        printErr(QStringLiteral("note: generated Secrets are not exported (%1); create them with your secret tooling "
                                "(for example an ExternalSecret) before syncing.\n").arg(skipped.join(QStringLiteral(", "))));
    return 0;
}

} // namespace

int runCloneCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QString::fromLatin1(kUsage));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("SOURCE"), QStringLiteral("The source environment's namespace."));
    parser.addOptions({
        {QStringLiteral("name"), QStringLiteral("The preview's name (default: the source's naming: its clone profile, "
                                                          "else its previews' pattern, else pr-<N> with --pr)."), QStringLiteral("NAME")},
        {QStringLiteral("pr"), QStringLiteral("The pull request number."), QStringLiteral("N")},
        {QStringLiteral("branch"), QStringLiteral("The pull request's branch."), QStringLiteral("BRANCH")},
        {QStringLiteral("owner"), QStringLiteral("Who owns the preview (gets a least-privilege role in it)."), QStringLiteral("USER")},
        {QStringLiteral("ttl"), QStringLiteral("Time to live, e.g. 72h or 3d (default 72h)."), QStringLiteral("DURATION")},
        {QStringLiteral("mode"), QStringLiteral("cd-only keeps the source's images; ci-cd dispatches the source's build workflow "
                                                "(%1 and the clone profile's ciImages, ciArtifact) for the PR's head, follows "
                                                "its run and runs the images it built, pinned by digest.").arg(pd::core::contract::CiWorkflowAnnotation),
         QStringLiteral("MODE"), QStringLiteral("cd-only")},
        {QStringLiteral("build-poll-interval"), QStringLiteral("ci-cd: seconds between two looks at the build's run (default 10)."),
         QStringLiteral("SECONDS"), QStringLiteral("10")},
        {QStringLiteral("host-template"), QStringLiteral("Ingress host template (default: the source's naming, else {name}.preview.example.com)."), QStringLiteral("TEMPLATE")},
        {QStringLiteral("dry-run"), QStringLiteral("Print the plan; write nothing.")},
        {{QStringLiteral("o"), QStringLiteral("output")}, QStringLiteral("Output format: text or json."), QStringLiteral("FORMAT"), QStringLiteral("text")},
        {QStringLiteral("export"), QStringLiteral("Write the plan as manifests into DIR (for GitOps) instead of creating it."), QStringLiteral("DIR")},
        {QStringLiteral("timeout"), QStringLiteral("Seconds to wait for readiness (default 300)."), QStringLiteral("SECONDS"), QStringLiteral("300")},
        {QStringLiteral("keep-on-failure"), QStringLiteral("On a failure or SIGINT/SIGTERM keep the half-made preview, marked "
                                                           "%1, instead of rolling it back.").arg(pd::core::contract::IncompleteAnnotation)},
        {QStringLiteral("resume"), QStringLiteral("Complete the kept, half-made preview NAME: re-plan from its source "
                                                  "(%1), create what is missing. Implies --keep-on-failure.").arg(pd::core::contract::ParentAnnotation),
         QStringLiteral("NAME")},
        {QStringLiteral("keep-service-type"), QStringLiteral("Keep Service SVC a LoadBalancer/NodePort (default: ClusterIP in a preview). Repeatable."),
         QStringLiteral("SVC")},
        {QStringLiteral("expose"), QStringLiteral("Give the preview its URL through an Ingress to Service SVC (default: the source's front Service)."),
         QStringLiteral("SVC[:PORT]")},
        {QStringLiteral("no-ingress"), QStringLiteral("Make no Ingress for a source without one (the preview gets no URL).")},
        {QStringLiteral("replicas-cap"), QStringLiteral("At most N replicas per workload (under the context's cap)."), QStringLiteral("N")},
    });
    parser.addOptions(decisionOptions());
    addForgeOptions(parser, true);
    addClusterOptions(parser);
    if (!parser.parse(QStringList{QStringLiteral("previewctl clone")} + arguments))
        return usage(parser.errorText());
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(commandHelp(parser, QStringLiteral("Usage: previewctl clone SOURCE --name NAME [options]")));
        return 0;
    }
    CloneOptions options;
    QString error;
    ClusterConnection cluster;
    std::optional<ResumePoint> resume;
    if (parser.isSet(QStringLiteral("resume"))) {
        // The options come from the preview itself, so the cluster is needed first.
        if (!openCluster(parser, &cluster, &error)) {
            printErr(QStringLiteral("previewctl clone: %1\n").arg(error));
            return 1;
        }
        resume = readResumePoint(cluster, parser.value(QStringLiteral("resume")), &error);
        if (!resume) {
            printErr(QStringLiteral("previewctl clone: %1\n").arg(error));
            return 1;
        }
    }
    if (!parseOptions(parser, &options, &error, resume ? &*resume : nullptr))
        return usage(error);
    const bool json = parser.value(QStringLiteral("output")) == QLatin1String("json");
    bool pollOk = false;
    const int pollSeconds = parser.value(QStringLiteral("build-poll-interval")).toInt(&pollOk);
    if (!pollOk || pollSeconds < 0)
        return usage(QStringLiteral("--build-poll-interval takes a number of seconds, got \"%1\"").arg(parser.value(QStringLiteral("build-poll-interval"))));
    ForgeConnection forge;
    const bool report = parser.isSet(QStringLiteral("report-to-pr"));
    QString forgeError;
    if (!report && options.mode == pd::core::CloneMode::CiCd) {
        // The build is dispatched on the pull request's forge; whether one is needed is known
        // once the source is read (a source without a declared build is refused either way).
        if (openForge(parser, &forge, &forgeError))
            options.repository = forge.target.repository;
    }
    if (report) {
        if (options.pullRequest <= 0)
            return usage(QStringLiteral("--report-to-pr needs the pull request: pass --pr N"));
        if (!openForge(parser, &forge, &error))
            return usage(QStringLiteral("--report-to-pr: ") + error);
        // The app follows the preview's pull request through this annotation.
        options.repository = forge.target.repository;
    }

    if (!resume && !openCluster(parser, &cluster, &error)) {
        printErr(QStringLiteral("previewctl clone: %1\n").arg(error));
        return 1;
    }
    QObject context;
    // The same clone session as the wizard's: export, served APIs, plan, run.
    pd::core::CloneSession clone(cluster.client.get(), cluster.discovery.get(), options.sourceNamespace);
    clone.setOptions(options);
    const pd::core::SourceSnapshot source = awaitResult(clone.load());
    if (!source.ok()) {
        printErr(QStringLiteral("previewctl clone: %1\n").arg(source.error));
        return 1;
    }
    options = clone.options();
    if (!applyCloneProfile(parser, source.objects, clone.naming(), resume.has_value(), &options, &error)) {
        printErr(QStringLiteral("previewctl clone: %1\n").arg(error));
        return 1;
    }
    if (options.name.isEmpty())
        return usage(QStringLiteral("--name: a name is required (or --pr N, or a nameTemplate in the source's clone profile)"));
    const bool building = options.mode == pd::core::CloneMode::CiCd
        && pd::core::readBuildDeclaration(source.objects, options.sourceNamespace).declared();
    if (building && !parser.isSet(QStringLiteral("dry-run")) && !parser.isSet(QStringLiteral("export"))) {
        if (options.pullRequest <= 0)
            return usage(QStringLiteral("--mode ci-cd builds a pull request: pass --pr N"));
        if (!forge.client)
            return usage(QStringLiteral("--mode ci-cd dispatches the source's build on GitHub: ") + forgeError);
    }
    if (building && parser.isSet(QStringLiteral("export")))
        return usage(QStringLiteral("--export writes manifests without building: the images of --mode ci-cd are not known yet; "
                                    "use --mode cd-only, or clone without --export"));
    clone.setForge(forge.client.get(), forge.target.repository);
    clone.setBuildPollInterval(std::chrono::seconds(pollSeconds));

    clone.setOptions(options);
    const pd::core::ClonePlan plan = clone.plan();
    if (parser.isSet(QStringLiteral("dry-run"))) {
        if (json)
            printOut(QString::fromUtf8(QJsonDocument(plan.toJson()).toJson()));
        else
            printRows(plan);
    }
    const bool dryRun = parser.isSet(QStringLiteral("dry-run"));
    if (dryRun && !json)
        printDecisions(plan);
    if (const int open = reportOpenDecisions(plan, !dryRun ? DecisionsShown::Nowhere
                                                     : json ? DecisionsShown::InJson
                                                            : DecisionsShown::Listed))
        return open;
    if (parser.isSet(QStringLiteral("dry-run")))
        return 0;
    if (parser.isSet(QStringLiteral("export")))
        return exportManifests(plan, parser.value(QStringLiteral("export")));

    pd::core::CloneExecutor::Options runOptions;
    runOptions.readyTimeout = std::chrono::seconds(parser.value(QStringLiteral("timeout")).toInt());
    // A resumed preview was kept on purpose: a second failure keeps it again.
    runOptions.keepOnFailure = parser.isSet(QStringLiteral("keep-on-failure")) || resume.has_value();
    QObject::connect(&clone, &pd::core::CloneSession::phaseChanged, &context, [json](const QString &phase) {
        if (!json)
            printOut(QStringLiteral("== %1\n").arg(phase));
    });
    QObject::connect(&clone, &pd::core::CloneSession::objectStateChanged, &context,
                     [json](const QString &object, pd::core::CloneObjectState state, const QString &detail) {
                         if (json || state == pd::core::CloneObjectState::Pending || state == pd::core::CloneObjectState::Checked)
                             return;
                         printOut(QStringLiteral("   %1 %2%3\n").arg(pd::core::cloneObjectStateName(state), -13).arg(object)
                                      .arg(detail.isEmpty() ? QString() : QStringLiteral(": ") + detail));
                     });
    QEventLoop loop;
    pd::core::CloneOutcome outcome;
    QObject::connect(&clone, &pd::core::CloneSession::finished, &loop, [&](const pd::core::CloneOutcome &result) {
        outcome = result;
        loop.quit();
    });
    // A cancelled CI job (SIGTERM) or Ctrl+C (SIGINT): roll back, or keep it marked incomplete.
    CancelSignals cancelSignals;
    QObject::connect(&cancelSignals, &CancelSignals::cancelRequested, &context, [&](int number) {
        if (cancelSignals.received() != number || !clone.isRunning())
            return;   // a repeat while the first one is being handled
        printErr(QStringLiteral("previewctl clone: %1 received: %2\n")
                     .arg(number == SIGTERM ? QStringLiteral("SIGTERM") : QStringLiteral("SIGINT"),
                          runOptions.keepOnFailure ? QStringLiteral("stopping, the preview is kept marked incomplete")
                                                   : QStringLiteral("rolling back")));
        clone.cancel();
    });
    pd::core::PreviewReport started;
    qint64 deploymentId = 0;
    bool reported = true;
    if (report) {
        started.name = plan.targetNamespace;
        started.pullRequest = options.pullRequest;
        started.url = QUrl(plan.url);
        started.source = options.sourceNamespace;
        started.mode = pd::core::cloneModeName(options.mode);
        forge.complete(&started);
        const pd::core::ReportOutcome begun = awaitResult(forge.reporter->begin(started));
        deploymentId = begun.deploymentId;
        if (!begun.ok) {
            printErr(QStringLiteral("previewctl clone: reporting to the pull request failed: %1\n").arg(begun.message));
            reported = false;
        }
    }
    clone.start(runOptions);
    if (clone.isRunning())
        loop.exec();
    if (report) {
        QString readError;
        const std::optional<QJsonObject> made = readNamespace(cluster, plan.targetNamespace, &readError);
        pd::core::PreviewReport done = made ? pd::core::PreviewReport::fromNamespace(*made) : started;
        forge.complete(&done);
        done.pullRequest = options.pullRequest;
        done.phase = outcome.ok ? pd::core::PreviewReport::Phase::Ready : pd::core::PreviewReport::Phase::Failed;
        done.reason = outcome.ok ? QString() : outcome.message;
        if (!outcome.url.isEmpty())
            done.url = QUrl(outcome.url);
        done.at = QDateTime::currentDateTimeUtc();
        reported = printReport(QStringLiteral("clone"), plan.targetNamespace, forge.reporter->finish(done, deploymentId), json) && reported;
    }
    if (json) {
        printOut(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("ok"), outcome.ok},
                                                             {QStringLiteral("name"), plan.targetNamespace},
                                                             {QStringLiteral("url"), outcome.url},
                                                             {QStringLiteral("message"), outcome.message},
                                                             {QStringLiteral("rolledBack"), outcome.rolledBack},
                                                             {QStringLiteral("incomplete"), outcome.keptIncomplete}}).toJson()));
    } else if (outcome.ok) {
        printOut(QStringLiteral("%1\n").arg(outcome.message));
        if (!outcome.url.isEmpty())
            printOut(outcome.url + QLatin1Char('\n'));
    }
    if (!outcome.ok)
        printErr(QStringLiteral("previewctl clone: %1\n").arg(outcome.message));
    if (cancelSignals.received() != 0)
        return cancelSignals.exitCode();   // 130 / 143, as a shell reports a process ended by the signal
    return outcome.ok && reported ? 0 : 1;
}

} // namespace pd::cli
