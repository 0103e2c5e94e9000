#pragma once

#include <QString>
#include <QStringList>

namespace pd::test {

// Directory of the exported environments (../shared/fixtures).
QString fixturesDir();
// Full path of one fixture file; fails the running test if it is missing.
QString fixturePath(const QString &fileName);
// The repository's own source tree.
QString sourceDir();
// Every exported environment the clone-safety tests run on, as full paths: the
// shared ones (staging-shop.yaml, real/*.yaml, applications as their authors
// publish them) and the repository's tests/fixtures/*.yaml.
QStringList environmentFixtures();
// The build tree (to find previewctl and other built executables).
QString buildDir();
// Path of a built executable such as "previewctl".
QString builtExecutable(const QString &name);

} // namespace pd::test
