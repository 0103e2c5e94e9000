#pragma once

#include <QDialog>
#include <QUrl>

#include <memory>

QT_BEGIN_NAMESPACE
class QLineEdit;
class QPushButton;
QT_END_NAMESPACE

namespace pd::gui {

namespace Ui {
class UrlDialog;
}

// When no browser opens a URL: the URL itself, selectable, with Copy and Close, so the
// person can paste it into a browser of their choice. Non-modal, deletes itself.
class UrlDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UrlDialog)
public:
    UrlDialog(const QUrl &url, QWidget *parent = nullptr);
    ~UrlDialog() override;

    // Shows a new one for `url` (objectName "urlDialog").
    static UrlDialog *showFor(const QUrl &url, QWidget *parent);

    QLineEdit *urlEdit() const;
    QPushButton *copyButton() const { return m_copy; }

private:
    std::unique_ptr<Ui::UrlDialog> m_ui;   // ui/urldialog.ui
    QPushButton *m_copy = nullptr;          // in the button box, beside Close
};

} // namespace pd::gui
