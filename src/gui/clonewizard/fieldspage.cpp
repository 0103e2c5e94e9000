#include "fieldspage.h"

#include "clonewizard.h"
#include "planrowdetails.h"
#include "planrowmodel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTreeView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace pd::gui {

namespace {

// Field paths keep both ends ("spec.template…env[DATABASE_URL].value"); values elide at
// the right, the pane below has them in full.
class PlanRowDelegate final : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        if (index.column() == PlanRowModel::NameColumn && index.parent().isValid())
            option->textElideMode = Qt::ElideMiddle;
    }
};

} // namespace

FieldsPage::FieldsPage(CloneWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_model(new PlanRowModel(this))
    , m_tree(new QTreeView(this))
    , m_details(new PlanRowDetails(wizard, this))
{
    setTitle(tr("Regenerated fields"));
    setSubTitle(tr("What the clone changes, by object. Select a change to see the old and new value and why."));
    m_tree->setObjectName(u"planTree"_s);
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setTextElideMode(Qt::ElideRight);   // the full values are below
    m_tree->setItemDelegate(new PlanRowDelegate(m_tree));
    QHeaderView *header = m_tree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(PlanRowModel::NameColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(PlanRowModel::NewColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(PlanRowModel::RuleColumn, QHeaderView::ResizeToContents);
    m_details->setObjectName(u"planRowDetails"_s);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(u"reviewSplitter"_s);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 1);   // the details take what their few lines need
    splitter->setStretchFactor(1, 0);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(wizard, &CloneWizard::planChanged, this, &FieldsPage::replan);
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &FieldsPage::showCurrent);
    connect(wizard, &CloneWizard::sourceChanged, m_details, &PlanRowDetails::updateReveal);
}

// A replan keeps the row in view that was selected (the same object and field).
void FieldsPage::replan()
{
    const pd::core::PlanRow *before = m_model->planRow(m_tree->currentIndex());
    const QString object = before ? before->object : QString(), field = before ? before->field : QString();
    m_model->setRows(m_wizard->plan().rows);
    m_tree->expandAll();
    m_tree->collapse(m_model->bookkeepingIndex());
    QModelIndex current;
    for (int row = 0; row < m_model->rows().size() && !current.isValid(); ++row) {
        const pd::core::PlanRow &candidate = m_model->rows().at(row);
        if (candidate.object == object && candidate.field == field)
            current = m_model->indexOfRow(row);
    }
    // Nothing chosen yet: the first change that matters, so the pane below is never empty.
    if (!current.isValid() && m_model->rowCount() > 0)
        current = m_model->index(0, 0, m_model->index(0, 0));
    if (current.isValid())
        m_tree->setCurrentIndex(current);
    else
        showCurrent();
}

void FieldsPage::showCurrent()
{
    const QModelIndex current = m_tree->currentIndex();
    if (const pd::core::PlanRow *row = m_model->planRow(current)) {
        m_details->showRow(row);
        return;
    }
    if (!current.isValid())
        m_details->showRow(nullptr, tr("Select a change to see its old and new value in full."));
    else if (current.siblingAtColumn(0) == m_model->bookkeepingIndex())
        m_details->showRow(nullptr, tr("%1 every clone makes: fields the API server sets, objects that belong "
                                       "to the source alone or that their controller makes anew, and the preview's "
                                       "labels. Open the line to see them.").arg(PlanRowModel::changesText(m_model->bookkeepingCount())));
    else
        m_details->showRow(nullptr, tr("%1: %2").arg(current.siblingAtColumn(0).data().toString(),
                                                     current.siblingAtColumn(PlanRowModel::NewColumn).data().toString()));
}

} // namespace pd::gui
