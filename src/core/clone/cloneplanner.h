#pragma once

#include "cloneoptions.h"
#include "cloneplan.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>

class QRandomGenerator;

namespace pd::core {

// The clone planner: a pure function from the source's objects and the options
// to a plan. Nothing is read from or written to a cluster here; the clock and
// the random source come in, so the same inputs give the same plan in tests.
// Production passes QRandomGenerator::system() (a CSPRNG) for generated secrets.
ClonePlan planClone(const QList<QJsonObject> &sourceObjects, const CloneOptions &options,
                    const QDateTime &now, QRandomGenerator &random);

// Validates a preview name as the wizard and previewctl do: an RFC 1123 label,
// at most 63 characters. Returns an empty string when valid, else the reason.
QString validatePreviewName(const QString &name);

// The default preview name for a pull request number ("pr-1423").
QString previewNameForPullRequest(int pullRequest);

} // namespace pd::core
