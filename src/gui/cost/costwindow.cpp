#include "costwindow.h"
#include "ui_costwindow.h"

#include "core/environment/environmentmodel.h"

#include "costchartswidget.h"
#include "idlepreviewspanel.h"
#include "core/cost/costrecorder.h"
#include "core/cost/costreport.h"
#include "core/cost/costreportopencost.h"
#include "core/duration.h"
#include "core/session/session.h"
#include "gui/closebuttons.h"
#include "kube/bindto.h"

#include <QComboBox>
#include <QDateTime>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSet>

#include <chrono>

using namespace Qt::StringLiterals;

namespace pd::gui {

namespace {
constexpr qint64 kHourMs = 3600 * 1000;
constexpr qint64 kDayMs = 24 * kHourMs;

// Whole days from two days up, else hours: 24 h stays "24 h".
bool inDays(qint64 span)
{
    return span >= 2 * kDayMs && span % kDayMs == 0;
}

// OpenCost's window for a span: "24h", "7d", "30d".
QString openCostWindow(qint64 span)
{
    return inDays(span) ? QString::number(span / kDayMs) + u'd' : QString::number(span / kHourMs) + u'h';
}

// The header's: "24 h", "7 d", "30 d".
QString spanText(qint64 span)
{
    return inDays(span) ? u"%1 d"_s.arg(span / kDayMs) : u"%1 h"_s.arg(span / kHourMs);
}

qint64 parseTime(const QString &rfc3339, qint64 fallback)
{
    const QDateTime time = QDateTime::fromString(rfc3339, Qt::ISODate);
    return time.isValid() ? time.toMSecsSinceEpoch() : fallback;
}
} // namespace

// The layout is ui/costwindow.ui; the combos' items carry data (a span, a source key), which
// Designer's items cannot, so they are added here.
CostWindow::CostWindow(Session *session, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_ui(std::make_unique<Ui::CostWindow>())
    , m_session(session)
{
    m_ui->setupUi(this);
    setWindowTitle(tr("Cost \u2014 %1").arg(session ? session->displayName() : QString()));
    m_ui->costWindowCombo->addItem(tr("Last 24 hours"), 24 * kHourMs);
    m_ui->costWindowCombo->addItem(tr("Last 7 days"), 7 * 24 * kHourMs);
    m_ui->costWindowCombo->addItem(tr("Last 30 days"), 30 * 24 * kHourMs);
    m_ui->costWindowCombo->setCurrentIndex(1);
    m_ui->costSourceCombo->addItem(tr("PreviewDesk history"), u"history"_s);
    m_ui->costSourceCombo->addItem(tr("OpenCost"), u"opencost"_s);
    setUpCloseButtons(m_ui->closeButtons, this);

    m_ui->costCharts->idlePanel()->setSession(session);
    connect(m_ui->costCharts->idlePanel(), &IdlePreviewsPanel::scaleDownGuardrailRequested, this,
            &CostWindow::scaleDownGuardrailRequested);

    connect(m_ui->costWindowCombo, &QComboBox::currentIndexChanged, this, &CostWindow::refresh);
    connect(m_ui->costSourceCombo, &QComboBox::activated, this, [this] { m_sourceChosen = true; });
    connect(m_ui->costSourceCombo, &QComboBox::currentIndexChanged, this, &CostWindow::refresh);
    connect(&m_allocation, &QFutureWatcher<pd::core::OpenCostResult>::finished, this, &CostWindow::showOpenCost);
    using ReportWatcher = QFutureWatcher<pd::core::CostHistoryReport>;
    connect(&m_report, &ReportWatcher::finished, this, &CostWindow::showHistory);
    connect(&m_report, &ReportWatcher::progressRangeChanged, m_ui->costProgress, &QProgressBar::setRange);
    connect(&m_report, &ReportWatcher::progressValueChanged, m_ui->costProgress, &QProgressBar::setValue);
    if (session) {
        // New samples change the history's numbers only.
        const auto historyChanged = [this] {
            if (m_ui->costSourceCombo->currentData().toString() == u"history"_s)
                refreshFromHistory();
        };
        connect(session, &Session::costRecorded, this, historyChanged);
        connect(session, &Session::costErrorChanged, this, historyChanged);
        connect(m_ui->sampleNow, &QPushButton::clicked, this, [this] {
            if (m_session && m_session->costRecorder())
                m_session->costRecorder()->sampleNow();
        });
        if (session->client()) {
            m_openCost = new pd::core::OpenCostClient(session->client(), this);
            connect(&m_detection, &QFutureWatcher<bool>::finished, this, [this] {
                const bool found = m_detection.future().isValid() && m_detection.future().resultCount() > 0
                    && m_detection.result();
                if (found && !m_sourceChosen)
                    m_ui->costSourceCombo->setCurrentIndex(m_ui->costSourceCombo->findData(u"opencost"_s));
                Q_EMIT openCostDetected(found);
            });
            m_detection.setFuture(pd::core::detectOpenCost(session->client()));
        }
    }
    refresh();
}

// A report under way stops at its next step; its answer reaches nobody.
CostWindow::~CostWindow()
{
    m_report.future().cancel();
}

CostChartsWidget *CostWindow::charts() const
{
    return m_ui->costCharts;
}

QComboBox *CostWindow::windowCombo() const
{
    return m_ui->costWindowCombo;
}

QComboBox *CostWindow::sourceCombo() const
{
    return m_ui->costSourceCombo;
}

void CostWindow::refresh()
{
    if (m_ui->costSourceCombo->currentData().toString() == u"opencost"_s)
        refreshFromOpenCost();
    else
        refreshFromHistory();
}

QString CostWindow::openCostTitle() const
{
    const QString service = m_openCost ? m_openCost->namespaceName() + u'/' + m_openCost->serviceAndPort()
                                       : u"opencost/opencost:9003"_s;
    return tr("OpenCost (%1), %2").arg(service, spanText(m_ui->costWindowCombo->currentData().toLongLong()));
}

void CostWindow::refreshFromOpenCost()
{
    m_ui->sampleNow->setEnabled(false);   // samples feed the history, not OpenCost
    m_report.future().cancel();
    m_ui->costProgress->hide();
    m_shownSpanMs = 0;
    if (!m_openCost) {
        m_ui->costCharts->setReport({}, tr("%1: not connected to a cluster").arg(openCostTitle()));
        return;
    }
    m_allocationSpanMs = m_ui->costWindowCombo->currentData().toLongLong();
    m_ui->costCharts->setReport({}, tr("%1: asking OpenCost\u2026").arg(openCostTitle()));
    // A newer request replaces one in flight: that one is aborted, the watcher follows the latest.
    m_openCost->abort();
    m_allocation.setFuture(m_openCost->fetchAllocation(openCostWindow(m_allocationSpanMs), u"namespace"_s));
}

void CostWindow::showOpenCost()
{
    if (m_ui->costSourceCombo->currentData().toString() != u"opencost"_s)
        return;   // the user went back to the history meanwhile
    const QFuture<pd::core::OpenCostResult> future = m_allocation.future();
    if (future.isCanceled() || future.resultCount() == 0) {
        m_ui->costCharts->setReport({}, tr("%1: the request was cancelled").arg(openCostTitle()));
        Q_EMIT openCostShown();
        return;
    }
    const pd::core::OpenCostResult result = future.result();
    if (!result.ok) {
        m_ui->costCharts->setReport({}, tr("%1: %2").arg(openCostTitle(), result.error));
        Q_EMIT openCostShown();
        return;
    }
    pd::core::CostStore *store = m_session ? m_session->costStore() : nullptr;
    if (!store) {
        showOpenCostReport(result, {});
        return;
    }
    // Which namespaces are previews the history says, on its thread; a newer allocation wins.
    const quint64 round = ++m_openCostRound;
    pd::bindTo(this, store->previewNamespaces(QDateTime::currentMSecsSinceEpoch()),
               [this, result, round](const QSet<QString> &previews) {
                   if (round == m_openCostRound
                       && m_ui->costSourceCombo->currentData().toString() == u"opencost"_s)
                       showOpenCostReport(result, previews);
               });
}

void CostWindow::showOpenCostReport(const pd::core::OpenCostResult &result, const QSet<QString> &previews)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    pd::core::CostReportOptions options;
    options.previewNamespaces = previews;
    const pd::core::CostReport report = pd::core::costReportFromOpenCost(
        result.rows, parseTime(result.start, now - m_allocationSpanMs), parseTime(result.end, now), options);
    m_ui->costCharts->setReport(report, report.isEmpty()
                                ? tr("%1: no allocation in this window").arg(openCostTitle())
                                : tr("%1 — totals per namespace; the other views need PreviewDesk's history")
                                          .arg(openCostTitle()));
    // OpenCost's allocation fills this view; open it rather than an empty one.
    if (!report.isEmpty())
        m_ui->costCharts->setCurrentTab(CostChartsWidget::MostExpensiveTab);
    Q_EMIT openCostShown();
}

void CostWindow::refreshFromHistory()
{
    // A newer refresh replaces the one under way: it stops at its next step.
    m_report.future().cancel();
    pd::core::CostStore *store = m_session ? m_session->costStore() : nullptr;
    m_ui->sampleNow->setEnabled(m_session && m_session->costRecorder());
    if (!store) {
        m_report.setFuture(QFuture<pd::core::CostHistoryReport>());
        m_ui->costProgress->hide();
        m_shownSpanMs = 0;
        const QString why = m_session && !m_session->costError().isEmpty() ? m_session->costError()
                                                                           : tr("No cost history for this context.");
        m_ui->costCharts->setReport({}, why);
        Q_EMIT historyShown();
        return;
    }
    const qint64 span = m_ui->costWindowCombo->currentData().toLongLong();
    pd::core::CostHistoryReportRequest request;
    request.nowMs = QDateTime::currentMSecsSinceEpoch();
    request.windowStartMs = request.nowMs - span;
    request.prices = m_session->settings().prices;
    // Idle and guardrail savings are about previews that exist now; history views keep all.
    if (m_session->model()) {
        const QStringList names = m_session->model()->names();
        request.options.liveNamespaces = QSet<QString>(names.cbegin(), names.cend());
    }
    // A new sample leaves the report of the same window in view until the new one is ready;
    // another window's is not shown as this one's.
    if (span != m_shownSpanMs) {
        m_shownSpanMs = 0;
        m_ui->costCharts->setReport({}, tr("history: computing the last %1\u2026").arg(spanText(span)));
    }
    m_reportSpanMs = span;
    m_ui->costProgress->setRange(0, 0);   // busy until the first step says how many
    m_ui->costProgress->show();
    m_report.setFuture(store->report(request));
}

void CostWindow::showHistory()
{
    const QFuture<pd::core::CostHistoryReport> future = m_report.future();
    if (future.isCanceled() || future.resultCount() == 0)
        return;   // replaced by a newer refresh, or the store went with its session
    m_ui->costProgress->hide();
    if (!m_session || m_ui->costSourceCombo->currentData().toString() != u"history"_s)
        return;   // the user went to OpenCost meanwhile
    const pd::core::CostHistoryReport answer = future.result();
    const pd::core::CostCoverage &coverage = answer.coverage;
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
                              duration(std::max<qint64>(coverage.coveredMs, 60 * 1000)), duration(m_reportSpanMs));
    }
    m_shownSpanMs = m_reportSpanMs;
    m_ui->costCharts->setReport(answer.report, source);
    Q_EMIT historyShown();
}

} // namespace pd::gui
