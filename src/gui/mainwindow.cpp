#include "mainwindow.h"

#include "core/environment/environmentfilterproxy.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "emptystate.h"
#include "environmentactionsmenu.h"
#include "environmentdelegate.h"
#include "environmentdetailspane.h"
#include "environmentfilterbar.h"
#include "namespaceaccesshint.h"
#include "pullrequestbanner.h"
#include "core/session/session.h"
#include "urldialog.h"

#include <QAction>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLabel>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace pd::gui {

using pd::core::EnvironmentModel;

namespace {
const QString kGeometryKey = u"mainWindow/geometry"_s;
const QString kStateKey = u"mainWindow/state"_s;
const QString kHeaderKey = u"mainWindow/tableHeader"_s;
const QString kSplitterKey = u"mainWindow/splitter"_s;
const QString kColumnsKey = u"mainWindow/tableColumns"_s;
const QString kDetailsKey = u"mainWindow/detailsPane"_s;
} // namespace

MainWindow::MainWindow(QSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_openUrl([](const QUrl &url) { return QDesktopServices::openUrl(url); })
    , m_proxy(new pd::core::EnvironmentFilterProxy(this))
    , m_contexts(new QComboBox(this))
    , m_filterBar(new EnvironmentFilterBar(m_proxy, this))
    , m_table(new QTableView(this))
    , m_details(new EnvironmentDetailsPane(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_connection(new QLabel(tr("Not connected"), this))
    , m_counts(new QLabel(this))
    , m_pullRequestBanner(new PullRequestBanner(this))
    , m_namespaceHint(new NamespaceAccessHint(this))
{
    // The title is the context's name: Qt adds " — PreviewDesk" (the display name) itself.
    setObjectName(u"mainWindow"_s);
    setWindowIcon(QIcon::fromTheme(u"io.previewdesk.PreviewDesk"_s, QIcon(u":/icons/previewdesk.svg"_s)));

    m_contexts->setObjectName(u"contextCombo"_s);
    m_contexts->setToolTip(tr("Kubernetes context"));
    m_contexts->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_contexts, &QComboBox::activated, this, [this](int index) {
        // Nothing of the previous context stays on screen while the next one connects.
        m_chosen.clear();
        clearSelectionQuietly();
        m_details->showEnvironment(QString());
        updateActions();
        updatePullRequestBanner();
        Q_EMIT contextRequested(m_contexts->itemText(index));
    });

    // Before the view connects to the proxy: while the proxy moves rows, the selection
    // model moves the current row on its own; those moves are not the user's choice.
    const auto pair = [this](auto aboutTo, auto done) {
        connect(m_proxy, aboutTo, this, [this] { ++m_rowsChanging; });
        connect(m_proxy, done, this, [this] {
            --m_rowsChanging;
            syncSelection();
        });
    };
    pair(&QAbstractItemModel::rowsAboutToBeRemoved, &QAbstractItemModel::rowsRemoved);
    pair(&QAbstractItemModel::rowsAboutToBeInserted, &QAbstractItemModel::rowsInserted);
    pair(&QAbstractItemModel::layoutAboutToBeChanged, &QAbstractItemModel::layoutChanged);
    pair(&QAbstractItemModel::modelAboutToBeReset, &QAbstractItemModel::modelReset);

    m_table->setObjectName(u"environmentTable"_s);
    m_table->setModel(m_proxy);
    m_table->setItemDelegate(new EnvironmentDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionsMovable(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSortIndicator(EnvironmentModel::StateColumn, Qt::AscendingOrder);
    connect(m_table, &QTableView::doubleClicked, this, &MainWindow::openUrlAt);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &position) {
        if (const QModelIndex index = m_table->indexAt(position); index.isValid())
            m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_environmentActions->showContextMenu(m_table->viewport()->mapToGlobal(position));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onCurrentRowChanged);
    // A click sets the current row first and selects it after: both say what was chosen.
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::onCurrentRowChanged);
    m_details->setUrlOpener([this](const QUrl &url) { return openUrl(url); });
    m_emptyState = new EmptyState(m_table);
    connect(m_emptyState, &EmptyState::actionTriggered, this, [this] {
        if (m_model && m_model->rowCount() > 0)
            m_filterBar->clear();
        else
            m_refresh->trigger();
    });
    connect(m_filterBar, &EnvironmentFilterBar::filtersChanged, this, [this] {
        // A row that stays in the filtered list stays in sight.
        QMetaObject::invokeMethod(this, &MainWindow::scrollToChosen, Qt::QueuedConnection);
    });

    auto *left = new QWidget(m_splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(6, 6, 0, 6);
    leftLayout->addWidget(m_namespaceHint);
    leftLayout->addWidget(m_filterBar);
    leftLayout->addWidget(m_table, 1);
    m_splitter->addWidget(left);
    // The pull-request banner sits above the details of the environment it is about.
    auto *right = new QWidget(m_splitter);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 6, 0, 0);
    rightLayout->setSpacing(4);
    rightLayout->addWidget(m_pullRequestBanner);
    rightLayout->addWidget(m_details, 1);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    right->setMinimumWidth(340);
    m_splitter->setSizes({880, 400});
    setCentralWidget(m_splitter);

    m_connection->setObjectName(u"connectionState"_s);
    m_counts->setObjectName(u"environmentCounts"_s);
    statusBar()->addWidget(m_connection, 1);
    statusBar()->addPermanentWidget(m_counts);

    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateCounts);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateCounts);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MainWindow::updateCounts);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &MainWindow::updateActions);
    m_ownersTimer.setSingleShot(true);
    m_ownersTimer.setInterval(200);
    connect(&m_ownersTimer, &QTimer::timeout, this, &MainWindow::updateOwners);

    createActions();
    resize(1280, 760);
    restoreSettings();
    m_table->setSortingEnabled(true);
    updateCounts();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::restoreSettings()
{
    if (!m_settings)
        return;
    restoreGeometry(m_settings->value(kGeometryKey).toByteArray());
    restoreState(m_settings->value(kStateKey).toByteArray());
    // Columns exist only once a model is set: the header state waits until then.
    m_headerState = m_settings->value(kHeaderKey).toByteArray();
    m_savedColumns = m_settings->value(kColumnsKey).toString();
    m_splitter->restoreState(m_settings->value(kSplitterKey).toByteArray());
    setDetailsPaneVisible(m_settings->value(kDetailsKey, true).toBool());
}

void MainWindow::saveSettings() const
{
    if (!m_settings)
        return;
    m_settings->setValue(kGeometryKey, saveGeometry());
    m_settings->setValue(kStateKey, saveState());
    m_settings->setValue(kHeaderKey, m_headerState.isEmpty() ? m_table->horizontalHeader()->saveState() : m_headerState);
    m_settings->setValue(kColumnsKey, m_headerState.isEmpty() ? columnsSignature() : m_savedColumns);
    m_settings->setValue(kSplitterKey, m_splitter->saveState());
    m_settings->setValue(kDetailsKey, isDetailsPaneVisible());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::setContexts(const QStringList &contexts, const QString &current)
{
    const QSignalBlocker blocker(m_contexts);
    m_contexts->clear();
    m_contexts->addItems(contexts);
    m_contexts->setCurrentIndex(std::max(0, int(contexts.indexOf(current))));
    setWindowTitle(m_contexts->currentText());
}

QString MainWindow::currentContext() const
{
    return m_contexts->currentText();
}

void MainWindow::setSession(Session *session)
{
    disconnect(m_sessionConnection);
    disconnect(m_syncedConnection);
    m_session = session;
    m_environmentActions->setSession(session);
    m_details->setClient(session ? session->client() : nullptr);
    m_namespaceHint->setSession(session);
    m_namespaceHint->setWatcher(session ? session->watcher() : nullptr);
    m_namespaceHint->setNamespacesNamed(session && !session->settings().namespaces.isEmpty());
    if (!session) {
        setEnvironmentModel(nullptr);
        setConnectionText(tr("Not connected"));
        return;
    }
    setEnvironmentModel(session->model());
    m_sessionConnection = connect(session->watcher(), &pd::core::EnvironmentWatcher::connectionTextChanged, this,
                                  &MainWindow::setConnectionText);
    setConnectionText(session->watcher()->connectionText());
    m_syncedConnection = connect(session->watcher(), &pd::core::EnvironmentWatcher::synced, this,
                                 &MainWindow::updateEmptyState);
    updateEmptyState();
}

void MainWindow::setEnvironmentModel(EnvironmentModel *model)
{
    const QString selected = m_chosen;
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    m_proxy->setSourceModel(model);
    m_details->setModel(model);
    if (model && !m_headerState.isEmpty() && m_savedColumns != columnsSignature()) {
        m_headerState.clear();   // saved for other columns: sized to the content instead
        m_columnsFitted = false;
    }
    if (model && !m_headerState.isEmpty()) {
        QHeaderView *header = m_table->horizontalHeader();
        header->restoreState(m_headerState);
        m_headerState.clear();
        m_columnsFitted = true;
        m_table->sortByColumn(header->sortIndicatorSection(), header->sortIndicatorOrder());
    }
    if (model) {
        // The proxy removes its rows before the source does: count on the source's signals too.
        for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
            connect(model, signal, this, [this] {
                syncSelection();   // a chosen row deleted from the cluster is forgotten
                m_ownersTimer.start();
                updateCounts();
                // After the whole burst of rows, not after the first one.
                if (!m_columnsFitted)
                    QTimer::singleShot(0, this, &MainWindow::fitColumnsOnce);
            });
        }
        if (!m_columnsFitted && model->rowCount() > 0)   // rows already there: no insert signal comes
            QTimer::singleShot(0, this, &MainWindow::fitColumnsOnce);
        connect(model, &QAbstractItemModel::dataChanged, this, [this] {
            m_ownersTimer.start();
            updateActions();
            updatePullRequestBanner();
        });
    }
    m_chosen = selected;   // kept when the new model has it (syncSelection forgets it otherwise)
    syncSelection();
    updateCounts();
    updateOwners();
    updateActions();
}

void MainWindow::setConnectionText(const QString &text)
{
    m_connection->setText(text);
}

QString MainWindow::connectionText() const
{
    return m_connection->text();
}

void MainWindow::setUrlOpener(UrlOpener opener)
{
    m_openUrl = std::move(opener);
}

QString MainWindow::selectedEnvironment() const
{
    return m_chosenHidden ? QString() : m_chosen;
}

QModelIndex MainWindow::chosenIndex() const
{
    const int row = m_model && !m_chosen.isEmpty() ? m_model->rowOf(m_chosen) : -1;
    return row < 0 ? QModelIndex() : m_proxy->mapFromSource(m_model->index(row, EnvironmentModel::NameColumn));
}

bool MainWindow::selectEnvironment(const QString &name)
{
    if (name.isEmpty())
        return false;
    for (int row = 0; row < m_proxy->rowCount(); ++row) {
        const QModelIndex index = m_proxy->index(row, EnvironmentModel::NameColumn);
        if (index.data(EnvironmentModel::NameRole).toString() == name) {
            m_table->selectionModel()->setCurrentIndex(
                    index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            m_table->scrollTo(index);
            return true;
        }
    }
    return false;
}

void MainWindow::onCurrentRowChanged()
{
    if (m_rowsChanging > 0)
        return;   // the proxy moved it: syncSelection() decides
    // A current row the view set without selecting it (focus) is no choice.
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    const bool selected = current.isValid() && m_table->selectionModel()->isRowSelected(current.row(), current.parent());
    const QString chosen = selected ? current.data(EnvironmentModel::NameRole).toString() : QString();
    if (chosen == m_chosen && !m_chosenHidden)
        return;
    m_chosen = chosen;
    m_chosenHidden = false;
    m_details->showEnvironment(m_chosen);
    updateActions();
    updatePullRequestBanner();
    updateCounts();
}

void MainWindow::syncSelection()
{
    if (m_rowsChanging > 0)
        return;
    if (!m_chosen.isEmpty() && (!m_model || m_model->rowOf(m_chosen) < 0))
        m_chosen.clear();   // gone from the cluster
    const bool wasHidden = m_chosenHidden;
    const QModelIndex chosen = chosenIndex();
    QItemSelectionModel *selection = m_table->selectionModel();
    if (chosen.isValid()) {
        m_chosenHidden = false;
        if (selection->currentIndex().row() != chosen.row() || !selection->isRowSelected(chosen.row(), {})) {
            ++m_rowsChanging;
            selection->setCurrentIndex(chosen, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            --m_rowsChanging;
        }
        if (wasHidden) {   // back from behind the filter: show where it is, after the view laid out the rows
            QTimer::singleShot(0, this, [this] {
                if (const QModelIndex index = chosenIndex(); index.isValid())
                    m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
            });
        }
    } else {
        m_chosenHidden = !m_chosen.isEmpty();
        if (selection->currentIndex().isValid() || selection->hasSelection())
            clearSelectionQuietly();
    }
    if (m_details->environmentName() != selectedEnvironment())
        m_details->showEnvironment(selectedEnvironment());
    if (wasHidden != m_chosenHidden) {
        updatePullRequestBanner();
        updateCounts();
    }
    updateActions();
}

void MainWindow::clearSelectionQuietly()
{
    ++m_rowsChanging;
    m_table->selectionModel()->clear();
    --m_rowsChanging;
}

void MainWindow::scrollToChosen()
{
    if (const QModelIndex chosen = chosenIndex(); chosen.isValid())
        m_table->scrollTo(chosen);
}

void MainWindow::updatePullRequestBanner()
{
    const int row = m_model ? m_model->rowOf(selectedEnvironment()) : -1;
    if (row < 0) {
        m_pullRequestBanner->clear();
        return;
    }
    const pd::core::Environment &env = m_model->environment(row);
    m_pullRequestBanner->setPullRequest(env.name, env.pr, m_model->extras(row).pullRequest);
}

bool MainWindow::openUrlAt(const QModelIndex &proxyIndex)
{
    const QUrl url = proxyIndex.data(EnvironmentModel::UrlRole).toUrl();
    if (url.isEmpty()) {
        statusBar()->showMessage(tr("This environment has no URL"), 4000);
        return false;
    }
    return openUrl(url);
}

bool MainWindow::openUrl(const QUrl &url)
{
    if (m_openUrl(url))
        return true;
    // No browser (or none that answered): the URL itself, to copy.
    UrlDialog::showFor(url, this);
    return false;
}

bool MainWindow::openSelectedUrl()
{
    return openUrlAt(chosenIndex());
}

bool MainWindow::copySelectedUrl()
{
    const QUrl url = chosenIndex().data(EnvironmentModel::UrlRole).toUrl();
    if (url.isEmpty())
        return false;
    QGuiApplication::clipboard()->setText(url.toString());
    statusBar()->showMessage(tr("Copied %1").arg(url.toString()), 4000);
    return true;
}

void MainWindow::updateCounts()
{
    const int total = m_model ? m_model->rowCount() : 0;
    const int shown = m_proxy->rowCount();
    QString text = shown == total ? tr("%n environment(s)", nullptr, total)
                                  : tr("%1 of %n environment(s) shown", nullptr, total).arg(shown);
    if (m_chosenHidden)
        text += tr(" \u2014 %1 is hidden by the filter").arg(m_chosen);
    m_counts->setText(text);
    updateEmptyState();
    updateActions();
}

void MainWindow::updateEmptyState()
{
    if (m_model && m_model->rowCount() > 0)
        m_emptyState->setContent(tr("No environment matches the filter."), tr("Clear filter"));
    else if (m_session && !m_session->watcher()->isSynced())
        m_emptyState->setContent(tr("Listing the environments of this context…"));
    else if (m_model)
        m_emptyState->setContent(tr("No sources or previews in this context yet."), tr("Refresh"));
    else
        m_emptyState->setContent(tr("Not connected to a cluster."));
}

void MainWindow::updateOwners()
{
    QStringList owners;
    if (m_model) {
        for (int row = 0; row < m_model->rowCount(); ++row)
            owners.append(m_model->environment(row).owner);
    }
    m_filterBar->setOwners(owners);
}

void MainWindow::updateActions()
{
    const bool hasUrl = !chosenIndex().data(EnvironmentModel::UrlRole).toUrl().isEmpty();
    m_openUrlAction->setEnabled(hasUrl);
    m_copyUrlAction->setEnabled(hasUrl);
    if (m_environmentActions)
        m_environmentActions->update();
}

} // namespace pd::gui
