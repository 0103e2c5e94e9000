#include "sourceexporter.h"

#include "kube/bindto.h"
#include "kube/apiclient.h"
#include "kube/discovery.h"
#include "kube/logging.h"

#include <QJsonArray>
#include <QPromise>
#include <QSet>

#include <algorithm>
#include <memory>

namespace pd::core {

using pd::kube::ApiResult;

namespace {

struct ExportRun
{
    QPromise<SourceSnapshot> promise;
    SourceSnapshot snapshot;
    // Per resource in discovery order, whatever order the lists answer in: the same
    // source exports (and so plans) the same every time.
    QList<QList<QJsonObject>> listed;
    QList<QString> listedNames;
    QList<QJsonObject> boundContents;   // cluster-wide VolumeSnapshotContents of the source's snapshots
    int outstanding = 0;
    bool done = false;

    void complete()
    {
        if (done)
            return;
        done = true;
        if (snapshot.ok()) {
            for (qsizetype i = 0; i < listed.size(); ++i) {
                snapshot.resources << listedNames.at(i);
                snapshot.objects << listed.at(i);
            }
            std::sort(boundContents.begin(), boundContents.end(), [](const QJsonObject &a, const QJsonObject &b) {
                return a.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString()
                    < b.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
            });
            snapshot.objects << boundContents;
        }
        promise.addResult(snapshot);
        promise.finish();
    }
};

bool worthExporting(const pd::kube::ApiResourceInfo &info)
{
    if (!info.namespaced || !info.supports(QStringLiteral("list")))
        return false;
    if (info.name == QLatin1String("events") || info.group == QLatin1String("metrics.k8s.io"))
        return false;
    return true;
}

void registerSecretValues(const QJsonObject &secret)
{
    const QJsonObject data = secret.value(QLatin1String("data")).toObject();
    for (auto it = data.begin(); it != data.end(); ++it) {
        // A token secret's namespace and CA are public; redacting them would blank
        // every mention of the namespace in the log.
        if (it.key() == QLatin1String("namespace") || it.key() == QLatin1String("ca.crt"))
            continue;
        pd::log::registerSecretDataValue(it.value().toString());
        pd::log::registerSecretDataValue(QString::fromUtf8(QByteArray::fromBase64(it.value().toString().toLatin1())));
    }
}

// The VolumeSnapshotContents bound to the source's VolumeSnapshots: a restore in another
// namespace needs their snapshot handle. They are cluster-wide and reading them needs a
// ClusterRole many users lack, so one that cannot be read is left out (the planner then
// says why that snapshot cannot be restored) instead of failing the export.
void readBoundContents(const std::shared_ptr<ExportRun> &run, pd::kube::ApiClient *client, QObject *context)
{
    QStringList names;
    for (const QList<QJsonObject> &objects : std::as_const(run->listed))
        for (const QJsonObject &object : objects)
            if (object.value(QLatin1String("kind")).toString() == QLatin1String("VolumeSnapshot")) {
                const QString bound = object.value(QLatin1String("status")).toObject()
                                          .value(QLatin1String("boundVolumeSnapshotContentName")).toString();
                if (!bound.isEmpty() && !names.contains(bound))
                    names << bound;
            }
    if (names.isEmpty())
        return run->complete();
    run->outstanding = int(names.size());
    for (const QString &name : std::as_const(names)) {
        const pd::kube::ResourceRef ref{QStringLiteral("snapshot.storage.k8s.io"), QStringLiteral("v1"),
                                        QStringLiteral("volumesnapshotcontents"), QString(), name, {}};
        pd::bindTo(context, client->get(ref), [run](const ApiResult &content) {
            if (content.ok()) {
                QJsonObject object = content.object;
                object.insert(QStringLiteral("apiVersion"), QStringLiteral("snapshot.storage.k8s.io/v1"));
                object.insert(QStringLiteral("kind"), QStringLiteral("VolumeSnapshotContent"));
                run->boundContents << object;
            }
            if (--run->outstanding == 0)
                run->complete();
        });
    }
}

} // namespace

QFuture<SourceSnapshot> exportNamespace(pd::kube::ApiClient *client, pd::kube::Discovery *discovery,
                                        const QString &namespaceName, QObject *context)
{
    auto run = std::make_shared<ExportRun>();
    run->promise.start();
    QFuture<SourceSnapshot> future = run->promise.future();

    pd::bindTo(context, discovery->ensureLoaded(), [=](const ApiResult &loaded) {
        if (!loaded.ok()) {
            run->snapshot.error = QStringLiteral("Cannot read the cluster's API resources: ") + loaded.message();
            return run->complete();
        }
        const pd::kube::ResourceRef nsRef{QString(), QStringLiteral("v1"), QStringLiteral("namespaces"), QString(), namespaceName, {}};
        pd::bindTo(context, client->get(nsRef), [=](const ApiResult &ns) {
            if (!ns.ok()) {
                run->snapshot.error = QStringLiteral("Cannot read namespace %1: %2").arg(namespaceName, ns.message());
                return run->complete();
            }
            QJsonObject nsObject = ns.object;
            nsObject.insert(QStringLiteral("apiVersion"), QStringLiteral("v1"));
            nsObject.insert(QStringLiteral("kind"), QStringLiteral("Namespace"));
            run->snapshot.objects << nsObject;

            QSet<QString> seen;   // group/kind: the preferred version only
            QList<pd::kube::ApiResourceInfo> wanted;
            for (const pd::kube::ApiResourceInfo &info : discovery->resources()) {
                const QString key = info.group + QLatin1Char('/') + info.kind;
                if (!worthExporting(info) || seen.contains(key))
                    continue;
                seen.insert(key);
                wanted << info;
            }
            run->outstanding = int(wanted.size());
            run->listed.resize(wanted.size());
            run->listedNames.resize(wanted.size());
            if (wanted.isEmpty())
                return run->complete();
            for (qsizetype index = 0; index < wanted.size(); ++index) {
                const pd::kube::ApiResourceInfo &info = wanted.at(index);
                pd::kube::ApiRequest request = pd::kube::ApiRequest::list(info.ref(namespaceName), QString(), 500);
                pd::bindTo(context, client->listAll(request), [=](const ApiResult &list) {
                    if (run->done)
                        return;
                    const QString resource = info.group.isEmpty() ? info.name : info.name + QLatin1Char('.') + info.group;
                    if (!list.ok()) {
                        run->snapshot.error = QStringLiteral("Cannot list %1 in %2: %3").arg(resource, namespaceName, list.message());
                        return run->complete();
                    }
                    run->listedNames[index] = resource;
                    for (const QJsonValue &item : list.items()) {
                        QJsonObject object = item.toObject();
                        object.insert(QStringLiteral("apiVersion"), info.groupVersion());
                        object.insert(QStringLiteral("kind"), info.kind);
                        if (info.kind == QLatin1String("Secret"))
                            registerSecretValues(object);
                        run->listed[index] << object;
                    }
                    if (--run->outstanding == 0)
                        readBoundContents(run, client, context);
                });
            }
        });
    });
    return future;
}

} // namespace pd::core
