#include "githubtokendialog.h"

#include "core/credentialstore.h"

#include <QDialogButtonBox>
#include <QFutureWatcher>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using pd::core::KeychainResult;

namespace pd::gui {

GitHubTokenDialog::GitHubTokenDialog(pd::core::CredentialStore *store, const QString &host, const QString &key, QWidget *parent)
    : QDialog(parent)
    , m_store(store)
    , m_host(host)
    , m_key(key)
    , m_statusLabel(new QLabel(this))
    , m_noticeLabel(new QLabel(this))
    , m_edit(new QLineEdit(this))
    , m_save(new QPushButton(tr("Save token"), this))
    , m_clear(new QPushButton(tr("Remove token"), this))
{
    setObjectName(u"gitHubTokenDialog"_s);
    setWindowTitle(tr("GitHub token for %1").arg(host));
    m_statusLabel->setObjectName(u"gitHubTokenStatus"_s);
    m_statusLabel->setTextFormat(Qt::PlainText);
    m_noticeLabel->setObjectName(u"gitHubTokenNotice"_s);
    m_noticeLabel->setTextFormat(Qt::PlainText);
    m_noticeLabel->setWordWrap(true);
    m_noticeLabel->setVisible(false);

    auto *explanation = new QLabel(tr("PreviewDesk reads the state of the pull request behind each preview "
                                      "(open, merged, closed). A fine-grained token with read-only access to "
                                      "\"Pull requests\" of your repositories is enough; it is kept in the "
                                      "system keychain, never in settings files or logs."),
                                   this);
    explanation->setWordWrap(true);
    explanation->setTextFormat(Qt::PlainText);
    // A wrapped label needs a width to ask its height for; without one the dialog cuts it.
    explanation->setMinimumWidth(520);
    m_noticeLabel->setMinimumWidth(520);

    m_edit->setObjectName(u"gitHubTokenEdit"_s);
    m_edit->setEchoMode(QLineEdit::Password);
    m_edit->setPlaceholderText(tr("github_pat_… or ghp_…"));
    m_edit->setClearButtonEnabled(true);
    m_save->setObjectName(u"gitHubTokenSave"_s);
    m_clear->setObjectName(u"gitHubTokenClear"_s);
    connect(m_edit, &QLineEdit::textChanged, this, &GitHubTokenDialog::updateButtons);
    connect(m_edit, &QLineEdit::returnPressed, this, &GitHubTokenDialog::saveToken);
    connect(m_save, &QPushButton::clicked, this, &GitHubTokenDialog::saveToken);
    connect(m_clear, &QPushButton::clicked, this, &GitHubTokenDialog::clearToken);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_clear, QDialogButtonBox::ActionRole);
    buttons->addButton(m_save, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    // Enter in the field saves; it must not also close the dialog.
    m_save->setAutoDefault(false);
    m_clear->setAutoDefault(false);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(explanation);
    layout->addWidget(m_statusLabel);
    layout->addWidget(m_edit);
    layout->addWidget(m_noticeLabel);
    layout->addWidget(buttons);
    refresh();
}

GitHubTokenDialog::~GitHubTokenDialog() = default;

QString GitHubTokenDialog::statusText() const
{
    return m_statusLabel->text();
}

QString GitHubTokenDialog::noticeText() const
{
    return m_noticeLabel->isVisibleTo(this) ? m_noticeLabel->text() : QString();
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
    const QString token = m_edit->text().trimmed();
    if (token.isEmpty() || m_busy)
        return;
    run(m_store->store(m_key, token), [this](const KeychainResult &result) {
        if (!result.ok()) {
            setStatus(m_status, result.errorString);
            return;
        }
        m_edit->clear();
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
    case Status::Checking: m_statusLabel->setText(tr("Checking the keychain…")); break;
    case Status::Set: m_statusLabel->setText(tr("A token is set for %1.").arg(m_host)); break;
    case Status::NotSet:
        m_statusLabel->setText(tr("No token is set for %1: only public repositories can be read, "
                                  "60 requests an hour.").arg(m_host));
        break;
    case Status::Failed: m_statusLabel->setText(tr("Could not check the keychain.")); break;
    }
    m_noticeLabel->setText(notice);
    m_noticeLabel->setVisible(!notice.isEmpty());
    // The notice comes and goes: the dialog follows its height (never cuts a line).
    if (isVisible())
        adjustSize();
    updateButtons();
    if (changed)
        Q_EMIT statusChanged(status);
}

void GitHubTokenDialog::updateButtons()
{
    m_save->setEnabled(!m_busy && !m_edit->text().trimmed().isEmpty());
    m_clear->setEnabled(!m_busy && m_status == Status::Set);
}

} // namespace pd::gui
