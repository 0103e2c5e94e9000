#include "costsampler.h"


#include "kube/bindto.h"
#include "core/contract.h"

#include "podmetricssamples.h"

#include "kube/apiclient.h"
#include "kube/listprojected.h"

#include <QDateTime>
#include <QPromise>
#include <QThreadPool>

#include <array>
#include <memory>

using namespace Qt::StringLiterals;
using pd::kube::ApiRequest;
using pd::kube::ApiResult;
using pd::kube::ResourceRef;

namespace pd::core {

namespace {

enum Part { Pods, Metrics, Claims, Snapshots, Namespaces, PartCount };

ResourceRef refFor(Part part, const QString &ns)
{
    switch (part) {
    case Pods: return ResourceRef{{}, u"v1"_s, u"pods"_s, ns, {}, {}};
    case Metrics: return ResourceRef{u"metrics.k8s.io"_s, u"v1beta1"_s, u"pods"_s, ns, {}, {}};
    case Claims: return ResourceRef{{}, u"v1"_s, u"persistentvolumeclaims"_s, ns, {}, {}};
    case Snapshots: return ResourceRef{u"snapshot.storage.k8s.io"_s, u"v1"_s, u"volumesnapshots"_s, ns, {}, {}};
    case Namespaces:
    case PartCount: break;
    }
    return ResourceRef{{}, u"v1"_s, u"namespaces"_s, {}, {}, {}};
}

QString resourceName(Part part)
{
    switch (part) {
    case Pods: return u"pods"_s;
    case Metrics: return u"pods.metrics.k8s.io"_s;
    case Claims: return u"persistentvolumeclaims"_s;
    case Snapshots: return u"volumesnapshots.snapshot.storage.k8s.io"_s;
    case Namespaces:
    case PartCount: break;
    }
    return u"namespaces"_s;
}

// What went wrong, in words that say what to do about it.
QString describe(Part part, const QString &ns, const ApiResult &r)
{
    const QString where = part == Namespaces ? u"cluster-wide"_s
        : ns.isEmpty()                       ? u"in all namespaces"_s
                                             : u"in namespace %1"_s.arg(ns);
    if (r.httpCode == 403)
        return u"not allowed to list %1 %2: the account needs the \"list\" permission on %1 (%3)"_s.arg(
            resourceName(part), where, r.message());
    if (part == Metrics && (r.httpCode == 404 || r.httpCode == 503))
        return r.httpCode == 404
            ? u"metrics.k8s.io is not served by this cluster: install metrics-server to measure usage (%1)"_s.arg(r.message())
            : u"metrics-server is not answering (metrics.k8s.io: %1); is it running?"_s.arg(r.message());
    return u"cannot list %1 %2: %3"_s.arg(resourceName(part), where, r.message());
}

struct SampleState
{
    QPromise<CostSnapshot> promise;
    std::array<ApiResult, PartCount> results;
    int pending = PartCount;
    QString namespaceName;
    qint64 timestampMs = 0;

    // In the client's thread, as each list arrives; the last one hands the decoding to the
    // global pool (150,000 pods take seconds to turn into samples).
    static void store(const std::shared_ptr<SampleState> &state, int part, const ApiResult &result)
    {
        state->results[size_t(part)] = result;
        if (--state->pending == 0)
            QThreadPool::globalInstance()->start([state] { state->finish(); });
    }

    void finish()
    {
        CostSnapshot snapshot;
        snapshot.timestampMs = timestampMs;
        for (Part part : {Pods, Metrics}) {
            if (!results[part].ok()) {
                snapshot.error = describe(part, namespaceName, results[part]);
                promise.addResult(snapshot);
                promise.finish();
                return;
            }
        }
        for (Part part : {Claims, Snapshots, Namespaces}) {
            // A cluster without the CSI snapshotter's CRDs has no snapshots to price.
            if (results[part].ok() || (part == Snapshots && results[part].httpCode == 404))
                continue;
            snapshot.warnings.append(describe(part, namespaceName, results[part])
                                     + (part == Claims       ? u"; storage is not priced"_s
                                        : part == Snapshots ? u"; snapshot storage is not priced"_s
                                                            : u"; no owner labels"_s));
        }
        snapshot.samples = samplesFromPodMetrics(results[Pods].items(), results[Metrics].items(), timestampMs);
        snapshot.pvcs = pvcsFromClaims(results[Claims].items(), timestampMs, timestampMs)
                + storageFromVolumeSnapshots(results[Snapshots].items(), timestampMs, timestampMs);
        const QJsonArray namespaces = results[Namespaces].items();
        snapshot.ownerByNamespace = namespaceLabel(namespaces, QString(contract::OwnerLabel));
        snapshot.environmentByNamespace = namespaceLabel(namespaces, QString(contract::EnvironmentLabel));
        snapshot.roleByNamespace = namespaceLabel(namespaces, QString(contract::RoleLabel));
        snapshot.ok = true;
        results = {};   // the decoded lists go now, not with the last reference to the state
        promise.addResult(snapshot);
        promise.finish();
    }
};

} // namespace

QFuture<CostSnapshot> CostSampler::sample() const
{
    auto state = std::make_shared<SampleState>();
    state->namespaceName = m_namespace;
    state->timestampMs = QDateTime::currentMSecsSinceEpoch();
    state->promise.start();
    QFuture<CostSnapshot> future = state->promise.future();
    for (int part = 0; part < PartCount; ++part) {
        // Bound to the client: its answers fill the sample, a client gone counts as cancelled.
        // Pods and namespaces reduced to what the snapshot reads as each page arrives.
        pd::kube::ItemProjection projection;
        if (part == Pods)
            projection = podForCostSample;
        else if (part == Namespaces)
            projection = namespaceForCostSample;
        pd::bindTo(m_client, pd::kube::listAllProjected(m_client, ApiRequest::list(refFor(Part(part), m_namespace)), projection),
                   [state, part](const ApiResult &result) { SampleState::store(state, part, result); })
            .onCanceled([state, part] {
                SampleState::store(state, part, ApiResult::fromLocalError(u"the request was cancelled"_s));
            });
    }
    return future;
}

} // namespace pd::core
