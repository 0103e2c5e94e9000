#pragma once

#include "core/contextsettings.h"

#include <QDialog>

#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QDialogButtonBox;
class QLineEdit;
class QPlainTextEdit;
class QSettings;
QT_END_NAMESPACE

namespace pd::gui {

namespace Ui {
class ContextSettingsDialog;
}

// The settings of one kubeconfig context: the namespaces the user can reach (for
// users who may not list namespaces; one per line, each checked as a namespace
// name) and the cost prices (OpenCost's defaults until changed). OK stays disabled
// while anything is invalid, and the error under the field says what is wrong.
class ContextSettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ContextSettingsDialog)
public:
    ContextSettingsDialog(const QString &context, const pd::core::ContextSettings &initial, QWidget *parent = nullptr);
    ~ContextSettingsDialog() override;

    // Loads the context's settings, shows the dialog and saves on OK. True when saved.
    static bool edit(QSettings *settings, const QString &context, QWidget *parent = nullptr);

    // What the fields hold now (valid only when isValid()).
    pd::core::ContextSettings settings() const;
    bool isValid() const;
    // Every current problem, one per line; empty when valid.
    QString errorText() const;

    QPlainTextEdit *namespacesEdit() const;
    QLineEdit *cpuPriceEdit() const;
    QLineEdit *memoryPriceEdit() const;
    QLineEdit *storagePriceEdit() const;
    QLineEdit *gitHubApiEdit() const;
    QDialogButtonBox *buttons() const;
    void restoreDefaultPrices();

Q_SIGNALS:
    void validityChanged(bool valid);

private:
    void validate();
    void setPrices(const pd::core::Prices &prices);
    static std::optional<double> priceOf(const QLineEdit *edit);

    std::unique_ptr<Ui::ContextSettingsDialog> m_ui;   // ui/contextsettingsdialog.ui
    QString m_context;
    bool m_valid = true;
};

} // namespace pd::gui
