#include "environmentdetailspane.h"

#include "core/forge/previewreporting.h"

#include "core/cost/costformat.h"
#include "core/environment/environmenthealth.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/namespaceinsight.h"
#include "emptystate.h"
#include "environmentdelegate.h"

#include <QClipboard>
#include "core/environment/environmenthealth.h"

#include <QDesktopServices>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace pd::gui {

using pd::core::Environment;
using pd::core::EnvironmentModel;

namespace {

QGroupBox *section(const QString &title, QLayout *content, QWidget *parent)
{
    auto *box = new QGroupBox(title, parent);
    box->setLayout(content);
    return box;
}

} // namespace

EnvironmentDetailsPane::EnvironmentDetailsPane(QWidget *parent)
    : QWidget(parent)
    , m_openUrl([](const QUrl &url) { return QDesktopServices::openUrl(url); })
    , m_title(new QLabel)
    , m_state(new QLabel)
    , m_overview(new QFormLayout)
    , m_lineage(new QLabel)
    , m_urls(new QVBoxLayout)
    , m_quotas(new QVBoxLayout)
    , m_workloads(new QTreeWidget)
    , m_metadata(new QTreeWidget)
    , m_problems(new QTreeWidget)
    , m_events(new QTreeWidget)
    , m_insightStatus(new QLabel)
    , m_content(new QWidget)
    , m_placeholder(new QLabel(tr("Select an environment to see its workloads, URLs and quota.")))
{
    setObjectName(u"detailsPane"_s);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_state->setWordWrap(true);
    m_state->setObjectName(u"stateLabel"_s);
    m_lineage->setWordWrap(true);
    m_lineage->setObjectName(u"lineage"_s);
    m_placeholder->setWordWrap(true);
    m_placeholder->setAlignment(Qt::AlignCenter);

    m_workloads->setObjectName(u"workloads"_s);
    m_workloads->setHeaderLabels({tr("Workload"), tr("Ready"), tr("Image"), tr("Status")});
    m_workloads->setRootIsDecorated(false);
    m_workloads->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_workloads->setMinimumHeight(120);
    (new EmptyState(m_workloads))->setContent(tr("No Deployments or StatefulSets in this namespace."));
    m_metadata->setObjectName(u"metadata"_s);
    m_metadata->setHeaderLabels({tr("Key"), tr("Value")});
    m_metadata->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_metadata->setMinimumHeight(140);

    m_problems->setObjectName(u"problems"_s);
    m_problems->setHeaderLabels({tr("Where"), tr("Problem"), tr("Detail"), tr("Pods")});
    m_problems->setRootIsDecorated(false);
    m_problems->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_problems->header()->setStretchLastSection(false);
    m_problems->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_problems->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    // Details elide in the middle, so "... not found" stays in view; the tooltip has it all.
    m_problems->setTextElideMode(Qt::ElideMiddle);
    m_events->setObjectName(u"events"_s);
    m_events->setHeaderLabels({tr("Reason"), tr("Object"), tr("Message"), tr("Age"), tr("Count")});
    m_events->setRootIsDecorated(false);
    m_events->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_events->header()->setStretchLastSection(false);
    m_events->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Pod names are long: the object column stays narrow (shortened in the middle, full in
    // the tooltip) so the message has the room.
    m_events->header()->setSectionResizeMode(1, QHeaderView::Interactive);
    m_events->header()->resizeSection(1, 150);
    m_events->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_events->setMinimumHeight(140);
    m_insightStatus->setObjectName(u"insightStatus"_s);
    m_insightStatus->setWordWrap(true);

    auto *lineageLayout = new QVBoxLayout;
    lineageLayout->addWidget(m_lineage);

    auto *contentLayout = new QVBoxLayout(m_content);
    contentLayout->addWidget(m_title);
    contentLayout->addWidget(m_state);
    auto *problemsLayout = new QVBoxLayout;
    problemsLayout->addWidget(m_insightStatus);
    problemsLayout->addWidget(m_problems);
    m_problemsBox = section(tr("Problems"), problemsLayout, m_content);
    m_problemsBox->setObjectName(u"problemsSection"_s);
    contentLayout->addWidget(m_problemsBox);
    contentLayout->addWidget(section(tr("Overview"), m_overview, m_content));
    contentLayout->addWidget(section(tr("Lineage"), lineageLayout, m_content));
    contentLayout->addWidget(section(tr("URLs"), m_urls, m_content));
    auto *workloadLayout = new QVBoxLayout;
    workloadLayout->addWidget(m_workloads);
    contentLayout->addWidget(section(tr("Workloads"), workloadLayout, m_content));
    auto *eventsLayout = new QVBoxLayout;
    eventsLayout->addWidget(m_events);
    m_eventsBox = section(tr("Recent events"), eventsLayout, m_content);
    m_eventsBox->setObjectName(u"eventsSection"_s);
    contentLayout->addWidget(m_eventsBox);
    contentLayout->addWidget(section(tr("Quota"), m_quotas, m_content));
    auto *metadataLayout = new QVBoxLayout;
    metadataLayout->addWidget(m_metadata);
    contentLayout->addWidget(section(tr("Labels and annotations"), metadataLayout, m_content));
    contentLayout->addStretch(1);

    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    // The pane follows the splitter's width; long values wrap or clip instead.
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scroll->setWidget(m_content);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_placeholder);
    layout->addWidget(m_scroll, 1);
    m_scroll->setVisible(false);
    m_problemsBox->setVisible(false);   // until there is a client
    m_eventsBox->setVisible(false);
}

EnvironmentDetailsPane::~EnvironmentDetailsPane() = default;

void EnvironmentDetailsPane::setModel(EnvironmentModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (m_model) {
        // Follow the shown environment as the cluster changes it.
        connect(m_model, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                    const int row = m_model->rowOf(m_name);
                    if (row >= topLeft.row() && row <= bottomRight.row())
                        rebuild();
                });
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, &EnvironmentDetailsPane::rebuild);
        connect(m_model, &QAbstractItemModel::rowsInserted, this, &EnvironmentDetailsPane::rebuild);
    }
    rebuild();
}

void EnvironmentDetailsPane::setClient(pd::kube::ApiClient *client)
{
    // NamespaceInsight's destructor hands its streams over safely; a new one per client.
    delete m_insight;
    m_insight = nullptr;
    if (client) {
        m_insight = new pd::core::NamespaceInsight(client, this);
        connect(m_insight, &pd::core::NamespaceInsight::changed, this, &EnvironmentDetailsPane::fillInsight);
    }
    m_problemsBox->setVisible(m_insight != nullptr);
    m_eventsBox->setVisible(m_insight != nullptr);
    m_shown.reset();   // fill everything again for the new cluster
    rebuild();
}

void EnvironmentDetailsPane::showEnvironment(const QString &name)
{
    m_name = name;
    rebuild();
}

void EnvironmentDetailsPane::clearLayout(QLayout *layout)
{
    while (QLayoutItem *item = layout->takeAt(0)) {
        if (QWidget *widget = item->widget())
            delete widget;
        else if (QLayout *child = item->layout())
            clearLayout(child);
        delete item;
    }
}

void EnvironmentDetailsPane::rebuild()
{
    const std::optional<Environment> env = m_model ? m_model->find(m_name) : std::nullopt;
    m_scroll->setVisible(env.has_value());
    m_placeholder->setVisible(!env.has_value());
    // Only the shown namespace is watched, and only while it is shown.
    if (m_insight)
        m_insight->setNamespace(env ? m_name : QString());
    // Periodic age/expiry refreshes touch every row: rebuild only on a real change.
    const pd::core::EnvironmentExtras extras = modelExtras();
    const QString &problem = extras.problem;
    if (env == m_shown && extras == m_shownExtras) {
        fillEvents();   // ages move on
        return;
    }
    m_shown = env;
    m_shownExtras = extras;
    if (!env)
        return;
    m_title->setText(env->name);
    const QColor color = EnvironmentDelegate::stateColor(int(env->state), palette());
    // The reason in full (the health rules put the pod failure into it); pod problems the
    // rules did not name follow, so nothing is only in a tooltip.
    QString reason = env->stateReason.toHtmlEscaped();
    if (!problem.isEmpty() && !env->stateReason.startsWith(problem))
        reason += u"<br>"_s + tr("Pods: %1").arg(problem.toHtmlEscaped());
    m_state->setText(u"<b style=\"color:%1\">%2</b> &mdash; %3"_s.arg(
            color.name(), pd::core::stateText(env->state).toHtmlEscaped(), reason));
    m_state->setToolTip(problem.isEmpty() ? env->stateReason : env->stateReason % u"\n\n"_s % problem);
    fillOverview(*env);
    fillLineage(*env);
    fillUrls(*env);
    fillWorkloads(*env);
    fillQuotas(*env);
    fillMetadata(*env);
    fillInsight();
}

void EnvironmentDetailsPane::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        // Colours and icons come from the palette: light and dark sets.
        m_shown.reset();
        rebuild();
    }
}

pd::core::EnvironmentExtras EnvironmentDetailsPane::modelExtras() const
{
    const int row = m_model ? m_model->rowOf(m_name) : -1;
    return row >= 0 ? m_model->extras(row) : pd::core::EnvironmentExtras();
}

QDateTime EnvironmentDetailsPane::now() const
{
    return m_model ? m_model->now() : QDateTime::currentDateTimeUtc();
}

// "#12 · open", "#12 · merged": the state PullRequestTracker last read; just the number until then.
QString EnvironmentDetailsPane::pullRequestText(const Environment &env) const
{
    if (env.pr.isEmpty())
        return {};
    const QString state = m_shownExtras.pullRequest.state;
    QString stateText;
    if (state == u"open"_s)
        stateText = tr("open");
    else if (state == u"draft"_s)
        stateText = tr("draft");
    else if (state == u"merged"_s)
        stateText = tr("merged");
    else if (state == u"closed"_s)
        stateText = tr("closed");
    return stateText.isEmpty() ? QString(u'#' + env.pr) : QString(u'#' % env.pr % u" \u00b7 "_s % stateText);
}

// Whether the comment on the PR says what is true now (posted after the last change).
QString EnvironmentDetailsPane::commentText(const Environment &env) const
{
    const std::optional<pd::core::PreviewCommentRecord> record = pd::core::PreviewCommentRecord::of(env);
    const QString ago = record ? pd::core::EnvironmentModel::agoText(record->postedAt, now()) : QString();
    switch (pd::core::commentFreshness(env, m_shownExtras)) {
    case pd::core::CommentFreshness::NotPosted:
        return tr("not posted; post it from the row's menu");
    case pd::core::CommentFreshness::Current:
        return tr("current, posted %1").arg(ago);
    case pd::core::CommentFreshness::Stale:
        return tr("out of date: posted %1, before the preview last changed; refresh it from the row's menu").arg(ago);
    }
    return {};
}

void EnvironmentDetailsPane::fillOverview(const Environment &env)
{
    while (m_overview->rowCount() > 0)
        m_overview->removeRow(0);
    const auto row = [this](const QString &label, const QString &value) {
        auto *text = new QLabel(value.isEmpty() ? u"\u2014"_s : value);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        text->setWordWrap(true);
        m_overview->addRow(label, text);
    };
    row(tr("Role"), pd::core::roleText(env.role) + (env.isProtected ? tr(" (protected)") : QString()));
    row(tr("Pull request"), pullRequestText(env));
    if (!env.pr.isEmpty())
        row(tr("PR comment"), commentText(env));
    row(tr("Branch"), env.branch);
    row(tr("Owner"), env.owner);
    if (!env.mode.isEmpty())
        row(tr("Mode"), env.mode);
    row(tr("Created"), QLocale().toString(env.created.toLocalTime(), QLocale::ShortFormat));
    if (env.renewedAt.isValid()) {   // a push to the PR renewed it (previewctl extend)
        row(tr("Renewed"), pd::core::EnvironmentModel::agoText(env.renewedAt, now()) % u" ("_s
                               % QLocale().toString(env.renewedAt.toLocalTime(), QLocale::ShortFormat) % u')');
    }
    row(tr("Expires"), env.expiresAt.isValid()
            ? QString(QLocale().toString(env.expiresAt.toLocalTime(), QLocale::ShortFormat) % u" ("_s
                      % env.expirySource % u')')
            : tr("never"));
    row(tr("Services"), pd::core::servicesText(env));   // the count the state was judged by
    // From the recorded usage history (OpenCost's rule); never an invented number.
    const std::optional<double> cost = m_shownExtras.costPerDay;
    row(tr("Cost per day"), cost ? pd::core::moneyText(*cost, 2) : tr("not sampled yet"));
}

void EnvironmentDetailsPane::fillLineage(const Environment &env)
{
    // Parent chain up to the source, then the children of this environment.
    QStringList chain{u"<b>"_s + env.name.toHtmlEscaped() + u"</b>"_s};
    QString parent = env.parent;
    QSet<QString> seen{env.name};
    while (!parent.isEmpty() && !seen.contains(parent)) {
        seen.insert(parent);
        chain.prepend(parent.toHtmlEscaped());
        const std::optional<Environment> up = m_model->find(parent);
        parent = up ? up->parent : QString();
    }
    QStringList children;
    for (const QString &name : m_model->names()) {
        if (m_model->find(name)->parent == env.name)
            children.append(name.toHtmlEscaped());
    }
    QString text = chain.join(u" \u2192 "_s);
    if (!children.isEmpty())
        text += u"<br>"_s + tr("Cloned into: %1").arg(children.join(u", "_s));
    m_lineage->setText(text);
}

void EnvironmentDetailsPane::fillUrls(const Environment &env)
{
    clearLayout(m_urls);
    QList<QUrl> urls;
    if (!env.url.isEmpty())
        urls.append(env.url);
    for (const pd::core::IngressUrl &ingress : env.ingressUrls) {
        if (!urls.contains(ingress.url))
            urls.append(ingress.url);
    }
    if (urls.isEmpty()) {
        m_urls->addWidget(new QLabel(tr("No ingress")));
        return;
    }
    for (const QUrl &url : std::as_const(urls)) {
        auto *row = new QHBoxLayout;
        auto *label = new QLabel(u"<a href=\"%1\">%1</a>"_s.arg(url.toString().toHtmlEscaped()));
        label->setTextInteractionFlags(Qt::TextBrowserInteraction);
        label->setToolTip(url.toString());
        label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
        connect(label, &QLabel::linkActivated, this, [this, url] { m_openUrl(url); });
        auto *open = new QPushButton(tr("Open"));
        open->setObjectName(u"openUrl"_s);
        connect(open, &QPushButton::clicked, this, [this, url] { m_openUrl(url); });
        auto *copy = new QPushButton(tr("Copy"));
        copy->setObjectName(u"copyUrl"_s);
        connect(copy, &QPushButton::clicked, this,
                [url] { QGuiApplication::clipboard()->setText(url.toString()); });
        row->addWidget(label, 1);
        row->addWidget(open);
        row->addWidget(copy);
        m_urls->addLayout(row);
    }
}

void EnvironmentDetailsPane::fillWorkloads(const Environment &env)
{
    m_workloads->clear();
    for (const pd::core::WorkloadInfo &workload : env.workloads) {
        auto *item = new QTreeWidgetItem(m_workloads);
        item->setText(0, workload.name);
        item->setToolTip(0, workload.kind);
        item->setText(1, QString::number(workload.ready) % u'/' % QString::number(workload.desired));
        item->setText(2, workload.images.join(u", "_s));
        item->setText(3, workload.message.isEmpty() ? pd::core::stateText(workload.state) : workload.message);
        item->setForeground(3, EnvironmentDelegate::stateColor(int(workload.state)));
    }
}

void EnvironmentDetailsPane::fillQuotas(const Environment &env)
{
    clearLayout(m_quotas);
    if (env.quotas.isEmpty()) {
        m_quotas->addWidget(new QLabel(tr("No ResourceQuota")));
        return;
    }
    for (const pd::core::QuotaItem &quota : env.quotas) {
        auto *bar = new QProgressBar;
        bar->setRange(0, 1000);
        bar->setValue(int(qBound(0.0, quota.fraction(), 1.0) * 1000));
        bar->setFormat(quota.resource % u"  "_s % quota.used.toString() % u" / "_s % quota.hard.toString());
        bar->setToolTip(quota.quotaName);
        m_quotas->addWidget(bar);
    }
}

void EnvironmentDetailsPane::fillMetadata(const Environment &env)
{
    m_metadata->clear();
    const auto group = [this](const QString &title, const QMap<QString, QString> &values) {
        auto *parent = new QTreeWidgetItem(m_metadata, {title});
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            auto *item = new QTreeWidgetItem(parent, {it.key(), it.value()});
            item->setToolTip(1, it.value());
        }
        parent->setExpanded(true);
    };
    group(tr("Labels"), env.labels);
    group(tr("Annotations"), env.annotations);
}

} // namespace pd::gui
