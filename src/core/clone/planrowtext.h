#pragma once

#include "planrow.h"

#include <QString>

namespace pd::core {

// How a plan row reads to a person: the wizard's review and previewctl's plan both
// say a rule in these words, sort rows the same way and mark the same changed part.

// Rows that change what the preview means (hosts, DNS names, prefixes, passwords,
// identities, images, quota) against bookkeeping every clone does (server fields
// removed, controller objects dropped, lineage labels).
enum class PlanRowWeight { Meaning, Bookkeeping };
PlanRowWeight planRowWeight(PlanRule rule);

// A few words naming the rule ("Host of the preview's URL"), translated; the sentence
// that explains it is planRuleDescription() (planrow.h).
QString planRuleTitle(PlanRule rule);

// The part of two values that differs: both share `prefix` characters at the start
// and `suffix` at the end; the rest is what changed (old: mid(prefix, oldLength)).
struct ChangedPart
{
    qsizetype prefix = 0;
    qsizetype suffix = 0;
    qsizetype oldLength = 0;
    qsizetype newLength = 0;
};
ChangedPart changedPart(const QString &oldValue, const QString &newValue);

} // namespace pd::core
