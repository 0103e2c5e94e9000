#include "urldialog.h"
#include "ui_urldialog.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QLineEdit>
#include <QPushButton>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::gui {

// The layout is ui/urldialog.ui; the URL, and the field's width that shows all of it, come from here.
UrlDialog::UrlDialog(const QUrl &url, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::UrlDialog>())
{
    m_ui->setupUi(this);
    setWindowTitle(tr("Open %1").arg(url.host().isEmpty() ? url.toString() : url.host()));
    QLineEdit *edit = m_ui->urlEdit;
    edit->setText(url.toString());
    edit->setMinimumWidth(std::max(420, edit->fontMetrics().horizontalAdvance(edit->text()) + 24));
    edit->selectAll();
    // Designer's button box holds standard buttons only.
    m_copy = m_ui->buttons->addButton(tr("&Copy"), QDialogButtonBox::ActionRole);
    m_copy->setObjectName(u"urlCopy"_s);
    m_copy->setDefault(true);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_ui->urlEdit->text());
        m_copy->setText(tr("Copied"));
    });
}

UrlDialog::~UrlDialog() = default;

QLineEdit *UrlDialog::urlEdit() const
{
    return m_ui->urlEdit;
}

UrlDialog *UrlDialog::showFor(const QUrl &url, QWidget *parent)
{
    auto *dialog = new UrlDialog(url, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    return dialog;
}

} // namespace pd::gui
