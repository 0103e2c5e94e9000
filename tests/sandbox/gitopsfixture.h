#pragma once
// What the GitOps engine tests share: a bare Git repository made with the real git in a
// temporary directory (commits pushed from a work tree beside it), the preview's
// manifests, and the project's own ApiClient against a SandboxCluster over loopback.
#include "kube/apiclient.h"
#include "sandbox/sandboxcluster.h"

#include <futurewait.h>

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <memory>

namespace pd::test {

using namespace Qt::Literals::StringLiterals;

// A bare repository (origin.git) and a work tree (work) that pushes to it.
class GitFixture
{
public:
    // Empty when git works; else why not (a test then fails with it).
    QString init(const QString &root)
    {
        m_git = QStandardPaths::findExecutable(u"git"_s);
        if (m_git.isEmpty())
            return u"git is not on the PATH: install it (packaging/install-deps-debian.sh) to run the GitOps engine tests"_s;
        m_bare = root + u"/origin.git"_s;
        m_work = root + u"/work"_s;
        QString error;
        if (!run({u"init"_s, u"--bare"_s, u"--initial-branch=main"_s, m_bare}, root, &error)
            || !run({u"init"_s, u"--initial-branch=main"_s, m_work}, root, &error)
            || !run({u"remote"_s, u"add"_s, u"origin"_s, m_bare}, m_work, &error))
            return error;
        return {};
    }

    QString url() const { return QUrl::fromLocalFile(m_bare).toString(); }

    // Writes (or, with empty content, deletes) files and commits them to main; the commit's sha or "".
    QString commit(const QMap<QString, QByteArray> &files, const QString &message, QString *error)
    {
        for (auto it = files.cbegin(); it != files.cend(); ++it) {
            const QString path = m_work + u'/' + it.key();
            if (it.value().isEmpty()) {
                QFile::remove(path);
                continue;
            }
            QDir().mkpath(QFileInfo(path).absolutePath());
            QFile f(path);
            if (!f.open(QIODevice::WriteOnly)) {
                *error = u"cannot write "_s + path;
                return {};
            }
            f.write(it.value());
        }
        const QStringList identity{u"-c"_s, u"user.name=PreviewDesk Test"_s, u"-c"_s, u"user.email=test@previewdesk.invalid"_s};
        if (!run({u"add"_s, u"-A"_s}, m_work, error) || !run(identity + QStringList{u"commit"_s, u"-q"_s, u"-m"_s, message}, m_work, error)
            || !run({u"push"_s, u"-q"_s, u"origin"_s, u"main"_s}, m_work, error))
            return {};
        QString sha;
        if (!run({u"rev-parse"_s, u"HEAD"_s}, m_work, error, &sha))
            return {};
        return sha.trimmed();
    }

private:
    bool run(const QStringList &args, const QString &dir, QString *error, QString *out = nullptr) const
    {
        QProcess p;
        p.setWorkingDirectory(dir);
        p.start(m_git, args);
        if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
            *error = u"git %1: %2"_s.arg(args.join(u' '), QString::fromUtf8(p.readAllStandardError()));
            return false;
        }
        if (out)
            *out = QString::fromUtf8(p.readAllStandardOutput());
        return true;
    }

    QString m_git;
    QString m_bare;
    QString m_work;
};

// The preview's manifests: a Deployment of `replicas`, its Service, a ConfigMap with `greeting`.
inline QMap<QString, QByteArray> previewManifests(const QString &dir, int replicas, const QByteArray &greeting)
{
    const QByteArray deployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: )" + QByteArray::number(replicas) + R"(
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: shop/web:1.4
          ports:
            - containerPort: 8080
)";
    const QByteArray service = R"(apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
)";
    const QByteArray configMap = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  GREETING: ")" + greeting + "\"\n";
    return {{dir + u"/deployment.yaml"_s, deployment}, {dir + u"/service.yaml"_s, service}, {dir + u"/configmap.yaml"_s, configMap}};
}

inline kube::ResourceRef ref(const QString &group, const QString &version, const QString &resource, const QString &ns,
                             const QString &name = {})
{
    return kube::ResourceRef{group, version, resource, ns, name, {}};
}
inline kube::ResourceRef deploymentRef(const QString &ns, const QString &name = u"web"_s)
{
    return ref(u"apps"_s, u"v1"_s, u"deployments"_s, ns, name);
}
inline kube::ResourceRef configMapRef(const QString &ns, const QString &name = u"web-config"_s)
{
    return ref({}, u"v1"_s, u"configmaps"_s, ns, name);
}

// The value at a dotted path of a GET's object ("status.sync.status"); null when the GET failed.
inline QJsonValue fieldOf(kube::ApiClient &client, const kube::ResourceRef &r, const QString &path)
{
    const kube::ApiResult result = waitFor(QFuture<kube::ApiResult>(client.get(r)));
    if (!result.ok())
        return {};
    QJsonValue v = result.object;
    for (const QString &part : path.split(u'.'))
        v = v.toObject().value(part);
    return v;
}

inline int httpCodeOf(kube::ApiClient &client, const kube::ResourceRef &r)
{
    return waitFor(QFuture<kube::ApiResult>(client.get(r))).httpCode;
}

// The named condition of status.conditions (empty object when absent).
inline QJsonObject conditionOf(kube::ApiClient &client, const kube::ResourceRef &r, const QString &type)
{
    for (const QJsonValue &c : fieldOf(client, r, u"status.conditions"_s).toArray()) {
        if (c.toObject().value(u"type"_s).toString() == type)
            return c.toObject();
    }
    return {};
}

inline QJsonObject namespaceManifest(const QString &name)
{
    return QJsonObject{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s}, {u"metadata"_s, QJsonObject{{u"name"_s, name}}}};
}

} // namespace pd::test
