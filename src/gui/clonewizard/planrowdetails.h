#pragma once

#include "core/clone/planrow.h"

#include <QJsonObject>
#include <QList>
#include <QWidget>

#include <optional>

class QLabel;
class QPushButton;
class QTextEdit;

namespace pd::gui {

class CloneWizard;

// Below the review's tree: the selected row's old and new value in full, side by side,
// the changed part highlighted in the palette's highlight colours, and its rule in a
// sentence. A secret row stays masked until Reveal, which needs "get secrets" in the
// source (the wizard's access review); the values come from the source's snapshot and
// the plan's own Secret, never from the row.
class PlanRowDetails final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlanRowDetails)
public:
    explicit PlanRowDetails(CloneWizard *wizard, QWidget *parent = nullptr);

    // nullptr: a group line is selected; `groupText` says what it holds.
    void showRow(const pd::core::PlanRow *row, const QString &groupText = {});
    void updateReveal();

private:
    void showValues(const QString &oldValue, const QString &newValue);
    void reveal();
    std::optional<QString> secretValue(const QList<QJsonObject> &objects, const QString &object, const QString &field) const;

    CloneWizard *m_wizard;
    QLabel *m_heading;
    QPushButton *m_reveal;
    QWidget *m_values;
    QTextEdit *m_old;
    QTextEdit *m_new;
    QLabel *m_rule;
    std::optional<pd::core::PlanRow> m_row;
};

} // namespace pd::gui
