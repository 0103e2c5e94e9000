// The real main window at scale: `previewctl sandbox --scale N` as a separate process,
// then in this process, first the model alone (EnvironmentWatcher + EnvironmentModel, as
// bench_browser measures it, plus a bare filter proxy and a CostSampler), then the app's
// own AppController with its MainWindow on the offscreen platform. A 1 ms timer whose
// lateness is recorded (LatencyProbe) runs through both, so every phase prints its
// worst and 99th-percentile event-loop stall beside the model-only figure:
// load (first painted rows, full table, Live), a burst of deployment scales from a
// second client, a cost sample, opening the cost window on a week of history, typing a
// filter one key at a time, and sorting by each column; and the peak RSS.
//   bench_gui [--previewctl PATH] [--scale 10000] [--burst 2000] [--history-samples 28]
// Not a unit test; goals (issue 19, Release, 10,000 namespaces): first rows < 1 s,
// Live < 3 s, no stall > 50 ms, a filter key answered within 100 ms, peak RSS < 300 MiB.
#include "bench_browser_support.h"
#include "bench_gui_probe.h"

#include "core/cost/costhistory.h"
#include "core/cost/costrecorder.h"
#include "core/cost/costsampler.h"
#include "core/environment/environmentfilterproxy.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "core/session/session.h"
#include "gui/appcontroller.h"
#include "gui/cost/costwindow.h"
#include "gui/environmentfilterbar.h"
#include "gui/mainwindow.h"
#include "kube/apiclient.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <malloc.h>

using namespace Qt::StringLiterals;
using namespace pd::bench;

namespace {

LatencyProbe *g_probe = nullptr;

qint64 now()
{
    return g_probe->nowMs();
}

// Runs the event loop until done() or the timeout; false on the timeout.
bool spinUntil(const std::function<bool()> &done, std::chrono::milliseconds timeout)
{
    const QDeadlineTimer deadline(timeout);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

// When the watched widget last painted (probe clock), and how many rows its view had then.
class PaintWatcher final : public QObject
{
public:
    PaintWatcher(QWidget *widget, std::function<int()> rows)
        : m_rows(std::move(rows))
    {
        widget->installEventFilter(this);
    }
    qint64 lastPaintMs = -1;
    int lastPaintRows = 0;
    qint64 firstRowsPaintMs = -1;

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint) {
            lastPaintMs = now();
            lastPaintRows = m_rows ? m_rows() : 0;
            if (firstRowsPaintMs < 0 && lastPaintRows > 0)
                firstRowsPaintMs = lastPaintMs;
        }
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<int()> m_rows;
};

// A phase's figures: its duration (or latency) and the stalls inside it.
struct Phase
{
    qint64 ms = -1;
    StallFigures stalls;
    QString note;
};

Phase phase(qint64 from, qint64 to, qint64 ms = -2)
{
    return Phase{ms == -2 ? to - from : ms, g_probe->between(from, to), {}};
}

// The load of one model by its watcher: first rows, the synced model, Live.
struct LoadFigures
{
    qint64 firstRowsMs = -1;   // rows in the model (model-only) / painted (window)
    qint64 fullMs = -1;        // synced (model-only) / synced and painted in full (window)
    qint64 liveMs = -1;
    StallFigures stalls;
};

bool isLive(const QString &text)
{
    return text.startsWith(u"Live"_s);
}

// The burst: deployments scaled one replica up by a second client, spread over the
// namespaces, until the model shows every new replica count.
Phase runBurst(pd::core::EnvironmentModel *model, const pd::kube::ClusterEndpoint &endpoint, int burst)
{
    BurstPlan plan(*model, burst);
    Phase result;
    if (plan.targets().isEmpty()) {
        result.note = u"no deployments"_s;
        return result;
    }
    QObject context;
    QObject::connect(model, &QAbstractItemModel::dataChanged, &context,
                     [&plan](const QModelIndex &from, const QModelIndex &to) { plan.fold(from.row(), to.row()); });
    bool sent = false;
    int failures = 0;
    BurstPatcher patcher(endpoint, plan.targets());
    QObject::connect(&patcher, &BurstPatcher::finished, &context, [&](qint64, int failed) {
        sent = true;
        failures = failed;
    });
    const qint64 start = now();
    patcher.start();
    const bool folded = spinUntil([&] { return plan.done() && sent; }, std::chrono::minutes(3));
    result = phase(start, now());
    result.note = u"%1 scales, %2 failed%3"_s.arg(plan.targets().size()).arg(failures).arg(folded ? u""_s : u", NOT all folded"_s);
    return result;
}

// One cost sample of the cluster by the sampler alone (what the recorder waits for).
std::optional<pd::core::CostSnapshot> sampleCost(pd::kube::ApiClient *client, Phase *figures)
{
    pd::core::CostSampler sampler(client);
    QFutureWatcher<pd::core::CostSnapshot> watcher;
    bool done = false;
    QObject::connect(&watcher, &QFutureWatcherBase::finished, [&] { done = true; });
    const qint64 start = now();
    watcher.setFuture(sampler.sample());
    spinUntil([&] { return done; }, std::chrono::minutes(3));
    *figures = phase(start, now());
    if (!done || watcher.future().resultCount() == 0 || !watcher.result().ok) {
        figures->note = done && watcher.future().resultCount() > 0 ? watcher.result().error : u"no answer"_s;
        return std::nullopt;
    }
    figures->note = u"%1 container samples"_s.arg(watcher.result().samples.size());
    return watcher.result();
}

// What the model alone does on the same sandbox: the baseline column.
struct ModelOnly
{
    LoadFigures load;
    qint64 peakKb = -1;
    Phase burst;
    Phase costSample;
    Phase filterKey;        // the slowest prefix of the filter text, proxy only
    Phase sort;             // the slowest column, proxy only
    QString filterText;
    std::optional<pd::core::CostSnapshot> snapshot;
    QString error;
};

ModelOnly runModelOnly(const pd::kube::ClusterEndpoint &endpoint, int burst)
{
    ModelOnly run;
    resetPeakRss();
    pd::kube::ApiClient client(endpoint);
    pd::core::EnvironmentModel model;
    pd::core::EnvironmentWatcher watcher(&client, &model);
    bool synced = false;
    QObject context;
    const qint64 start = now();
    QObject::connect(&model, &QAbstractItemModel::rowsInserted, &context, [&] {
        if (run.load.firstRowsMs < 0)
            run.load.firstRowsMs = now() - start;
    });
    QObject::connect(&watcher, &pd::core::EnvironmentWatcher::synced, &context, [&] {
        if (run.load.fullMs < 0)
            run.load.fullMs = now() - start;
        synced = true;
    });
    QObject::connect(&watcher, &pd::core::EnvironmentWatcher::connectionTextChanged, &context, [&](const QString &text) {
        if (run.load.liveMs < 0 && isLive(text))
            run.load.liveMs = now() - start;
    });
    watcher.start();
    if (!spinUntil([&] { return synced && run.load.liveMs >= 0; }, std::chrono::minutes(5))) {
        run.error = u"model-only: no full load within 5 minutes: "_s + watcher.connectionText();
        return run;
    }
    run.load.stalls = g_probe->between(start, now());
    run.peakKb = procStatusKb(u"self"_s, "VmHWM");
    run.burst = runBurst(&model, endpoint, burst);
    run.snapshot = sampleCost(&client, &run.costSample);

    // The filter text: a namespace's name from the middle of the table, typed key by key.
    run.filterText = model.environment(model.rowCount() / 2).name;
    pd::core::EnvironmentFilterProxy proxy;
    proxy.setSourceModel(&model);
    for (qsizetype n = 1; n <= run.filterText.size(); ++n) {
        const qint64 from = now();
        proxy.setFreeText(run.filterText.left(n));
        const qint64 ms = now() - from;
        if (ms >= run.filterKey.ms)
            run.filterKey = phase(from, now(), ms);
    }
    proxy.setFreeText({});
    for (int column = 0; column < proxy.columnCount(); ++column) {
        const qint64 from = now();
        proxy.sort(column, Qt::AscendingOrder);
        const qint64 ms = now() - from;
        if (ms >= run.sort.ms) {
            run.sort = phase(from, now(), ms);
            run.sort.note = proxy.headerData(column, Qt::Horizontal).toString();
        }
    }
    watcher.stop();
    return run;
}

// A week of history in the session's file through the public CostHistory API: the
// model-only run's snapshot recorded at `samples` times spread over 7 days.
QString writeWeekOfHistory(const QString &path, const pd::core::CostSnapshot &snapshot, int samples, qint64 *ms)
{
    pd::core::CostHistory history;
    if (!history.open(path))
        return history.error();
    QElapsedTimer timer;
    timer.start();
    constexpr qint64 week = 7LL * 24 * 3600 * 1000;
    const qint64 interval = week / std::max(1, samples);
    const qint64 end = QDateTime::currentMSecsSinceEpoch() - 60 * 1000;
    for (int i = samples; i >= 1; --i) {
        pd::core::CostSnapshot at = snapshot;
        at.timestampMs = end - qint64(i) * interval;
        if (!history.record(at, interval))
            return history.error();
    }
    *ms = timer.elapsed();
    return {};
}

// Sends one key to the widget the way the platform would (press and release).
void typeKey(QWidget *widget, QChar ch)
{
    QKeyEvent press(QEvent::KeyPress, 0, Qt::NoModifier, QString(ch));
    QCoreApplication::sendEvent(widget, &press);
    QKeyEvent release(QEvent::KeyRelease, 0, Qt::NoModifier, QString(ch));
    QCoreApplication::sendEvent(widget, &release);
}

struct WindowRun
{
    LoadFigures load;
    Phase startupSample;   // the recorder's first sample, taken as the session starts
    qint64 peakAfterLoadKb = -1;
    Phase burst;
    Phase costSample;
    Phase costWindow;
    Phase filterKey;      // the slowest key to painted filtered view
    Phase filterTyping;   // the whole word
    Phase sort;           // the slowest column to painted view
    QStringList sortColumns;
    qint64 historyWriteMs = -1;
    qint64 peakKb = -1;
    QString error;
};

WindowRun runWindow(const SandboxProcess &sandbox, const pd::kube::ClusterEndpoint &endpoint, const ModelOnly &baseline,
                    int burst, int historySamples, const QString &settingsPath)
{
    WindowRun run;
    malloc_trim(0);   // the model-only run's memory goes back before the peak is reset
    resetPeakRss();
    QSettings settings(settingsPath, QSettings::IniFormat);
    pd::gui::AppController controller(&settings);
    pd::gui::AppOptions options;
    options.kubeconfigPath = sandbox.kubeconfigPath();
    options.context = u"sandbox-admin"_s;
    const qint64 start = now();
    QString error;
    if (!controller.start(options, &error)) {
        run.error = u"the app did not start: "_s + error;
        return run;
    }
    pd::gui::MainWindow *window = controller.window();
    pd::core::Session *session = controller.session();
    window->resize(1600, 1000);
    QTableView *table = window->table();
    PaintWatcher paints(table->viewport(), [table] { return table->model() ? table->model()->rowCount() : 0; });
    bool synced = false;
    qint64 recordedAt = -1;
    QString costError;
    QObject context;
    QObject::connect(session->watcher(), &pd::core::EnvironmentWatcher::synced, &context, [&] { synced = true; });
    QObject::connect(session->watcher(), &pd::core::EnvironmentWatcher::connectionTextChanged, &context, [&](const QString &text) {
        if (run.load.liveMs < 0 && isLive(text))
            run.load.liveMs = now() - start;
    });
    QObject::connect(session, &pd::core::Session::costRecorded, &context, [&] { recordedAt = now(); });
    QObject::connect(session, &pd::core::Session::costErrorChanged, &context, [&](const QString &text) { costError = text; });
    qint64 syncedAt = -1;
    QObject::connect(session->watcher(), &pd::core::EnvironmentWatcher::synced, &context, [&] {
        if (syncedAt < 0)
            syncedAt = now();
    });
    // The full table: the model synced and a paint showing all of its rows (whichever came last).
    qint64 fullAt = -1;
    const auto fullyPainted = [&] {
        if (fullAt < 0 && synced && paints.lastPaintRows == session->model()->rowCount())
            fullAt = std::max(paints.lastPaintMs, syncedAt);
        return fullAt >= 0 && run.load.liveMs >= 0;
    };
    if (!spinUntil(fullyPainted, std::chrono::minutes(5))) {
        run.error = u"window: no full table within 5 minutes: "_s + window->connectionText();
        return run;
    }
    run.load.firstRowsMs = paints.firstRowsPaintMs - start;
    run.load.fullMs = fullAt - start;
    run.load.stalls = g_probe->between(start, std::max(fullAt, start + run.load.liveMs));
    // The recorder's first sample starts with the session; the load is not over before it is in.
    if (session->costRecorder()) {
        spinUntil([&] { return recordedAt >= 0 || !costError.isEmpty(); }, std::chrono::minutes(3));
        run.startupSample = phase(start, recordedAt >= 0 ? recordedAt : now());
        run.startupSample.note = recordedAt >= 0 ? u"recorded"_s : costError;
    } else {
        run.startupSample.note = session->costError();
    }
    run.peakAfterLoadKb = procStatusKb(u"self"_s, "VmHWM");

    run.burst = runBurst(session->model(), endpoint, burst);

    if (session->costRecorder()) {
        costError.clear();
        recordedAt = -1;
        const qint64 from = now();
        session->costRecorder()->sampleNow();
        spinUntil([&] { return recordedAt >= 0 || !costError.isEmpty(); }, std::chrono::minutes(3));
        run.costSample = phase(from, now());
        run.costSample.note = recordedAt >= 0 ? u"recorded"_s : costError;

        if (baseline.snapshot) {
            const QString written = writeWeekOfHistory(session->costHistoryPath(), *baseline.snapshot,
                                                       historySamples, &run.historyWriteMs);
            if (!written.isEmpty())
                run.costWindow.note = u"history not written: "_s + written;
        }
        const qint64 opened = now();
        controller.openCost();
        pd::gui::CostWindow *costWindow = nullptr;
        for (QWidget *widget : QApplication::topLevelWidgets())
            costWindow = costWindow ? costWindow : qobject_cast<pd::gui::CostWindow *>(widget);
        if (costWindow) {
            // The report is computed on the cost store's thread: the phase lasts until it is
            // shown and the window has painted.
            PaintWatcher costPaints(costWindow, {});
            qint64 shownAt = -1;
            QObject::connect(costWindow, &pd::gui::CostWindow::historyShown, &context, [&] { shownAt = now(); });
            spinUntil([&] { return shownAt >= 0 && costPaints.lastPaintMs >= 0; }, std::chrono::minutes(3));
            run.costWindow = phase(opened, now());
            run.costWindow.note = u"%1 sample times of history"_s.arg(historySamples);
            costWindow->close();
        } else {
            run.costWindow.note = u"no cost window"_s;
        }
        window->activateWindow();
    }

    // The filter, typed one key at a time: each key until the table painted its answer.
    QLineEdit *edit = window->filterBar()->textEdit();
    const qint64 typingStart = now();
    QAbstractItemModel *shown = table->model();
    for (const QChar ch : baseline.filterText) {
        const int rowsBefore = shown->rowCount();
        const qint64 from = now();
        typeKey(edit, ch);
        // Rows that changed are answered when painted; the same rows once the loop took
        // what the key posted.
        bool idle = false;
        QTimer::singleShot(0, &context, [&] { idle = true; });
        spinUntil([&] { return idle && (shown->rowCount() == rowsBefore || paints.lastPaintMs >= from); },
                  std::chrono::seconds(10));
        const qint64 answered = shown->rowCount() == rowsBefore ? now() : paints.lastPaintMs;
        const qint64 ms = answered - from;
        if (ms >= run.filterKey.ms)
            run.filterKey = phase(from, answered, ms);
    }
    run.filterTyping = phase(typingStart, now());
    run.filterTyping.note = u"\"%1\", %2 row(s) shown"_s.arg(baseline.filterText).arg(table->model()->rowCount());
    window->filterBar()->clear();
    spinUntil([&] { return paints.lastPaintRows == session->model()->rowCount(); }, std::chrono::seconds(30));

    // Each shown column, as a click on its header sorts it.
    QHeaderView *header = table->horizontalHeader();
    for (int column = 0; column < header->count(); ++column) {
        if (header->isSectionHidden(column))
            continue;
        const Qt::SortOrder order = header->sortIndicatorSection() == column && header->sortIndicatorOrder() == Qt::AscendingOrder
                ? Qt::DescendingOrder
                : Qt::AscendingOrder;
        const qint64 from = now();
        table->sortByColumn(column, order);
        spinUntil([&] { return paints.lastPaintMs >= from; }, std::chrono::seconds(30));
        const qint64 ms = paints.lastPaintMs - from;
        const QString title = table->model()->headerData(column, Qt::Horizontal).toString();
        run.sortColumns.append(u"%1 %2"_s.arg(title).arg(ms));
        if (ms >= run.sort.ms) {
            run.sort = phase(from, paints.lastPaintMs, ms);
            run.sort.note = title;
        }
    }
    run.peakKb = procStatusKb(u"self"_s, "VmHWM");
    return run;
}

QString ms(qint64 value)
{
    return value < 0 ? u"-"_s : u"%1 ms"_s.arg(value);
}

QString stalls(const StallFigures &figures)
{
    return u"%1/%2 ms"_s.arg(figures.worstMs).arg(figures.p99Ms);
}

void line(const QString &what, const QString &window, const QString &model = u"-"_s, const QString &note = {})
{
    std::printf("  %-44s %16s %16s  %s\n", qPrintable(what), qPrintable(window), qPrintable(model), qPrintable(note));
}

void phaseLines(const QString &what, const Phase &window, const Phase &model, const QString &duration = u"time"_s)
{
    line(u"%1: %2"_s.arg(what, duration), ms(window.ms), ms(model.ms), window.note);
    line(u"%1: worst/p99 stall"_s.arg(what), stalls(window.stalls), model.ms < 0 ? u"-"_s : stalls(model.stalls),
         window.stalls.over50 > 0 ? u"%1 stalls >= 50 ms"_s.arg(window.stalls.over50) : QString());
}

} // namespace

int main(int argc, char **argv)
{
    // The app's cost history and settings go to a private place, never the user's.
    QTemporaryDir home;
    qputenv("XDG_DATA_HOME", home.filePath(u"data"_s).toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", home.filePath(u"config"_s).toLocal8Bit());
    qputenv("XDG_CACHE_HOME", home.filePath(u"cache"_s).toLocal8Bit());
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication::setApplicationName(u"previewdesk"_s);
    QApplication::setOrganizationName(u"PreviewDesk"_s);
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption previewctl(u"previewctl"_s, u"previewctl to start the sandbox with."_s, u"PATH"_s,
                                        QString::fromUtf8(PREVIEWDESK_PREVIEWCTL));
    const QCommandLineOption scale(u"scale"_s, u"Namespaces of the sandbox (--scale)."_s, u"N"_s, u"10000"_s);
    const QCommandLineOption burst(u"burst"_s, u"Deployments to scale in the burst."_s, u"N"_s, u"2000"_s);
    const QCommandLineOption historySamples(u"history-samples"_s, u"Sample times in the week of cost history."_s,
                                            u"N"_s, u"28"_s);
    parser.addOptions({previewctl, scale, burst, historySamples});
    parser.process(app);
    const int n = parser.value(scale).toInt();
    if (n <= 0) {
        std::fprintf(stderr, "bench_gui: bad scale %s\n", qPrintable(parser.value(scale)));
        return 2;
    }

    LatencyProbe probe;
    g_probe = &probe;
    probe.start();
    SandboxProcess sandbox(parser.value(previewctl), n, /*controllers=*/true);
    QString error;
    const auto endpoint = sandbox.start(&error) ? sandbox.endpoint(&error) : std::nullopt;
    if (!endpoint) {
        std::fprintf(stderr, "bench_gui: %s\n", qPrintable(error));
        return 1;
    }
    sandbox.waitUntilIdle(std::chrono::minutes(2));
    const ModelOnly model = runModelOnly(*endpoint, parser.value(burst).toInt());
    if (!model.error.isEmpty()) {
        std::fprintf(stderr, "bench_gui: %s\n", qPrintable(model.error));
        return 1;
    }
    const WindowRun window = runWindow(sandbox, *endpoint, model, parser.value(burst).toInt(),
                                       parser.value(historySamples).toInt(), home.filePath(u"settings.ini"_s));
    if (!window.error.isEmpty()) {
        std::fprintf(stderr, "bench_gui: %s\n", qPrintable(window.error));
        return 1;
    }

    std::printf("bench_gui scale %d: %d namespaces, %d pods seeded; sandbox ready in %s, server peak RSS %lld MiB\n", n, n,
                n * 15, qPrintable(ms(sandbox.startMs())), static_cast<long long>(sandbox.peakRssKb() / 1024));
    line(u"what"_s, u"main window"_s, u"model only"_s, u"note"_s);
    line(u"load: first rows (painted / in the model)"_s, ms(window.load.firstRowsMs), ms(model.load.firstRowsMs));
    line(u"load: full table (painted / model synced)"_s, ms(window.load.fullMs), ms(model.load.fullMs));
    line(u"load: Live"_s, ms(window.load.liveMs), ms(model.load.liveMs));
    line(u"load: worst/p99 stall"_s, stalls(window.load.stalls), stalls(model.load.stalls),
         window.load.stalls.over50 > 0 ? u"%1 stalls >= 50 ms"_s.arg(window.load.stalls.over50) : QString());
    phaseLines(u"first cost sample (from launch)"_s, window.startupSample, {}, u"recorded after"_s);
    line(u"peak RSS after load"_s, u"%1 MiB"_s.arg(window.peakAfterLoadKb / 1024), u"%1 MiB"_s.arg(model.peakKb / 1024));
    phaseLines(u"burst"_s, window.burst, model.burst, u"folded in"_s);
    phaseLines(u"cost sample"_s, window.costSample, model.costSample, u"recorded (window) / sampled"_s);
    line(u"  (a week of history written in)"_s, ms(window.historyWriteMs));
    phaseLines(u"cost window on a week"_s, window.costWindow, {}, u"open to painted"_s);
    phaseLines(u"filter key (slowest)"_s, window.filterKey, model.filterKey, u"key to painted / proxy"_s);
    phaseLines(u"filter typed, whole word"_s, window.filterTyping, {});
    phaseLines(u"sort (slowest column)"_s, window.sort, model.sort, u"to painted / proxy"_s);
    line(u"  per column (ms)"_s, {}, {}, window.sortColumns.join(u", "_s));
    line(u"peak RSS"_s, u"%1 MiB"_s.arg(window.peakKb / 1024), u"%1 MiB"_s.arg(model.peakKb / 1024));
    const bool met = window.load.firstRowsMs < 1000 && window.load.liveMs < 3000 && window.load.stalls.worstMs <= 50
            && window.burst.stalls.worstMs <= 50 && window.costSample.stalls.worstMs <= 50
            && window.costWindow.stalls.worstMs <= 50 && window.filterKey.ms <= 100 && window.sort.stalls.worstMs <= 50
            && window.peakKb < 300 * 1024;
    std::printf("  goals (first rows < 1 s, Live < 3 s, no stall > 50 ms, filter key <= 100 ms, peak RSS < 300 MiB): %s\n",
                met ? "met" : "NOT met");
    std::fflush(stdout);
    return 0;
}
