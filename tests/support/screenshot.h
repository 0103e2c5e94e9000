#pragma once

#include "testpaths.h"

#include <QCoreApplication>
#include <QDir>
#include <QTest>
#include <QWidget>

namespace pd::test {

// Saves what `widget` shows into the build tree (for a person to look at) and names the
// file in the log. Widgets added to a shown layout appear, and nested layouts settle,
// over the next few passes of posted events: those run first. GUI tests only.
inline void saveScreenshot(QWidget *widget, const QString &fileName)
{
    for (int pass = 0; pass < 3; ++pass)
        QCoreApplication::processEvents();
    const QString path = QDir(buildDir()).filePath(fileName);
    QVERIFY2(widget->grab().save(path), qPrintable(path));
    qInfo("screenshot: %s", qPrintable(path));
}

} // namespace pd::test
