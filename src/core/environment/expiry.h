#pragma once
// The one expiry rule (DESIGN.md, "The label and annotation contract"): every place that
// asks when a namespace expires asks effectiveExpiry().
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace pd::core {

struct Expiry
{
    QDateTime at;      // UTC; invalid: never expires
    QString source;    // the annotation it came from; empty when it never expires
    bool isValid() const { return at.isValid(); }
};

// When the namespace whose metadata this is expires: the earliest of the contract's
// expires-at (RFC 3339), kube-janitor's janitor/expires and creationTimestamp +
// janitor/ttl, considered in that order (on a tie the earlier names the source).
// Malformed values and a ttl of "forever" count as absent.
Expiry effectiveExpiry(const QJsonObject &metadata);

} // namespace pd::core
