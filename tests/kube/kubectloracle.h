#pragma once
// The real kubectl as an oracle for patch semantics: `kubectl patch --local` applies a
// patch to a file with the compiled-in k8s.io/api types, no cluster involved.

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>

#include <optional>

namespace pd::kube::testutil {

inline QString kubectlPath()
{
    return QStandardPaths::findExecutable(QStringLiteral("kubectl"));
}

// Applies `patch` (type strategic|merge|json) to `object`; nullopt when kubectl refuses
// (its stderr goes to *errorOutput).
inline std::optional<QJsonValue> kubectlPatch(const QJsonObject &object, const QByteArray &patch,
                                              const QString &type, QString *errorOutput = nullptr)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("object.json"));
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly))
        return std::nullopt;
    out.write(QJsonDocument(object).toJson());
    out.close();
    // An empty kubeconfig keeps the developer's real one out of the test.
    QFile config(dir.filePath(QStringLiteral("kubeconfig")));
    if (!config.open(QIODevice::WriteOnly))
        return std::nullopt;
    config.close();
    QProcess kubectl;
    kubectl.start(kubectlPath(), {QStringLiteral("patch"), QStringLiteral("--local"), QStringLiteral("-f"), file,
                                  QStringLiteral("--type"), type, QStringLiteral("-p"), QString::fromUtf8(patch),
                                  QStringLiteral("-o"), QStringLiteral("json"), QStringLiteral("--kubeconfig"),
                                  config.fileName()});
    if (!kubectl.waitForFinished(30000) || kubectl.exitCode() != 0) {
        if (errorOutput)
            *errorOutput = QString::fromUtf8(kubectl.readAllStandardError());
        return std::nullopt;
    }
    return QJsonDocument::fromJson(kubectl.readAllStandardOutput()).object();
}

} // namespace pd::kube::testutil
