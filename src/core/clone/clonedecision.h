#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace pd::core {

enum class IdentityDecision;
enum class SecretKeyDecision;

// One decision a clone needs from a person (or a pipeline): what a secret without
// an external source gets, whether a ServiceAccount keeps its cloud identity, what
// happens to secret-manager keys that name the source. Every kind has a previewctl
// flag that decides it; the source's clone profile may hold a standing answer.
struct CloneDecision
{
    // Quota: the environment does not fit under the context's quota cap.
    // Exposure: the Service or port asked to serve the preview's URL does not exist.
    // Build: CI+CD mode, but the source does not declare its build (builddeclaration.h).
    // Data: what a datastore starts with (datadecision.h). SourceData: restoring data of
    // a source its profile does not mark data-safe, which the person cloning must confirm.
    enum class Kind { Secret, CloudIdentity, SecretKey, Quota, Exposure, Build, Data, SourceData };
    // Who answered: nobody yet (the clone cannot start), a flag or the wizard,
    // the source's clone profile, or the planner's documented default.
    enum class DecidedBy { Nobody, Flag, Profile, Default };

    Kind kind = Kind::Secret;
    QString object;       // "ServiceAccount/checkout"
    QString name;         // "checkout": what the flag names
    QString question;     // plain words: what is asked and why
    QString choice;       // "drop", "generate", "ref:vault/shop/x", "rewrite" ...; empty while open
    DecidedBy decidedBy = DecidedBy::Nobody;

    bool isOpen() const { return decidedBy == DecidedBy::Nobody; }
    // The answers previewctl takes, the recommended one first ("drop", "keep");
    // empty for Quota, Exposure, Build and SourceData, which a flag or the source settles.
    QStringList choices() const;
    // The flag that decides it: "--identity checkout=drop|keep".
    QString flag() const;
    QString kindName() const;   // "secret", "cloud-identity", "secret-key", "quota", "exposure", "build", "data", "source-data"
    QJsonObject toJson() const;
};

QString decidedByName(CloneDecision::DecidedBy by);   // "open", "flag", "profile", "default"

// previewctl's and the clone profile's spelling of a decision. Each returns the
// decision, or Undecided with *error saying what is accepted.
IdentityDecision parseIdentityDecision(const QString &text, QString *error = nullptr);
SecretKeyDecision parseSecretKeyDecision(const QString &text, QString *error = nullptr);
QString identityDecisionName(IdentityDecision decision);     // "drop" | "keep" | ""
QString secretKeyDecisionName(SecretKeyDecision decision);   // "keep" | "rewrite" | "generate" | ""

} // namespace pd::core
