#pragma once

#include "clusterendpoint.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace pd::kube {

// A kubeconfig as kubectl reads it: one file given explicitly (--kubeconfig), or
// every file listed in KUBECONFIG merged (the first file to set a cluster, user or
// context name wins; current-context comes from the first file that sets it), or
// ~/.kube/config. Files are parsed and type-checked when loaded; a context is
// resolved into a ClusterEndpoint (files read, base64 decoded) only when asked for,
// so one broken context does not hide the others. Errors read "FILE:LINE: what".
// An immutable value; copies share their data.
class KubeConfig final
{
public:
    KubeConfig();   // empty: no contexts

    // kubectl's precedence. `explicitPath` (--kubeconfig) alone when non-empty
    // (it must exist); else the ':'-separated KUBECONFIG files (missing ones
    // skipped, duplicates dropped); else `homeDir`/.kube/config. No file found,
    // or a malformed one: std::nullopt with `error` saying which and why.
    static std::optional<KubeConfig> load(const QString &explicitPath, const QProcessEnvironment &environment,
                                          const QString &homeDir, QString *error);
    // The files load() would consider, in precedence order (existing or not).
    static QStringList candidateFiles(const QString &explicitPath, const QProcessEnvironment &environment,
                                      const QString &homeDir);
    // Merges existing files in precedence order (missing files are an error here).
    static std::optional<KubeConfig> loadFiles(const QStringList &files, QString *error);
    // One document held in memory; `sourceName` stands for its file in messages and
    // relative paths resolve against its directory.
    static std::optional<KubeConfig> parse(const QByteArray &yaml, const QString &sourceName, QString *error);

    QStringList files() const;              // the files merged, first wins
    QStringList contextNames() const;       // sorted
    bool hasContext(const QString &name) const;
    QString currentContext() const;         // empty when no file sets one
    QString contextNamespace(const QString &contextName) const;   // "default" when unset
    QString contextCluster(const QString &contextName) const;
    QString contextUser(const QString &contextName) const;

    // Resolves a context (the current one when `contextName` is empty): server,
    // TLS material (relative paths against the file that named them, -data fields
    // decoded), credentials and exec plugin. std::nullopt with `error` when the
    // context, its cluster or user is missing, a referenced file cannot be read, ...
    std::optional<ClusterEndpoint> endpoint(const QString &contextName, QString *error) const;

    // Things the user should see, e.g. a context whose cluster turns off TLS
    // verification with insecure-skip-tls-verify.
    QStringList warnings() const;
    QStringList warnings(const QString &contextName) const;

    struct Data;

private:
    std::shared_ptr<const Data> d;
};

} // namespace pd::kube
