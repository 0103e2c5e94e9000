#pragma once

#include "core/clone/clonedecision.h"

#include <QList>
#include <QPair>
#include <QWizardPage>

class QComboBox;
class QFormLayout;
class QLineEdit;
class QVBoxLayout;

namespace pd::gui {

class CloneWizard;

// 4) One row per secret (or cloud identity) the plan cannot decide alone.
class DecisionsPage final : public QWizardPage
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DecisionsPage)
public:
    explicit DecisionsPage(CloneWizard *wizard);
    bool isComplete() const override;
    // The data page, when the source has a datastore; else on to the settings.
    int nextId() const override;
    void initializePage() override;
    bool validatePage() override;

private:
    void rebuild();
    void apply();
    QStringList secretKeys(const QString &secret) const;

    struct Row
    {
        QString name;
        bool secret = true;
        pd::core::CloneDecision::Kind kind = pd::core::CloneDecision::Kind::Secret;
        QComboBox *choice = nullptr;
        QLineEdit *reference = nullptr;
        QList<QPair<QString, QLineEdit *>> values;       // "Enter the values": one masked edit per key
        QFormLayout *form = nullptr;
    };
    CloneWizard *m_wizard;
    QVBoxLayout *m_rowsLayout;
    QList<Row> m_rows;
};

} // namespace pd::gui
