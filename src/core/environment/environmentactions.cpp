#include "environmentactions.h"

#include "core/clone/previewdestroyer.h"
#include "environmentbuilder.h"
#include "kube/apiclient.h"
#include "kube/logging.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QPromise>

#include <algorithm>

using namespace Qt::StringLiterals;
using pd::kube::ApiResult;
using pd::kube::ResourceRef;

namespace pd::core {

namespace {

ResourceRef namespaceRef(const QString &name)
{
    return ResourceRef{QString(), u"v1"_s, u"namespaces"_s, QString(), name, {}};
}

ResourceRef workloadsRef(const QString &plural, const QString &ns)
{
    return ResourceRef{u"apps"_s, u"v1"_s, plural, ns, QString(), {}};
}

QFuture<ActionResult> resolved(bool ok, const QString &message)
{
    QPromise<ActionResult> promise;
    promise.start();
    promise.addResult(ActionResult{ok, message});
    promise.finish();
    return promise.future();
}

QString rfc3339(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

QJsonObject annotationPatch(const QString &key, const QJsonValue &value)
{
    return QJsonObject{{u"metadata"_s, QJsonObject{{u"annotations"_s, QJsonObject{{key, value}}}}}};
}

} // namespace

// One scale-down/up: the steps are found first, then run one after the other.
struct EnvironmentActions::ScaleJob
{
    QString name;
    bool down = true;
    QPromise<ActionResult> promise;
    QList<QJsonObject> workloads;              // with "kind" filled in
    QList<std::function<QFuture<ApiResult>()>> steps;
    QStringList stepTexts;
    qsizetype next = 0;
    int changed = 0;
};

EnvironmentActions::EnvironmentActions(pd::kube::ApiClient *client, Clock clock, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_clock(std::move(clock))
{
}

EnvironmentActions::~EnvironmentActions() = default;

QDateTime EnvironmentActions::now() const
{
    return m_clock ? m_clock().toUTC() : QDateTime::currentDateTimeUtc();
}

QDateTime EnvironmentActions::extendedExpiry(const QDateTime &current, const QDateTime &now, std::chrono::seconds by)
{
    const QDateTime base = current.isValid() ? std::max(current.toUTC(), now.toUTC()) : now.toUTC();
    // Whole seconds: RFC 3339 without fractions.
    const QDateTime result = base.addSecs(by.count());
    return QDateTime::fromSecsSinceEpoch(result.toSecsSinceEpoch(), Qt::UTC);
}

QDateTime EnvironmentActions::currentExpiry(const QJsonObject &namespaceObject)
{
    const QJsonObject metadata = namespaceObject.value("metadata"_L1).toObject();
    const QJsonObject annotations = metadata.value("annotations"_L1).toObject();
    QList<QDateTime> candidates;
    candidates << EnvironmentBuilder::parseRfc3339(annotations.value(QLatin1String(kExpiresAt)).toString())
               << EnvironmentBuilder::parseJanitorExpires(annotations.value("janitor/expires"_L1).toString());
    const QDateTime created = EnvironmentBuilder::parseRfc3339(metadata.value("creationTimestamp"_L1).toString());
    if (const auto ttl = EnvironmentBuilder::parseJanitorTtl(annotations.value("janitor/ttl"_L1).toString());
        ttl && created.isValid())
        candidates << created.addSecs(ttl->count());
    QDateTime earliest;
    for (const QDateTime &candidate : std::as_const(candidates)) {
        if (candidate.isValid() && (!earliest.isValid() || candidate < earliest))
            earliest = candidate;
    }
    return earliest;
}

QJsonObject EnvironmentActions::expiryPatch(const QJsonObject &namespaceObject, const QDateTime &newExpiry)
{
    const QJsonObject annotations =
        namespaceObject.value("metadata"_L1).toObject().value("annotations"_L1).toObject();
    QJsonObject changes{{QLatin1String(kExpiresAt), rfc3339(newExpiry)}};
    if (annotations.contains("janitor/expires"_L1) || annotations.contains("janitor/ttl"_L1))
        changes.insert(u"janitor/expires"_s, rfc3339(newExpiry));
    if (annotations.contains("janitor/ttl"_L1))
        changes.insert(u"janitor/ttl"_s, QJsonValue::Null);
    return QJsonObject{{u"metadata"_s, QJsonObject{{u"annotations"_s, changes}}}};
}

QFuture<ActionResult> EnvironmentActions::extendExpiry(const QString &name, std::chrono::seconds by)
{
    if (!m_client)
        return resolved(false, tr("Not connected"));
    if (by.count() <= 0)
        return resolved(false, tr("Extend %1: the duration must be positive").arg(name));
    Q_EMIT progress(name, tr("Extending the expiry of %1").arg(name));
    auto promise = std::make_shared<QPromise<ActionResult>>();
    promise->start();
    QFuture<ActionResult> future = promise->future();
    m_client->get(namespaceRef(name)).then(this, [this, name, by, promise](const ApiResult &result) {
        if (!result.ok()) {
            promise->addResult(ActionResult{false, tr("Cannot read %1: %2").arg(name, result.message())});
            promise->finish();
            return;
        }
        const QDateTime expiry = extendedExpiry(currentExpiry(result.object), now(), by);
        const QJsonObject patch = expiryPatch(result.object, expiry);
        m_client->patch(namespaceRef(name), pd::kube::PatchType::Merge, QJsonDocument(patch).toJson(QJsonDocument::Compact))
            .then(this, [name, expiry, promise](const ApiResult &patched) {
                promise->addResult(patched.ok()
                                       ? ActionResult{true, tr("%1 now expires at %2").arg(name, rfc3339(expiry))}
                                       : ActionResult{false, tr("Cannot extend %1: %2").arg(name, patched.message())});
                promise->finish();
            });
    });
    return future;
}

QFuture<ActionResult> EnvironmentActions::scaleDown(const QString &name)
{
    if (!m_client)
        return resolved(false, tr("Not connected"));
    auto job = std::make_shared<ScaleJob>();
    job->name = name;
    job->down = true;
    job->promise.start();
    QFuture<ActionResult> future = job->promise.future();
    runScale(job);
    return future;
}

QFuture<ActionResult> EnvironmentActions::scaleUp(const QString &name)
{
    if (!m_client)
        return resolved(false, tr("Not connected"));
    auto job = std::make_shared<ScaleJob>();
    job->name = name;
    job->down = false;
    job->promise.start();
    QFuture<ActionResult> future = job->promise.future();
    runScale(job);
    return future;
}

void EnvironmentActions::runScale(const std::shared_ptr<ScaleJob> &job)
{
    Q_EMIT progress(job->name, (job->down ? tr("Scaling down %1") : tr("Scaling up %1")).arg(job->name));
    const auto fail = [job](const QString &text) {
        job->promise.addResult(ActionResult{false, text});
        job->promise.finish();
    };
    m_client->list(workloadsRef(u"deployments"_s, job->name)).then(this, [this, job, fail](const ApiResult &deployments) {
        if (!deployments.ok())
            return fail(tr("Cannot list the deployments of %1: %2").arg(job->name, deployments.message()));
        m_client->list(workloadsRef(u"statefulsets"_s, job->name))
            .then(this, [this, job, fail, deployments](const ApiResult &statefulSets) {
                if (!statefulSets.ok())
                    return fail(tr("Cannot list the statefulsets of %1: %2").arg(job->name, statefulSets.message()));
                const QList<std::pair<QString, QJsonArray>> kinds{{u"deployments"_s, deployments.items()},
                                                                  {u"statefulsets"_s, statefulSets.items()}};
                for (const auto &[plural, items] : kinds) {
                    for (const QJsonValue &item : items) {
                        const QJsonObject object = item.toObject();
                        const QJsonObject metadata = object.value("metadata"_L1).toObject();
                        const ResourceRef ref = workloadsRef(plural, job->name).named(metadata.value("name"_L1).toString());
                        const int replicas = object.value("spec"_L1).toObject().value("replicas"_L1).toInt(1);
                        const QJsonValue recorded =
                            metadata.value("annotations"_L1).toObject().value(QLatin1String(kOriginalReplicas));
                        const QString what = plural.chopped(1) + u'/' + ref.name;
                        if (job->down && replicas > 0) {
                            const QByteArray body = QJsonDocument(annotationPatch(QLatin1String(kOriginalReplicas),
                                                                                  QString::number(replicas)))
                                                        .toJson(QJsonDocument::Compact);
                            job->steps << [this, ref, body] { return m_client->patch(ref, pd::kube::PatchType::Merge, body); };
                            job->stepTexts << tr("annotate %1").arg(what);
                            job->steps << [this, ref] { return m_client->setScale(ref, 0); };
                            job->stepTexts << tr("scale %1 to 0").arg(what);
                            ++job->changed;
                        } else if (!job->down && recorded.isString()) {
                            bool ok = false;
                            const int original = recorded.toString().toInt(&ok);
                            if (!ok || original < 0)
                                return fail(tr("%1 has a bad %2 annotation: %3")
                                                .arg(what, QLatin1String(kOriginalReplicas), recorded.toString()));
                            const QByteArray body = QJsonDocument(annotationPatch(QLatin1String(kOriginalReplicas), QJsonValue::Null))
                                                        .toJson(QJsonDocument::Compact);
                            job->steps << [this, ref, original] { return m_client->setScale(ref, original); };
                            job->stepTexts << tr("scale %1 to %2").arg(what).arg(original);
                            job->steps << [this, ref, body] { return m_client->patch(ref, pd::kube::PatchType::Merge, body); };
                            job->stepTexts << tr("remove the annotation of %1").arg(what);
                            ++job->changed;
                        }
                    }
                }
                nextScaleStep(job);
            });
    });
}

void EnvironmentActions::nextScaleStep(const std::shared_ptr<ScaleJob> &job)
{
    if (job->next >= job->steps.size()) {
        QString text;
        if (job->changed == 0)
            text = job->down ? tr("%1 is already scaled down").arg(job->name)
                             : tr("%1 has nothing to scale up").arg(job->name);
        else
            text = (job->down ? tr("Scaled down %n workload(s) of %1", nullptr, job->changed)
                              : tr("Scaled up %n workload(s) of %1", nullptr, job->changed))
                       .arg(job->name);
        job->promise.addResult(ActionResult{true, text});
        job->promise.finish();
        return;
    }
    const qsizetype index = job->next++;
    Q_EMIT progress(job->name, tr("%1: %2 (%3 of %4)").arg(job->name, job->stepTexts.at(index)).arg(index + 1).arg(job->steps.size()));
    if (!m_client) {
        job->promise.addResult(ActionResult{false, tr("Not connected")});
        job->promise.finish();
        return;
    }
    job->steps.at(index)().then(this, [this, job, index](const ApiResult &result) {
        if (!result.ok()) {
            pd::log::core()->warn("{}: {} failed: {}", job->name.toStdString(), job->stepTexts.at(index).toStdString(),
                                  result.message().toStdString());
            job->promise.addResult(ActionResult{false, tr("%1: cannot %2: %3").arg(job->name, job->stepTexts.at(index), result.message())});
            job->promise.finish();
            return;
        }
        nextScaleStep(job);
    });
}

QFuture<ActionResult> EnvironmentActions::destroy(const QString &name)
{
    if (!m_client)
        return resolved(false, tr("Not connected"));
    auto promise = std::make_shared<QPromise<ActionResult>>();
    promise->start();
    QFuture<ActionResult> future = promise->future();
    auto *destroyer = new PreviewDestroyer(m_client.data(), this);
    connect(destroyer, &PreviewDestroyer::progress, this, [this, name](const QString &message) { Q_EMIT progress(name, message); });
    connect(destroyer, &PreviewDestroyer::finished, this, [destroyer, promise](bool ok, const QString &message) {
        promise->addResult(ActionResult{ok, message});
        promise->finish();
        destroyer->deleteLater();
    });
    destroyer->destroy(name);
    return future;
}

} // namespace pd::core
