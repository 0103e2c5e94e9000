#include "testpaths.h"

#include <QDir>
#include <QFileInfo>
#include <QProcessEnvironment>

namespace pd::test {

QString fixturesDir()
{
    // ctest sets the variable; a test binary started by hand falls back to the configured path.
    return QProcessEnvironment::systemEnvironment().value(QStringLiteral("PREVIEWDESK_FIXTURES"),
                                                          QStringLiteral(PREVIEWDESK_DEFAULT_FIXTURES_DIR));
}

QString fixturePath(const QString &fileName)
{
    return QDir(fixturesDir()).filePath(fileName);
}

QString sourceDir()
{
    return QProcessEnvironment::systemEnvironment().value(QStringLiteral("PREVIEWDESK_SOURCE_DIR"),
                                                          QStringLiteral(PREVIEWDESK_DEFAULT_SOURCE_DIR));
}

QStringList environmentFixtures()
{
    QStringList files{fixturePath(QStringLiteral("staging-shop.yaml"))};
    for (const QString &dir : {QDir(fixturesDir()).filePath(QStringLiteral("real")), QDir(sourceDir()).filePath(QStringLiteral("tests/fixtures"))})
        for (const QFileInfo &file : QDir(dir).entryInfoList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name))
            files << file.absoluteFilePath();
    return files;
}

QString buildDir()
{
    return QProcessEnvironment::systemEnvironment().value(QStringLiteral("PREVIEWDESK_BUILD_DIR"),
                                                          QStringLiteral(PREVIEWDESK_DEFAULT_BUILD_DIR));
}

QString builtExecutable(const QString &name)
{
    for (const QString &sub : {QStringLiteral("src/cli"), QStringLiteral("src/app")}) {
        const QString candidate = QDir(buildDir()).filePath(sub + QLatin1Char('/') + name);
        if (QFileInfo(candidate).isExecutable())
            return candidate;
    }
    return {};
}

} // namespace pd::test
