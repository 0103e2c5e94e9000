#include "localgitrepository.h"

#include <QDir>
#include <QProcess>
#include <QUrl>

using namespace Qt::Literals::StringLiterals;

namespace pd::sandbox::controllers {

namespace {
constexpr int kGitTimeoutMs = 15000;
}

LocalGitRepository::LocalGitRepository(const QString &url, const QString &git)
    : m_git(git.isEmpty() ? u"git"_s : git)
{
    const QUrl parsed(url);
    if (parsed.isLocalFile())
        m_dir = parsed.toLocalFile();
    else if (parsed.scheme().isEmpty() && QDir::isAbsolutePath(url))
        m_dir = url;
    else
        m_error = u"repository %1 is not a local file:// repository (the sandbox reads no network)"_s.arg(url);
}

QString LocalGitRepository::normalizedPath(const QString &path)
{
    QString p = QDir::cleanPath(path.trimmed());
    while (p.startsWith(u"./"_s))
        p = p.mid(2);
    if (p == u"."_s || p == u"/"_s)
        return {};
    if (p.startsWith(u'/'))
        p = p.mid(1);
    return p;
}

std::optional<QByteArray> LocalGitRepository::run(const QStringList &arguments)
{
    if (m_dir.isEmpty())
        return std::nullopt;
    QProcess git;
    git.setProgram(m_git);
    git.setArguments(QStringList{u"--git-dir"_s, m_dir} + arguments);
    git.start();
    if (!git.waitForStarted(kGitTimeoutMs)) {
        m_error = u"cannot run %1: %2"_s.arg(m_git, git.errorString());
        return std::nullopt;
    }
    git.closeWriteChannel();
    if (!git.waitForFinished(kGitTimeoutMs)) {
        git.kill();
        git.waitForFinished(1000);
        m_error = u"git %1 timed out"_s.arg(arguments.value(0));
        return std::nullopt;
    }
    if (git.exitStatus() != QProcess::NormalExit || git.exitCode() != 0) {
        m_error = QString::fromUtf8(git.readAllStandardError()).trimmed();
        if (m_error.isEmpty())
            m_error = u"git %1 failed with exit code %2"_s.arg(arguments.value(0)).arg(git.exitCode());
        return std::nullopt;
    }
    return git.readAllStandardOutput();
}

std::optional<QString> LocalGitRepository::resolve(const QString &revision)
{
    const QString rev = revision.isEmpty() ? u"HEAD"_s : revision;
    const auto out = run({u"rev-parse"_s, u"--verify"_s, u"--quiet"_s, QString(rev + u"^{commit}"_s)});
    if (!out) {
        if (m_error.isEmpty() || m_error.startsWith(u"git rev-parse failed"_s))
            m_error = u"unable to resolve '%1' to a commit SHA"_s.arg(rev);
        return std::nullopt;
    }
    return QString::fromLatin1(*out).trimmed();
}

std::optional<QStringList> LocalGitRepository::listFiles(const QString &commit, const QString &path, bool recursive)
{
    const QString p = normalizedPath(path);
    QStringList args{u"ls-tree"_s, u"--name-only"_s};
    if (recursive)
        args.append(u"-r"_s);
    args.append(commit);
    if (!p.isEmpty())
        args << u"--"_s << QString(p + u'/');
    const auto out = run(args);
    if (!out)
        return std::nullopt;
    QStringList files;
    for (const QByteArray &line : out->split('\n')) {
        if (!line.isEmpty())
            files.append(QString::fromUtf8(line));
    }
    if (files.isEmpty() && !p.isEmpty()) {
        m_error = u"%1: app path does not exist"_s.arg(p);
        return std::nullopt;
    }
    return files;
}

std::optional<QByteArray> LocalGitRepository::readFile(const QString &commit, const QString &file)
{
    return run({u"show"_s, QString(commit + u':' + file)});
}

} // namespace pd::sandbox::controllers
