// `previewctl envs` formatting: environments built from listed objects through the
// watcher's cache and builder, printed as a kubectl-style table or JSON.

#include "core/environment/environmenttable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace pd::core;
using namespace Qt::StringLiterals;

namespace {

const QDateTime kNow(QDate(2026, 11, 26), QTime(10, 0), Qt::UTC);

QJsonObject namespaceObject(const QString &name, const QJsonObject &labels, const QJsonObject &annotations, qint64 ageSecs)
{
    return QJsonObject{{u"metadata"_s, QJsonObject{{u"name"_s, name},
                                                  {u"labels"_s, labels},
                                                  {u"annotations"_s, annotations},
                                                  {u"creationTimestamp"_s, kNow.addSecs(-ageSecs).toString(Qt::ISODate)}}}};
}

QJsonObject deployment(const QString &ns, const QString &name, int replicas, int ready)
{
    return QJsonObject{{u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, ns}, {u"generation"_s, 1},
                                                  {u"creationTimestamp"_s, kNow.addDays(-1).toString(Qt::ISODate)}}},
                       {u"spec"_s, QJsonObject{{u"replicas"_s, replicas}}},
                       {u"status"_s, QJsonObject{{u"observedGeneration"_s, 1}, {u"replicas"_s, replicas},
                                                 {u"readyReplicas"_s, ready}, {u"updatedReplicas"_s, replicas},
                                                 {u"availableReplicas"_s, ready}}}};
}

ClusterObjects objects()
{
    ClusterObjects o;
    o.namespaces << namespaceObject(u"staging"_s, {{u"previewdesk.io/role"_s, u"source"_s}}, {}, 90 * 86400)
                 << namespaceObject(u"shop-pr-1423"_s,
                                    {{u"previewdesk.io/role"_s, u"preview"_s},
                                     {u"app.kubernetes.io/managed-by"_s, u"previewdesk"_s},
                                     {u"previewdesk.io/pr"_s, u"1423"_s},
                                     {u"previewdesk.io/owner"_s, u"a.rivera"_s}},
                                    {{u"previewdesk.io/expires-at"_s, kNow.addSecs(5 * 3600).toString(Qt::ISODate)},
                                     {u"previewdesk.io/url"_s, u"https://pr-1423.example.com"_s},
                                     {u"previewdesk.io/branch"_s, u"checkout-redesign"_s}},
                                    3 * 3600)
                 << namespaceObject(u"kube-system"_s, {}, {}, 100 * 86400);
    o.deployments << deployment(u"shop-pr-1423"_s, u"web"_s, 1, 1) << deployment(u"staging"_s, u"web"_s, 2, 2);
    return o;
}

} // namespace

class TestEnvironmentTable final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void buildsOnlyEnvironmentsSorted()
    {
        const QList<Environment> environments = buildEnvironments(objects(), EnvironmentBuilder([] { return kNow; }));
        QCOMPARE(environments.size(), 2);
        QCOMPARE(environments.at(0).name, u"shop-pr-1423"_s);
        QCOMPARE(environments.at(1).name, u"staging"_s);
        QCOMPARE(environments.at(0).servicesTotal, 1);
    }

    void table()
    {
        const QList<Environment> environments = buildEnvironments(objects(), EnvironmentBuilder([] { return kNow; }));
        const QStringList lines = environmentsTable(environments, kNow).split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines.at(0).split(u' ', Qt::SkipEmptyParts),
                 (QStringList{u"NAME"_s, u"ROLE"_s, u"PR"_s, u"BRANCH"_s, u"OWNER"_s, u"STATE"_s, u"SERVICES"_s,
                              u"AGE"_s, u"EXPIRES"_s, u"URL"_s}));
        const QStringList preview = lines.at(1).split(u' ', Qt::SkipEmptyParts);
        QCOMPARE(preview.size(), 10);
        QCOMPARE(preview.at(0), u"shop-pr-1423"_s);
        QCOMPARE(preview.at(1), u"preview"_s);
        QCOMPARE(preview.at(2), u"1423"_s);
        QCOMPARE(preview.at(4), u"a.rivera"_s);
        QCOMPARE(preview.at(6), u"1/1"_s);
        QCOMPARE(preview.at(7), u"3h"_s);
        QCOMPARE(preview.at(8), u"5h"_s);
        QCOMPARE(preview.at(9), u"https://pr-1423.example.com"_s);
        const QStringList source = lines.at(2).split(u' ', Qt::SkipEmptyParts);
        QCOMPARE(source.size(), 10);   // empty cells are "-"
        QCOMPARE(source.at(2), u"-"_s);
        QCOMPARE(source.at(7), u"90d"_s);
        QCOMPARE(source.at(8), u"-"_s);
        // Columns line up: every row starts its ROLE cell at the same offset.
        QCOMPARE(lines.at(1).indexOf(u"preview"_s), lines.at(0).indexOf(u"ROLE"_s));
    }

    void json()
    {
        const QList<Environment> environments = buildEnvironments(objects(), EnvironmentBuilder([] { return kNow; }));
        const QJsonArray items = QJsonDocument::fromJson(environmentsJson(environments))[u"items"_s].toArray();
        QCOMPARE(items.size(), 2);
        QCOMPARE(items.at(0)[u"pr"_s].toString(), u"1423"_s);
        QCOMPARE(items.at(0)[u"expiresAt"_s].toString(), kNow.addSecs(5 * 3600).toString(Qt::ISODate));
        QVERIFY(items.at(1)[u"expiresAt"_s].isNull());
        QCOMPARE(items.at(1)[u"role"_s].toString(), u"source"_s);
    }

    void shortDurations_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("text");
        QTest::newRow("seconds") << qint64(45) << u"45s"_s;
        QTest::newRow("minutes") << qint64(12 * 60) << u"12m"_s;
        QTest::newRow("hours") << qint64(5 * 3600) << u"5h"_s;
        QTest::newRow("days") << qint64(3 * 86400) << u"3d"_s;
        QTest::newRow("negative") << qint64(-5) << u"0s"_s;
    }

    void shortDurations()
    {
        QFETCH(qint64, seconds);
        QFETCH(QString, text);
        QCOMPARE(shortDuration(seconds), text);
    }
};

QTEST_GUILESS_MAIN(TestEnvironmentTable)
#include "tst_environmenttable.moc"
