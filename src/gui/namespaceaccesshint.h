#pragma once

#include <QPointer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QPushButton;
QT_END_NAMESPACE

namespace pd::kube {
struct ApiResult;
}
namespace pd::core {
class EnvironmentWatcher;
class Session;
}

namespace pd::gui {

// A bar for the main window, hidden until the cluster refuses to list namespaces
// (403 on GET /api/v1/namespaces): then it says so in plain words and offers the
// context's settings, where the user names the namespaces they can reach.
class NamespaceAccessHint final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(NamespaceAccessHint)
public:
    explicit NamespaceAccessHint(QWidget *parent = nullptr);
    ~NamespaceAccessHint() override;

    // Whether an answer is the cluster refusing to list namespaces cluster-wide.
    static bool forbidsListingNamespaces(const pd::kube::ApiResult &result);
    // The same, from EnvironmentWatcher::lastError() ("namespaces: namespaces is forbidden: ...").
    static bool forbidsListingNamespaces(const QString &watcherError);

    // Follows the answers of the session's client (Session::requestFinished): shown
    // on a 403 to listing namespaces, hidden again when such a list succeeds. nullptr: hide.
    void setSession(pd::core::Session *session);
    // Also follows the watcher's last error (its text names the failing kind).
    void setWatcher(pd::core::EnvironmentWatcher *watcher);
    // Shows or hides the hint for this error text (as the watcher reports it).
    void updateFromError(const QString &watcherError);
    // Takes one answer into account (what setSession() does for each).
    void updateFromResult(const pd::kube::ApiResult &result);
    void clear();

    // Whether the context names its namespaces (ContextSettings::namespaces non-empty):
    // then the watcher lists none and the hint stays hidden.
    void setNamespacesNamed(bool named);

    QString text() const;
    QPushButton *settingsButton() const { return m_button; }

Q_SIGNALS:
    // "Context settings…" was clicked.
    void settingsRequested();

private:
    void updateText();

    void setForbidden(bool forbidden);

    QPointer<pd::core::EnvironmentWatcher> m_watcher;
    QMetaObject::Connection m_connection;
    QMetaObject::Connection m_clientConnection;
    bool m_forbidden = false;
    QLabel *m_label;
    QPushButton *m_button;
    bool m_named = false;
};

} // namespace pd::gui
