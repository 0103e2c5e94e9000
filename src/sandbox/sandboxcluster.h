#pragma once

#include <chrono>

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <optional>

#include "sandbox/rbacauthorizer.h"

namespace pd::sandbox {

class ApiServer;
class FaultInjector;
class HttpServer;
class ObjectStore;

struct SandboxOptions
{
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 0;                 // 0: any free port
    // HTTPS with a CA made at start-up. Without TLS, kubectl (client-go) sends NO
    // credentials, so requests without an Authorization header run as the admin (like
    // kube-apiserver's old insecure port): the viewer context only means something
    // to kubectl over TLS. Clients that do send a bearer token over HTTP get its user.
    bool tls = false;
    bool controllers = true;          // simulated controllers (deployments -> pods, namespaces, cronjobs ...)
    std::chrono::milliseconds podReadyDelay{1500};  // how long a simulated pod takes to turn Ready
    std::chrono::milliseconds jobRunDuration{2000}; // how long a Job of no CronJob (a seed Job) runs
    // A simulated ingress controller on loopback (loopbackingress.h): -1 off, 0 any free
    // port. With it the demo's hosts are *.localhost names, whose URLs open in a browser.
    int ingressPort = -1;
    std::chrono::milliseconds snapshotReadyDelay{2000}; // how long a VolumeSnapshot of a claim takes to turn ready
    std::chrono::milliseconds gitOpsResyncInterval{10000}; // how often the simulated Argo CD and Flux look at Git unasked
    bool authorization = true;        // RBAC on; off: every authenticated user may do anything
    int scale = 0;                    // seed N preview environments (benchmarks)
    bool demo = false;                // seed the demo environments
    QStringList loadFiles;            // YAML/JSON manifests imported at start (a file where
                                      // nothing could be created fails start(); partial errors are logged)
};

// The embedded cluster as one object: HTTP(S) server + API server + store +
// users and tokens + optional controllers and seeds. Used by the app's demo
// mode, `previewctl sandbox`, the tests and the benchmarks.
//
// Users: "admin" (group system:masters, context sandbox-admin) and "viewer"
// (bound cluster-wide to the built-in `view` ClusterRole, context
// sandbox-viewer), each with its own random 256-bit bearer token.
class SandboxCluster final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SandboxCluster)
public:
    explicit SandboxCluster(QObject *parent = nullptr);
    ~SandboxCluster() override;

    // Listens and seeds; false with *error set on failure. Call once.
    bool start(const SandboxOptions &options, QString *error = nullptr);
    void stop();
    bool isRunning() const;
    const SandboxOptions &options() const;

    // https://127.0.0.1:PORT or http://127.0.0.1:PORT ([::1] for IPv6).
    QUrl url() const;
    // The simulated ingress controller's port on the same address (SandboxOptions::ingressPort); 0 when off.
    quint16 ingressPort() const;
    // PEM of the CA that signed the server certificate; empty without TLS.
    QByteArray caPem() const;

    QString adminToken() const;
    QString viewerToken() const;
    // Mints (or returns the existing) token of a ServiceAccount identity:
    // user system:serviceaccount:NS:NAME, groups system:serviceaccounts,
    // system:serviceaccounts:NS, system:authenticated. The ServiceAccount object
    // itself need not exist (as with a projected token, RBAC decides what it may do).
    QString serviceAccountToken(const QString &namespaceName, const QString &name);
    // Any further identity (tests: a user with given groups). system:authenticated is added.
    QString mintToken(const QString &userName, const QStringList &groups);
    // Who a bearer token belongs to (nullopt: unknown token).
    std::optional<UserInfo> userForToken(const QString &token) const;

    // kubeconfig with clusters/users/contexts sandbox-admin and sandbox-viewer
    // (current-context: sandbox-admin); certificate-authority-data when TLS.
    QByteArray kubeconfigYaml() const;
    // Same, for one ServiceAccount token (context "sandbox-sa", namespace NS).
    QByteArray kubeconfigYamlForToken(const QString &token, const QString &namespaceName = {}) const;
    bool writeKubeconfig(const QString &path, QString *error = nullptr) const;

    // Imports a YAML (multi-document) or JSON export (objectimport.h: server fields are
    // replaced, status kept). false with *error listing every object that failed.
    bool loadFile(const QString &path, QString *error = nullptr);

    ObjectStore *store() const;
    ApiServer *api() const;
    FaultInjector *faults() const;
    HttpServer *httpServer() const;

Q_SIGNALS:
    void started(const QUrl &url);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace pd::sandbox
