#include "planrowdetails.h"

#include "clonewizard.h"
#include "planrowmodel.h"

#include "core/clone/planrowtext.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTextCursor>
#include <QTextEdit>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace pd::gui {

namespace {

QTextEdit *valueView(const QString &objectName, QWidget *parent)
{
    auto *view = new QTextEdit(parent);
    view->setObjectName(objectName);
    view->setReadOnly(true);
    view->setAcceptRichText(false);
    view->setLineWrapMode(QTextEdit::WidgetWidth);
    view->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);   // URLs have no spaces
    view->setTabChangesFocus(true);
    return view;
}

// Marks characters [from, from + length) with the palette's highlight colours.
void highlight(QTextEdit *view, qsizetype from, qsizetype length)
{
    if (length <= 0)
        return;
    QTextCursor cursor(view->document());
    cursor.setPosition(int(from));
    cursor.setPosition(int(from + length), QTextCursor::KeepAnchor);
    QTextCharFormat format;
    format.setBackground(view->palette().brush(QPalette::Highlight));
    format.setForeground(view->palette().brush(QPalette::HighlightedText));
    cursor.mergeCharFormat(format);
}

QString nameOf(const QJsonObject &object)
{
    return object.value(u"metadata"_s).toObject().value(u"name"_s).toString();
}

} // namespace

PlanRowDetails::PlanRowDetails(CloneWizard *wizard, QWidget *parent)
    : QWidget(parent)
    , m_wizard(wizard)
    , m_heading(new QLabel(this))
    , m_reveal(new QPushButton(tr("Reveal"), this))
    , m_values(new QWidget(this))
    , m_old(valueView(u"oldValue"_s, m_values))
    , m_new(valueView(u"newValue"_s, m_values))
    , m_rule(new QLabel(this))
{
    m_heading->setObjectName(u"rowHeading"_s);
    m_heading->setTextFormat(Qt::PlainText);
    m_heading->setWordWrap(true);
    m_heading->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reveal->setObjectName(u"revealPlanRow"_s);
    m_reveal->setVisible(false);
    m_rule->setObjectName(u"ruleExplanation"_s);
    m_rule->setTextFormat(Qt::PlainText);
    m_rule->setWordWrap(true);
    QFont headingFont = m_heading->font();
    headingFont.setBold(true);
    m_heading->setFont(headingFont);
    // A few lines each: long values wrap, the tree above keeps the room.
    for (QTextEdit *view : {m_old, m_new}) {
        const int line = view->fontMetrics().lineSpacing();
        const int frame = 2 * view->frameWidth() + int(view->document()->documentMargin() * 2);
        view->setMinimumHeight(2 * line + frame);
        view->setMaximumHeight(5 * line + frame);
    }
    m_values->setObjectName(u"planRowValues"_s);
    auto *oldLabel = new QLabel(tr("Old value"), m_values);
    auto *newLabel = new QLabel(tr("New value"), m_values);
    oldLabel->setBuddy(m_old);
    newLabel->setBuddy(m_new);
    auto *values = new QGridLayout(m_values);
    values->setContentsMargins(0, 0, 0, 0);
    values->addWidget(oldLabel, 0, 0);
    values->addWidget(newLabel, 0, 1);
    values->addWidget(m_old, 1, 0);
    values->addWidget(m_new, 1, 1);
    values->setColumnStretch(0, 1);
    values->setColumnStretch(1, 1);

    // Reveal sits on the heading line, so it is in view whatever the values' length.
    auto *heading = new QHBoxLayout;
    heading->addWidget(m_heading, 1);
    heading->addWidget(m_reveal, 0, Qt::AlignRight | Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(heading);
    layout->addWidget(m_rule);
    layout->addWidget(m_values);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    connect(m_reveal, &QPushButton::clicked, this, &PlanRowDetails::reveal);
    showRow(nullptr, tr("Select a change to see its old and new value in full."));
}

void PlanRowDetails::showRow(const pd::core::PlanRow *row, const QString &groupText)
{
    if (!row) {
        m_row.reset();
        m_heading->setText(groupText);
        m_rule->clear();
        m_old->clear();
        m_new->clear();
        m_values->setVisible(false);   // a group line has no values: no empty boxes
        m_reveal->setVisible(false);
        return;
    }
    m_row = *row;
    m_heading->setText(row->field.isEmpty() ? row->object : u"%1  ·  %2"_s.arg(row->object, row->field));
    m_values->setVisible(true);
    m_rule->setText(tr("%1: %2").arg(pd::core::planRuleTitle(row->rule), pd::core::planRuleDescription(row->rule)));
    if (row->secret) {
        showValues(row->oldValue.isEmpty() ? QString() : PlanRowModel::mask(),
                   row->newValue.isEmpty() ? QString() : PlanRowModel::mask());
    } else {
        showValues(row->oldValue, row->newValue);
    }
    m_reveal->setVisible(row->secret);
    updateReveal();
}

void PlanRowDetails::showValues(const QString &oldValue, const QString &newValue)
{
    m_old->setPlainText(oldValue.isEmpty() ? tr("(none)") : oldValue);
    m_new->setPlainText(newValue.isEmpty() ? tr("(none)") : newValue);
    if (oldValue.isEmpty() || newValue.isEmpty() || oldValue == newValue)
        return;
    const pd::core::ChangedPart part = pd::core::changedPart(oldValue, newValue);
    highlight(m_old, part.prefix, part.oldLength);
    highlight(m_new, part.prefix, part.newLength);
}

void PlanRowDetails::updateReveal()
{
    if (!m_row || !m_row->secret)
        return;
    const std::optional<bool> allowed = m_wizard->canReadSecrets();
    const bool ofSecret = m_row->object.startsWith(u"Secret/"_s);
    m_reveal->setEnabled(allowed == true && ofSecret);
    m_reveal->setToolTip(!allowed.has_value() ? tr("Checking whether you may read secrets…")
                         : !*allowed          ? m_wizard->missingSecretPermission()
                         : !ofSecret          ? tr("Only values held in a Secret can be revealed here.")
                                              : tr("Show the values of %1").arg(m_row->object));
}

// Data of Secret `object`: one key for "data.KEY", every key for the whole object.
std::optional<QString> PlanRowDetails::secretValue(const QList<QJsonObject> &objects, const QString &object,
                                                   const QString &field) const
{
    const QString name = object.section(u'/', 1);
    for (const QJsonObject &candidate : objects) {
        if (candidate.value(u"kind"_s).toString() != u"Secret"_s || nameOf(candidate) != name)
            continue;
        QJsonObject data = candidate.value(u"stringData"_s).toObject();
        const QJsonObject encoded = candidate.value(u"data"_s).toObject();
        for (auto it = encoded.begin(); it != encoded.end(); ++it)
            data.insert(it.key(), QString::fromUtf8(QByteArray::fromBase64(it.value().toString().toLatin1())));
        if (field.startsWith(u"data."_s)) {
            const QString key = field.mid(5);
            if (data.contains(key))
                return data.value(key).toString();
            return std::nullopt;
        }
        QStringList lines;
        for (auto it = data.begin(); it != data.end(); ++it)
            lines << it.key() + u'=' + it.value().toString();
        return lines.join(u'\n');
    }
    return std::nullopt;
}

void PlanRowDetails::reveal()
{
    if (!m_row || m_wizard->canReadSecrets() != true)
        return;
    QList<QJsonObject> planned;
    for (const pd::core::PlannedObject &object : m_wizard->plan().objects)
        planned << object.object;
    const std::optional<QString> oldValue = secretValue(m_wizard->snapshot().objects, m_row->object, m_row->field);
    const std::optional<QString> newValue = secretValue(planned, m_row->object, m_row->field);
    showValues(oldValue.value_or(QString()), newValue.value_or(m_row->newValue));
    m_reveal->setEnabled(false);
}

} // namespace pd::gui
