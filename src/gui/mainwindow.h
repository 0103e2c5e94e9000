#pragma once

#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <functional>

QT_BEGIN_NAMESPACE
class QAction;
class QComboBox;
class QDialog;
class QLabel;
class QMenu;
class QSettings;
class QSplitter;
class QTableView;
QT_END_NAMESPACE

namespace pd::core {
class EnvironmentFilterProxy;
class EnvironmentModel;
} // namespace pd::core

namespace pd::core {
class Session;
}

namespace pd::gui {

class EmptyState;
class EnvironmentActionsMenu;
class EnvironmentDetailsPane;
class EnvironmentFilterBar;
class NamespaceAccessHint;
class PullRequestBanner;
using Session = pd::core::Session;   // the one core session of a context

// The environment browser: context switcher, filters, the sortable table of every
// source and preview, the details pane and a status line with the connection state.
// It shows one Session (or, in tests, any EnvironmentModel) and asks for context
// switches and refreshes through signals; it makes no cluster calls itself.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    using UrlOpener = std::function<bool(const QUrl &)>;

    // settings: where geometry and column state live (not owned; may be nullptr).
    explicit MainWindow(QSettings *settings = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    // The entries of the context switcher; `current` is selected without a signal.
    void setContexts(const QStringList &contexts, const QString &current);
    QString currentContext() const;

    // Shows the session's model and connection state (not owned; nullptr clears).
    void setSession(Session *session);
    // Shows a model directly (tests, or a session's model).
    void setEnvironmentModel(pd::core::EnvironmentModel *model);
    void setConnectionText(const QString &text);
    // How URLs are opened (default QDesktopServices::openUrl); tests record them.
    void setUrlOpener(UrlOpener opener);

    // The selected row's environment; empty when none is (also when the chosen one is
    // hidden by the filter: then nothing is selected and the actions are disabled).
    QString selectedEnvironment() const;
    bool selectEnvironment(const QString &name);
    // The environment the user chose last, shown or hidden by the filter; empty: none.
    QString chosenEnvironment() const { return m_chosen; }
    // The table's empty state ("No environment matches the filter." + Clear filter).
    EmptyState *emptyState() const { return m_emptyState; }
    bool openSelectedUrl();
    bool copySelectedUrl();

    QTableView *table() const { return m_table; }
    pd::core::EnvironmentFilterProxy *proxy() const { return m_proxy; }
    EnvironmentFilterBar *filterBar() const { return m_filterBar; }
    EnvironmentDetailsPane *detailsPane() const { return m_details; }
    QComboBox *contextCombo() const { return m_contexts; }
    QString connectionText() const;
    QAction *refreshAction() const { return m_refresh; }
    // Extend, scale, destroy, clone: the context menu and toolbar actions.
    EnvironmentActionsMenu *environmentActions() const { return m_environmentActions; }
    PullRequestBanner *pullRequestBanner() const { return m_pullRequestBanner; }
    NamespaceAccessHint *namespaceAccessHint() const { return m_namespaceHint; }
    // Tools: guardrails, cost, context settings, GitHub token (AppController opens them).
    QAction *guardrailsAction() const { return m_guardrailsAction; }
    QAction *costAction() const { return m_costAction; }
    QAction *contextSettingsAction() const { return m_contextSettingsAction; }
    QAction *gitHubTokenAction() const { return m_gitHubTokenAction; }
    // Edit > Preferences… (notifications; AppController opens the dialog).
    QAction *preferencesAction() const { return m_preferencesAction; }

    void saveSettings() const;

    // File > recent kubeconfigs (newest first, at most five; kept in the settings).
    void addRecentKubeconfig(const QString &path);
    QStringList recentKubeconfigs() const;
    // View > Reset column widths: every shown column sized to its content, the widest
    // ones shortened so that all fit the table without scrolling.
    void resetColumnWidths();
    // View > Details pane.
    void setDetailsPaneVisible(bool visible);
    bool isDetailsPaneVisible() const;
    // Help > Keyboard shortcuts / About PreviewDesk (non-modal, deleted on close).
    QDialog *showShortcuts();
    QDialog *showAbout();
    // The menus by their untranslated names ("file", "edit", "view", "environment",
    // "tools", "help"); nullptr for any other name.
    QMenu *menu(const QString &name) const;

Q_SIGNALS:
    void contextRequested(const QString &context);
    void refreshRequested();
    // "Clone…" on an environment; the clone wizard listens.
    void cloneRequested(const QString &sourceNamespace);
    void guardrailsRequested();
    void costRequested();
    void contextSettingsRequested();
    void gitHubTokenRequested();
    void preferencesRequested();
    // File > Open kubeconfig… (the controller asks for the file) and File > a recent one.
    void openKubeconfigRequested();
    void kubeconfigRequested(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    // The menu bar (mainmenus.cpp): File, Edit, View, Environment, Tools, Help.
    void createMenus();
    void fillRecentMenu();
    void fillColumnsMenu();
    // The column layout a saved header state belongs to (count and titles).
    QString columnsSignature() const;
    void restoreSettings();
    void onCurrentRowChanged();
    // After the proxy's rows changed (filter, sort, live updates): the chosen row stays
    // selected where it is shown; hidden or gone, nothing is selected.
    void syncSelection();
    void clearSelectionQuietly();
    void scrollToChosen();
    void updateEmptyState();
    void updateCounts();
    void updateOwners();
    void fitColumnsOnce();
    void fitColumns();
    void updateActions();
    void updatePullRequestBanner();
    bool openUrlAt(const QModelIndex &proxyIndex);
    // Opens with the opener; when it fails, shows the URL with Copy (UrlDialog).
    bool openUrl(const QUrl &url);
    // The proxy index of the chosen environment; invalid when none or hidden.
    QModelIndex chosenIndex() const;

    QPointer<QSettings> m_settings;
    QPointer<Session> m_session;
    QPointer<pd::core::EnvironmentModel> m_model;
    UrlOpener m_openUrl;

    pd::core::EnvironmentFilterProxy *m_proxy;
    QComboBox *m_contexts;
    EnvironmentFilterBar *m_filterBar;
    QTableView *m_table;
    EnvironmentDetailsPane *m_details;
    QSplitter *m_splitter;
    QLabel *m_connection;
    QLabel *m_counts;
    QAction *m_refresh = nullptr;
    QAction *m_openUrlAction = nullptr;
    QAction *m_copyUrlAction = nullptr;
    EnvironmentActionsMenu *m_environmentActions = nullptr;
    PullRequestBanner *m_pullRequestBanner;
    NamespaceAccessHint *m_namespaceHint;
    QAction *m_guardrailsAction = nullptr;
    QAction *m_costAction = nullptr;
    QAction *m_contextSettingsAction = nullptr;
    QAction *m_gitHubTokenAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_preferencesAction = nullptr;
    QAction *m_detailsAction = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_columnsMenu = nullptr;
    QHash<QString, QMenu *> m_menus;
    EmptyState *m_emptyState = nullptr;
    QString m_chosen;              // what the user selected; the proxy's moves never change it
    bool m_chosenHidden = false;   // filtered out at the last sync
    int m_rowsChanging = 0;        // inside the proxy's about-to/changed pairs, or a sync
    QTimer m_ownersTimer;
    bool m_columnsFitted = false;
    QByteArray m_headerState;   // saved column state, applied when the first model arrives
    QString m_savedColumns;     // the columnsSignature() it was saved with
    QMetaObject::Connection m_sessionConnection;
    QMetaObject::Connection m_syncedConnection;
};

} // namespace pd::gui
