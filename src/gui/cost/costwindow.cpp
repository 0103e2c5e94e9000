#include "costwindow.h"

#include "costchartswidget.h"
#include "core/cost/costhistory.h"
#include "core/cost/costrecorder.h"
#include "core/cost/costreport.h"
#include "core/duration.h"
#include "gui/session.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

#include <chrono>

using namespace Qt::StringLiterals;

namespace pd::gui {

namespace {
constexpr qint64 kHourMs = 3600 * 1000;
} // namespace

CostWindow::CostWindow(Session *session, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_session(session)
    , m_window(new QComboBox(this))
    , m_sampleNow(new QPushButton(tr("Sample now"), this))
    , m_charts(new CostChartsWidget(this))
{
    setObjectName(u"costWindow"_s);
    setWindowTitle(tr("Cost \u2014 %1").arg(session ? session->displayName() : QString()));
    m_window->addItem(tr("Last 24 hours"), 24 * kHourMs);
    m_window->addItem(tr("Last 7 days"), 7 * 24 * kHourMs);
    m_window->addItem(tr("Last 30 days"), 30 * 24 * kHourMs);
    m_window->setCurrentIndex(1);
    m_sampleNow->setToolTip(tr("Take a usage sample from the cluster now (otherwise every few minutes)"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Window:"), this));
    bar->addWidget(m_window);
    bar->addStretch(1);
    bar->addWidget(m_sampleNow);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_charts, 1);
    resize(1100, 760);

    connect(m_window, &QComboBox::currentIndexChanged, this, &CostWindow::refresh);
    if (session) {
        connect(session, &Session::costRecorded, this, &CostWindow::refresh);
        connect(session, &Session::costErrorChanged, this, &CostWindow::refresh);
        connect(m_sampleNow, &QPushButton::clicked, this, [this] {
            if (m_session && m_session->costRecorder())
                m_session->costRecorder()->sampleNow();
        });
    }
    refresh();
}

CostWindow::~CostWindow() = default;

void CostWindow::refresh()
{
    pd::core::CostHistory *history = m_session ? m_session->costHistory() : nullptr;
    m_sampleNow->setEnabled(m_session && m_session->costRecorder());
    if (!history) {
        const QString why = m_session && !m_session->costError().isEmpty() ? m_session->costError()
                                                                           : tr("No cost history for this context.");
        m_charts->setReport({}, why);
        return;
    }
    const qint64 span = m_window->currentData().toLongLong();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 start = now - span;
    const pd::core::CostCoverage coverage = history->coverage(start, now);
    // The newest sample is priced for one interval: let the window reach that far.
    const qint64 end = std::max(now, coverage.lastMs + coverage.intervalMs);
    pd::core::CostReportOptions options;
    const QHash<QString, QString> roles = history->roles(now);
    for (auto it = roles.cbegin(); it != roles.cend(); ++it) {
        if (it.value() == u"preview"_s)
            options.previewNamespaces.insert(it.key());
    }
    const pd::core::CostReport report =
            buildCostReport(history->input(start, end, m_session->settings().prices), options);

    const auto duration = [](qint64 ms) -> QString {
        return pd::core::formatDuration(std::chrono::seconds(ms / 1000));
    };
    QString source;
    if (coverage.sampleTimes == 0) {
        source = m_session->costError().isEmpty() ? tr("history: no usage sampled in this window yet")
                                                  : m_session->costError();
    } else {
        const QLocale locale;
        source = tr("history: %1 samples from %2 to %3 (covers %4 of %5)")
                         .arg(locale.toString(coverage.sampleTimes),
                              QDateTime::fromMSecsSinceEpoch(coverage.firstMs).toString(u"yyyy-MM-dd HH:mm"_s),
                              QDateTime::fromMSecsSinceEpoch(coverage.lastMs).toString(u"yyyy-MM-dd HH:mm"_s),
                              duration(std::max<qint64>(coverage.coveredMs, 60 * 1000)), duration(span));
    }
    m_charts->setReport(report, source);
}

} // namespace pd::gui
