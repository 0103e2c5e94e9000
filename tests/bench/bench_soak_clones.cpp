#include "bench_soak_clones.h"

#include "bench_soak_server.h"

#include "kube/apiclient.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QFutureWatcher>
#include <QProcess>
#include <QRandomGenerator>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace pd::bench {

namespace {

pd::kube::ApiResult getNamespace(pd::kube::ApiClient &client, const QString &name)
{
    QFutureWatcher<pd::kube::ApiResult> watcher;
    QEventLoop loop;
    QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
    watcher.setFuture(client.get(pd::kube::ResourceRef{{}, u"v1"_s, u"namespaces"_s, {}, name, {}}));
    if (!watcher.isFinished())
        loop.exec();
    return watcher.result();
}

// A rolled-back namespace may take a moment to finish terminating.
bool goneWithin(pd::kube::ApiClient &client, const QString &name, std::chrono::milliseconds timeout)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeout.count()) {
        if (getNamespace(client, name).httpCode == 404)
            return true;
        spin(200ms);
    }
    return false;
}

} // namespace

CloneSoakResult soakClones(const QString &previewctl, SoakServer &server, int clones, quint32 seed)
{
    CloneSoakResult result;
    QRandomGenerator random(seed ^ 0xc10e5u);
    pd::kube::ApiClient client(server.endpoint());
    for (int i = 0; i < clones; ++i) {
        const QString name = u"soak-clone-%1"_s.arg(i);
        QProcess clone;
        clone.setProcessChannelMode(QProcess::MergedChannels);
        QEventLoop loop;
        QObject::connect(&clone, &QProcess::finished, &loop, &QEventLoop::quit);
        const Fault fault = Fault(random.bounded(int(Fault::Count)));
        const int delayMs = int(random.bounded(4000));
        QTimer inject;
        inject.setSingleShot(true);
        QObject::connect(&inject, &QTimer::timeout, &loop, [&] {
            server.inject(fault);
            if (lasts(fault))
                QTimer::singleShot(2s, &loop, [&server] { server.reset(); });
        });
        QElapsedTimer clock;
        clock.start();
        clone.start(previewctl, {u"clone"_s, u"staging"_s, u"--name"_s, name, u"--secret"_s, u"mail-relay=omit"_s,
                                 u"--kubeconfig"_s, server.kubeconfigPath(), u"--timeout"_s, u"90"_s});
        inject.start(delayMs);
        QTimer::singleShot(180s, &loop, &QEventLoop::quit);
        loop.exec();
        if (clone.state() != QProcess::NotRunning) {
            clone.kill();
            clone.waitForFinished(5000);
        }
        inject.stop();
        server.reset();
        spin(100ms);
        result.worstMs = std::max(result.worstMs, clock.elapsed());

        const bool succeeded = clone.exitStatus() == QProcess::NormalExit && clone.exitCode() == 0;
        const pd::kube::ApiResult ns = getNamespace(client, name);
        const QJsonObject annotations =
            ns.object.value(u"metadata"_s).toObject().value(u"annotations"_s).toObject();
        const bool complete = ns.ok() && !annotations.contains(u"previewdesk.io/incomplete"_s);
        if (succeeded && complete) {
            ++result.completed;
        } else if (!succeeded && goneWithin(client, name, 30s)) {
            ++result.rolledBack;
        } else {
            ++result.leftBehind;
            std::printf("  clone %d (%s after %d ms): exit %d, namespace %s\n%s\n", i, faultName(fault), delayMs,
                        clone.exitCode(), ns.ok() ? "left behind" : "missing",
                        clone.readAll().right(600).constData());
        }
    }
    return result;
}

} // namespace pd::bench
