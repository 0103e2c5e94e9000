#include "contextsettingsdialog.h"

#include "core/forge/forgetarget.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

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

QLabel *errorLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    // The palette's own text colour in bold: readable in light and dark palettes.
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setVisible(false);
    return label;
}

} // namespace

ContextSettingsDialog::ContextSettingsDialog(const QString &context, const ContextSettings &initial, QWidget *parent)
    : QDialog(parent)
    , m_context(context)
    , m_namespaces(new QPlainTextEdit(this))
    , m_namespaceError(errorLabel(u"namespaceError"_s, this))
    , m_cpu(priceEdit(initial.prices.cpuPerCoreHour, u"cpuPerCoreHour"_s))
    , m_memory(priceEdit(initial.prices.memoryPerGiBHour, u"memoryPerGiBHour"_s))
    , m_storage(priceEdit(initial.prices.storagePerGiBHour, u"storagePerGiBHour"_s))
    , m_priceError(errorLabel(u"priceError"_s, this))
    , m_gitHubApi(new QLineEdit(initial.gitHubApiBase.toString(), this))
    , m_gitHubApiError(errorLabel(u"gitHubApiError"_s, this))
    , m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setObjectName(u"contextSettingsDialog"_s);
    setWindowTitle(tr("Settings of context %1").arg(context));

    auto *namespacesBox = new QGroupBox(tr("Namespaces you can reach"), this);
    auto *help = new QLabel(tr("If you may not list the namespaces of this cluster, name the ones you can reach, "
                               "one per line. PreviewDesk then watches only these. Leave empty to list every namespace."),
                            namespacesBox);
    help->setWordWrap(true);
    m_namespaces->setObjectName(u"namespacesEdit"_s);
    m_namespaces->setPlaceholderText(u"pr-42\nstaging"_s);
    m_namespaces->setPlainText(initial.namespaces.join(u'\n'));
    m_namespaces->setTabChangesFocus(true);
    auto *namespacesLayout = new QVBoxLayout(namespacesBox);
    namespacesLayout->addWidget(help);
    namespacesLayout->addWidget(m_namespaces, 1);
    namespacesLayout->addWidget(m_namespaceError);

    auto *pricesBox = new QGroupBox(tr("Cost prices (US dollars)"), this);
    auto *form = new QFormLayout;
    form->addRow(tr("CPU, per core hour:"), m_cpu);
    form->addRow(tr("Memory, per GiB hour:"), m_memory);
    form->addRow(tr("Storage, per GiB hour:"), m_storage);
    auto *defaults = new QPushButton(tr("OpenCost defaults"), pricesBox);
    defaults->setObjectName(u"defaultPrices"_s);
    defaults->setToolTip(tr("OpenCost's list prices for a cluster without a cloud pricing source"));
    connect(defaults, &QPushButton::clicked, this, &ContextSettingsDialog::restoreDefaultPrices);
    auto *pricesLayout = new QVBoxLayout(pricesBox);
    pricesLayout->addLayout(form);
    pricesLayout->addWidget(defaults, 0, Qt::AlignLeft);
    pricesLayout->addWidget(m_priceError);

    auto *gitHubBox = new QGroupBox(tr("GitHub"), this);
    m_gitHubApi->setObjectName(u"gitHubApiEdit"_s);
    m_gitHubApi->setPlaceholderText(u"https://api.github.com"_s);
    m_gitHubApi->setToolTip(tr("GitHub Enterprise Server: https://HOST/api/v3. The token comes from the keychain."));
    auto *gitHubForm = new QFormLayout;
    gitHubForm->addRow(tr("API URL:"), m_gitHubApi);
    auto *gitHubLayout = new QVBoxLayout(gitHubBox);
    gitHubLayout->addLayout(gitHubForm);
    gitHubLayout->addWidget(m_gitHubApiError);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(namespacesBox, 1);
    layout->addWidget(pricesBox);
    layout->addWidget(gitHubBox);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (isValid())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    connect(m_namespaces, &QPlainTextEdit::textChanged, this, &ContextSettingsDialog::validate);
    for (QLineEdit *edit : {m_cpu, m_memory, m_storage, m_gitHubApi})
        connect(edit, &QLineEdit::textChanged, this, &ContextSettingsDialog::validate);
    resize(480, 520);
    validate();
}

ContextSettingsDialog::~ContextSettingsDialog() = default;

QLineEdit *ContextSettingsDialog::priceEdit(double value, const QString &objectName)
{
    auto *edit = new QLineEdit(priceText(value), this);
    edit->setObjectName(objectName);
    return edit;
}

std::optional<double> ContextSettingsDialog::priceOf(const QLineEdit *edit)
{
    bool ok = false;
    const double value = QLocale::c().toDouble(edit->text().trimmed(), &ok);
    if (!ok || value < 0 || !std::isfinite(value))
        return std::nullopt;
    return value;
}

void ContextSettingsDialog::restoreDefaultPrices()
{
    const pd::core::Prices defaults = pd::core::Prices::openCostDefaults();
    m_cpu->setText(priceText(defaults.cpuPerCoreHour));
    m_memory->setText(priceText(defaults.memoryPerGiBHour));
    m_storage->setText(priceText(defaults.storagePerGiBHour));
}

void ContextSettingsDialog::validate()
{
    QStringList namespaceErrors;
    ContextSettings::parseNamespaces(m_namespaces->toPlainText(), &namespaceErrors);
    m_namespaceError->setText(namespaceErrors.join(u'\n'));
    m_namespaceError->setVisible(!namespaceErrors.isEmpty());

    QStringList priceErrors;
    const QList<std::pair<QLineEdit *, QString>> prices{{m_cpu, tr("The CPU price")},
                                                        {m_memory, tr("The memory price")},
                                                        {m_storage, tr("The storage price")}};
    for (const auto &[edit, what] : prices) {
        if (!priceOf(edit))
            priceErrors.append(tr("%1 must be a number of dollars, 0 or more (like 0.031611).").arg(what));
    }
    m_priceError->setText(priceErrors.join(u'\n'));
    m_priceError->setVisible(!priceErrors.isEmpty());

    const QString apiError = ContextSettings::gitHubApiBaseError(m_gitHubApi->text());
    m_gitHubApiError->setText(apiError);
    m_gitHubApiError->setVisible(!apiError.isEmpty());

    const bool valid = namespaceErrors.isEmpty() && priceErrors.isEmpty() && apiError.isEmpty();
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(valid);
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
    for (const QLabel *label : {m_namespaceError, m_priceError, m_gitHubApiError}) {
        if (!label->text().isEmpty())
            errors.append(label->text());
    }
    return errors.join(u'\n');
}

ContextSettings ContextSettingsDialog::settings() const
{
    ContextSettings result;
    result.namespaces = ContextSettings::parseNamespaces(m_namespaces->toPlainText());
    const pd::core::Prices defaults;
    result.prices.cpuPerCoreHour = priceOf(m_cpu).value_or(defaults.cpuPerCoreHour);
    result.prices.memoryPerGiBHour = priceOf(m_memory).value_or(defaults.memoryPerGiBHour);
    result.prices.storagePerGiBHour = priceOf(m_storage).value_or(defaults.storagePerGiBHour);
    result.gitHubApiBase = pd::core::ForgeTarget::httpUrl(m_gitHubApi->text());
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
