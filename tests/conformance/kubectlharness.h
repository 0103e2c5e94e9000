#pragma once
// Runs the real kubectl against a sandbox (header-only: every tst_*.cpp here is its own binary).
// kubectl talks to a server in this very process, so nothing here blocks the event loop:
// run() spins a QEventLoop until kubectl ends.

#include "sandbox/sandboxcluster.h"

#include "kube/yamljson.h"
#include "testpaths.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

namespace pd::test {

struct KubectlResult
{
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    bool ok() const { return finished && exitCode == 0; }
    // For QVERIFY2 messages.
    QByteArray describe() const
    {
        return "exit " + QByteArray::number(exitCode) + (finished ? "" : " (timed out)") + "\nstdout: " + out
               + "\nstderr: " + err;
    }
};

class KubectlHarness final
{
public:
    // Writes the cluster's kubeconfig into a fresh temporary directory.
    explicit KubectlHarness(pd::sandbox::SandboxCluster *cluster)
    {
        if (cluster)
            cluster->writeKubeconfig(kubeconfigPath());
    }
    // For a cluster in another process: its kubeconfig file.
    explicit KubectlHarness(const QString &kubeconfig)
        : m_kubeconfig(kubeconfig)
    {
    }

    QString kubeconfigPath() const { return m_kubeconfig.isEmpty() ? m_dir.filePath(QStringLiteral("kubeconfig")) : m_kubeconfig; }
    QString path(const QString &name) const { return m_dir.filePath(name); }

    QStringList arguments(const QStringList &args, const QString &context = {}) const
    {
        QStringList all{QStringLiteral("--kubeconfig"), kubeconfigPath(), QStringLiteral("--cache-dir"),
                        m_dir.filePath(QStringLiteral("cache")), QStringLiteral("--request-timeout=30s")};
        if (!context.isEmpty())
            all << QStringLiteral("--context") << context;
        return all + args;
    }

    std::unique_ptr<QProcess> start(const QStringList &args, const QString &context = {}) const
    {
        auto process = std::make_unique<QProcess>();
        process->setProgram(QStringLiteral("kubectl"));
        process->setArguments(arguments(args, context));
        process->start();
        return process;
    }

    KubectlResult run(const QStringList &args, const QString &context = {}, const QByteArray &input = {},
                      int timeoutMs = 60000) const
    {
        auto process = start(args, context);
        if (!input.isEmpty())
            process->write(input);
        process->closeWriteChannel();
        QEventLoop loop;
        QTimer timeout;
        timeout.setSingleShot(true);
        QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
        QObject::connect(process.get(), &QProcess::finished, &loop, &QEventLoop::quit);
        QObject::connect(process.get(), &QProcess::errorOccurred, &loop, [&loop](QProcess::ProcessError e) {
            if (e == QProcess::FailedToStart)
                loop.quit();
        });
        timeout.start(timeoutMs);
        if (process->state() != QProcess::NotRunning)
            loop.exec();
        KubectlResult result;
        result.finished = process->state() == QProcess::NotRunning && process->exitStatus() == QProcess::NormalExit;
        if (!result.finished) {
            process->kill();
            process->waitForFinished(5000);
        }
        result.exitCode = result.finished ? process->exitCode() : -1;
        result.out = process->readAllStandardOutput();
        result.err = process->readAllStandardError();
        return result;
    }

    QString writeFile(const QString &name, const QByteArray &bytes) const
    {
        QFile file(m_dir.filePath(name));
        if (file.open(QIODevice::WriteOnly))
            file.write(bytes);
        return file.fileName();
    }

    // The staging export turned into manifests a person would apply: server-populated
    // metadata, status and Service clusterIPs dropped, and the objects the cluster makes itself left out
    // (a real kube-apiserver refuses `resourceVersion` on create).
    static QList<QJsonObject> fixtureManifests(const QString &fixtureName = QStringLiteral("staging-shop.yaml"))
    {
        QFile file(fixturePath(fixtureName));
        QList<QJsonObject> documents;
        pd::kube::YamlError error;
        if (!file.open(QIODevice::ReadOnly) || !pd::kube::parseYamlDocuments(file.readAll(), fixtureName, &documents, &error))
            return {};
        QList<QJsonObject> manifests;
        for (QJsonObject object : std::as_const(documents)) {
            const QString kind = object.value(QStringLiteral("kind")).toString();
            QJsonObject metadata = object.value(QStringLiteral("metadata")).toObject();
            const QString name = metadata.value(QStringLiteral("name")).toString();
            // PVCs here are the StatefulSet's claims: its controller makes them.
            if (kind == QLatin1String("Event") || kind == QLatin1String("Pod") || kind == QLatin1String("ReplicaSet")
                || kind == QLatin1String("PersistentVolumeClaim")
                || (kind == QLatin1String("ConfigMap") && name == QLatin1String("kube-root-ca.crt"))
                || (kind == QLatin1String("ServiceAccount") && name == QLatin1String("default"))
                || object.value(QStringLiteral("type")).toString() == QLatin1String("kubernetes.io/service-account-token")
                || metadata.contains(QStringLiteral("ownerReferences")))
                continue;
            for (const char *key : {"uid", "resourceVersion", "creationTimestamp", "generation", "managedFields", "selfLink"})
                metadata.remove(QLatin1String(key));
            QJsonObject annotations = metadata.value(QStringLiteral("annotations")).toObject();
            annotations.remove(QStringLiteral("deployment.kubernetes.io/revision"));
            annotations.remove(QStringLiteral("kubectl.kubernetes.io/last-applied-configuration"));
            if (annotations.isEmpty())
                metadata.remove(QStringLiteral("annotations"));
            else
                metadata.insert(QStringLiteral("annotations"), annotations);
            object.insert(QStringLiteral("metadata"), metadata);
            object.remove(QStringLiteral("status"));
            if (kind == QLatin1String("Service")) {
                // Allocated by the exporting cluster (another service CIDR): a real server refuses them.
                QJsonObject spec = object.value(QStringLiteral("spec")).toObject();
                spec.remove(QStringLiteral("clusterIP"));
                spec.remove(QStringLiteral("clusterIPs"));
                object.insert(QStringLiteral("spec"), spec);
            }
            manifests.append(object);
        }
        return manifests;
    }

    // The manifests as one `kind: List` JSON file.
    QString writeFixtureManifests(const QString &name = QStringLiteral("staging-shop.json")) const
    {
        QJsonArray items;
        for (const QJsonObject &o : fixtureManifests())
            items.append(o);
        const QJsonObject list{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                               {QStringLiteral("kind"), QStringLiteral("List")},
                               {QStringLiteral("items"), items}};
        return writeFile(name, QJsonDocument(list).toJson());
    }

private:
    QTemporaryDir m_dir;
    QString m_kubeconfig;
};

} // namespace pd::test
