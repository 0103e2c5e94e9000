#pragma once

#include "cloneoptions.h"
#include "cloneplan.h"

#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

class QRandomGenerator;

namespace pd::core::clone {

// How a source Secret reaches a preview (DESIGN.md, clone safety 2).
enum class SecretClass {
    ToolRecord,            // a tool's record or a controller's own (droprules.h): not cloned
    ExternalSecretOwned,   // re-fetched by the operator from the cloned ExternalSecret
    Regenerate,            // previewdesk.io/regenerate names keys unique per environment
    NeedsDecision,         // anything else: the person cloning chooses
};

SecretClass classifySecret(const QJsonObject &secret);

struct SecretPlan
{
    QList<QJsonObject> objects;            // Secrets and ExternalSecrets to create
    QList<PlanRow> rows;
    QList<CloneDecision> decisions;        // made or open, one per Secret / ExternalSecret asked about
    QSet<QString> omittedSecrets;          // references to these become optional
};

// Plans every Secret and ExternalSecret of the source. No value of a source
// Secret is ever copied: generated values come from `random` (a CSPRNG in production).
// ExternalSecrets' remote keys that name the source are decided (secretkeyplanner.h).
SecretPlan planSecrets(const QList<QJsonObject> &secrets, const QList<QJsonObject> &externalSecrets,
                       const CloneOptions &options, QRandomGenerator &random);

// A random value for a generated secret key: 32 characters [A-Za-z0-9]; keys
// that name a user get a lower-case identifier safe for database user names.
QByteArray generateSecretValue(const QString &key, QRandomGenerator &random);

} // namespace pd::core::clone
