#pragma once

#include <QString>

namespace pd::test {

// Directory of the exported environments (../shared/fixtures).
QString fixturesDir();
// Full path of one fixture file; fails the running test if it is missing.
QString fixturePath(const QString &fileName);
// The build tree (to find previewctl and other built executables).
QString buildDir();
// Path of a built executable such as "previewctl".
QString builtExecutable(const QString &name);

} // namespace pd::test
