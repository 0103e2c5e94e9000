#pragma once

#include "guardrail.h"

#include <QString>

namespace pd::core {

// The POSIX sh + kubectl script a guardrail's CronJob runs (shown to the user for
// review, so it is written to be read). Every script
// - touches only namespaces matching guardrailTargetSelector() (unprotected managed
//   previews) and re-checks those labels (may_touch) before changing anything;
// - is idempotent: running it twice changes nothing the second time;
// - prints each change instead of making it when DRY_RUN=1;
// - exits 0 when every step worked, 1 otherwise.
// Scale-down records replicas in downscaler/original-replicas and a CronJob's
// former suspend in previewdesk.io/original-suspend; scale-up restores both and
// removes the records. Sweep deletes previews whose previewdesk.io/expires-at, else
// janitor/expires, else creationTimestamp + janitor/ttl has passed (NOW, seconds
// since 1970, may be given in the environment). With a notice period, a Warning
// Event about the namespace comes first (in "default", as kube-janitor puts it; sent
// once, recorded in previewdesk.io/expiry-notice-sent or destroy-notice-sent); destroy
// deletes once the notice period has passed since that notice.
QString guardrailScript(const Guardrail &guardrail, GuardrailAction action);
inline QString guardrailScript(const Guardrail &guardrail)
{
    return guardrailScript(guardrail, guardrail.action);
}

// The selector the script lists namespaces with: the safety terms, then the
// guardrail's own selector.
QString guardrailTargetSelector(const Guardrail &guardrail, GuardrailAction action);

// `text` as one single-quoted sh word.
QString shellQuote(const QString &text);

} // namespace pd::core
