#pragma once

#include "core/environment/environment.h"

#include <QDateTime>
#include <QFrame>
#include <QString>

#include <functional>

QT_BEGIN_NAMESPACE
class QLabel;
class QPushButton;
QT_END_NAMESPACE

namespace pd::gui {

// A strip for the details pane of a preview whose pull request is finished:
// "Pull request #42 was merged 2 h ago — this preview can be torn down  [Destroy…]".
// Hidden for open and draft pull requests, unknown states and environments without one.
class PullRequestBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PullRequestBanner)
public:
    using Clock = std::function<QDateTime()>;

    explicit PullRequestBanner(QWidget *parent = nullptr);
    ~PullRequestBanner() override;

    void setClock(Clock clock) { m_clock = std::move(clock); }

    // The environment shown in the pane (its namespace name, its PR number as the
    // previewdesk.io/pr label says, and what the forge said about that PR).
    void setPullRequest(const QString &environmentName, const QString &number, const pd::core::PullRequestInfo &info);
    void clear();

    QString environmentName() const { return m_name; }
    // The sentence shown, as plain text ("" while hidden).
    QString text() const { return m_text; }
    QPushButton *destroyButton() const { return m_destroy; }

    // The sentence for a finished pull request; empty for any other state.
    static QString sentence(const QString &number, const pd::core::PullRequestInfo &info, const QDateTime &now);

Q_SIGNALS:
    // [Destroy…] was clicked: the caller confirms and destroys (EnvironmentActions).
    void destroyRequested(const QString &environmentName);

private:
    QLabel *m_label;
    QPushButton *m_destroy;
    Clock m_clock;
    QString m_name;
    QString m_text;
};

} // namespace pd::gui
