#pragma once

#include "core/cost/clusteridentity.h"
#include "core/session/contextcatalog.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QSettings;
class QWidget;
QT_END_NAMESPACE

namespace pd::core {
class CredentialStore;
class KeychainStore;
class Session;
} // namespace pd::core

namespace pd::gui {

class KubeConfigProblemDialog;
class MainWindow;
class NotificationController;

// What the command line asks for.
struct AppOptions
{
    bool demo = false;            // --demo: start on the embedded sandbox with demo data
    QString kubeconfigPath;       // --kubeconfig FILE (empty: KUBECONFIG, then ~/.kube/config)
    QString context;              // --context NAME (empty: the last one used, then current-context)
};

// The wiring between the contexts (core's ContextCatalog: the kubeconfig plus the
// embedded sandbox, which src/app starts), the Session of the chosen one and the
// MainWindow, so main() stays a few lines:
//
//   QSettings settings;
//   pd::gui::AppController controller(&settings);
//   controller.setSandboxProvider(demo.provider());
//   QString error;
//   if (!controller.start(options, &error)) { ... }
//   return app.exec();
class AppController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AppController)
public:
    // The context switcher's entry for the embedded demo cluster.
    static QString sandboxContextName();
    // Whose cost history the demo cluster's is.
    static pd::core::ClusterIdentity sandboxCluster();

    // settings: window state and the last context (not owned; nullptr: nothing kept).
    explicit AppController(QSettings *settings = nullptr, QObject *parent = nullptr);
    ~AppController() override;

    // How the "Sandbox (demo)" context gets its cluster (without one it cannot open).
    void setSandboxProvider(pd::core::SandboxProvider provider);
    // What "Choose another file…" asks (default: a file dialog); empty: cancelled.
    void setFileChooser(std::function<QString(QWidget *parent)> chooser) { m_chooseFile = std::move(chooser); }

    // Reads the kubeconfig, creates and shows the window and connects to the chosen
    // context (decideStartup()). A kubeconfig that cannot be read shows
    // kubeconfigProblemDialog() first. False (with *error) only when nothing at all
    // can be shown; a missing kubeconfig still offers the sandbox.
    bool start(const AppOptions &options, QString *error = nullptr);

    // Replaces the session with one for `context` (a kubeconfig context or
    // sandboxContextName()); false with *error when it cannot be resolved or started.
    bool switchContext(const QString &context, QString *error = nullptr);

    MainWindow *window() const { return m_window.get(); }
    pd::core::Session *session() const { return m_session.get(); }
    // The tray icon and desktop notifications (Edit > Preferences turns each kind off).
    NotificationController *notifications() const { return m_notifications.get(); }
    QString kubeconfigError() const { return m_catalog.loadError(); }
    // Open while the person decides what to do about an unreadable kubeconfig.
    KubeConfigProblemDialog *kubeconfigProblemDialog() const;

Q_SIGNALS:
    void sessionChanged(pd::core::Session *session);
    // The person chose Quit in the kubeconfig dialog.
    void quitRequested();

public:
    // Tools (MainWindow's menu): one window each per session, raised when open again.
    void openGuardrails();
    void openCost();
    void editContextSettings();
    void editGitHubToken();
    void editPreferences();
    // File > Open kubeconfig / a recent one: reads `path`, lists its contexts and opens its
    // current context; false (the reason in the status line) when it cannot be read.
    bool openKubeconfig(const QString &path);

    // Cost history is recorded per context (default on; tests turn it off or point
    // QStandardPaths at a test location).
    void setCostRecordingEnabled(bool enabled) { m_costRecording = enabled; }

private:
    // Acts on decideStartup()'s answer; false with *error when nothing can be shown.
    bool startWith(const AppOptions &options, QString *error);
    void askAboutKubeConfig(const AppOptions &options);
    bool openWindow(const AppOptions &options, const QString &chosen, QString *error);
    void closeToolWindows();
    // Reads the GitHub token from the keychain into the session, then asks GitHub again.
    void loadGitHubToken(pd::core::Session *session);

    QPointer<QSettings> m_settings;
    pd::core::ContextCatalog m_catalog;
    std::function<QString(QWidget *parent)> m_chooseFile;
    QPointer<KubeConfigProblemDialog> m_problemDialog;
    std::unique_ptr<NotificationController> m_notifications;
    std::unique_ptr<pd::core::Session> m_session;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<pd::core::KeychainStore> m_keychain;
    std::unique_ptr<pd::core::CredentialStore> m_credentials;
    QPointer<QWidget> m_guardrailsWindow;
    QPointer<QWidget> m_costWindow;
    bool m_costRecording = true;
};

} // namespace pd::gui
