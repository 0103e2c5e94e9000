#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace pd::sandbox::controllers {

// A Git repository on this machine (a bare repository behind a file:// URL), read with
// the real `git` binary as the GitOps engines' repo servers do: resolve a revision,
// list the files under a path, read one file. Each call runs one short git process and
// waits for it (a local object database answers in milliseconds); errors carry git's
// own words. No network: anything but a file:// URL (or a plain path) is refused.
class LocalGitRepository final
{
public:
    // url: "file:///srv/git/previews.git" or a path. git: the binary ("git" from the PATH when empty).
    explicit LocalGitRepository(const QString &url, const QString &git = {});

    bool isLocal() const { return !m_dir.isEmpty(); }
    QString directory() const { return m_dir; }
    QString lastError() const { return m_error; }

    // The commit a branch, tag, sha or "HEAD" names (empty revision: HEAD); nullopt with lastError().
    std::optional<QString> resolve(const QString &revision);
    // Files of `commit` under `path` ("" or "." for the root), relative to the repository
    // root; only the directory itself unless `recursive`. nullopt when the path is no
    // directory of that commit (lastError() says so) or git failed.
    std::optional<QStringList> listFiles(const QString &commit, const QString &path, bool recursive);
    std::optional<QByteArray> readFile(const QString &commit, const QString &file);

    // "previews/pr-1" from "./previews/pr-1/" ("" for the root).
    static QString normalizedPath(const QString &path);

private:
    std::optional<QByteArray> run(const QStringList &arguments);

    QString m_git;
    QString m_dir;
    QString m_error;
};

} // namespace pd::sandbox::controllers
