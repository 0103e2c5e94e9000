#include "datapage.h"

#include "clonewizard.h"

#include "core/clone/dataplanner.h"

#include <QComboBox>
#include <QFormLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace pd::gui {

namespace {

bool isDatastoreDecision(const pd::core::CloneDecision &decision)
{
    return decision.kind == pd::core::CloneDecision::Kind::Data && !decision.object.startsWith(u"Data/"_s);
}

QJsonValue at(const QJsonObject &object, const QString &first, const QString &second)
{
    return object.value(first).toObject().value(second);
}

} // namespace

DataPage::DataPage(CloneWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_rowsLayout(new QVBoxLayout)
    , m_confirmQuestion(new QLabel(this))
    , m_confirm(new QLineEdit(this))
{
    setTitle(tr("Data"));
    setSubTitle(tr("What each datastore of the preview starts with. The source's data is never copied unless you choose it."));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(m_rowsLayout);
    m_confirmQuestion->setWordWrap(true);
    m_confirmQuestion->setObjectName(u"sourceDataQuestion"_s);
    m_confirm->setObjectName(u"confirmSourceData"_s);
    layout->addWidget(m_confirmQuestion);
    layout->addWidget(m_confirm);
    layout->addStretch();
    connect(m_confirm, &QLineEdit::textEdited, this, &DataPage::apply);
    connect(wizard, &CloneWizard::planChanged, this, &DataPage::showPlan);
}

void DataPage::initializePage()
{
    rebuild();
    m_confirm->setPlaceholderText(tr("Type %1 to confirm").arg(m_wizard->sourceNamespace()));
    showPlan();
}

void DataPage::rebuild()
{
    QList<pd::core::CloneDecision> stores;
    for (const pd::core::CloneDecision &decision : m_wizard->plan().decisions)
        if (isDatastoreDecision(decision))
            stores << decision;
    if (m_rows.size() == stores.size() && !m_rows.isEmpty())
        return;
    while (QLayoutItem *item = m_rowsLayout->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    m_rows.clear();
    const pd::core::CloneOptions &options = m_wizard->options();
    for (const pd::core::CloneDecision &store : std::as_const(stores)) {
        auto *box = new QWidget(this);
        auto *form = new QFormLayout(box);
        Row row;
        row.name = store.name;
        row.choice = new QComboBox(box);
        row.choice->setObjectName(u"data:"_s + store.name);
        row.choice->addItem(tr("Start empty"), u"empty"_s);
        if (options.dataProfile.seeds.contains(store.name))
            row.choice->addItem(tr("Run the source's seed Job (%1)").arg(options.dataProfile.seeds.value(store.name).image), u"seed"_s);
        for (const QJsonObject &object : m_wizard->snapshot().objects) {
            if (object.value(u"kind"_s).toString() != u"VolumeSnapshot"_s
                || at(object, u"metadata"_s, u"namespace"_s).toString() != m_wizard->sourceNamespace())
                continue;
            const QString name = at(object, u"metadata"_s, u"name"_s).toString();
            const QString size = at(object, u"status"_s, u"restoreSize"_s).toString();
            const bool golden = options.dataProfile.goldenSnapshots.contains(name);
            row.choice->addItem(golden ? tr("Restore the golden snapshot %1 (%2)").arg(name, size)
                                       : tr("Restore the snapshot %1 (%2)").arg(name, size),
                                QString(u"snapshot:"_s + name));
        }
        const int current = row.choice->findData(store.choice);
        row.choice->setCurrentIndex(current < 0 ? 0 : current);
        form->addRow(store.object, row.choice);
        row.problem = new QLabel(box);
        row.problem->setWordWrap(true);
        row.problem->setObjectName(u"dataProblem:"_s + store.name);
        form->addRow(row.problem);
        connect(row.choice, &QComboBox::currentIndexChanged, this, &DataPage::apply);
        m_rowsLayout->addWidget(box);
        m_rows << row;
    }
    if (m_rows.isEmpty())
        m_rowsLayout->addWidget(new QLabel(tr("Nothing to decide: the source has no datastores (no StatefulSet with "
                                              "volume claims, no PersistentVolumeClaim)."), this));
}

void DataPage::apply()
{
    const QString source = m_wizard->sourceNamespace();
    const bool confirmed = m_confirm->text().trimmed() == source;
    m_wizard->changeOptions([this, confirmed](pd::core::CloneOptions &options) {
        for (const Row &row : std::as_const(m_rows))
            options.dataDecisions.insert(row.name, pd::core::DataDecision::parse(row.choice->currentData().toString()));
        options.allowSourceData = confirmed;
    });
    Q_EMIT completeChanged();
}

// The plan says which choice cannot be done and whether the source's data needs the typed name.
void DataPage::showPlan()
{
    const pd::core::ClonePlan &plan = m_wizard->plan();
    for (const Row &row : std::as_const(m_rows)) {
        QString problem;
        for (const pd::core::CloneDecision &decision : plan.decisions)
            if (isDatastoreDecision(decision) && decision.name == row.name && decision.isOpen())
                problem = decision.question;
        row.problem->setText(problem);
        row.problem->setVisible(!problem.isEmpty());
    }
    QString confirm;
    for (const pd::core::CloneDecision &decision : plan.decisions)
        if (decision.kind == pd::core::CloneDecision::Kind::SourceData)
            confirm = decision.question;
    m_confirmQuestion->setText(confirm);
    m_confirmQuestion->setVisible(!confirm.isEmpty());
    m_confirm->setVisible(!confirm.isEmpty());
    Q_EMIT completeChanged();
}

bool DataPage::isComplete() const
{
    return m_wizard->plan().canProceed();
}

} // namespace pd::gui
