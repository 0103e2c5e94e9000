#pragma once

#include "guardrail.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace pd::core {

struct Environment;

// An environment the guardrail's target names or selects but that it will not act
// on, and why ("staging is a source environment ...").
struct GuardrailExclusion
{
    QString name;
    QString reason;

    friend bool operator==(const GuardrailExclusion &, const GuardrailExclusion &) = default;
};

// What a guardrail would act on if it ran now, for review in the editor.
struct GuardrailReach
{
    QStringList touched;                 // environment names, in the given order
    QList<GuardrailExclusion> excluded;  // targeted, but kept safe (or not there)
};

// Applies the guardrail's target (label selector or named environments; neither:
// every environment) and then the rules its script enforces: mutationRefusal() (only
// managed, unprotected previews, never sources) and sweep only what has expired at
// `now`. A named environment that does not exist is excluded.
GuardrailReach guardrailReach(const Guardrail &guardrail, const QList<Environment> &environments, const QDateTime &now);

} // namespace pd::core
