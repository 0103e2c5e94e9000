#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("previewctl"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PREVIEWDESK_VERSION));
    return 0;
}
