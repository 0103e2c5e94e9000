#pragma once

// Runs the built previewctl while this process keeps its event loop going (the sandbox and the
// forge double answer from here), and keeps what it said.
#include "testpaths.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QString>
#include <QStringList>

namespace pd::test {

struct PreviewctlRun
{
    int exitCode = -1;   // -1: crashed or did not finish in time
    QString out;
    QString err;
    QByteArray describe() const
    {
        return "exit " + QByteArray::number(exitCode) + "\nstdout:\n" + out.toUtf8() + "\nstderr:\n" + err.toUtf8();
    }
};

inline PreviewctlRun runPreviewctl(const QStringList &arguments,
                                   const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment(),
                                   int timeoutMs = 120000)
{
    QProcess process;
    process.setProgram(builtExecutable(QStringLiteral("previewctl")));
    process.setArguments(arguments);
    process.setProcessEnvironment(environment);
    QSignalSpy finished(&process, &QProcess::finished);
    process.start();
    PreviewctlRun run;
    if (!finished.wait(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

} // namespace pd::test
