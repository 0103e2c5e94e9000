// previewctl: PreviewDesk headless. main() only sets up the application and
// logging; dispatcher.cpp maps `previewctl <command>` to the command's function.
#include "dispatcher.h"

#include "core/i18n/translationloader.h"
#include "kube/logging.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("previewctl"));
    QCoreApplication::setOrganizationName(QStringLiteral("PreviewDesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PREVIEWDESK_VERSION));
    pd::core::UiLanguages::install(&app);
    pd::log::setup();
    pd::log::routeQtMessages(pd::log::cli());
    return pd::cli::dispatch(QCoreApplication::arguments().mid(1));
}
