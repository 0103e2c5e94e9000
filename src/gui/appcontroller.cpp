#include "appcontroller.h"

#include "appearance.h"

#include "kube/bindto.h"
#include "clonewizard/clonewizard.h"
#include "contextsettingsdialog.h"
#include "cost/costwindow.h"
#include "githubtokendialog.h"
#include "guardrails/guardraileditor.h"
#include "guardrails/guardraillistmodel.h"

#include "core/contextsettings.h"
#include "core/cost/costhistory.h"
#include "core/credentialstore.h"
#include "core/forge/githubclient.h"
#include "core/forge/pullrequesttracker.h"
#include "core/keychainstore.h"
#include "core/session/clonesession.h"
#include "core/session/session.h"

#include "kube/logging.h"
#include "kubeconfigproblemdialog.h"
#include "mainwindow.h"
#include "notifications/notificationcontroller.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QProcessEnvironment>
#include <QSettings>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace pd::gui {

namespace {
const QString kLastContextKey = u"session/lastContext"_s;
} // namespace

QString AppController::sandboxContextName()
{
    return pd::core::ContextCatalog::sandboxContextName();
}

pd::core::ClusterIdentity AppController::sandboxCluster()
{
    return pd::core::ClusterIdentity::embeddedSandbox(sandboxContextName());
}

AppController::AppController(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_catalog(QProcessEnvironment::systemEnvironment(), QDir::homePath())
    , m_chooseFile([](QWidget *dialogParent) {
        return QFileDialog::getOpenFileName(dialogParent, tr("Choose a kubeconfig"), QDir::homePath());
    })
    , m_notifications(std::make_unique<NotificationController>(settings))
{
    connect(m_notifications.get(), &NotificationController::guardrailRequested, this, [this](const QString &name) {
        openGuardrails();
        auto *editor = qobject_cast<GuardrailEditor *>(m_guardrailsWindow.data());
        if (!editor)
            return;
        if (editor->listModel()->rowOf(name) >= 0) {
            editor->edit(name);
            return;
        }
        // A window opened just now lists its guardrails first.
        connect(editor, &GuardrailEditor::refreshed, this, [editor, name] { editor->edit(name); },
                Qt::SingleShotConnection);
    });
    // The tray's Quit: as File > Quit.
    connect(m_notifications.get(), &NotificationController::quitRequested, this, [this] {
        if (!m_window || m_window->close())
            QApplication::closeAllWindows();
    });
}

AppController::~AppController()
{
    delete m_problemDialog;
    closeToolWindows();
    // The session talks to the cluster (the sandbox too, which outlives the controller):
    // it goes first, the window after it.
    if (m_window)
        m_window->setSession(nullptr);
    m_notifications->setSession(nullptr);
    m_session.reset();
    m_notifications->setWindow(nullptr);
    m_window.reset();
}

KubeConfigProblemDialog *AppController::kubeconfigProblemDialog() const
{
    return m_problemDialog.data();
}

void AppController::setSandboxProvider(pd::core::SandboxProvider provider)
{
    m_catalog.setSandboxProvider(std::move(provider));
}

bool AppController::start(const AppOptions &options, QString *error)
{
    // The saved palette before any window (the kubeconfig dialog too) is drawn.
    if (m_settings && m_settings->contains(Appearance::settingsKey()))
        Appearance::apply(Appearance::load(m_settings.data()));
    m_catalog.load(options.kubeconfigPath);
    return startWith(options, error);
}

bool AppController::startWith(const AppOptions &options, QString *error)
{
    pd::core::StartupRequest request;
    request.demo = options.demo;
    request.kubeconfigPath = options.kubeconfigPath;
    request.context = options.context;
    if (m_settings)
        request.lastContext = m_settings->value(kLastContextKey).toString();
    const pd::core::StartupDecision decision = pd::core::decideStartup(request, m_catalog);
    switch (decision.action) {
    case pd::core::StartupDecision::Action::Fail:
        if (error)
            *error = decision.error;
        return false;
    case pd::core::StartupDecision::Action::AskAboutKubeConfig:
        askAboutKubeConfig(options);
        return true;
    case pd::core::StartupDecision::Action::Connect:
        break;
    }
    return openWindow(options, decision.context, error);
}

void AppController::askAboutKubeConfig(const AppOptions &options)
{
    pd::log::gui()->warn("kubeconfig cannot be read: {}", pd::log::str(m_catalog.loadError()));
    if (m_problemDialog) {
        m_problemDialog->setProblem(*m_catalog.problem());
    } else {
        m_problemDialog = new KubeConfigProblemDialog(*m_catalog.problem());
    }
    connect(m_problemDialog, &QDialog::finished, this, [this, options](int result) {
        AppOptions next = options;
        if (result == KubeConfigProblemDialog::ChooseFile) {
            const QString file = m_chooseFile ? m_chooseFile(m_problemDialog.data()) : QString();
            if (file.isEmpty())
                return askAboutKubeConfig(options);   // cancelled: the same question again
            next.kubeconfigPath = file;
            m_catalog.load(file);
        } else if (result == KubeConfigProblemDialog::OpenDemo) {
            next.demo = true;
        } else {
            Q_EMIT quitRequested();
            return;
        }
        QString error;
        if (!startWith(next, &error)) {
            pd::log::gui()->critical("Cannot start: {}", pd::log::str(error));
            Q_EMIT quitRequested();
        }
    }, Qt::SingleShotConnection);
    m_problemDialog->show();
    m_problemDialog->raise();
}

bool AppController::openWindow(const AppOptions &options, const QString &chosen, QString *error)
{
    if (m_problemDialog)
        m_problemDialog->deleteLater();
    const QStringList contexts = m_catalog.contexts();
    m_window = std::make_unique<MainWindow>(m_settings.data());
    m_window->setContexts(contexts, chosen);
    if (m_catalog.explicitPath())
        m_window->addRecentKubeconfig(options.kubeconfigPath);
    connect(m_window.get(), &MainWindow::openKubeconfigRequested, this, [this] {
        if (const QString file = m_chooseFile ? m_chooseFile(m_window.get()) : QString(); !file.isEmpty())
            openKubeconfig(file);
    });
    connect(m_window.get(), &MainWindow::kubeconfigRequested, this, &AppController::openKubeconfig);
    connect(m_window.get(), &MainWindow::contextRequested, this, [this](const QString &context) {
        QString switchError;
        if (!switchContext(context, &switchError))
            m_window->setConnectionText(switchError);
    });
    // Right-click "Clone…" on an environment opens the wizard on the current session.
    connect(m_window.get(), &MainWindow::cloneRequested, this, [this](const QString &sourceNamespace) {
        if (m_session) {
            CloneWizard *wizard = CloneWizard::openClone(new pd::core::CloneSession(m_session.get(), sourceNamespace),
                                                         m_window.get());
            wizard->setPrices(m_session->settings().prices);   // before its summary page is shown
            m_notifications->watchClone(wizard);
        }
    });
    connect(m_window.get(), &MainWindow::guardrailsRequested, this, &AppController::openGuardrails);
    connect(m_window.get(), &MainWindow::costRequested, this, &AppController::openCost);
    connect(m_window.get(), &MainWindow::contextSettingsRequested, this, &AppController::editContextSettings);
    connect(m_window.get(), &MainWindow::gitHubTokenRequested, this, &AppController::editGitHubToken);
    connect(m_window.get(), &MainWindow::preferencesRequested, this, &AppController::editPreferences);
    m_notifications->setWindow(m_window.get());
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
    if (!m_catalog.loaded() && !options.demo && chosen == sandboxContextName())
        m_window->setConnectionText(m_catalog.loadError());
    return true;
}

bool AppController::switchContext(const QString &context, QString *error)
{
    const auto settings = m_settings ? pd::core::ContextSettings::load(m_settings.data(), context)
                                     : pd::core::ContextSettings();
    std::unique_ptr<pd::core::Session> next = m_catalog.openSession(context, settings, error);
    if (!next)
        return false;

    closeToolWindows();
    if (m_window)
        m_window->setSession(nullptr);
    m_notifications->setSession(nullptr);
    m_session = std::move(next);
    if (m_costRecording) {
        const pd::core::ClusterIdentity cluster = context == sandboxContextName()
                ? sandboxCluster()
                : m_session->clusterIdentity();
        QString notice;
        m_session->enableCostRecording(pd::core::CostHistory::pathFor(cluster, &notice), cluster);
        if (!notice.isEmpty())
            pd::log::gui()->info("{}", pd::log::str(notice));
    }
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
        m_window->setSession(m_session.get());   // setContexts() titled the window after the context
    }
    m_session->start();
    m_notifications->setSession(m_session.get());
    if (m_settings)
        m_settings->setValue(kLastContextKey, context);
    Q_EMIT sessionChanged(m_session.get());
    return true;
}

bool AppController::openKubeconfig(const QString &path)
{
    if (!m_window)
        return false;
    if (!m_catalog.load(path)) {
        m_window->setConnectionText(m_catalog.loadError());
        return false;
    }
    m_window->addRecentKubeconfig(path);
    const QStringList contexts = m_catalog.kubeconfigContexts();
    const QString context = contexts.contains(m_catalog.currentContext()) ? m_catalog.currentContext()
                            : contexts.isEmpty()                         ? sandboxContextName()
                                                                         : contexts.first();
    m_window->setContexts(m_catalog.contexts(), context);
    QString error;
    if (!switchContext(context, &error)) {
        m_window->setConnectionText(error);
        return false;
    }
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
        // Idle previews go into the guardrail editor, which opens (or comes forward) with them.
        connect(window, &CostWindow::scaleDownGuardrailRequested, this, [this](const QStringList &namespaces) {
            openGuardrails();
            if (auto *editor = qobject_cast<GuardrailEditor *>(m_guardrailsWindow.data()))
                editor->addToScaleDownGuardrail(namespaces);
        });
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
    QPointer<pd::core::Session> session = m_session.get();
    connect(&dialog, &GitHubTokenDialog::tokenChanged, this, [this, session] {
        if (session)
            loadGitHubToken(session);
    });
    dialog.exec();
}

void AppController::editPreferences()
{
    m_notifications->editPreferences();
}

void AppController::loadGitHubToken(pd::core::Session *session)
{
    pd::bindTo(session, session->gitHub()->loadToken(m_credentials.get()),
               [session](const pd::core::KeychainResult &) { session->pullRequests()->refreshAll(); });
}

} // namespace pd::gui
