#include "environmentfilterbar.h"

#include "core/environment/environment.h"
#include "core/environment/environmentfilterproxy.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

#include <chrono>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace pd::gui {

using pd::core::EnvironmentRole;
using pd::core::EnvironmentState;

EnvironmentFilterBar::EnvironmentFilterBar(pd::core::EnvironmentFilterProxy *proxy, QWidget *parent)
    : QWidget(parent)
    , m_proxy(proxy)
    , m_text(new QLineEdit(this))
    , m_role(new QComboBox(this))
    , m_state(new QComboBox(this))
    , m_owner(new QComboBox(this))
    , m_expiry(new QComboBox(this))
    , m_clear(new QToolButton(this))
{
    m_text->setObjectName(u"filterText"_s);
    m_text->setPlaceholderText(tr("Filter by name, PR, branch, owner, URL… (Ctrl+F)"));
    m_text->setClearButtonEnabled(true);
    m_text->setMinimumWidth(260);

    m_role->setObjectName(u"filterRole"_s);
    m_role->addItem(tr("Sources and previews"));
    m_role->addItem(tr("Sources"), int(EnvironmentRole::Source));
    m_role->addItem(tr("Previews"), int(EnvironmentRole::Preview));

    m_state->setObjectName(u"filterState"_s);
    m_state->addItem(tr("Any state"));
    for (EnvironmentState state : {EnvironmentState::Degraded, EnvironmentState::Expired, EnvironmentState::Progressing,
                                   EnvironmentState::Healthy, EnvironmentState::ScaledDown,
                                   EnvironmentState::Terminating, EnvironmentState::Incomplete})
        m_state->addItem(pd::core::stateText(state), int(state));

    m_owner->setObjectName(u"filterOwner"_s);
    m_owner->addItem(tr("Any owner"));

    m_expiry->setObjectName(u"filterExpiry"_s);
    m_expiry->addItem(tr("Any expiry"));
    m_expiry->addItem(tr("Expiring within 24 h"), qint64(std::chrono::seconds(24h).count()));
    m_expiry->addItem(tr("Expiring within 3 days"), qint64(std::chrono::seconds(72h).count()));
    m_expiry->addItem(tr("Expiring within 7 days"), qint64(std::chrono::seconds(168h).count()));

    m_clear->setText(tr("Clear"));
    m_clear->setToolTip(tr("Clear all filters"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_role);
    layout->addWidget(m_state);
    layout->addWidget(m_owner);
    layout->addWidget(m_expiry);
    layout->addWidget(m_clear);

    connect(m_text, &QLineEdit::textChanged, this, &EnvironmentFilterBar::apply);
    for (QComboBox *combo : {m_role, m_state, m_owner, m_expiry})
        connect(combo, &QComboBox::currentIndexChanged, this, &EnvironmentFilterBar::apply);
    connect(m_clear, &QToolButton::clicked, this, &EnvironmentFilterBar::clear);
}

EnvironmentFilterBar::~EnvironmentFilterBar() = default;

void EnvironmentFilterBar::setOwners(const QStringList &owners)
{
    const QString current = m_owner->currentIndex() > 0 ? m_owner->currentText() : QString();
    QStringList sorted = owners;
    sorted.removeAll(QString());
    sorted.removeDuplicates();
    sorted.sort(Qt::CaseInsensitive);
    if (!current.isEmpty() && !sorted.contains(current))
        sorted.append(current);   // keep the user's choice even when its rows are gone
    QStringList present;
    for (int i = 1; i < m_owner->count(); ++i)
        present.append(m_owner->itemText(i));
    if (present == sorted)
        return;
    const QSignalBlocker blocker(m_owner);
    while (m_owner->count() > 1)
        m_owner->removeItem(1);
    m_owner->addItems(sorted);
    m_owner->setCurrentIndex(current.isEmpty() ? 0 : m_owner->findText(current));
}

void EnvironmentFilterBar::clear()
{
    {
        const QSignalBlocker b1(m_text);
        const QSignalBlocker b2(m_role);
        const QSignalBlocker b3(m_state);
        const QSignalBlocker b4(m_owner);
        const QSignalBlocker b5(m_expiry);
        m_text->clear();
        for (QComboBox *combo : {m_role, m_state, m_owner, m_expiry})
            combo->setCurrentIndex(0);
    }
    apply();
}

void EnvironmentFilterBar::apply()
{
    m_proxy->setFreeText(m_text->text());
    const QVariant role = m_role->currentData();
    m_proxy->setRole(role.isValid() ? std::optional(EnvironmentRole(role.toInt())) : std::nullopt);
    const QVariant state = m_state->currentData();
    m_proxy->setState(state.isValid() ? std::optional(EnvironmentState(state.toInt())) : std::nullopt);
    m_proxy->setOwner(m_owner->currentIndex() > 0 ? m_owner->currentText() : QString());
    const QVariant expiry = m_expiry->currentData();
    m_proxy->setExpiringWithin(expiry.isValid() ? std::optional(std::chrono::seconds(expiry.toLongLong()))
                                                : std::nullopt);
    Q_EMIT filtersChanged();
}

} // namespace pd::gui
