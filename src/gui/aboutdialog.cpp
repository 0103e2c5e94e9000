#include "aboutdialog.h"
#include "ui_aboutdialog.h"

#include "themeicons.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>

using namespace Qt::StringLiterals;

namespace pd::gui {

// The layout is ui/aboutdialog.ui; the text and the 64 px icon come from here.
AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::AboutDialog>())
{
    m_ui->setupUi(this);
    QStringList licences;
    for (const QString &line : licenceLines())
        licences.append(line.toHtmlEscaped());
    m_ui->aboutText->setText(u"<h2>PreviewDesk %1</h2><p>%2</p><p>%3</p><p><b>%4</b><br>%5</p>"_s.arg(
            QCoreApplication::applicationVersion().toHtmlEscaped(),
            tr("Preview environments on Kubernetes, one namespace per pull request.").toHtmlEscaped(),
            versionText().toHtmlEscaped(), tr("Licences").toHtmlEscaped(), licences.join(u"<br>"_s)));
    m_ui->aboutIcon->setPixmap(QIcon(u":/icons/previewdesk.svg"_s).pixmap(64, 64));
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

AboutDialog::~AboutDialog() = default;

QString AboutDialog::text() const
{
    return m_ui->aboutText->text();
}

QString AboutDialog::versionText()
{
    return tr("Qt %1 (built with Qt %2)").arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR));
}

QStringList AboutDialog::licenceLines()
{
    return {tr("PreviewDesk: Apache License 2.0 (Apache-2.0)"),
            tr("Qt: GNU Lesser General Public License v3 (LGPL-3.0)"),
            tr("yaml-cpp: MIT License"),
            tr("spdlog: MIT License"),
            tr("fmt: MIT License"),
            tr("QtKeychain: BSD 3-Clause License (BSD-3-Clause)")};
}

} // namespace pd::gui
