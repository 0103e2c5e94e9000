#include "clonedecisionflags.h"

#include "clusterconnection.h"

#include "core/clone/cloneplanner.h"
#include "core/clone/cloneprofile.h"
#include "kube/logging.h"

#include <QFile>

namespace pd::cli {

namespace {

using pd::core::CloneDecision;

// Splits NAME=VALUE; false with *error naming the flag's form.
bool splitAssignment(const QString &text, const QString &flag, const QString &form, QString *name, QString *value, QString *error)
{
    const qsizetype equals = text.indexOf(QLatin1Char('='));
    if (equals <= 0 || equals == text.size() - 1) {
        *error = QStringLiteral("--%1 is written %2, got \"%3\"").arg(flag, form, text);
        return false;
    }
    *name = text.left(equals);
    *value = text.mid(equals + 1);
    return true;
}

// The plan's decisions, and any open one the planner recorded only as pending.
QList<CloneDecision> everyDecision(const pd::core::ClonePlan &plan)
{
    QList<CloneDecision> all = plan.decisions;
    for (const CloneDecision &open : plan.pendingDecisions) {
        const bool listed = std::any_of(all.cbegin(), all.cend(), [&](const CloneDecision &d) {
            return d.kind == open.kind && d.object == open.object;
        });
        if (!listed)
            all << open;
    }
    return all;
}

} // namespace

QList<QCommandLineOption> decisionOptions()
{
    return {
        {QStringLiteral("secret"), QStringLiteral("What a secret without an external source gets: generate, omit, ref:STORE/KEY, or stdin (its values as KEY=VALUE lines on standard input; one secret at most). Repeatable."),
         QStringLiteral("SECRET=DECISION")},
        {QStringLiteral("identity"), QStringLiteral("A ServiceAccount's cloud identity (IRSA, GKE, Azure): drop (recommended) or keep. Repeatable."),
         QStringLiteral("SA=drop|keep")},
        {QStringLiteral("secret-key"), QStringLiteral("An ExternalSecret's remote keys that name the source: keep, rewrite or generate. Repeatable."),
         QStringLiteral("EXTERNALSECRET=DECISION")},
        {QStringLiteral("data"), QStringLiteral("What a datastore (a StatefulSet with volume claims, or a PVC) starts with: empty (default), seed (the clone profile's seed Job), snapshot (its golden snapshot), snapshot:NAME (a VolumeSnapshot of the source). Repeatable."),
         QStringLiteral("DATASTORE=DECISION")},
        {QStringLiteral("allow-source-data"), QStringLiteral("Confirm restoring data of a source its clone profile does not mark data-safe, or a snapshot it does not mark golden.")},
    };
}

bool parseDecisionFlags(const QCommandLineParser &parser, pd::core::CloneOptions *options, QString *error)
{
    QString name, value;
    bool readStdin = false;
    for (const QString &text : parser.values(QStringLiteral("secret"))) {
        if (!splitAssignment(text, QStringLiteral("secret"), QStringLiteral("SECRET=generate|omit|ref:STORE/KEY|stdin"), &name, &value, error))
            return false;
        QString why;
        pd::core::SecretDecision parsed;
        if (value == QLatin1String("stdin")) {
            // The values typed or piped in: never on the command line, where `ps` shows them.
            if (readStdin) {
                *error = QStringLiteral("--secret %1: only one --secret can read its values from stdin").arg(text);
                return false;
            }
            readStdin = true;
            QFile in;
            if (!in.open(stdin, QIODevice::ReadOnly)) {
                *error = QStringLiteral("--secret %1: cannot read stdin").arg(text);
                return false;
            }
            parsed = pd::core::SecretDecision::enteredValues(in.readAll(), &why);
            for (const QByteArray &entered : std::as_const(parsed.values))
                pd::log::registerSecretValue(entered);
        } else {
            parsed = pd::core::SecretDecision::parse(value, &why);
        }
        if (parsed.kind == pd::core::SecretDecision::Kind::Undecided) {
            *error = QStringLiteral("--secret %1: %2").arg(text, why);
            return false;
        }
        options->secretDecisions.insert(name, parsed);
    }
    for (const QString &text : parser.values(QStringLiteral("identity"))) {
        if (!splitAssignment(text, QStringLiteral("identity"), QStringLiteral("SA=drop|keep"), &name, &value, error))
            return false;
        QString why;
        const auto parsed = pd::core::parseIdentityDecision(value, &why);
        if (parsed == pd::core::IdentityDecision::Undecided) {
            *error = QStringLiteral("--identity %1: %2").arg(text, why);
            return false;
        }
        options->identityDecisions.insert(name, parsed);
    }
    for (const QString &text : parser.values(QStringLiteral("secret-key"))) {
        if (!splitAssignment(text, QStringLiteral("secret-key"), QStringLiteral("EXTERNALSECRET=keep|rewrite|generate"), &name, &value, error))
            return false;
        QString why;
        const auto parsed = pd::core::parseSecretKeyDecision(value, &why);
        if (parsed == pd::core::SecretKeyDecision::Undecided) {
            *error = QStringLiteral("--secret-key %1: %2").arg(text, why);
            return false;
        }
        options->secretKeyDecisions.insert(name, parsed);
    }
    for (const QString &text : parser.values(QStringLiteral("data"))) {
        if (!splitAssignment(text, QStringLiteral("data"), QStringLiteral("DATASTORE=empty|seed|snapshot[:NAME]"), &name, &value, error))
            return false;
        QString why;
        const auto parsed = pd::core::DataDecision::parse(value, &why);
        if (parsed.kind == pd::core::DataDecision::Kind::Undecided) {
            *error = QStringLiteral("--data %1: %2").arg(text, why);
            return false;
        }
        options->dataDecisions.insert(name, parsed);
    }
    options->allowSourceData = parser.isSet(QStringLiteral("allow-source-data"));
    return true;
}

bool applyCloneProfile(const QCommandLineParser &parser, const QList<QJsonObject> &sourceObjects,
                       const pd::core::PreviewNaming &naming, bool resumed, pd::core::CloneOptions *options, QString *error)
{
    const pd::core::SourceCloneProfile source = pd::core::readCloneProfile(sourceObjects, options->sourceNamespace);
    if (!source.error.isEmpty()) {
        *error = QStringLiteral("the clone profile of %1 cannot be used: %2").arg(options->sourceNamespace, source.error);
        return false;
    }
    if (!parser.isSet(QStringLiteral("host-template")) && !naming.hostTemplate.isEmpty())
        options->hostTemplate = naming.hostTemplate;
    if (parser.isSet(QStringLiteral("name")) || resumed)
        return true;
    options->name = naming.suggestName(*options);
    const QString nameError = pd::core::validatePreviewName(options->name);
    if (!options->name.isEmpty() && !nameError.isEmpty()) {
        const QString from = naming.nameFrom == pd::core::PreviewNaming::From::Profile
            ? QStringLiteral("the clone profile's nameTemplate")
            : QStringLiteral("the name pattern of %1's previews").arg(options->sourceNamespace);
        *error = QStringLiteral("%1 \"%2\" gives \"%3\": %4 (pass --name, or --pr/--branch it uses)")
                     .arg(from, naming.nameTemplate, options->name, nameError);
        return false;
    }
    return true;
}

void printDecisions(const pd::core::ClonePlan &plan)
{
    const QList<CloneDecision> all = everyDecision(plan);
    if (all.isEmpty())
        return;
    printOut(QStringLiteral("\nDecisions (a flag wins over the clone profile):\n"));
    for (const CloneDecision &decision : all) {
        const QString answer = decision.isOpen() ? QStringLiteral("OPEN")
                                                 : QStringLiteral("%1 (%2)").arg(decision.choice, pd::core::decidedByName(decision.decidedBy));
        printOut(QStringLiteral("  %1  %2  %3\n").arg(decision.object, -32).arg(answer, -22).arg(decision.flag()));
        if (decision.isOpen())
            printOut(QStringLiteral("      %1\n").arg(decision.question));
    }
}

int reportOpenDecisions(const pd::core::ClonePlan &plan, DecisionsShown shown)
{
    if (plan.pendingDecisions.isEmpty())
        return 0;
    qsizetype open = 0;
    for (const CloneDecision &decision : plan.pendingDecisions) {
        // The planner's own questions (quota, exposure) are answered by changing the request.
        if (decision.kind == CloneDecision::Kind::Quota || decision.kind == CloneDecision::Kind::Exposure
            || decision.kind == CloneDecision::Kind::Build) {
            printErr(QStringLiteral("previewctl clone: %1\n").arg(decision.question));
            continue;
        }
        ++open;
        if (shown == DecisionsShown::Nowhere)
            printErr(QStringLiteral("decision needed: %1\n  pass %2\n").arg(decision.question, decision.flag()));
    }
    if (shown != DecisionsShown::Nowhere && open > 0)
        printErr(QStringLiteral("previewctl clone: %1 decision(s) open (%2): pass their flags or record them in the "
                                "source's clone profile\n")
                     .arg(open)
                     .arg(shown == DecisionsShown::Listed ? QStringLiteral("marked OPEN above") : QStringLiteral("pendingDecisions in the plan")));
    return 3;
}

} // namespace pd::cli
