#include "urldialog.h"

#include <QClipboard>
#include <QDialogButtonBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pd::gui {

UrlDialog::UrlDialog(const QUrl &url, QWidget *parent)
    : QDialog(parent)
    , m_edit(new QLineEdit(url.toString(), this))
    , m_copy(new QPushButton(tr("&Copy"), this))
{
    setObjectName(u"urlDialog"_s);
    setWindowTitle(tr("Open %1").arg(url.host().isEmpty() ? url.toString() : url.host()));
    auto *text = new QLabel(tr("No web browser could be opened for this address. Copy it and paste it into a browser:"),
                            this);
    text->setWordWrap(true);
    m_edit->setObjectName(u"urlEdit"_s);
    m_edit->setReadOnly(true);
    m_edit->setMinimumWidth(std::max(420, m_edit->fontMetrics().horizontalAdvance(m_edit->text()) + 24));
    m_edit->selectAll();
    m_copy->setObjectName(u"urlCopy"_s);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_copy, QDialogButtonBox::ActionRole);
    m_copy->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QGuiApplication::clipboard()->setText(m_edit->text());
        m_copy->setText(tr("Copied"));
    });
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(text);
    layout->addWidget(m_edit);
    layout->addWidget(buttons);
}

UrlDialog::~UrlDialog() = default;

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
