#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QSettings;
class QWidget;
QT_END_NAMESPACE

namespace pd::kube {
class KubeConfig;
}
namespace pd::core {
class CredentialStore;
class KeychainStore;
} // namespace pd::core
namespace pd::sandbox {
class SandboxCluster;
}

namespace pd::gui {

class MainWindow;
class Session;

// What the command line asks for.
struct AppOptions
{
    bool demo = false;            // --demo: start on the embedded sandbox with demo data
    QString kubeconfigPath;       // --kubeconfig FILE (empty: KUBECONFIG, then ~/.kube/config)
    QString context;              // --context NAME (empty: the last one used, then current-context)
};

// The wiring between kubeconfig contexts (plus the embedded sandbox), the Session
// of the chosen one and the MainWindow, so main() stays a few lines:
//
//   QSettings settings;
//   pd::gui::AppController controller(&settings);
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

    // settings: window state and the last context (not owned; nullptr: nothing kept).
    explicit AppController(QSettings *settings = nullptr, QObject *parent = nullptr);
    ~AppController() override;

    // Reads the kubeconfig, creates and shows the window and connects to the chosen
    // context. False (with *error) only when nothing at all can be shown; a missing
    // kubeconfig still offers the sandbox.
    bool start(const AppOptions &options, QString *error = nullptr);

    // Replaces the session with one for `context` (a kubeconfig context or
    // sandboxContextName()); false with *error when it cannot be resolved or started.
    bool switchContext(const QString &context, QString *error = nullptr);

    MainWindow *window() const { return m_window.get(); }
    Session *session() const { return m_session.get(); }
    pd::sandbox::SandboxCluster *sandbox() const { return m_sandbox.get(); }
    QString kubeconfigError() const { return m_kubeconfigError; }

Q_SIGNALS:
    void sessionChanged(pd::gui::Session *session);

public:
    // Tools (MainWindow's menu): one window each per session, raised when open again.
    void openGuardrails();
    void openCost();
    void editContextSettings();
    void editGitHubToken();

    // Cost history is recorded per context (default on; tests turn it off or point
    // QStandardPaths at a test location).
    void setCostRecordingEnabled(bool enabled) { m_costRecording = enabled; }

private:
    bool ensureSandbox(QString *error);
    void closeToolWindows();
    // Reads the GitHub token from the keychain into the session, then asks GitHub again.
    void loadGitHubToken(Session *session);

    QPointer<QSettings> m_settings;
    std::unique_ptr<pd::kube::KubeConfig> m_kubeconfig;
    QString m_kubeconfigError;
    std::unique_ptr<pd::sandbox::SandboxCluster> m_sandbox;
    std::unique_ptr<Session> m_session;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<pd::core::KeychainStore> m_keychain;
    std::unique_ptr<pd::core::CredentialStore> m_credentials;
    QPointer<QWidget> m_guardrailsWindow;
    QPointer<QWidget> m_costWindow;
    bool m_costRecording = true;
};

} // namespace pd::gui
