#include "clonesession.h"

#include "session.h"

#include "kube/bindto.h"

#include "core/clone/cloneplanner.h"
#include "core/contract.h"
#include "kube/accessreview.h"
#include "kube/apiclient.h"
#include "kube/discovery.h"

#include <QPromise>
#include <QRandomGenerator>

#include <algorithm>
#include <memory>

using namespace Qt::StringLiterals;

namespace pd::core {

namespace {
const QString kExternalSecretsV1beta1 = u"external-secrets.io/v1beta1"_s;
} // namespace

CloneSession::CloneSession(pd::kube::ApiClient *client, pd::kube::Discovery *discovery, const QString &sourceNamespace,
                           QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_discovery(discovery)
{
    qRegisterMetaType<pd::core::CloneOutcome>();
    m_options.sourceNamespace = sourceNamespace;
}

CloneSession::CloneSession(Session *session, const QString &sourceNamespace, QObject *parent)
    : CloneSession(session ? session->client() : nullptr, session ? session->discovery() : nullptr, sourceNamespace,
                   parent)
{
}

CloneSession::~CloneSession()
{
    // A clone abandoned mid-run is rolled back rather than left half-made; the executor
    // outlives the session until the rollback is done.
    if (m_executor && m_executor->isRunning()) {
        disconnect(m_executor, nullptr, this, nullptr);
        m_executor->setParent(nullptr);
        connect(m_executor, &CloneExecutor::finished, m_executor, &QObject::deleteLater);
        m_executor->cancel();
    }
}

void CloneSession::applyServedApis(const pd::kube::Discovery &discovery, CloneOptions *options)
{
    if (!discovery.servesGroupVersion(options->externalSecretsApiVersion)
        && discovery.servesGroupVersion(kExternalSecretsV1beta1))
        options->externalSecretsApiVersion = kExternalSecretsV1beta1;
    options->passwordGeneratorServed = discovery.servesGroupVersion(contract::PasswordGeneratorApiVersion);
}

QString CloneSession::missingSecretPermission() const
{
    return tr("Missing permission: get secrets in namespace %1").arg(m_options.sourceNamespace);
}

void CloneSession::reviewAccess()
{
    if (!m_client)
        return;
    pd::kube::ResourceAttributes attributes;
    attributes.verb = u"get"_s;
    attributes.resource = u"secrets"_s;
    attributes.namespaceName = m_options.sourceNamespace;
    pd::bindTo(this, pd::kube::checkAccess(m_client, attributes), [this](const pd::kube::AccessDecision &decision) {
        m_canReadSecrets = decision.reviewed() && decision.allowed;
        Q_EMIT sourceChanged();
    });
}

QFuture<SourceSnapshot> CloneSession::load()
{
    auto promise = std::make_shared<QPromise<SourceSnapshot>>();
    promise->start();
    const auto finish = [this, promise](const SourceSnapshot &snapshot) {
        m_snapshot = snapshot;
        if (snapshot.ok()) {
            static const QStringList kinds{u"Deployment"_s, u"StatefulSet"_s, u"ConfigMap"_s};
            for (const QJsonObject &object : snapshot.objects)
                if (kinds.contains(object.value(u"kind"_s).toString()))
                    m_configuration << object;
            m_loaded = true;
            replan();
        } else {
            m_loadError = snapshot.error;
        }
        Q_EMIT sourceChanged();
        Q_EMIT loaded();
        promise->addResult(snapshot);
        promise->finish();
    };
    if (!m_client || !m_discovery) {
        SourceSnapshot none;
        none.error = tr("Not connected to a cluster.");
        finish(none);
        return promise->future();
    }
    pd::bindTo(this, m_discovery->ensureLoaded(), [this, finish](const pd::kube::ApiResult &) {
        applyServedApis(*m_discovery, &m_options);
        pd::bindTo(this, exportNamespace(m_client, m_discovery, m_options.sourceNamespace, this), finish);
    });
    return promise->future();
}

void CloneSession::readConfiguration()
{
    if (!m_client)
        return;
    struct Kind { QString group, resource, kind; };
    const QList<Kind> kinds{{u"apps"_s, u"deployments"_s, u"Deployment"_s},
                            {u"apps"_s, u"statefulsets"_s, u"StatefulSet"_s},
                            {QString(), u"configmaps"_s, u"ConfigMap"_s}};
    for (const Kind &kind : kinds) {
        const pd::kube::ResourceRef ref{kind.group, u"v1"_s, kind.resource, m_options.sourceNamespace, {}, {}};
        pd::bindTo(this, m_client->list(ref), [this, kind](const pd::kube::ApiResult &result) {
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

void CloneSession::setOptions(const CloneOptions &options)
{
    m_options = options;
    replan();
}

void CloneSession::changeOptions(const std::function<void(CloneOptions &)> &change)
{
    change(m_options);
    replan();
}

void CloneSession::setPlanClock(std::function<QDateTime()> clock)
{
    m_clock = std::move(clock);
    replan();
}

void CloneSession::setPlanSeed(std::optional<quint32> seed)
{
    m_seed = seed;
    replan();
}

void CloneSession::replan()
{
    if (!m_loaded)
        return;
    CloneOptions options = m_options;
    // An invalid name still gets a plan (the wizard's page says why it cannot go on).
    if (!validatePreviewName(options.name).isEmpty())
        options.name = u"preview"_s;
    const QDateTime now = m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
    if (m_seed) {
        QRandomGenerator seeded(*m_seed);
        m_plan = planClone(m_snapshot.objects, options, now, seeded);
    } else {
        m_plan = planClone(m_snapshot.objects, options, now, *QRandomGenerator::system());
    }
    for (const PendingDecision &decision : std::as_const(m_plan.pendingDecisions)) {
        const bool known = std::any_of(m_subjects.cbegin(), m_subjects.cend(), [&](const PendingDecision &d) {
            return d.kind == decision.kind && d.name == decision.name;
        });
        if (!known)
            m_subjects << decision;
    }
    Q_EMIT planChanged();
}

bool CloneSession::start(const CloneExecutor::Options &options)
{
    if (m_executor || !m_client || !m_discovery)
        return false;
    m_executor = new CloneExecutor(m_client, m_discovery, this);
    connect(m_executor, &CloneExecutor::phaseChanged, this, &CloneSession::phaseChanged);
    connect(m_executor, &CloneExecutor::objectStateChanged, this, &CloneSession::objectStateChanged);
    connect(m_executor, &CloneExecutor::finished, this, &CloneSession::finished);
    m_executor->start(m_plan, options);
    return true;
}

void CloneSession::cancel()
{
    if (m_executor)
        m_executor->cancel();
}

} // namespace pd::core
