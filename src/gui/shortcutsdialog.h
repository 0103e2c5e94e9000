#pragma once

#include <QDialog>

#include <memory>

QT_BEGIN_NAMESPACE
class QTreeWidget;
QT_END_NAMESPACE

namespace pd::gui {

namespace Ui {
class ShortcutsDialog;
}

// Help > Keyboard Shortcuts: every action of `window` (menus, toolbar, context menu)
// that has a key, with its keys in the platform's spelling.
class ShortcutsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShortcutsDialog)
public:
    explicit ShortcutsDialog(QWidget *window, QWidget *parent = nullptr);
    ~ShortcutsDialog() override;

    QTreeWidget *list() const;

private:
    std::unique_ptr<Ui::ShortcutsDialog> m_ui;   // ui/shortcutsdialog.ui
};

} // namespace pd::gui
