// The one expiry rule, row by row: the contract's expires-at, kube-janitor's
// janitor/expires and creationTimestamp + janitor/ttl, the earliest winning.
#include "core/contract.h"
#include "core/environment/expiry.h"

#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
namespace contract = pd::core::contract;

class TestExpiry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rows_data();
    void rows();
};

void TestExpiry::rows_data()
{
    QTest::addColumn<QString>("expiresAt");
    QTest::addColumn<QString>("janitorExpires");
    QTest::addColumn<QString>("janitorTtl");
    QTest::addColumn<QString>("created");
    QTest::addColumn<QString>("expected");   // RFC 3339 UTC; empty: never
    QTest::addColumn<QString>("source");

    const QString created = u"2026-11-20T08:00:00Z"_s;
    const QString ea(contract::ExpiresAtAnnotation), je(contract::JanitorExpiresAnnotation),
        jt(contract::JanitorTtlAnnotation);
    QTest::newRow("nothing: never") << QString() << QString() << QString() << created << QString() << QString();
    QTest::newRow("expires-at") << u"2026-11-27T09:00:00Z"_s << QString() << QString() << created
                                << u"2026-11-27T09:00:00Z"_s << ea;
    QTest::newRow("expires-at with an offset is UTC") << u"2026-11-27T11:00:00+02:00"_s << QString() << QString()
                                                      << created << u"2026-11-27T09:00:00Z"_s << ea;
    QTest::newRow("expires-at without offset is not RFC 3339") << u"2026-11-27T09:00:00"_s << QString() << QString()
                                                               << created << QString() << QString();
    QTest::newRow("janitor/expires date only") << QString() << u"2026-11-30"_s << QString() << created
                                               << u"2026-11-30T00:00:00Z"_s << je;
    QTest::newRow("janitor/expires minutes") << QString() << u"2026-11-30T12:30"_s << QString() << created
                                             << u"2026-11-30T12:30:00Z"_s << je;
    QTest::newRow("janitor/expires seconds Z") << QString() << u"2026-11-30T12:30:15Z"_s << QString() << created
                                               << u"2026-11-30T12:30:15Z"_s << je;
    QTest::newRow("janitor/expires malformed") << QString() << u"next week"_s << QString() << created << QString()
                                               << QString();
    QTest::newRow("janitor/ttl from creation") << QString() << QString() << u"3d"_s << created
                                               << u"2026-11-23T08:00:00Z"_s << jt;
    QTest::newRow("janitor/ttl weeks") << QString() << QString() << u"1w"_s << created << u"2026-11-27T08:00:00Z"_s << jt;
    QTest::newRow("janitor/ttl forever") << QString() << QString() << u"forever"_s << created << QString() << QString();
    QTest::newRow("janitor/ttl without creation") << QString() << QString() << u"3d"_s << QString() << QString()
                                                  << QString();
    QTest::newRow("earliest: janitor/expires before expires-at")
        << u"2026-12-01T00:00:00Z"_s << u"2026-11-30"_s << QString() << created << u"2026-11-30T00:00:00Z"_s << je;
    QTest::newRow("earliest: ttl before both") << u"2026-12-01T00:00:00Z"_s << u"2026-11-30"_s << u"2h"_s << created
                                               << u"2026-11-20T10:00:00Z"_s << jt;
    QTest::newRow("earliest: expires-at before janitor's") << u"2026-11-21T00:00:00Z"_s << u"2026-11-30"_s << u"30d"_s
                                                           << created << u"2026-11-21T00:00:00Z"_s << ea;
    QTest::newRow("tie: the contract names the source") << u"2026-11-30T00:00:00Z"_s << u"2026-11-30"_s << QString()
                                                        << created << u"2026-11-30T00:00:00Z"_s << ea;
    QTest::newRow("malformed expires-at falls through to janitor") << u"soon"_s << u"2026-11-30"_s << QString()
                                                                   << created << u"2026-11-30T00:00:00Z"_s << je;
}

void TestExpiry::rows()
{
    QFETCH(QString, expiresAt);
    QFETCH(QString, janitorExpires);
    QFETCH(QString, janitorTtl);
    QFETCH(QString, created);
    QFETCH(QString, expected);
    QFETCH(QString, source);

    QJsonObject annotations;
    if (!expiresAt.isEmpty())
        annotations.insert(contract::ExpiresAtAnnotation, expiresAt);
    if (!janitorExpires.isEmpty())
        annotations.insert(contract::JanitorExpiresAnnotation, janitorExpires);
    if (!janitorTtl.isEmpty())
        annotations.insert(contract::JanitorTtlAnnotation, janitorTtl);
    QJsonObject metadata{{u"name"_s, u"pr-1"_s}, {u"annotations"_s, annotations}};
    if (!created.isEmpty())
        metadata.insert(u"creationTimestamp"_s, created);

    const pd::core::Expiry expiry = pd::core::effectiveExpiry(metadata);
    QCOMPARE(expiry.isValid(), !expected.isEmpty());
    if (!expected.isEmpty()) {
        QCOMPARE(expiry.at, QDateTime::fromString(expected, Qt::ISODate));
        QCOMPARE(expiry.at.offsetFromUtc(), 0);
    }
    QCOMPARE(expiry.source, source);
}

QTEST_MAIN(TestExpiry)
#include "tst_expiry.moc"
