// What a guardrail would act on now (target, then the safety rules), its next runs,
// and a deployed definition's round trip through its CronJob.
#include "core/environment/environment.h"
#include "kube/cronexpression.h"
#include "core/guardrail/guardraildefinition.h"
#include "core/guardrail/guardrailreach.h"

#include <QJsonArray>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using pd::core::Environment;
using pd::core::EnvironmentRole;
using pd::core::Guardrail;
using pd::core::GuardrailAction;

Q_DECLARE_METATYPE(pd::core::Guardrail)

namespace {

const QDateTime kNow = QDateTime::fromString(u"2026-03-27T12:00:00Z"_s, Qt::ISODate);

Environment environment(const QString &name, EnvironmentRole role, const QString &owner, bool isProtected = false,
                        bool managed = true, const QDateTime &expiresAt = {})
{
    Environment e;
    e.name = name;
    e.role = role;
    e.owner = owner;
    e.isProtected = isProtected;
    e.expiresAt = expiresAt;
    e.labels.insert(u"previewdesk.io/role"_s, role == EnvironmentRole::Source ? u"source"_s : u"preview"_s);
    e.labels.insert(u"previewdesk.io/owner"_s, owner);
    if (managed)
        e.labels.insert(u"app.kubernetes.io/managed-by"_s, u"previewdesk"_s);
    if (isProtected)
        e.labels.insert(u"previewdesk.io/protected"_s, u"true"_s);
    return e;
}

QList<Environment> environments()
{
    return {environment(u"staging"_s, EnvironmentRole::Source, u"alice"_s, true),
            environment(u"pr-1"_s, EnvironmentRole::Preview, u"alice"_s, false, true, kNow.addSecs(-3600)),
            environment(u"pr-2"_s, EnvironmentRole::Preview, u"alice"_s, true, true, kNow.addSecs(-3600)),
            environment(u"pr-3"_s, EnvironmentRole::Preview, u"bob"_s, false, true, kNow.addSecs(3600)),
            environment(u"hand-made"_s, EnvironmentRole::Preview, u"alice"_s, false, false)};
}

Guardrail guardrail(GuardrailAction action, const QString &selector, const QStringList &names = {})
{
    Guardrail g;
    g.name = u"g"_s;
    g.action = action;
    g.target.selector = selector;
    g.target.environments = names;
    g.schedule = {u"0 3 * * *"_s, u"UTC"_s, QString()};
    return g;
}

QStringList excludedNames(const pd::core::GuardrailReach &reach)
{
    QStringList names;
    for (const auto &e : reach.excluded)
        names << e.name;
    return names;
}

} // namespace

class TestGuardrailReach final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reach_data()
    {
        QTest::addColumn<Guardrail>("guardrail");
        QTest::addColumn<QStringList>("touched");
        QTest::addColumn<QStringList>("excluded");
        QTest::newRow("destroy by owner: no source, no protected")
            << guardrail(GuardrailAction::Destroy, u"previewdesk.io/owner=alice"_s) << QStringList{u"pr-1"_s}
            << QStringList{u"staging"_s, u"pr-2"_s, u"hand-made"_s};
        QTest::newRow("scale-down by owner: never protected previews either")
            << guardrail(GuardrailAction::ScaleDown, u"previewdesk.io/owner=alice"_s) << QStringList{u"pr-1"_s}
            << QStringList{u"staging"_s, u"pr-2"_s, u"hand-made"_s};
        QTest::newRow("destroy by name, one missing")
            << guardrail(GuardrailAction::Destroy, {}, {u"pr-3"_s, u"staging"_s, u"pr-9"_s}) << QStringList{u"pr-3"_s}
            << QStringList{u"staging"_s, u"pr-9"_s};
        QTest::newRow("sweep: expired only")
            << guardrail(GuardrailAction::Sweep, {}) << QStringList{u"pr-1"_s}
            << QStringList{u"staging"_s, u"pr-2"_s, u"pr-3"_s, u"hand-made"_s};
        QTest::newRow("selector matching nothing") << guardrail(GuardrailAction::ScaleUp, u"team=none"_s) << QStringList{} << QStringList{};
    }

    void reach()
    {
        QFETCH(Guardrail, guardrail);
        QFETCH(QStringList, touched);
        QFETCH(QStringList, excluded);
        const pd::core::GuardrailReach reach = pd::core::guardrailReach(guardrail, environments(), kNow);
        QCOMPARE(reach.touched, touched);
        QCOMPARE(excludedNames(reach), excluded);
    }

    void reasonsNameTheRule()
    {
        const auto reach = pd::core::guardrailReach(guardrail(GuardrailAction::Destroy, u"previewdesk.io/owner=alice"_s), environments(), kNow);
        // The one rule (mutationRefusal) the app and previewctl ask too.
        QCOMPARE(reach.excluded.at(0).reason, u"source environment; PreviewDesk never destroys sources"_s);
        QCOMPARE(reach.excluded.at(1).reason, u"protected (previewdesk.io/protected=true); PreviewDesk never destroys it"_s);
        QVERIFY(reach.excluded.at(2).reason.startsWith(u"not managed by PreviewDesk"_s));
    }

    void workingHoursRunsAlternate()
    {
        Guardrail g = guardrail(GuardrailAction::ScaleDown, {});
        g.schedule = {QString(), QString(), u"Mon-Fri 07:30-20:30 Europe/Berlin"_s};
        // Friday before the spring-forward Sunday (2026-03-29).
        const QList<pd::core::GuardrailRun> runs = pd::core::guardrailUpcomingRuns(g, kNow, 5);
        QCOMPARE(runs.size(), 5);
        const QList<QPair<QString, GuardrailAction>> expected{
            {u"2026-03-27T19:30:00Z"_s, GuardrailAction::ScaleDown}, {u"2026-03-30T05:30:00Z"_s, GuardrailAction::ScaleUp},
            {u"2026-03-30T18:30:00Z"_s, GuardrailAction::ScaleDown}, {u"2026-03-31T05:30:00Z"_s, GuardrailAction::ScaleUp},
            {u"2026-03-31T18:30:00Z"_s, GuardrailAction::ScaleDown}};
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(runs.at(i).time.toUTC(), QDateTime::fromString(expected.at(i).first, Qt::ISODate));
            QCOMPARE(runs.at(i).action, expected.at(i).second);
            QCOMPARE(runs.at(i).time.timeZone(), QTimeZone("Europe/Berlin"));
        }
        QCOMPARE(pd::core::guardrailNextRun(g, kNow), runs.first().time);
        g.schedule.workingHours = u"Mon-Fri 25:00-26:00 Europe/Berlin"_s;
        QVERIFY(pd::core::guardrailUpcomingRuns(g, kNow, 5).isEmpty());
    }

    void definitionRoundTrip_data()
    {
        QTest::addColumn<bool>("dryRun");
        QTest::addColumn<QString>("image");
        QTest::newRow("default image") << false << QString::fromLatin1(pd::core::GuardrailRenderer::DefaultImage);
        QTest::newRow("dry run, own image") << true << u"registry.example.com/kubectl:1"_s;
    }

    void definitionRoundTrip()
    {
        QFETCH(bool, dryRun);
        QFETCH(QString, image);
        pd::core::GuardrailDefinition d;
        d.guardrail = guardrail(GuardrailAction::Sweep, {});
        d.guardrail.notice = u"24h"_s;
        d.image = image;
        d.dryRun = dryRun;
        QVERIFY(d.validate().isEmpty());
        const QList<QJsonObject> objects = d.render(u"previewdesk-system"_s);
        QCOMPARE(objects.size(), 4);
        const QJsonObject cronJob = objects.last();
        const QJsonObject container = cronJob[u"spec"_s][u"jobTemplate"_s][u"spec"_s][u"template"_s][u"spec"_s][u"containers"_s][0].toObject();
        QCOMPARE(container[u"env"_s].toArray(),
                 (QJsonArray{QJsonObject{{u"name"_s, u"DRY_RUN"_s}, {u"value"_s, dryRun ? u"1"_s : u"0"_s}}}));
        const auto back = pd::core::GuardrailDefinition::fromCronJob(cronJob);
        QVERIFY(back);
        QVERIFY(*back == d);
        d.image = u"Not An Image"_s;
        QCOMPARE(d.validate().size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestGuardrailReach)
#include "tst_guardrailreach.moc"
