#include "pullrequestbanner.h"

#include "core/environment/environmentmodel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace pd::gui {

PullRequestBanner::PullRequestBanner(QWidget *parent)
    : QFrame(parent)
    , m_label(new QLabel(this))
    , m_destroy(new QPushButton(tr("Destroy…"), this))
{
    setObjectName(u"pullRequestBanner"_s);
    m_label->setObjectName(u"pullRequestBannerText"_s);
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::RichText);
    m_label->setOpenExternalLinks(true);
    m_label->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_destroy->setObjectName(u"pullRequestBannerDestroy"_s);
    connect(m_destroy, &QPushButton::clicked, this, [this] {
        if (!m_name.isEmpty())
            Q_EMIT destroyRequested(m_name);
    });
    setFrameShape(QFrame::StyledPanel);
    // The palette's tooltip colours: readable in light and dark palettes.
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::ToolTipBase);
    m_label->setForegroundRole(QPalette::ToolTipText);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_destroy);
    setVisible(false);
}

PullRequestBanner::~PullRequestBanner() = default;

QString PullRequestBanner::sentence(const QString &number, const pd::core::PullRequestInfo &info, const QDateTime &now)
{
    if (!info.isFinished() || number.isEmpty())
        return {};
    const bool merged = info.state == u"merged"_s;
    QString when;
    if (info.updatedAt.isValid()) {
        const qint64 seconds = std::max<qint64>(0, info.updatedAt.secsTo(now));
        when = u' ' + tr("%1 ago").arg(pd::core::EnvironmentModel::durationText(seconds));
    }
    const QString what = merged ? tr("Pull request #%1 was merged%2").arg(number, when)
                                : tr("Pull request #%1 was closed without merging%2").arg(number, when);
    return what + u" — "_s + tr("this preview can be torn down");
}

void PullRequestBanner::setPullRequest(const QString &environmentName, const QString &number,
                                       const pd::core::PullRequestInfo &info)
{
    const QDateTime now = m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
    m_text = sentence(number, info, now);
    if (m_text.isEmpty()) {
        clear();
        return;
    }
    m_name = environmentName;
    // "#42" links to the pull request; the rest is escaped text.
    QString html = m_text.toHtmlEscaped();
    const QString link = u'#' + number;
    if (info.url.isValid()) {
        html.replace(link, u"<a href=\"%1\">%2</a>"_s.arg(info.url.toString(QUrl::FullyEncoded).toHtmlEscaped(), link.toHtmlEscaped()));
    }
    m_label->setText(html);
    m_label->setToolTip(info.title);
    m_destroy->setToolTip(tr("Destroy %1 (asks for confirmation)").arg(environmentName));
    setVisible(true);
}

void PullRequestBanner::clear()
{
    m_name.clear();
    m_text.clear();
    m_label->clear();
    m_label->setToolTip({});
    setVisible(false);
}

} // namespace pd::gui
