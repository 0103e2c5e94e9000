#pragma once
// The real kubectl run against a sandbox served from this process's event loop: the
// process is waited for with a signal spy, never a blocking wait, so the server answers.
#include <QProcess>
#include <QSignalSpy>
#include <QString>
#include <QStringList>

namespace pd::test {

struct KubectlResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

inline KubectlResult runKubectl(const QString &kubectl, const QString &kubeconfig, const QString &cacheDir,
                                const QStringList &args, const QByteArray &stdinData = {})
{
    QProcess p;
    p.setProgram(kubectl);
    p.setArguments(QStringList{QStringLiteral("--kubeconfig"), kubeconfig, QStringLiteral("--cache-dir"), cacheDir} + args);
    p.start();
    if (!stdinData.isEmpty())
        p.write(stdinData);
    p.closeWriteChannel();
    QSignalSpy finished(&p, &QProcess::finished);
    if (p.state() != QProcess::NotRunning && !finished.wait(60000))
        return {-1, {}, QStringLiteral("kubectl timed out")};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

} // namespace pd::test
