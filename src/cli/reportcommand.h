#pragma once

#include <QStringList>

namespace pd::cli {

// previewctl report NAME | --pr N: refreshes each preview's deployment status and its one
// comment on the pull request from what its namespace says now.
int runReportCommand(const QStringList &arguments);

// previewctl extend NAME | --pr N [--ttl D]: renews the expiry to now + TTL (default: the
// TTL the preview recorded), noting when in previewdesk.io/renewed-at.
int runExtendCommand(const QStringList &arguments);

} // namespace pd::cli
