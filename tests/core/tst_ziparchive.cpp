// The one zip reader: what actions/upload-artifact writes (deflated entries) reads back; a
// damaged archive, a wrong CRC and a missing entry are refused with words that say so.
#include "core/forge/ziparchive.h"

#include "forgedouble.h"

#include <QTest>

using namespace Qt::StringLiterals;
using pd::core::ZipArchive;

class TestZipArchive final : public QObject
{
    Q_OBJECT

private slots:
    void readsDeflatedEntries();
    void refusesWhatIsNotThere();
    void refusesDamage();
};

void TestZipArchive::readsDeflatedEntries()
{
    const QByteArray json = R"({"registry.example.com/shop/web": "sha256:)" + QByteArray(64, 'e') + "\"}\n";
    const QByteArray zip = pd::test::ForgeDouble::zip({{u"README.md"_s, QByteArray(4000, 'x')}, {u"out/images.json"_s, json}});
    ZipArchive archive;
    QString error;
    QVERIFY2(archive.open(zip, &error), qPrintable(error));
    QCOMPARE(archive.names(), (QStringList{u"README.md"_s, u"out/images.json"_s}));
    QCOMPARE(archive.read(u"out/images.json"_s, &error).value_or(QByteArray()), json);
    QCOMPARE(archive.read(u"images.json"_s, &error).value_or(QByteArray()), json);   // by file name, when only one has it
    QCOMPARE(archive.read(u"README.md"_s, &error).value_or(QByteArray()), QByteArray(4000, 'x'));
    QVERIFY(zip.size() < 1000);   // really deflated
}

void TestZipArchive::refusesWhatIsNotThere()
{
    ZipArchive archive;
    QString error;
    QVERIFY(!archive.open("PK no archive at all", &error));
    QVERIFY2(error.contains(u"not a zip archive"_s), qPrintable(error));
    QVERIFY(archive.open(pd::test::ForgeDouble::zip({{u"digests.txt"_s, "x"}}), &error));
    QVERIFY(!archive.read(u"images.json"_s, &error));
    QCOMPARE(error, u"the archive holds no images.json (it holds: digests.txt)"_s);
}

void TestZipArchive::refusesDamage()
{
    QByteArray zip = pd::test::ForgeDouble::zip({{u"images.json"_s, QByteArray(200, 'a')}});
    const qsizetype directory = zip.indexOf("PK\x01\x02");
    zip[directory + 16] = char(zip.at(directory + 16) ^ 0x5a);
    ZipArchive archive;
    QString error;
    QVERIFY(archive.open(zip, &error));
    QVERIFY(!archive.read(u"images.json"_s, &error));
    QVERIFY2(error.contains(u"CRC-32"_s), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestZipArchive)
#include "tst_ziparchive.moc"
