#pragma once

#include <QList>
#include <QWizardPage>

class QComboBox;
class QLabel;
class QLineEdit;
class QVBoxLayout;

namespace pd::gui {

class CloneWizard;

// 5) What each datastore of the preview starts with (DESIGN.md, invariant 9): empty, the
// source's seed Job, or a snapshot of the source. Restoring data the source's profile does
// not mark safe asks the person cloning to type the source's name, as a destroy does.
class DataPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DataPage)
public:
    explicit DataPage(CloneWizard *wizard);
    bool isComplete() const override;
    void initializePage() override;

private:
    void rebuild();
    void apply();
    void showPlan();

    struct Row
    {
        QString name;
        QComboBox *choice = nullptr;
        QLabel *problem = nullptr;
    };
    CloneWizard *m_wizard;
    QVBoxLayout *m_rowsLayout;
    QLabel *m_confirmQuestion;
    QLineEdit *m_confirm;
    QList<Row> m_rows;
};

} // namespace pd::gui
