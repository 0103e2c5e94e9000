#include "appcontroller.h"

#include "kube/bindto.h"
#include "clonewizard/clonewizard.h"
#include "contextsettingsdialog.h"
#include "cost/costwindow.h"
#include "githubtokendialog.h"
#include "guardrails/guardraileditor.h"

#include "core/contextsettings.h"
#include "core/cost/costhistory.h"
#include "core/credentialstore.h"
#include "core/forge/githubclient.h"
#include "core/forge/pullrequesttracker.h"
#include "core/keychainstore.h"

#include "kube/kubeconfig.h"
#include "kube/logging.h"
#include "mainwindow.h"
#include "sandbox/sandboxcluster.h"
#include "session.h"

#include <QComboBox>
#include <QStatusBar>
#include <QDir>
#include <QProcessEnvironment>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace pd::gui {

namespace {
const QString kLastContextKey = u"session/lastContext"_s;
} // namespace

QString AppController::sandboxContextName()
{
    return tr("Sandbox (demo)");
}

AppController::AppController(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
}

AppController::~AppController()
{
    closeToolWindows();
    // The session talks to the sandbox: it goes first, the window after it.
    if (m_window)
        m_window->setSession(nullptr);
    m_session.reset();
    m_window.reset();
    m_sandbox.reset();
}

bool AppController::start(const AppOptions &options, QString *error)
{
    QString loadError;
    const std::optional<pd::kube::KubeConfig> config = pd::kube::KubeConfig::load(
            options.kubeconfigPath, QProcessEnvironment::systemEnvironment(), QDir::homePath(), &loadError);
    QStringList contexts;
    if (config) {
        m_kubeconfig = std::make_unique<pd::kube::KubeConfig>(*config);
        contexts = m_kubeconfig->contextNames();
    } else {
        m_kubeconfigError = loadError;
        // Asked for a file explicitly: that is an error; otherwise the sandbox still works.
        if (!options.kubeconfigPath.isEmpty() && !options.demo) {
            if (error)
                *error = loadError;
            return false;
        }
    }
    contexts.append(sandboxContextName());

    QString chosen;
    if (options.demo)
        chosen = sandboxContextName();
    else if (!options.context.isEmpty())
        chosen = options.context;
    else if (m_settings && contexts.contains(m_settings->value(kLastContextKey).toString()))
        chosen = m_settings->value(kLastContextKey).toString();
    else if (m_kubeconfig && contexts.contains(m_kubeconfig->currentContext()))
        chosen = m_kubeconfig->currentContext();
    else
        chosen = contexts.first();
    if (!contexts.contains(chosen)) {
        if (error)
            *error = tr("context \"%1\" is not in the kubeconfig").arg(chosen);
        return false;
    }

    m_window = std::make_unique<MainWindow>(m_settings.data());
    m_window->setContexts(contexts, chosen);
    connect(m_window.get(), &MainWindow::contextRequested, this, [this](const QString &context) {
        QString switchError;
        if (!switchContext(context, &switchError))
            m_window->setConnectionText(switchError);
    });
    // Right-click "Clone…" on an environment opens the wizard on the current session.
    connect(m_window.get(), &MainWindow::cloneRequested, this, [this](const QString &sourceNamespace) {
        if (m_session)
            CloneWizard::openClone(m_session->client(), m_session->discovery(), sourceNamespace, m_window.get());
    });
    connect(m_window.get(), &MainWindow::guardrailsRequested, this, &AppController::openGuardrails);
    connect(m_window.get(), &MainWindow::costRequested, this, &AppController::openCost);
    connect(m_window.get(), &MainWindow::contextSettingsRequested, this, &AppController::editContextSettings);
    connect(m_window.get(), &MainWindow::gitHubTokenRequested, this, &AppController::editGitHubToken);
    m_window->show();

    QString switchError;
    if (!switchContext(chosen, &switchError)) {
        m_window->setConnectionText(switchError);
        if (options.demo || !options.context.isEmpty()) {
            if (error)
                *error = switchError;
            return false;
        }
    }
    if (!m_kubeconfigError.isEmpty() && !options.demo && chosen == sandboxContextName())
        m_window->setConnectionText(m_kubeconfigError);
    return true;
}

bool AppController::ensureSandbox(QString *error)
{
    if (m_sandbox && m_sandbox->isRunning())
        return true;
    m_sandbox = std::make_unique<pd::sandbox::SandboxCluster>();
    pd::sandbox::SandboxOptions options;
    options.demo = true;
    options.controllers = true;
    QString startError;
    if (!m_sandbox->start(options, &startError)) {
        m_sandbox.reset();
        if (error)
            *error = tr("The sandbox cluster did not start: %1").arg(startError);
        return false;
    }
    pd::log::gui()->info("sandbox cluster listening on {}", pd::log::str(m_sandbox->url().toString()));
    return true;
}

bool AppController::switchContext(const QString &context, QString *error)
{
    std::optional<pd::kube::ClusterEndpoint> endpoint;
    if (context == sandboxContextName()) {
        if (!ensureSandbox(error))
            return false;
        endpoint = Session::sandboxEndpoint(*m_sandbox);
    } else {
        QString resolveError;
        if (m_kubeconfig)
            endpoint = m_kubeconfig->endpoint(context, &resolveError);
        if (!endpoint) {
            if (error)
                *error = resolveError.isEmpty() ? tr("no kubeconfig: %1").arg(m_kubeconfigError) : resolveError;
            return false;
        }
    }

    closeToolWindows();
    if (m_window)
        m_window->setSession(nullptr);
    m_session.reset();
    const auto settings = m_settings ? pd::core::ContextSettings::load(m_settings.data(), context)
                                     : pd::core::ContextSettings();
    m_session = std::make_unique<Session>(*endpoint, context, settings);
    if (m_costRecording)
        m_session->enableCostRecording(pd::core::CostHistory::defaultPath(context));
    // The GitHub token comes from the keychain; without one, public repositories still answer.
    if (!m_credentials) {
        m_keychain = std::make_unique<pd::core::KeychainStore>();
        m_credentials = std::make_unique<pd::core::CredentialStore>(m_keychain.get());
    }
    loadGitHubToken(m_session.get());
    if (m_window) {
        m_window->setContexts([this] {
            QStringList items;
            for (int i = 0; i < m_window->contextCombo()->count(); ++i)
                items.append(m_window->contextCombo()->itemText(i));
            return items;
        }(), context);
        m_window->setSession(m_session.get());
        m_window->setWindowTitle(tr("PreviewDesk \u2014 %1").arg(context));
    }
    m_session->start();
    if (m_settings)
        m_settings->setValue(kLastContextKey, context);
    Q_EMIT sessionChanged(m_session.get());
    return true;
}

void AppController::closeToolWindows()
{
    // They hold the session's client and model.
    delete m_guardrailsWindow;
    delete m_costWindow;
}

void AppController::openGuardrails()
{
    if (!m_session || !m_window)
        return;
    if (!m_guardrailsWindow) {
        auto *editor = new GuardrailEditor(m_session->client(), m_session->model(), m_window.get());
        editor->setWindowFlag(Qt::Window);
        editor->setAttribute(Qt::WA_DeleteOnClose);
        editor->setWindowTitle(tr("Guardrails — %1").arg(m_session->displayName()));
        editor->resize(1100, 720);
        m_guardrailsWindow = editor;
    }
    m_guardrailsWindow->show();
    m_guardrailsWindow->raise();
    m_guardrailsWindow->activateWindow();
}

void AppController::openCost()
{
    if (!m_session || !m_window)
        return;
    if (!m_costWindow) {
        auto *window = new CostWindow(m_session.get(), m_window.get());
        window->setAttribute(Qt::WA_DeleteOnClose);
        m_costWindow = window;
    }
    m_costWindow->show();
    m_costWindow->raise();
    m_costWindow->activateWindow();
}

void AppController::editContextSettings()
{
    if (!m_session || !m_window || !m_settings)
        return;
    const QString context = m_session->displayName();
    if (!ContextSettingsDialog::edit(m_settings.data(), context, m_window.get()))
        return;
    // Namespaces and prices shape the whole session: start it again with them.
    QString error;
    if (!switchContext(context, &error))
        m_window->setConnectionText(error);
}

void AppController::editGitHubToken()
{
    if (!m_session || !m_window || !m_credentials)
        return;
    pd::core::GitHubClient *gitHub = m_session->gitHub();
    GitHubTokenDialog dialog(m_credentials.get(), gitHub->host(), gitHub->tokenKey(), m_window.get());
    QPointer<Session> session = m_session.get();
    connect(&dialog, &GitHubTokenDialog::tokenChanged, this, [this, session] {
        if (session)
            loadGitHubToken(session);
    });
    dialog.exec();
}

void AppController::loadGitHubToken(Session *session)
{
    pd::bindTo(session, session->gitHub()->loadToken(m_credentials.get()),
               [session](const pd::core::KeychainResult &) { session->pullRequests()->refreshAll(); });
}

} // namespace pd::gui
