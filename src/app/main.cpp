// previewdesk: parse the command line, set up logging, start the demo sandbox when
// asked for and hand over to the GUI's AppController. Everything else lives in the
// libraries.
#include "app/demosandbox.h"
#include "core/i18n/translationloader.h"
#include "gui/appcontroller.h"
#include "kube/logging.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QSettings>

#include <cstring>

namespace {

struct Options
{
    QCommandLineOption demo{QStringLiteral("demo"),
                            QCoreApplication::translate("previewdesk", "Run the embedded sandbox cluster in-process, with demo data, and connect to it.")};
    QCommandLineOption kubeconfig{QStringLiteral("kubeconfig"),
                                  QCoreApplication::translate("previewdesk", "Read clusters from <file> instead of $KUBECONFIG or ~/.kube/config."),
                                  QStringLiteral("file")};
    QCommandLineOption context{QStringLiteral("context"),
                               QCoreApplication::translate("previewdesk", "Connect to the kubeconfig context <name> (default: the last one used)."),
                               QStringLiteral("name")};
    QCommandLineOption logFile{QStringLiteral("log-file"),
                               QCoreApplication::translate("previewdesk", "Also write the log to <file> (rotated). Level: PREVIEWDESK_LOG=trace..off."),
                               QStringLiteral("file")};

    void addTo(QCommandLineParser &parser) const
    {
        parser.setApplicationDescription(QCoreApplication::translate("previewdesk", "PreviewDesk: preview environments on Kubernetes, "
                                                                      "one namespace per pull request."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOptions({demo, kubeconfig, context, logFile});
    }
};

// --help and --version must work without a display (scripts, CI, packaging checks).
bool asksForHelpOrVersion(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i) {
        for (const char *flag : {"-h", "--help", "-?", "--help-all", "-v", "--version"}) {
            if (std::strcmp(argv[i], flag) == 0)
                return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setApplicationName(QStringLiteral("previewdesk"));
    QCoreApplication::setOrganizationName(QStringLiteral("PreviewDesk"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PREVIEWDESK_VERSION));

    if (asksForHelpOrVersion(argc, argv)) {
        QCoreApplication app(argc, argv);
        pd::core::UiLanguages::install(&app);
        const Options options;   // its texts are translated
        QCommandLineParser parser;
        options.addTo(parser);
        parser.process(app); // prints and exits
        return 0;
    }

    QApplication app(argc, argv);
    pd::core::UiLanguages::install(&app);
    const Options options;
    QApplication::setApplicationDisplayName(QStringLiteral("PreviewDesk"));
    QGuiApplication::setDesktopFileName(QStringLiteral("io.previewdesk.PreviewDesk"));
    QCommandLineParser parser;
    options.addTo(parser);
    parser.process(app);
    if (!parser.positionalArguments().isEmpty())
        parser.showHelp(2);

    pd::log::setup(parser.value(options.logFile));
    pd::log::routeQtMessages(pd::log::gui());

    pd::gui::AppOptions appOptions;
    appOptions.demo = parser.isSet(options.demo);
    appOptions.kubeconfigPath = parser.value(options.kubeconfig);
    appOptions.context = parser.value(options.context);

    QSettings settings;
    pd::app::DemoSandbox demo;   // outlives the controller and its sessions
    pd::gui::AppController controller(&settings);
    controller.setSandboxProvider(demo.provider());
    // "Quit" in the dialog about an unreadable kubeconfig: nothing was started.
    QObject::connect(&controller, &pd::gui::AppController::quitRequested, &app, [] { QCoreApplication::exit(1); });
    QString error;
    if (!controller.start(appOptions, &error)) {
        pd::log::gui()->critical("Cannot start: {}", error);
        QMessageBox::critical(nullptr, QApplication::applicationDisplayName(), error);
        return 1;
    }
    return app.exec();
}
