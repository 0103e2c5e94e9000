#include "clonedecision.h"

#include "cloneoptions.h"

namespace pd::core {

QStringList CloneDecision::choices() const
{
    switch (kind) {
    case Kind::Secret: return {QStringLiteral("generate"), QStringLiteral("omit"), QStringLiteral("ref:STORE/KEY"), QStringLiteral("stdin")};
    case Kind::CloudIdentity: return {QStringLiteral("drop"), QStringLiteral("keep")};
    case Kind::SecretKey: return {QStringLiteral("keep"), QStringLiteral("rewrite"), QStringLiteral("generate")};
    case Kind::Data: return {QStringLiteral("empty"), QStringLiteral("seed"), QStringLiteral("snapshot[:NAME]")};
    case Kind::SourceData:
    case Kind::Quota:
    case Kind::Exposure:
    case Kind::Build: break;
    }
    return {};
}

QString CloneDecision::flag() const
{
    const QString answers = choices().join(QLatin1Char('|'));
    switch (kind) {
    case Kind::Secret: return QStringLiteral("--secret %1=%2").arg(name, answers);
    case Kind::CloudIdentity: return QStringLiteral("--identity %1=%2").arg(name, answers);
    case Kind::SecretKey: return QStringLiteral("--secret-key %1=%2").arg(name, answers);
    case Kind::Quota: return QStringLiteral("--replicas-cap N");
    case Kind::Exposure: return QStringLiteral("--expose SVC[:PORT] or --no-ingress");
    case Kind::Build: return QStringLiteral("--mode cd-only, or declare the build in the source");
    case Kind::Data: return QStringLiteral("--data %1=%2").arg(name, answers);
    case Kind::SourceData: return QStringLiteral("--allow-source-data");
    }
    return {};
}

QString CloneDecision::kindName() const
{
    switch (kind) {
    case Kind::Secret: return QStringLiteral("secret");
    case Kind::CloudIdentity: return QStringLiteral("cloud-identity");
    case Kind::SecretKey: return QStringLiteral("secret-key");
    case Kind::Quota: return QStringLiteral("quota");
    case Kind::Exposure: return QStringLiteral("exposure");
    case Kind::Build: return QStringLiteral("build");
    case Kind::Data: return QStringLiteral("data");
    case Kind::SourceData: return QStringLiteral("source-data");
    }
    return {};
}

QJsonObject CloneDecision::toJson() const
{
    return QJsonObject{{QStringLiteral("kind"), kindName()},
                       {QStringLiteral("object"), object},
                       {QStringLiteral("question"), question},
                       {QStringLiteral("choice"), choice},
                       {QStringLiteral("decidedBy"), decidedByName(decidedBy)},
                       {QStringLiteral("flag"), flag()}};
}

QString decidedByName(CloneDecision::DecidedBy by)
{
    switch (by) {
    case CloneDecision::DecidedBy::Nobody: return QStringLiteral("open");
    case CloneDecision::DecidedBy::Flag: return QStringLiteral("flag");
    case CloneDecision::DecidedBy::Profile: return QStringLiteral("profile");
    case CloneDecision::DecidedBy::Default: return QStringLiteral("default");
    }
    return {};
}

IdentityDecision parseIdentityDecision(const QString &text, QString *error)
{
    if (text == QLatin1String("drop"))
        return IdentityDecision::Drop;
    if (text == QLatin1String("keep"))
        return IdentityDecision::Keep;
    if (error)
        *error = QStringLiteral("\"%1\" is not a cloud-identity decision: use drop (recommended) or keep").arg(text);
    return IdentityDecision::Undecided;
}

SecretKeyDecision parseSecretKeyDecision(const QString &text, QString *error)
{
    if (text == QLatin1String("keep"))
        return SecretKeyDecision::Keep;
    if (text == QLatin1String("rewrite"))
        return SecretKeyDecision::Rewrite;
    if (text == QLatin1String("generate"))
        return SecretKeyDecision::Generate;
    if (error)
        *error = QStringLiteral("\"%1\" is not a secret-key decision: use keep, rewrite or generate").arg(text);
    return SecretKeyDecision::Undecided;
}

QString identityDecisionName(IdentityDecision decision)
{
    switch (decision) {
    case IdentityDecision::Drop: return QStringLiteral("drop");
    case IdentityDecision::Keep: return QStringLiteral("keep");
    case IdentityDecision::Undecided: break;
    }
    return {};
}

QString secretKeyDecisionName(SecretKeyDecision decision)
{
    switch (decision) {
    case SecretKeyDecision::Keep: return QStringLiteral("keep");
    case SecretKeyDecision::Rewrite: return QStringLiteral("rewrite");
    case SecretKeyDecision::Generate: return QStringLiteral("generate");
    case SecretKeyDecision::Undecided: break;
    }
    return {};
}

QString SecretDecision::toString() const
{
    switch (kind) {
    case Kind::Generate: return QStringLiteral("generate");
    case Kind::Omit: return QStringLiteral("omit");
    case Kind::Reference: return QStringLiteral("ref:%1/%2").arg(storeName, remoteKey);
    case Kind::EnterValue: return QStringLiteral("entered values");
    case Kind::Undecided: break;
    }
    return {};
}

} // namespace pd::core
