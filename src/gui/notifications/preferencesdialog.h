#pragma once

#include "notificationsettings.h"

#include <QDialog>

#include <memory>

namespace pd::gui {

namespace Ui {
class PreferencesDialog;
}

// Edit > Preferences: which desktop notifications come, how early an expiring preview
// is announced and whose previews count as mine. The form is ui/preferencesdialog.ui.
class PreferencesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreferencesDialog)
public:
    explicit PreferencesDialog(const NotificationSettings &settings, QWidget *parent = nullptr);
    ~PreferencesDialog() override;

    // What the form says now.
    NotificationSettings notificationSettings() const;

private:
    void updateEnabled();

    std::unique_ptr<Ui::PreferencesDialog> m_ui;
};

} // namespace pd::gui
