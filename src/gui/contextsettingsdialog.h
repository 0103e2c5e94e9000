#pragma once

#include "core/contextsettings.h"

#include <QDialog>

#include <optional>

QT_BEGIN_NAMESPACE
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSettings;
QT_END_NAMESPACE

namespace pd::gui {

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

    QPlainTextEdit *namespacesEdit() const { return m_namespaces; }
    QLineEdit *cpuPriceEdit() const { return m_cpu; }
    QLineEdit *memoryPriceEdit() const { return m_memory; }
    QLineEdit *storagePriceEdit() const { return m_storage; }
    QLineEdit *gitHubApiEdit() const { return m_gitHubApi; }
    QDialogButtonBox *buttons() const { return m_buttons; }
    void restoreDefaultPrices();

Q_SIGNALS:
    void validityChanged(bool valid);

private:
    void validate();
    QLineEdit *priceEdit(double value, const QString &objectName);
    static std::optional<double> priceOf(const QLineEdit *edit);

    QString m_context;
    QPlainTextEdit *m_namespaces;
    QLabel *m_namespaceError;
    QLineEdit *m_cpu;
    QLineEdit *m_memory;
    QLineEdit *m_storage;
    QLabel *m_priceError;
    QLineEdit *m_gitHubApi;
    QLabel *m_gitHubApiError;
    QDialogButtonBox *m_buttons;
    bool m_valid = true;
};

} // namespace pd::gui
