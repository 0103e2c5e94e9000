#include "emptystate.h"

#include <QAbstractItemView>
#include <QEvent>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace pd::gui {

EmptyState::EmptyState(QAbstractItemView *view)
    : QWidget(view->viewport())
    , m_view(view)
    , m_label(new QLabel(this))
    , m_button(new QPushButton(this))
{
    setObjectName(u"emptyState"_s);
    m_label->setObjectName(u"emptyStateText"_s);
    m_label->setAlignment(Qt::AlignCenter);
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_button->setObjectName(u"emptyStateAction"_s);
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(m_label);
    layout->addWidget(m_button, 0, Qt::AlignHCenter);
    layout->addStretch(2);
    connect(m_button, &QPushButton::clicked, this, &EmptyState::actionTriggered);
    view->viewport()->installEventFilter(this);
    view->installEventFilter(this);
    follow();
}

EmptyState::~EmptyState() = default;

void EmptyState::setContent(const QString &text, const QString &actionText)
{
    m_label->setText(text);
    m_button->setText(actionText);
    m_button->setVisible(!actionText.isEmpty());
    updateVisibility();
}

bool EmptyState::isShown() const
{
    return isVisibleTo(m_view);
}

bool EmptyState::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        setGeometry(m_view->viewport()->rect());
    return QWidget::eventFilter(watched, event);
}

void EmptyState::follow()
{
    // The view's model can be set after this; rows come and go.
    for (const QMetaObject::Connection &c : m_modelConnections)
        disconnect(c);
    if (QAbstractItemModel *model = m_view->model()) {
        m_modelConnections[0] = connect(model, &QAbstractItemModel::rowsInserted, this, &EmptyState::updateVisibility);
        m_modelConnections[1] = connect(model, &QAbstractItemModel::rowsRemoved, this, &EmptyState::updateVisibility);
        m_modelConnections[2] = connect(model, &QAbstractItemModel::modelReset, this, &EmptyState::updateVisibility);
    }
    updateVisibility();
}

void EmptyState::updateVisibility()
{
    const QAbstractItemModel *model = m_view->model();
    setGeometry(m_view->viewport()->rect());
    setVisible(!m_label->text().isEmpty() && (!model || model->rowCount() == 0));
}

} // namespace pd::gui
