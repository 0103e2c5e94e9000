#include "clonesession.h"

#include "session.h"

#include "kube/bindto.h"

#include "core/clone/builddeclaration.h"
#include "core/clone/cloneplanner.h"
#include "core/forge/githubclient.h"
#include "core/forge/workflowbuild.h"
#include "core/clone/cloneprofile.h"
#include "core/contract.h"
#include "core/forge/githubclient.h"
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

pd::kube::ResourceRef namespaceRef(const QString &name)
{
    return pd::kube::ResourceRef{QString(), u"v1"_s, u"namespaces"_s, QString(), name, {}};
}

// Why a preview cannot be named after an existing namespace, in the words a person needs.
QString takenReason(const QJsonObject &ns)
{
    using namespace contract;
    const QJsonObject metadata = ns.value(u"metadata"_s).toObject();
    const QString name = metadata.value(u"name"_s).toString();
    const QJsonObject labels = metadata.value(u"labels"_s).toObject();
    const QString parent = metadata.value(u"annotations"_s).toObject().value(ParentAnnotation).toString();
    if (metadata.contains(u"deletionTimestamp"_s))
        return CloneSession::tr("%1 is taken: a namespace of that name is being deleted; try again when it is gone.").arg(name);
    if (labels.value(RoleLabel).toString() == RolePreview) {
        QStringList about;
        if (!parent.isEmpty())
            about << CloneSession::tr("a preview of %1").arg(parent);
        else
            about << CloneSession::tr("a preview");
        if (const QString pr = labels.value(PrLabel).toString(); !pr.isEmpty())
            about << CloneSession::tr("PR %1").arg(pr);
        if (const QString owner = labels.value(OwnerLabel).toString(); !owner.isEmpty())
            about << CloneSession::tr("owner %1").arg(owner);
        return CloneSession::tr("%1 is taken by %2. Choose another name.").arg(name, about.join(u", "_s));
    }
    return CloneSession::tr("%1 is taken: a namespace of that name exists. Choose another name.").arg(name);
}
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
    // The context's GitHub client (its token from the keychain) builds CI+CD clones and
    // suggests the branch.
    if (session)
        m_forge = session->gitHub();
}

bool CloneSession::suggestBranch(int pullRequest)
{
    const QString repository = this->repository();
    if (pullRequest <= 0 || repository.isEmpty() || !m_forge || !m_forge->hasToken())
        return false;
    pd::bindTo(this, m_forge->pullRequest(repository, pullRequest), [this, pullRequest](const PullRequestResult &result) {
        Q_EMIT branchSuggested(pullRequest, result.ok() ? result.pullRequest.headRef : QString(), result.errorString);
    });
    return true;
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
        pd::bindTo(this, exportNamespace(m_client, m_discovery, m_options.sourceNamespace, this),
                   [this, finish](const SourceSnapshot &snapshot) {
                       if (!snapshot.ok())
                           return finish(snapshot);
                       m_snapshot = snapshot;
                       readNaming([finish, snapshot] { finish(snapshot); });
                   });
    });
    return promise->future();
}

// The source's repository annotation, else that of its newest preview (lineage child).
QString CloneSession::repositoryOf(const QString &source, const QList<QJsonObject> &namespaces)
{
    const auto annotation = [](const QJsonObject &ns, QLatin1StringView key) {
        return ns.value(u"metadata"_s).toObject().value(u"annotations"_s).toObject().value(key).toString();
    };
    QString fromPreview;
    QString newest;
    for (const QJsonObject &ns : namespaces) {
        const QJsonObject metadata = ns.value(u"metadata"_s).toObject();
        const QString repository = GitHubClient::normalizeRepository(annotation(ns, contract::RepositoryAnnotation));
        if (repository.isEmpty())
            continue;
        if (metadata.value(u"name"_s).toString() == source)
            return repository;
        const QString created = metadata.value(u"creationTimestamp"_s).toString();
        if (annotation(ns, contract::ParentAnnotation) == source && created >= newest) {
            newest = created;
            fromPreview = repository;
        }
    }
    return fromPreview;
}

// The source's previews are its lineage children (previewdesk.io/parent): read with
// every namespace, since an annotation cannot be selected on. A user who may not list
// namespaces gets the profile's naming or the default.
void CloneSession::readNaming(const std::function<void()> &then)
{
    pd::bindTo(this, m_client->list(namespaceRef(QString())), [this, then](const pd::kube::ApiResult &result) {
        QList<QJsonObject> namespaces;
        if (result.ok())
            for (const QJsonValue &item : result.items())
                namespaces << item.toObject();
        m_naming = previewNaming(readCloneProfile(m_snapshot.objects, m_options.sourceNamespace), namespaces,
                                 m_options.sourceNamespace);
        if (m_options.repository.isEmpty())
            m_options.repository = repositoryOf(m_options.sourceNamespace, namespaces);
        then();
    });
}

void CloneSession::checkName(const QString &name)
{
    if (!m_client || !validatePreviewName(name).isEmpty())
        return;
    pd::bindTo(this, m_client->get(namespaceRef(name)), [this, name](const pd::kube::ApiResult &result) {
        Q_EMIT nameChecked(name, result.ok() ? takenReason(result.object) : QString());
    });
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
        if (decision.kind == PendingDecision::Kind::Build)
            continue;   // the source's to declare, not a question of the decisions page (plan.warnings says it)
        if (decision.kind == PendingDecision::Kind::Data || decision.kind == PendingDecision::Kind::SourceData)
            continue;   // the data page's, from plan.decisions, which lists every datastore
        const bool known = std::any_of(m_subjects.cbegin(), m_subjects.cend(), [&](const PendingDecision &d) {
            return d.kind == decision.kind && d.name == decision.name;
        });
        if (!known)
            m_subjects << decision;
    }
    Q_EMIT planChanged();
}

void CloneSession::setForge(GitHubClient *client, const QString &repository)
{
    m_forge = client;
    m_repository = repository;
}

bool CloneSession::start(const CloneExecutor::Options &options)
{
    if (isRunning() || !m_client || !m_discovery)
        return false;
    if (m_options.mode == CloneMode::CiCd && m_options.builtImages.isEmpty()
        && readBuildDeclaration(m_snapshot.objects, m_options.sourceNamespace).declared()) {
        startBuild(options);
        return true;
    }
    startExecutor(options);
    return true;
}

void CloneSession::startBuild(const CloneExecutor::Options &options)
{
    m_building = true;
    if (!m_build) {
        m_build = new WorkflowBuild(m_forge, this);
        connect(m_build, &WorkflowBuild::progress, this, [this](const QString &text) {
            Q_EMIT phaseChanged(tr("Build: %1").arg(text));
        });
    }
    disconnect(m_build, &WorkflowBuild::finished, this, nullptr);
    connect(m_build, &WorkflowBuild::finished, this, [this, options](const BuildOutcome &built) {
        if (!built.ok) {
            m_building = false;
            CloneOutcome outcome = CloneOutcome::failure(built.message);
            outcome.cancelled = built.cancelled;
            Q_EMIT finished(outcome);
            return;
        }
        changeOptions([&built](CloneOptions &o) { o.builtImages = built.digests; });
        m_building = false;
        if (!m_plan.canProceed()) {
            Q_EMIT finished(CloneOutcome::failure(tr("The build succeeded, but the plan has open decisions; nothing was created.")));
            return;
        }
        startExecutor(options);
    });
    BuildRequest request;
    // The forge's repository: previewctl's (GITHUB_REPOSITORY, --repository), the options', else
    // the one the source names as the repository whose pull requests it previews.
    request.repository = !m_repository.isEmpty() ? m_repository : m_options.repository;
    for (const QJsonObject &object : std::as_const(m_snapshot.objects)) {
        const QJsonObject metadata = object.value(u"metadata"_s).toObject();
        if (request.repository.isEmpty() && object.value(u"kind"_s).toString() == u"Namespace"_s
            && metadata.value(u"name"_s).toString() == m_options.sourceNamespace)
            request.repository = metadata.value(u"annotations"_s).toObject().value(contract::RepositoryAnnotation).toString();
    }
    request.pullRequest = m_options.pullRequest;
    request.preview = m_plan.targetNamespace;
    request.declaration = readBuildDeclaration(m_snapshot.objects, m_options.sourceNamespace);
    request.pollInterval = m_buildPollInterval;
    m_build->start(request);
}

void CloneSession::startExecutor(const CloneExecutor::Options &options)
{
    if (m_executor) {
        disconnect(m_executor, nullptr, this, nullptr);
        m_executor->deleteLater();   // the failed run's: its signals may still be on the stack
    }
    m_executor = new CloneExecutor(m_client, m_discovery, this);
    connect(m_executor, &CloneExecutor::phaseChanged, this, &CloneSession::phaseChanged);
    connect(m_executor, &CloneExecutor::objectStateChanged, this, &CloneSession::objectStateChanged);
    connect(m_executor, &CloneExecutor::finished, this, &CloneSession::finished);
    m_executor->start(m_plan, options);
}

void CloneSession::cancel()
{
    if (m_building && m_build)
        m_build->cancel();
    else if (m_executor)
        m_executor->cancel();
}

} // namespace pd::core
