#include "githubtokendialog.h"
#include "ui_githubtokendialog.h"

#include "core/credentialstore.h"

#include <QDialogButtonBox>
#include <QFutureWatcher>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

using namespace Qt::StringLiterals;
using pd::core::KeychainResult;

namespace pd::gui {

// The layout is ui/githubtokendialog.ui. Its wrapped labels have a minimum width: a wrapped
// label needs a width to ask its height for; without one the dialog cuts it.
GitHubTokenDialog::GitHubTokenDialog(pd::core::CredentialStore *store, const QString &host, const QString &key, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::GitHubTokenDialog>())
    , m_store(store)
    , m_host(host)
    , m_key(key)
{
    m_ui->setupUi(this);
    setWindowTitle(tr("GitHub token for %1").arg(host));
    // Buttons of the action role beside Close: Designer's button box holds standard buttons only.
    m_clear = m_ui->buttons->addButton(tr("Remove token"), QDialogButtonBox::ActionRole);
    m_clear->setObjectName(u"gitHubTokenClear"_s);
    m_save = m_ui->buttons->addButton(tr("Save token"), QDialogButtonBox::ActionRole);
    m_save->setObjectName(u"gitHubTokenSave"_s);
    // Enter in the field saves; it must not also close the dialog.
    m_save->setAutoDefault(false);
    m_clear->setAutoDefault(false);
    QWidget::setTabOrder(m_ui->gitHubTokenEdit, m_clear);   // in the order they are shown
    QWidget::setTabOrder(m_clear, m_save);
    QWidget::setTabOrder(m_save, m_ui->buttons->button(QDialogButtonBox::Close));
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->gitHubTokenEdit, &QLineEdit::textChanged, this, &GitHubTokenDialog::updateButtons);
    connect(m_ui->gitHubTokenEdit, &QLineEdit::returnPressed, this, &GitHubTokenDialog::saveToken);
    connect(m_save, &QPushButton::clicked, this, &GitHubTokenDialog::saveToken);
    connect(m_clear, &QPushButton::clicked, this, &GitHubTokenDialog::clearToken);
    refresh();
}

GitHubTokenDialog::~GitHubTokenDialog() = default;

QLineEdit *GitHubTokenDialog::tokenEdit() const
{
    return m_ui->gitHubTokenEdit;
}

QString GitHubTokenDialog::statusText() const
{
    return m_ui->gitHubTokenStatus->text();
}

QString GitHubTokenDialog::noticeText() const
{
    return m_ui->gitHubTokenNotice->isVisibleTo(this) ? m_ui->gitHubTokenNotice->text() : QString();
}

void GitHubTokenDialog::run(QFuture<KeychainResult> future, std::function<void(const KeychainResult &)> done)
{
    m_busy = true;
    updateButtons();
    // A watcher owned by the dialog: a late answer after the dialog closed reaches nobody.
    auto *watcher = new QFutureWatcher<KeychainResult>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, done = std::move(done)] {
        KeychainResult result;
        if (watcher->future().resultCount() > 0) {
            result = watcher->result();
        } else {
            result.error = KeychainResult::Error::Other;
            result.errorString = tr("The keychain did not answer");
        }
        result.secret.clear();   // never kept, never shown
        watcher->deleteLater();
        m_busy = false;
        done(result);
        updateButtons();
    });
    watcher->setFuture(future);
}

void GitHubTokenDialog::refresh()
{
    setStatus(Status::Checking);
    run(m_store->read(m_key), [this](const KeychainResult &result) {
        if (result.ok())
            setStatus(Status::Set, result.sessionOnly ? result.notice : QString());
        else if (result.error == KeychainResult::Error::NotFound)
            setStatus(Status::NotSet);
        else if (result.error == KeychainResult::Error::NoKeychain)
            setStatus(Status::NotSet, result.errorString);   // nothing can be stored there, nothing is set
        else
            setStatus(Status::Failed, result.errorString);
    });
}

void GitHubTokenDialog::saveToken()
{
    const QString token = m_ui->gitHubTokenEdit->text().trimmed();
    if (token.isEmpty() || m_busy)
        return;
    run(m_store->store(m_key, token), [this](const KeychainResult &result) {
        if (!result.ok()) {
            setStatus(m_status, result.errorString);
            return;
        }
        m_ui->gitHubTokenEdit->clear();
        setStatus(Status::Set, result.sessionOnly ? result.notice : QString());
        Q_EMIT tokenChanged();
    });
}

void GitHubTokenDialog::clearToken()
{
    if (m_busy)
        return;
    run(m_store->remove(m_key), [this](const KeychainResult &result) {
        if (!result.ok() && result.error != KeychainResult::Error::NotFound) {
            setStatus(m_status, result.errorString);
            return;
        }
        setStatus(Status::NotSet);
        Q_EMIT tokenChanged();
    });
}

void GitHubTokenDialog::setStatus(Status status, const QString &notice)
{
    const bool changed = status != m_status;
    m_status = status;
    switch (status) {
    case Status::Checking: m_ui->gitHubTokenStatus->setText(tr("Checking the keychain…")); break;
    case Status::Set: m_ui->gitHubTokenStatus->setText(tr("A token is set for %1.").arg(m_host)); break;
    case Status::NotSet:
        m_ui->gitHubTokenStatus->setText(tr("No token is set for %1: only public repositories can be read, "
                                  "60 requests an hour.").arg(m_host));
        break;
    case Status::Failed: m_ui->gitHubTokenStatus->setText(tr("Could not check the keychain.")); break;
    }
    m_ui->gitHubTokenNotice->setText(notice);
    m_ui->gitHubTokenNotice->setVisible(!notice.isEmpty());
    // The notice comes and goes: the dialog follows its height (never cuts a line).
    if (isVisible())
        adjustSize();
    updateButtons();
    if (changed)
        Q_EMIT statusChanged(status);
}

void GitHubTokenDialog::updateButtons()
{
    m_save->setEnabled(!m_busy && !m_ui->gitHubTokenEdit->text().trimmed().isEmpty());
    m_clear->setEnabled(!m_busy && m_status == Status::Set);
}

} // namespace pd::gui
