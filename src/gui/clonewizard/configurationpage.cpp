#include "configurationpage.h"

#include "clonewizard.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::gui {

namespace {

enum Column { NameColumn, SourceColumn, ValueColumn, RevealColumn };

QString nameOf(const QJsonObject &object)
{
    return object.value(u"metadata"_s).toObject().value(u"name"_s).toString();
}

} // namespace

ConfigurationPage::ConfigurationPage(CloneWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_tree(new QTreeWidget(this))
{
    setTitle(tr("Configuration per service"));
    setSubTitle(tr("What each workload in %1 is configured with, and where each value comes from.")
                    .arg(wizard->sourceNamespace()));
    m_tree->setObjectName(u"configurationTree"_s);
    m_tree->setColumnCount(4);
    m_tree->setHeaderLabels({tr("Variable"), tr("Comes from"), tr("Value"), QString()});
    // Reveal stays in view: the value column takes what is left, Reveal its button's width.
    QHeaderView *header = m_tree->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(NameColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(SourceColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(ValueColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(RevealColumn, QHeaderView::ResizeToContents);
    m_tree->setTextElideMode(Qt::ElideMiddle);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tree);
    connect(wizard, &CloneWizard::sourceChanged, this, &ConfigurationPage::rebuild);
    rebuild();
}

QString ConfigurationPage::mask()
{
    return u"••••••"_s;
}

void ConfigurationPage::rebuild()
{
    m_tree->clear();
    m_revealButtons.clear();
    for (const QJsonObject &object : m_wizard->configurationObjects()) {
        const QString kind = object.value(u"kind"_s).toString();
        if (kind != u"Deployment"_s && kind != u"StatefulSet"_s)
            continue;
        const QString workload = kind + u'/' + nameOf(object);
        auto *top = new QTreeWidgetItem(m_tree, {workload});
        const QJsonObject podSpec = object.value(u"spec"_s).toObject().value(u"template"_s).toObject()
                                        .value(u"spec"_s).toObject();
        for (const QString &list : {u"initContainers"_s, u"containers"_s})
            for (const QJsonValue &container : podSpec.value(list).toArray())
                addContainer(top, workload, container.toObject());
        top->setExpanded(true);
    }
    fitColumns();
    updateRevealButtons();
}

// Shown: the view has its real width now (a hidden page's layout waits until then).
void ConfigurationPage::showEvent(QShowEvent *event)
{
    QWizardPage::showEvent(event);
    fitColumns();
}

// Names and sources as wide as they need (at most a quarter and three tenths of the view); a value
// that does not fit elides and shows in full as its tooltip.
void ConfigurationPage::fitColumns()
{
    const int room = std::max(m_tree->viewport()->width(), 800);
    const int most[] = {room / 4, room * 3 / 10};
    for (const int column : {int(NameColumn), int(SourceColumn)}) {
        m_tree->resizeColumnToContents(column);
        m_tree->setColumnWidth(column, std::min(m_tree->columnWidth(column), most[column]));
    }
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it)
        for (const int column : {int(NameColumn), int(SourceColumn), int(ValueColumn)})
            if ((*it)->toolTip(column).isEmpty())
                (*it)->setToolTip(column, (*it)->text(column));
}

void ConfigurationPage::addContainer(QTreeWidgetItem *parent, const QString &workload, const QJsonObject &container)
{
    const QString containerName = container.value(u"name"_s).toString();
    for (const QJsonValue &fromValue : container.value(u"envFrom"_s).toArray()) {
        const QJsonObject from = fromValue.toObject();
        const QString prefix = from.value(u"prefix"_s).toString();
        if (from.contains(u"configMapRef"_s)) {
            const QString name = from.value(u"configMapRef"_s).toObject().value(u"name"_s).toString();
            const QJsonObject data = configMap(name).value(u"data"_s).toObject();
            if (data.isEmpty())
                new QTreeWidgetItem(parent, {prefix + u'*', tr("ConfigMap %1 (all keys)").arg(name), tr("(not readable)")});
            for (auto it = data.begin(); it != data.end(); ++it)
                new QTreeWidgetItem(parent, {prefix + it.key(), tr("ConfigMap %1 key %2").arg(name, it.key()), it.value().toString()});
        } else if (from.contains(u"secretRef"_s)) {
            const QString name = from.value(u"secretRef"_s).toObject().value(u"name"_s).toString();
            addSecretRow(parent, workload, prefix + u'*', name, QString());
        }
    }
    for (const QJsonValue &envValue : container.value(u"env"_s).toArray()) {
        const QJsonObject env = envValue.toObject();
        const QString variable = env.value(u"name"_s).toString();
        if (!env.contains(u"valueFrom"_s)) {
            new QTreeWidgetItem(parent, {variable, tr("literal (%1)").arg(containerName), env.value(u"value"_s).toString()});
            continue;
        }
        const QJsonObject from = env.value(u"valueFrom"_s).toObject();
        if (from.contains(u"secretKeyRef"_s)) {
            const QJsonObject ref = from.value(u"secretKeyRef"_s).toObject();
            addSecretRow(parent, workload, variable, ref.value(u"name"_s).toString(), ref.value(u"key"_s).toString());
        } else if (from.contains(u"configMapKeyRef"_s)) {
            const QJsonObject ref = from.value(u"configMapKeyRef"_s).toObject();
            const QString name = ref.value(u"name"_s).toString(), key = ref.value(u"key"_s).toString();
            bool found = false;
            const QString value = configMapValue(name, key, &found);
            new QTreeWidgetItem(parent, {variable, tr("ConfigMap %1 key %2").arg(name, key), found ? value : tr("(missing)")});
        } else if (from.contains(u"fieldRef"_s)) {
            new QTreeWidgetItem(parent, {variable, tr("field %1").arg(from.value(u"fieldRef"_s).toObject().value(u"fieldPath"_s).toString()), QString()});
        } else {
            new QTreeWidgetItem(parent, {variable, tr("container resources"), QString()});
        }
    }
}

void ConfigurationPage::addSecretRow(QTreeWidgetItem *parent, const QString &workload, const QString &variable,
                                     const QString &secret, const QString &key)
{
    const QString source = key.isEmpty() ? tr("Secret %1 (all keys)").arg(secret) : tr("Secret %1 key %2").arg(secret, key);
    auto *item = new QTreeWidgetItem(parent, {variable, source, mask()});
    auto *button = new QPushButton(tr("Reveal"), m_tree);
    button->setObjectName(u"reveal:%1/%2"_s.arg(workload, variable));
    button->setEnabled(false);
    m_tree->setItemWidget(item, RevealColumn, button);
    m_revealButtons << button;
    connect(button, &QPushButton::clicked, this, [this, item, button, secret, key] {
        if (m_wizard->canReadSecrets() != true)
            return;
        item->setText(ValueColumn, secretValue(secret, key));
        item->setToolTip(ValueColumn, item->text(ValueColumn));
        button->setEnabled(false);
    });
}

void ConfigurationPage::updateRevealButtons()
{
    const std::optional<bool> allowed = m_wizard->canReadSecrets();
    for (QPushButton *button : std::as_const(m_revealButtons)) {
        button->setEnabled(allowed == true && m_wizard->sourceLoaded());
        button->setToolTip(!allowed.has_value() ? tr("Checking whether you may read secrets…")
                           : *allowed           ? tr("Show the value from %1").arg(m_wizard->sourceNamespace())
                                                : m_wizard->missingSecretPermission());
    }
}

QJsonObject ConfigurationPage::configMap(const QString &name) const
{
    for (const QJsonObject &object : m_wizard->configurationObjects())
        if (object.value(u"kind"_s).toString() == u"ConfigMap"_s && nameOf(object) == name)
            return object;
    return {};
}

QString ConfigurationPage::configMapValue(const QString &name, const QString &key, bool *found) const
{
    const QJsonObject data = configMap(name).value(u"data"_s).toObject();
    *found = data.contains(key);
    return data.value(key).toString();
}

QString ConfigurationPage::secretValue(const QString &secret, const QString &key) const
{
    for (const QJsonObject &object : m_wizard->snapshot().objects) {
        if (object.value(u"kind"_s).toString() != u"Secret"_s || nameOf(object) != secret)
            continue;
        const QJsonObject data = object.value(u"data"_s).toObject();
        auto decode = [](const QJsonValue &value) {
            return QString::fromUtf8(QByteArray::fromBase64(value.toString().toLatin1()));
        };
        if (!key.isEmpty())
            return data.contains(key) ? decode(data.value(key)) : tr("(no key %1)").arg(key);
        QStringList lines;
        for (auto it = data.begin(); it != data.end(); ++it)
            lines << it.key() + u'=' + decode(it.value());
        return lines.join(u"; "_s);
    }
    return tr("(secret %1 not found)").arg(secret);
}

} // namespace pd::gui
