#pragma once
// The real kubectl is a judge of our parsers and of the sandbox: a test that needs it fails
// when it is missing, so a machine without it cannot pass with holes. Only an explicit
// PREVIEWDESK_ALLOW_MISSING_KUBECTL=1 (never set in CI) turns the failure into a skip.
#include <QStandardPaths>
#include <QTest>

namespace pd::test {
inline bool missingKubectlAllowed()
{
    return qEnvironmentVariableIntValue("PREVIEWDESK_ALLOW_MISSING_KUBECTL") == 1;
}
} // namespace pd::test

#define PD_REQUIRE_KUBECTL()                                                                               \
    do {                                                                                                   \
        if (QStandardPaths::findExecutable(QStringLiteral("kubectl")).isEmpty()) {                         \
            if (pd::test::missingKubectlAllowed())                                                         \
                QSKIP("kubectl is not on the PATH (skipped: PREVIEWDESK_ALLOW_MISSING_KUBECTL=1)");       \
            QFAIL("kubectl 1.32 is not on the PATH: install it (README, Tests) or set "                    \
                  "PREVIEWDESK_ALLOW_MISSING_KUBECTL=1 to skip the tests that need it");                   \
        }                                                                                                  \
    } while (false)
