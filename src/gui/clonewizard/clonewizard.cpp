#include "clonewizard.h"

#include "clonewizardpages.h"
#include "configurationpage.h"

#include "core/clone/cloneplanner.h"
#include "kube/accessreview.h"
#include "kube/apiclient.h"
#include "kube/discovery.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <memory>

using namespace Qt::StringLiterals;

namespace pd::gui {

CloneWizard::CloneWizard(pd::kube::ApiClient *client, pd::kube::Discovery *discovery, const QString &sourceNamespace,
                         QWidget *parent)
    : QWizard(parent)
    , m_client(client)
    , m_discovery(discovery)
{
    qRegisterMetaType<pd::core::CloneOutcome>();
    m_options.sourceNamespace = sourceNamespace;
    setWindowTitle(tr("Clone %1").arg(sourceNamespace));
    setOption(QWizard::NoBackButtonOnLastPage, true);
    setOption(QWizard::NoCancelButtonOnLastPage, true);
    setButtonText(QWizard::CommitButton, tr("Create"));
    setPage(SourcePageId, new SourcePage(this));
    setPage(FieldsPageId, new FieldsPage(this));
    setPage(ConfigurationPageId, new ConfigurationPage(this));
    setPage(DecisionsPageId, new DecisionsPage(this));
    setPage(SettingsPageId, new SettingsPage(this));
    setPage(SummaryPageId, new SummaryPage(this));
    setPage(ProgressPageId, new ProgressPage(this));
    resize(900, 620);
    loadSource();
}

CloneWizard::~CloneWizard()
{
    // A wizard closed mid-run rolls its clone back rather than leave it half-made; the
    // executor outlives the wizard until the rollback is done.
    if (m_executor && m_executor->isRunning()) {
        disconnect(m_executor, nullptr, this, nullptr);
        m_executor->setParent(nullptr);
        connect(m_executor, &pd::core::CloneExecutor::finished, m_executor, &QObject::deleteLater);
        m_executor->cancel();
    }
}

CloneWizard *CloneWizard::openClone(pd::kube::ApiClient *client, pd::kube::Discovery *discovery,
                                    const QString &sourceNamespace, QWidget *parent)
{
    auto *wizard = new CloneWizard(client, discovery, sourceNamespace, parent);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    wizard->show();
    return wizard;
}

QString CloneWizard::missingSecretPermission() const
{
    return tr("Missing permission: get secrets in namespace %1").arg(m_options.sourceNamespace);
}

void CloneWizard::loadSource()
{
    if (!m_client || !m_discovery) {
        m_loadError = tr("Not connected to a cluster.");
        Q_EMIT sourceChanged();
        return;
    }
    pd::kube::ResourceAttributes attributes;
    attributes.verb = u"get"_s;
    attributes.resource = u"secrets"_s;
    attributes.namespaceName = m_options.sourceNamespace;
    pd::kube::checkAccess(m_client, attributes).then(this, [this](const pd::kube::AccessDecision &decision) {
        m_canReadSecrets = decision.reviewed() && decision.allowed;
        Q_EMIT sourceChanged();
    });
    m_discovery->ensureLoaded().then(this, [this](const pd::kube::ApiResult &) {
        if (!m_discovery->servesGroupVersion(m_options.externalSecretsApiVersion)
            && m_discovery->servesGroupVersion(u"external-secrets.io/v1beta1"_s))
            m_options.externalSecretsApiVersion = u"external-secrets.io/v1beta1"_s;
        m_options.passwordGeneratorServed = m_discovery->servesGroupVersion(u"generators.external-secrets.io/v1alpha1"_s);
        pd::core::exportNamespace(m_client, m_discovery, m_options.sourceNamespace, this)
            .then(this, [this](const pd::core::SourceSnapshot &snapshot) {
                m_snapshot = snapshot;
                if (!snapshot.ok()) {
                    m_loadError = snapshot.error;
                    loadConfigurationOnly();
                    Q_EMIT sourceChanged();
                    return;
                }
                static const QStringList kinds{u"Deployment"_s, u"StatefulSet"_s, u"ConfigMap"_s};
                for (const QJsonObject &object : snapshot.objects)
                    if (kinds.contains(object.value(u"kind"_s).toString()))
                        m_configuration << object;
                m_loaded = true;
                replan();
                Q_EMIT sourceChanged();
            });
    });
}

void CloneWizard::loadConfigurationOnly()
{
    struct Kind { QString group, resource, kind; };
    const QList<Kind> kinds{{u"apps"_s, u"deployments"_s, u"Deployment"_s},
                            {u"apps"_s, u"statefulsets"_s, u"StatefulSet"_s},
                            {QString(), u"configmaps"_s, u"ConfigMap"_s}};
    for (const Kind &kind : kinds) {
        const pd::kube::ResourceRef ref{kind.group, u"v1"_s, kind.resource, m_options.sourceNamespace, {}, {}};
        m_client->list(ref).then(this, [this, kind](const pd::kube::ApiResult &result) {
            if (!result.ok())
                return;
            for (const QJsonValue &item : result.items()) {
                QJsonObject object = item.toObject();
                object.insert(u"kind"_s, kind.kind);
                m_configuration << object;
            }
            Q_EMIT sourceChanged();
        });
    }
}

void CloneWizard::changeOptions(const std::function<void(pd::core::CloneOptions &)> &change)
{
    change(m_options);
    replan();
}

void CloneWizard::replan()
{
    if (!m_loaded)
        return;
    pd::core::CloneOptions options = m_options;
    // An invalid name still gets a plan (the page says why it cannot go on).
    if (!pd::core::validatePreviewName(options.name).isEmpty())
        options.name = u"preview"_s;
    m_plan = pd::core::planClone(m_snapshot.objects, options, QDateTime::currentDateTimeUtc(), *QRandomGenerator::system());
    for (const pd::core::PendingDecision &decision : std::as_const(m_plan.pendingDecisions)) {
        const bool known = std::any_of(m_subjects.cbegin(), m_subjects.cend(), [&](const pd::core::PendingDecision &d) {
            return d.kind == decision.kind && d.name == decision.name;
        });
        if (!known)
            m_subjects << decision;
    }
    Q_EMIT planChanged();
}

void CloneWizard::startClone()
{
    if (m_executor || !m_client || !m_discovery)
        return;
    m_executor = new pd::core::CloneExecutor(m_client, m_discovery, this);
    connect(m_executor, &pd::core::CloneExecutor::finished, this, &CloneWizard::cloneFinished);
    m_executor->start(m_plan, m_executorOptions);
}

} // namespace pd::gui
