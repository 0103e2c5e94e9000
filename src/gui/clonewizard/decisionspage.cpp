#include "decisionspage.h"

#include "clonewizard.h"

#include "core/clone/cloneplanner.h"
#include "kube/logging.h"

#include <QComboBox>
#include <QFormLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::gui {

// ---- 4) decisions ---------------------------------------------------------------

DecisionsPage::DecisionsPage(CloneWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_rowsLayout(new QVBoxLayout)
{
    setTitle(tr("Decisions"));
    setSubTitle(tr("Secrets without an external source are never copied: decide what the preview gets."));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_rowsLayout);
    layout->addStretch();
}

void DecisionsPage::initializePage()
{
    rebuild();
}

void DecisionsPage::rebuild()
{
    if (m_rows.size() == m_wizard->decisionSubjects().size())
        return;
    while (QLayoutItem *item = m_rowsLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_rows.clear();
    for (const pd::core::PendingDecision &subject : m_wizard->decisionSubjects()) {
        auto *box = new QWidget(this);
        auto *form = new QFormLayout(box);
        auto *question = new QLabel(subject.question, box);
        question->setWordWrap(true);
        form->addRow(question);
        Row row;
        row.name = subject.name;
        row.secret = subject.kind == pd::core::PendingDecision::Kind::Secret;
        row.kind = subject.kind;
        row.choice = new QComboBox(box);
        row.choice->setObjectName(u"decision:"_s + subject.name);
        row.choice->addItem(tr("Choose…"));
        if (row.secret) {
            row.choice->addItem(tr("Generate new values"), u"generate"_s);
            row.choice->addItem(tr("Leave out"), u"omit"_s);
            row.choice->addItem(tr("Reference a secret-manager key"), u"ref"_s);
            row.reference = new QLineEdit(box);
            row.reference->setObjectName(u"reference:"_s + subject.name);
            row.reference->setPlaceholderText(tr("STORE/KEY"));
            row.reference->setEnabled(false);
            const QStringList keys = secretKeys(subject.name);
            if (!keys.isEmpty()) {
                row.choice->addItem(tr("Enter the values…"), u"enter"_s);
                // Typed values go into the plan only: masked, never logged, never kept in settings.
                for (const QString &key : keys) {
                    auto *edit = new QLineEdit(box);
                    edit->setObjectName(u"value:%1/%2"_s.arg(subject.name, key));
                    edit->setEchoMode(QLineEdit::Password);
                    edit->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhNoPredictiveText | Qt::ImhSensitiveData);
                    row.values << qMakePair(key, edit);
                    connect(edit, &QLineEdit::textEdited, this, &DecisionsPage::apply);
                }
            }
        } else if (subject.kind == pd::core::CloneDecision::Kind::CloudIdentity) {
            row.choice->addItem(tr("Drop the cloud identity"), u"drop"_s);
            row.choice->addItem(tr("Keep the cloud identity"), u"keep"_s);
        } else if (subject.kind == pd::core::CloneDecision::Kind::SecretKey) {
            row.choice->addItem(tr("Keep the keys (shared with the source)"), u"keep"_s);
            row.choice->addItem(tr("Rewrite the keys for the preview"), u"rewrite"_s);
            row.choice->addItem(tr("Generate new values (ESO Password generator)"), u"generate"_s);
        }
        form->addRow(subject.object, row.choice);
        // The reference and the values show under the choice that asks for them.
        row.form = form;
        if (row.reference) {
            form->addRow(tr("Secret-manager key:"), row.reference);
            form->setRowVisible(row.reference, false);
            connect(row.reference, &QLineEdit::textEdited, this, &DecisionsPage::apply);
        }
        for (const auto &[key, edit] : std::as_const(row.values)) {
            form->addRow(tr("%1:").arg(key), edit);
            form->setRowVisible(edit, false);
        }
        connect(row.choice, &QComboBox::currentIndexChanged, this, &DecisionsPage::apply);
        m_rowsLayout->addWidget(box);
        m_rows << row;
    }
    if (m_rows.isEmpty())
        m_rowsLayout->addWidget(new QLabel(tr("Nothing to decide: every secret has a source."), this));
}

void DecisionsPage::apply()
{
    m_wizard->changeOptions([this](pd::core::CloneOptions &options) {
        for (const Row &row : std::as_const(m_rows)) {
            const QString choice = row.choice->currentData().toString();
            if (row.kind == pd::core::CloneDecision::Kind::SecretKey) {
                options.secretKeyDecisions.insert(row.name, pd::core::parseSecretKeyDecision(choice));
                continue;
            }
            if (row.kind != pd::core::CloneDecision::Kind::Secret && row.kind != pd::core::CloneDecision::Kind::CloudIdentity)
                continue;   // quota and exposure are not a choice: the question says what to change
            if (!row.secret) {
                options.identityDecisions.insert(row.name, choice == u"drop"_s ? pd::core::IdentityDecision::Drop
                                                          : choice == u"keep"_s ? pd::core::IdentityDecision::Keep
                                                                                : pd::core::IdentityDecision::Undecided);
                continue;
            }
            row.reference->setEnabled(choice == u"ref"_s);
            row.form->setRowVisible(row.reference, choice == u"ref"_s);
            for (const auto &[key, edit] : row.values)
                row.form->setRowVisible(edit, choice == u"enter"_s);
            if (choice == u"enter"_s) {
                // Decided once every key has a value.
                pd::core::SecretDecision entered;
                for (const auto &[key, edit] : row.values)
                    if (!edit->text().isEmpty())
                        entered.values.insert(key, edit->text().toUtf8());
                if (entered.values.size() == row.values.size())
                    entered.kind = pd::core::SecretDecision::Kind::EnterValue;
                options.secretDecisions.insert(row.name, entered);
                continue;
            }
            const QString text = choice == u"ref"_s ? u"ref:"_s + row.reference->text().trimmed() : choice;
            options.secretDecisions.insert(row.name, pd::core::SecretDecision::parse(text));
        }
    });
    Q_EMIT completeChanged();
}

// The keys of the source's Secret `secret`, for entering a value per key.
QStringList DecisionsPage::secretKeys(const QString &secret) const
{
    for (const QJsonObject &object : m_wizard->snapshot().objects) {
        const QJsonObject metadata = object.value(u"metadata"_s).toObject();
        if (object.value(u"kind"_s).toString() != u"Secret"_s || metadata.value(u"name"_s).toString() != secret)
            continue;
        QStringList keys = object.value(u"data"_s).toObject().keys() + object.value(u"stringData"_s).toObject().keys();
        keys.removeDuplicates();
        keys.sort();
        return keys;
    }
    return {};
}

// Leaving the page: typed values are redacted from every log from now on.
bool DecisionsPage::validatePage()
{
    for (const Row &row : std::as_const(m_rows))
        for (const auto &[key, edit] : row.values)
            if (!edit->text().isEmpty())
                pd::log::registerSecretValue(edit->text());
    return true;
}

bool DecisionsPage::isComplete() const
{
    // Data decisions are the next page's to make.
    const auto &pending = m_wizard->plan().pendingDecisions;
    return std::all_of(pending.cbegin(), pending.cend(), [](const pd::core::PendingDecision &decision) {
        return decision.kind == pd::core::CloneDecision::Kind::Data || decision.kind == pd::core::CloneDecision::Kind::SourceData;
    });
}

int DecisionsPage::nextId() const
{
    const auto &decisions = m_wizard->plan().decisions;
    const bool datastores = std::any_of(decisions.cbegin(), decisions.cend(), [](const pd::core::CloneDecision &decision) {
        return decision.kind == pd::core::CloneDecision::Kind::Data;
    });
    return datastores ? CloneWizard::DataPageId : CloneWizard::SettingsPageId;
}

} // namespace pd::gui
