#include "namespaceaccesshint.h"

#include "core/environment/environmentwatcher.h"
#include "core/session/session.h"
#include "kube/apiresult.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace pd::gui {

NamespaceAccessHint::NamespaceAccessHint(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_button(new QPushButton(tr("Context settings…"), this))
{
    setObjectName(u"namespaceAccessHint"_s);
    m_label->setObjectName(u"namespaceAccessHintText"_s);
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::PlainText);
    m_button->setObjectName(u"namespaceAccessHintButton"_s);
    connect(m_button, &QPushButton::clicked, this, &NamespaceAccessHint::settingsRequested);
    // A frame in the palette's tooltip colours: readable in light and dark palettes.
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::ToolTipBase);
    m_label->setForegroundRole(QPalette::ToolTipText);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_button);
    updateText();
    setVisible(false);
}

NamespaceAccessHint::~NamespaceAccessHint() = default;

bool NamespaceAccessHint::forbidsListingNamespaces(const pd::kube::ApiResult &result)
{
    if (result.httpCode != 403)
        return false;
    // GET /api/v1/namespaces (a list or watch), not one named namespace.
    const QString path = result.url.path();
    return path.endsWith("/api/v1/namespaces"_L1) || path.endsWith("/api/v1/namespaces/"_L1);
}

bool NamespaceAccessHint::forbidsListingNamespaces(const QString &watcherError)
{
    // kube-apiserver: `namespaces is forbidden: User "x" cannot list resource "namespaces"
    // in API group "" at the cluster scope` (or "watch").
    return watcherError.contains("namespaces is forbidden"_L1, Qt::CaseInsensitive)
        && (watcherError.contains("cannot list resource \"namespaces\""_L1, Qt::CaseInsensitive)
            || watcherError.contains("cannot watch resource \"namespaces\""_L1, Qt::CaseInsensitive));
}

void NamespaceAccessHint::setSession(pd::core::Session *session)
{
    disconnect(m_clientConnection);
    clear();   // a new session starts without a verdict
    if (!session)
        return;
    m_clientConnection = connect(session, &pd::core::Session::requestFinished, this,
                                 [this](const QString &, const pd::kube::ApiResult &result) { updateFromResult(result); });
}

void NamespaceAccessHint::setWatcher(pd::core::EnvironmentWatcher *watcher)
{
    disconnect(m_connection);
    m_watcher = watcher;
    if (!watcher) {
        clear();
        return;
    }
    // Every stream fails for a user without rights: the last error may name another
    // kind, so only a namespaces error shows the hint here (the client's answers decide too).
    m_connection = connect(watcher, &pd::core::EnvironmentWatcher::connectionTextChanged, this, [this] {
        if (m_watcher && forbidsListingNamespaces(m_watcher->lastError()))
            setForbidden(true);
    });
    if (forbidsListingNamespaces(watcher->lastError()))
        setForbidden(true);
}

void NamespaceAccessHint::updateFromError(const QString &watcherError)
{
    setForbidden(forbidsListingNamespaces(watcherError));
}

void NamespaceAccessHint::updateFromResult(const pd::kube::ApiResult &result)
{
    if (forbidsListingNamespaces(result)) {
        setForbidden(true);
    } else if (result.ok() && result.method == u"GET"_s) {
        const QString path = result.url.path();
        if (path.endsWith("/api/v1/namespaces"_L1))
            setForbidden(false);   // listing works (again)
    }
}

void NamespaceAccessHint::clear()
{
    setForbidden(false);
}

void NamespaceAccessHint::setForbidden(bool forbidden)
{
    m_forbidden = forbidden && !m_named;
    setVisible(m_forbidden);
}

void NamespaceAccessHint::setNamespacesNamed(bool named)
{
    // Named namespaces are watched one by one: listing them no longer matters.
    m_named = named;
    if (named)
        clear();
}

void NamespaceAccessHint::updateText()
{
    m_label->setText(tr("You may not list namespaces in this context. Name the namespaces you can reach in "
                        "Context settings… and PreviewDesk will watch those."));
}

QString NamespaceAccessHint::text() const
{
    return m_label->text();
}

} // namespace pd::gui
