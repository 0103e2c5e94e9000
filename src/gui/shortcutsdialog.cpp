#include "shortcutsdialog.h"
#include "ui_shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QSet>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

namespace pd::gui {

// The layout is ui/shortcutsdialog.ui; the rows are the window's actions.
ShortcutsDialog::ShortcutsDialog(QWidget *window, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ShortcutsDialog>())
{
    m_ui->setupUi(this);
    QTreeWidget *list = m_ui->shortcutList;
    QSet<QAction *> seen;
    const QList<QAction *> actions = window->findChildren<QAction *>();
    for (QAction *action : actions) {
        if (action->shortcuts().isEmpty() || seen.contains(action))
            continue;
        seen.insert(action);
        QStringList keys;
        for (const QKeySequence &key : action->shortcuts())
            keys.append(key.toString(QKeySequence::NativeText));
        QString text = action->text();
        text.remove(u'&');
        auto *item = new QTreeWidgetItem(list, {text, keys.join(tr(", "))});
        item->setToolTip(0, action->toolTip());
    }
    list->sortItems(0, Qt::AscendingOrder);
    list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

ShortcutsDialog::~ShortcutsDialog() = default;

QTreeWidget *ShortcutsDialog::list() const
{
    return m_ui->shortcutList;
}

} // namespace pd::gui
