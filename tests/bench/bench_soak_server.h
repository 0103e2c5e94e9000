#pragma once
// The sandbox of bench_soak runs in a child process (bench_soak --serve), so the soak's
// own memory is the watcher's and the model's alone. The child prints
// "ready <URL> <TOKEN>" and then takes one fault per line on stdin.

#include "bench_soak_support.h"

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace pd::bench {

// The child's main: serves a sandbox of `namespaces` previews (and with `demo` the shop's
// staging source) until stdin closes; writes a kubeconfig for it to `kubeconfigOut`.
int serveSandbox(int namespaces, quint32 seed, bool demo, const QString &kubeconfigOut);

class SoakServer final
{
public:
    SoakServer() = default;
    ~SoakServer();
    Q_DISABLE_COPY_MOVE(SoakServer)

    bool start(const QString &program, int namespaces, quint32 seed, QString *error);
    pd::kube::ClusterEndpoint endpoint() const { return m_endpoint; }
    QString kubeconfigPath() const { return m_dir.filePath(QStringLiteral("sandbox.kubeconfig")); }
    void inject(Fault fault);
    void reset();
    // Empty while the child serves; else how it ended ("crashed", "exited with code 1").
    QString exitDescription() const;

private:
    void send(const QByteArray &line);

    QTemporaryDir m_dir;
    QProcess m_process;
    pd::kube::ClusterEndpoint m_endpoint;
};

} // namespace pd::bench
