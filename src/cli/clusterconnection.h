#pragma once

#include "kube/apiclient.h"
#include "kube/discovery.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QFuture>
#include <QFutureWatcher>
#include <QString>

#include <memory>

namespace pd::cli {

// A client and discovery for the cluster named by kubectl's --kubeconfig and
// --context options (empty: KUBECONFIG or ~/.kube/config, current context).
struct ClusterConnection
{
    std::unique_ptr<pd::kube::ApiClient> client;
    std::unique_ptr<pd::kube::Discovery> discovery;

    bool open(const QString &kubeconfig, const QString &context, QString *error);
};

// Adds --kubeconfig and --context to a command's parser.
void addClusterOptions(QCommandLineParser &parser);
// Opens the connection the parsed options name.
bool openCluster(const QCommandLineParser &parser, ClusterConnection *connection, QString *error);

// A command-line tool has nothing else to do while it waits: run the event loop
// until the future has its result.
template<typename T>
T awaitResult(QFuture<T> future)
{
    if (!future.isFinished()) {
        QEventLoop loop;
        QFutureWatcher<T> watcher;
        QObject::connect(&watcher, &QFutureWatcherBase::finished, &loop, &QEventLoop::quit);
        watcher.setFuture(future);
        if (!future.isFinished())
            loop.exec();
    }
    return future.resultCount() > 0 ? future.result() : T();
}

// QCommandLineParser's help with its first line ("Usage: /path/to/previewctl ...")
// replaced by the command's own usage line.
QString commandHelp(const QCommandLineParser &parser, const QString &usageLine);

// Writes to stdout / stderr without buffering surprises.
void printOut(const QString &text);
void printErr(const QString &text);

} // namespace pd::cli
