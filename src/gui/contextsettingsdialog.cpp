#include "contextsettingsdialog.h"
#include "ui_contextsettingsdialog.h"

#include "core/forge/forgetarget.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>

#include <cmath>

using namespace Qt::StringLiterals;
using pd::core::ContextSettings;

namespace pd::gui {

namespace {

// Prices have up to 11 decimals (storage); a spin box would round them.
QString priceText(double value)
{
    return QLocale::c().toString(value, 'g', 12);
}

} // namespace

// The layout is ui/contextsettingsdialog.ui; its error labels are bold in the palette's own
// text colour (readable in light and dark palettes) and hidden until there is an error.
ContextSettingsDialog::ContextSettingsDialog(const QString &context, const ContextSettings &initial, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ContextSettingsDialog>())
    , m_context(context)
{
    m_ui->setupUi(this);
    setWindowTitle(tr("Settings of context %1").arg(context));
    m_ui->namespacesEdit->setPlainText(initial.namespaces.join(u'\n'));
    setPrices(initial.prices);
    m_ui->gitHubApiEdit->setText(initial.gitHubApiBase.toString());

    connect(m_ui->defaultPrices, &QPushButton::clicked, this, &ContextSettingsDialog::restoreDefaultPrices);
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, [this] {
        if (isValid())
            accept();
    });
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    connect(m_ui->namespacesEdit, &QPlainTextEdit::textChanged, this, &ContextSettingsDialog::validate);
    for (QLineEdit *edit : {m_ui->cpuPerCoreHour, m_ui->memoryPerGiBHour, m_ui->storagePerGiBHour, m_ui->gitHubApiEdit})
        connect(edit, &QLineEdit::textChanged, this, &ContextSettingsDialog::validate);
    validate();
}

ContextSettingsDialog::~ContextSettingsDialog() = default;

QPlainTextEdit *ContextSettingsDialog::namespacesEdit() const
{
    return m_ui->namespacesEdit;
}

QLineEdit *ContextSettingsDialog::cpuPriceEdit() const
{
    return m_ui->cpuPerCoreHour;
}

QLineEdit *ContextSettingsDialog::memoryPriceEdit() const
{
    return m_ui->memoryPerGiBHour;
}

QLineEdit *ContextSettingsDialog::storagePriceEdit() const
{
    return m_ui->storagePerGiBHour;
}

QLineEdit *ContextSettingsDialog::gitHubApiEdit() const
{
    return m_ui->gitHubApiEdit;
}

QDialogButtonBox *ContextSettingsDialog::buttons() const
{
    return m_ui->buttons;
}

std::optional<double> ContextSettingsDialog::priceOf(const QLineEdit *edit)
{
    bool ok = false;
    const double value = QLocale::c().toDouble(edit->text().trimmed(), &ok);
    if (!ok || value < 0 || !std::isfinite(value))
        return std::nullopt;
    return value;
}

void ContextSettingsDialog::setPrices(const pd::core::Prices &prices)
{
    m_ui->cpuPerCoreHour->setText(priceText(prices.cpuPerCoreHour));
    m_ui->memoryPerGiBHour->setText(priceText(prices.memoryPerGiBHour));
    m_ui->storagePerGiBHour->setText(priceText(prices.storagePerGiBHour));
}

void ContextSettingsDialog::restoreDefaultPrices()
{
    setPrices(pd::core::Prices::openCostDefaults());
}

void ContextSettingsDialog::validate()
{
    QStringList namespaceErrors;
    ContextSettings::parseNamespaces(m_ui->namespacesEdit->toPlainText(), &namespaceErrors);
    m_ui->namespaceError->setText(namespaceErrors.join(u'\n'));
    m_ui->namespaceError->setVisible(!namespaceErrors.isEmpty());

    QStringList priceErrors;
    const QList<std::pair<QLineEdit *, QString>> prices{{m_ui->cpuPerCoreHour, tr("The CPU price")},
                                                        {m_ui->memoryPerGiBHour, tr("The memory price")},
                                                        {m_ui->storagePerGiBHour, tr("The storage price")}};
    for (const auto &[edit, what] : prices) {
        if (!priceOf(edit))
            priceErrors.append(tr("%1 must be a number of dollars, 0 or more (like 0.031611).").arg(what));
    }
    m_ui->priceError->setText(priceErrors.join(u'\n'));
    m_ui->priceError->setVisible(!priceErrors.isEmpty());

    const QString apiError = ContextSettings::gitHubApiBaseError(m_ui->gitHubApiEdit->text());
    m_ui->gitHubApiError->setText(apiError);
    m_ui->gitHubApiError->setVisible(!apiError.isEmpty());

    const bool valid = namespaceErrors.isEmpty() && priceErrors.isEmpty() && apiError.isEmpty();
    m_ui->buttons->button(QDialogButtonBox::Ok)->setEnabled(valid);
    if (valid != m_valid) {
        m_valid = valid;
        Q_EMIT validityChanged(valid);
    }
}

bool ContextSettingsDialog::isValid() const
{
    return m_valid;
}

QString ContextSettingsDialog::errorText() const
{
    QStringList errors;
    for (const QLabel *label : {m_ui->namespaceError, m_ui->priceError, m_ui->gitHubApiError}) {
        if (!label->text().isEmpty())
            errors.append(label->text());
    }
    return errors.join(u'\n');
}

ContextSettings ContextSettingsDialog::settings() const
{
    ContextSettings result;
    result.namespaces = ContextSettings::parseNamespaces(m_ui->namespacesEdit->toPlainText());
    const pd::core::Prices defaults;
    result.prices.cpuPerCoreHour = priceOf(m_ui->cpuPerCoreHour).value_or(defaults.cpuPerCoreHour);
    result.prices.memoryPerGiBHour = priceOf(m_ui->memoryPerGiBHour).value_or(defaults.memoryPerGiBHour);
    result.prices.storagePerGiBHour = priceOf(m_ui->storagePerGiBHour).value_or(defaults.storagePerGiBHour);
    result.gitHubApiBase = pd::core::ForgeTarget::httpUrl(m_ui->gitHubApiEdit->text());
    return result;
}

bool ContextSettingsDialog::edit(QSettings *settings, const QString &context, QWidget *parent)
{
    ContextSettingsDialog dialog(context, ContextSettings::load(settings, context), parent);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    dialog.settings().save(settings, context);
    return true;
}

} // namespace pd::gui
