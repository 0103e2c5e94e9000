#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("PreviewDesk"));
    QApplication::setApplicationVersion(QStringLiteral(PREVIEWDESK_VERSION));
    return 0;
}
