#pragma once

#include <QDialog>

#include <memory>

namespace pd::gui {

namespace Ui {
class AboutDialog;
}

// Help > About PreviewDesk: version, the Qt it was built with and runs on, and the
// licences of PreviewDesk and the libraries it ships with.
class AboutDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AboutDialog)
public:
    explicit AboutDialog(QWidget *parent = nullptr);
    ~AboutDialog() override;

    QString text() const;
    // "Qt 6.4.2 (built with 6.4.2)", and one line per licence.
    static QString versionText();
    static QStringList licenceLines();

private:
    std::unique_ptr<Ui::AboutDialog> m_ui;   // ui/aboutdialog.ui
};

} // namespace pd::gui
