#pragma once

#include "planrow.h"
#include "textrewriter.h"

#include <QJsonObject>
#include <QList>

namespace pd::core::clone {

// The last pass of the planner (issue 12, item 4): the source's name never
// survives silently. Every occurrence of the source's name as a token (any case:
// no letter or digit right before or after it) still present in a planned object,
// in a value or a key, gets a row "kept: <reason>" (rule Kept) naming the object
// and the field ("data.app.conf", "metadata.labels.team (key)"). Secret values are
// not read: they are fresh (secretplanner.h). The reason comes from where the
// text stands (lineage, object names, images, secret-manager keys, variable
// names) or from the rewriter (names of kept objects, foreign hosts, case variants).
// A reason starting "no rule" means a rule is missing: the tests fail on it.
void listSurvivingNames(const QList<QJsonObject> &planned, const QString &sourceNamespace, const TextRewriter &rewriter,
                        QList<PlanRow> *rows);

// The text of a row whose reason says that no rule covers the occurrence.
inline constexpr QLatin1StringView kNoRuleReason{"no rule rewrites it here"};

} // namespace pd::core::clone
