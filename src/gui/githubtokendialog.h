#pragma once

#include <QDialog>
#include <QFuture>
#include <QString>

#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QLineEdit;
class QPushButton;
QT_END_NAMESPACE

namespace pd::core {
class CredentialStore;
struct KeychainResult;
}

namespace pd::gui {

namespace Ui {
class GitHubTokenDialog;
}

// Sets or clears the GitHub token of one host in the keychain (through CredentialStore,
// which keeps it for this session only when no keychain is available, and says so).
// Shows whether a token is set, never its value; the field is a password field and is
// emptied once the token is stored.
class GitHubTokenDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GitHubTokenDialog)
public:
    // key: where the token lives (GitHubClient::tokenKey(), "forge-token/github.com").
    GitHubTokenDialog(pd::core::CredentialStore *store, const QString &host, const QString &key, QWidget *parent = nullptr);
    ~GitHubTokenDialog() override;

    enum class Status { Checking, Set, NotSet, Failed };
    Q_ENUM(Status)
    Status status() const { return m_status; }
    QString statusText() const;
    QString noticeText() const;      // session-only notice or the last error; empty when none
    bool isBusy() const { return m_busy; }

    QLineEdit *tokenEdit() const;
    QPushButton *saveButton() const { return m_save; }
    QPushButton *clearButton() const { return m_clear; }

public Q_SLOTS:
    void refresh();       // asks the store whether a token is set
    void saveToken();     // stores what the field holds
    void clearToken();    // removes the stored token

Q_SIGNALS:
    // A token was stored or removed: the client should load it again.
    void tokenChanged();
    void statusChanged(pd::gui::GitHubTokenDialog::Status status);

private:
    void run(QFuture<pd::core::KeychainResult> future,
             std::function<void(const pd::core::KeychainResult &)> done);
    void setStatus(Status status, const QString &notice = {});
    void updateButtons();

    std::unique_ptr<Ui::GitHubTokenDialog> m_ui;   // ui/githubtokendialog.ui
    pd::core::CredentialStore *m_store;
    QString m_host;
    QString m_key;
    QPushButton *m_save = nullptr;    // in the button box, beside Close
    QPushButton *m_clear = nullptr;
    Status m_status = Status::Checking;
    bool m_busy = false;
};

} // namespace pd::gui
