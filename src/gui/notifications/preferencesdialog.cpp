#include "preferencesdialog.h"

#include "ui_preferencesdialog.h"

namespace pd::gui {

PreferencesDialog::PreferencesDialog(const NotificationSettings &settings, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::PreferencesDialog>())
{
    m_ui->setupUi(this);
    m_ui->expiringCheck->setChecked(settings.expiringPreviews);
    m_ui->hoursSpin->setValue(settings.expiringWithinHours);
    m_ui->ownerEdit->setText(settings.owner);
    m_ui->ownerEdit->setPlaceholderText(NotificationSettings::defaultOwner());
    m_ui->guardrailCheck->setChecked(settings.guardrailFailures);
    m_ui->finishedCheck->setChecked(settings.finishedActions);
    connect(m_ui->expiringCheck, &QCheckBox::toggled, this, &PreferencesDialog::updateEnabled);
    updateEnabled();
}

PreferencesDialog::~PreferencesDialog() = default;

void PreferencesDialog::updateEnabled()
{
    const bool expiring = m_ui->expiringCheck->isChecked();
    m_ui->hoursSpin->setEnabled(expiring);
    m_ui->ownerEdit->setEnabled(expiring);
}

NotificationSettings PreferencesDialog::notificationSettings() const
{
    NotificationSettings settings;
    settings.expiringPreviews = m_ui->expiringCheck->isChecked();
    settings.expiringWithinHours = m_ui->hoursSpin->value();
    // Left empty: the login name, as by default.
    const QString owner = m_ui->ownerEdit->text().trimmed();
    settings.owner = owner.isEmpty() ? NotificationSettings::defaultOwner() : owner;
    settings.guardrailFailures = m_ui->guardrailCheck->isChecked();
    settings.finishedActions = m_ui->finishedCheck->isChecked();
    return settings;
}

} // namespace pd::gui
