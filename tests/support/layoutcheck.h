#pragma once

#include <QCoreApplication>
#include <QLabel>
#include <QTest>
#include <QWidget>

namespace pd::test {

// Nothing a person should read is cut off in `window`: every visible label with text is as
// tall as its wrapped text needs at its width, or as wide as its one line, and lies inside
// the window. GUI tests only; call after the window is shown.
inline void verifyNothingCut(QWidget *window)
{
    for (int pass = 0; pass < 3; ++pass)
        QCoreApplication::processEvents();
    for (const QLabel *label : window->findChildren<QLabel *>()) {
        if (!label->isVisibleTo(window) || label->text().isEmpty())
            continue;
        const QByteArray what = (label->objectName() + QStringLiteral(": ") + label->text().left(60)).toUtf8();
        if (label->wordWrap())
            QVERIFY2(label->height() >= label->heightForWidth(label->width()), what.constData());
        else
            QVERIFY2(label->width() >= label->minimumSizeHint().width(), what.constData());
        const QRect inWindow(label->mapTo(window, QPoint(0, 0)), label->size());
        QVERIFY2(window->rect().contains(inWindow), what.constData());
    }
}

} // namespace pd::test
