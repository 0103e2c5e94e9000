#include "aboutdialog.h"

#include "themeicons.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace pd::gui {

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
    , m_text(new QLabel(this))
{
    setObjectName(u"aboutDialog"_s);
    setWindowTitle(tr("About PreviewDesk"));
    QStringList licences;
    for (const QString &line : licenceLines())
        licences.append(line.toHtmlEscaped());
    m_text->setObjectName(u"aboutText"_s);
    m_text->setTextFormat(Qt::RichText);
    m_text->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_text->setOpenExternalLinks(true);
    m_text->setWordWrap(true);
    m_text->setText(u"<h2>PreviewDesk %1</h2><p>%2</p><p>%3</p><p><b>%4</b><br>%5</p>"_s.arg(
            QCoreApplication::applicationVersion().toHtmlEscaped(),
            tr("Preview environments on Kubernetes, one namespace per pull request.").toHtmlEscaped(),
            versionText().toHtmlEscaped(), tr("Licences").toHtmlEscaped(), licences.join(u"<br>"_s)));

    auto *icon = new QLabel(this);
    icon->setPixmap(QIcon(u":/icons/previewdesk.svg"_s).pixmap(64, 64));
    icon->setAlignment(Qt::AlignTop);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *row = new QHBoxLayout;
    row->addWidget(icon);
    row->addWidget(m_text, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

AboutDialog::~AboutDialog() = default;

QString AboutDialog::text() const
{
    return m_text->text();
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
