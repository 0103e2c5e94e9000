#pragma once

#include <QWizardPage>

class QTreeView;

namespace pd::gui {

class CloneWizard;
class PlanRowDetails;
class PlanRowModel;

// 2) The review: the regenerated fields by object, the ones that change meaning open
// and the bookkeeping folded under one line; the selected row in full below.
class FieldsPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FieldsPage)
public:
    explicit FieldsPage(CloneWizard *wizard);

private:
    void replan();
    void showCurrent();

    CloneWizard *m_wizard;
    PlanRowModel *m_model;
    QTreeView *m_tree;
    PlanRowDetails *m_details;
};

} // namespace pd::gui
