#include "bench_soak_support.h"

#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "kube/apiclient.h"
#include "sandbox/faultinjector.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>

#include <malloc.h>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace pd::bench {

const char *faultName(Fault fault)
{
    switch (fault) {
    case Fault::DroppedWatches: return "dropped-watches";
    case Fault::Gone: return "410-gone";
    case Fault::TooManyRequests: return "429-storm";
    case Fault::ServerErrors: return "5xx";
    case Fault::Latency: return "latency";
    case Fault::Count: break;
    }
    return "?";
}

void inject(pd::sandbox::FaultInjector *faults, Fault fault)
{
    switch (fault) {
    case Fault::DroppedWatches: faults->dropWatches(); break;
    case Fault::Gone: faults->forceExpired(); break;
    case Fault::TooManyRequests: faults->setTooManyRequests(0.6, 1); break;
    case Fault::ServerErrors:
        faults->setErrorRate(u"*"_s, 0.3, 503);
        faults->dropWatches(); // the watches must come back through the errors
        break;
    case Fault::Latency: faults->setLatency(400ms); break;
    case Fault::Count: break;
    }
}

bool lasts(Fault fault)
{
    return fault == Fault::TooManyRequests || fault == Fault::ServerErrors || fault == Fault::Latency;
}

void spin(std::chrono::milliseconds duration)
{
    QEventLoop loop;
    QTimer::singleShot(duration, &loop, &QEventLoop::quit);
    loop.exec();
}

qint64 currentRssKb()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

qint64 heapInUseKb()
{
    const struct mallinfo2 info = mallinfo2();
    return qint64((info.uordblks + info.hblkhd) / 1024);
}

namespace {
// "Deployment/web 3/3 gen-ok, ..." for a difference report: which side holds what.
QString workloadsText(const pd::core::Environment &environment)
{
    QStringList parts;
    for (const pd::core::WorkloadInfo &w : environment.workloads)
        parts << u"%1/%2 %3/%4 %5"_s.arg(w.kind, w.name).arg(w.ready).arg(w.desired).arg(w.message);
    return parts.join(u", "_s);
}

// Empty when both models hold the same rows; else the first difference, for the report.
QString difference(const pd::core::EnvironmentModel &a, const pd::core::EnvironmentModel &b)
{
    if (a.rowCount() != b.rowCount())
        return u"%1 rows, a fresh list has %2"_s.arg(a.rowCount()).arg(b.rowCount());
    for (int row = 0; row < a.rowCount(); ++row) {
        const pd::core::Environment &environment = a.environment(row);
        const auto other = b.find(environment.name);
        if (!other)
            return u"%1 is not in a fresh list"_s.arg(environment.name);
        if (*other == environment)
            continue;
        QStringList fields;
        if (other->state != environment.state || other->stateReason != environment.stateReason)
            fields << u"state (%1 vs %2)"_s.arg(environment.stateReason, other->stateReason);
        if (other->workloads != environment.workloads)
            fields << u"workloads (%1 vs %2)"_s.arg(workloadsText(environment), workloadsText(*other));
        if (other->labels != environment.labels || other->annotations != environment.annotations)
            fields << u"labels/annotations"_s;
        if (other->quotas != environment.quotas)
            fields << u"quotas"_s;
        if (other->ingressUrls != environment.ingressUrls || other->url != environment.url)
            fields << u"urls"_s;
        if (fields.isEmpty())
            fields << u"other fields"_s;
        return u"%1 differs in %2"_s.arg(environment.name, fields.join(u", "_s));
    }
    return {};
}
} // namespace

qint64 timeToConsistency(const pd::kube::ClusterEndpoint &endpoint, const pd::core::EnvironmentModel &model,
                         std::chrono::milliseconds timeout, QString *why)
{
    QElapsedTimer clock;
    clock.start();
    pd::kube::ApiClient client(endpoint);
    pd::core::EnvironmentModel fresh;
    pd::core::EnvironmentWatcher watcher(&client, &fresh);
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(50ms);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (watcher.isSynced() && difference(model, fresh).isEmpty())
            loop.quit();
    });
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    watcher.start();
    poll.start();
    loop.exec();
    QString differs = watcher.isSynced() ? difference(model, fresh) : u"a fresh watcher did not sync"_s;
    const bool consistent = differs.isEmpty();
    if (!consistent) {
        // Which side is stale: the server's own words on the first differing row's workloads.
        const QString ns = differs.section(u' ', 0, 0);
        pd::kube::ApiResult listed;
        QEventLoop wait;
        client.list(pd::kube::ResourceRef{u"apps"_s, u"v1"_s, u"deployments"_s, ns, {}, {}})
                .then(&wait, [&](const pd::kube::ApiResult &r) { listed = r; wait.quit(); });
        QTimer::singleShot(10s, &wait, &QEventLoop::quit);
        wait.exec();
        QStringList server;
        for (const QJsonValue &item : listed.items()) {
            const QJsonObject o = item.toObject();
            server << u"%1 %2/%3 rv %4"_s.arg(o.value(u"metadata"_s)[u"name"_s].toString())
                              .arg(o.value(u"status"_s)[u"readyReplicas"_s].toInt())
                              .arg(o.value(u"spec"_s)[u"replicas"_s].toInt())
                              .arg(o.value(u"metadata"_s)[u"resourceVersion"_s].toString());
        }
        differs += u"; the server lists: "_s + server.join(u", "_s);
    }
    if (why)
        *why = differs;
    watcher.stop();
    return consistent ? clock.elapsed() : -1;
}

ClusterChanger::ClusterChanger(const pd::kube::ClusterEndpoint &endpoint, quint32 seed, QObject *parent)
    : QObject(parent)
    , m_client(std::make_unique<pd::kube::ApiClient>(endpoint))
    , m_random(seed ^ 0x5eedu)
{
    m_timer.setInterval(50ms);
    connect(&m_timer, &QTimer::timeout, this, &ClusterChanger::change);
}

ClusterChanger::~ClusterChanger() = default;

void ClusterChanger::start()
{
    const pd::kube::ResourceRef all{u"apps"_s, u"v1"_s, u"deployments"_s, {}, {}, {}};
    m_client->list(all).then(this, [this](const pd::kube::ApiResult &result) {
        const QJsonArray items = result.items();
        for (const QJsonValue &item : items) {
            const QJsonObject meta = item.toObject().value(u"metadata"_s).toObject();
            m_deployments.append({meta.value(u"namespace"_s).toString(), meta.value(u"name"_s).toString()});
        }
        m_timer.start();
    });
}

void ClusterChanger::change()
{
    if (m_deployments.isEmpty())
        return;
    const int step = m_next++;
    QFuture<pd::kube::ApiResult> reply;
    if (step % 40 == 0) {
        // A new preview, later deleted again.
        const QString name = u"soak-pr-%1"_s.arg(step);
        const QJsonObject ns{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s},
                             {u"metadata"_s, QJsonObject{{u"name"_s, name},
                                                         {u"labels"_s, QJsonObject{{u"previewdesk.io/role"_s, u"preview"_s},
                                                                                   {u"app.kubernetes.io/managed-by"_s, u"previewdesk"_s}}}}}};
        m_created.append(name);
        reply = m_client->create(pd::kube::ResourceRef{{}, u"v1"_s, u"namespaces"_s, {}, {}, {}}, ns);
    } else if (step % 40 == 20 && !m_created.isEmpty()) {
        reply = m_client->remove(pd::kube::ResourceRef{{}, u"v1"_s, u"namespaces"_s, {}, m_created.takeFirst(), {}});
    } else if (step % 5 == 0) {
        const Deployment &d = m_deployments.at(m_random.bounded(int(m_deployments.size())));
        const QByteArray body = R"({"metadata":{"labels":{"previewdesk.io/owner":"dev-)"
                + QByteArray::number(m_random.bounded(40)) + "\"}}}";
        reply = m_client->patch(pd::kube::ResourceRef{{}, u"v1"_s, u"namespaces"_s, {}, d.namespaceName, {}},
                                pd::kube::PatchType::Merge, body);
    } else {
        const Deployment &d = m_deployments.at(m_random.bounded(int(m_deployments.size())));
        const QByteArray body = R"({"spec":{"replicas":)" + QByteArray::number(1 + m_random.bounded(3)) + "}}";
        reply = m_client->patch(pd::kube::ResourceRef{u"apps"_s, u"v1"_s, u"deployments"_s, d.namespaceName, d.name, {}},
                                pd::kube::PatchType::Merge, body);
    }
    ++m_sent;
    reply.then(this, [this](const pd::kube::ApiResult &result) {
        if (!result.ok())
            ++m_failed;
    });
}

} // namespace pd::bench
