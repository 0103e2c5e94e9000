// The guardrail value: validation messages and the JSON round trip.
#include "core/guardrail/guardrail.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using pd::core::Guardrail;
using pd::core::GuardrailAction;

namespace {

Guardrail nightlyScaleDown()
{
    Guardrail g;
    g.name = QStringLiteral("nightly-down");
    g.action = GuardrailAction::ScaleDown;
    g.target.selector = QStringLiteral("previewdesk.io/owner=alice");
    g.schedule.cron = QStringLiteral("0 20 * * 1-5");
    g.schedule.timeZone = QStringLiteral("Europe/Berlin");
    return g;
}

Guardrail sweep()
{
    Guardrail g;
    g.name = QStringLiteral("sweep");
    g.action = GuardrailAction::Sweep;
    g.schedule.cron = QStringLiteral("*/15 * * * *");
    g.schedule.timeZone = QStringLiteral("UTC");
    g.notice = QStringLiteral("24h");
    return g;
}

} // namespace

class TestGuardrail final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validGuardrails_data();
    void validGuardrails();
    void validation_data();
    void validation();
    void jsonRoundTrip_data();
    void jsonRoundTrip();
    void jsonShape();
    void fromJsonErrors_data();
    void fromJsonErrors();
    void durations_data();
    void durations();
    void actionNames();
    void safetySelector();
    void addToScaleDown();
};

void TestGuardrail::validGuardrails_data()
{
    QTest::addColumn<Guardrail>("guardrail");
    QTest::newRow("scale down") << nightlyScaleDown();
    QTest::newRow("sweep with notice") << sweep();
    Guardrail hours = nightlyScaleDown();
    hours.schedule = {QString(), QString(), QStringLiteral("Mon-Fri 07:30-20:30 Europe/Berlin")};
    QTest::newRow("working hours") << hours;
    Guardrail destroy = sweep();
    destroy.name = QStringLiteral("friday-cleanup");
    destroy.action = GuardrailAction::Destroy;
    destroy.target.selector = QStringLiteral("previewdesk.io/role=preview,previewdesk.io/pr in (12,13)");
    QTest::newRow("destroy by selector") << destroy;
    destroy.target.selector.clear();
    destroy.target.environments = {QStringLiteral("shop-pr-12"), QStringLiteral("shop-pr-13")};
    QTest::newRow("destroy named environments") << destroy;
}

void TestGuardrail::validGuardrails()
{
    QFETCH(Guardrail, guardrail);
    QCOMPARE(guardrail.validate(), QStringList());
}

void TestGuardrail::validation_data()
{
    QTest::addColumn<Guardrail>("guardrail");
    QTest::addColumn<QString>("problem");

    Guardrail g = nightlyScaleDown();
    g.name.clear();
    QTest::newRow("no name") << g << QStringLiteral("the guardrail needs a name");
    g.name = QStringLiteral("Nightly_Down");
    QTest::newRow("bad name") << g
                              << QStringLiteral("name 'Nightly_Down' must be at most 37 lower-case letters, digits and '-', "
                                                "starting and ending with a letter or digit");
    g.name = QString(38, u'a');
    QTest::newRow("long name") << g
                               << QStringLiteral("name '%1' must be at most 37 lower-case letters, digits and '-', starting "
                                                 "and ending with a letter or digit")
                                      .arg(QString(38, u'a'));

    g = nightlyScaleDown();
    g.target.environments = {QStringLiteral("shop-pr-1")};
    QTest::newRow("selector and names") << g << QStringLiteral("the target is either a label selector or a list of environments, not both");
    g = nightlyScaleDown();
    g.target.selector = QStringLiteral("a in (b");
    QTest::newRow("bad selector") << g << QString(); // the parser's own text follows the prefix
    g = nightlyScaleDown();
    g.target.selector.clear();
    g.target.environments = {QStringLiteral("Shop PR")};
    QTest::newRow("bad environment") << g << QStringLiteral("target environment 'Shop PR' is not a namespace name");

    g = sweep();
    g.target.selector = QStringLiteral("previewdesk.io/role=source");
    QTest::newRow("sweep sources") << g
                                   << QStringLiteral("target selector term 'previewdesk.io/role=source': sources can never be "
                                                     "the target of a guardrail (only previewdesk.io/role=preview may appear)");
    g.target.selector = QStringLiteral("previewdesk.io/role in (preview,source)");
    QTest::newRow("sweep sources via in") << g
                                          << QStringLiteral("target selector term 'previewdesk.io/role in (preview,source)': sources "
                                                            "can never be the target of a guardrail (only "
                                                            "previewdesk.io/role=preview may appear)");
    g.action = GuardrailAction::Destroy;
    g.target.selector = QStringLiteral("previewdesk.io/protected=true");
    QTest::newRow("destroy protected") << g
                                       << QStringLiteral("target selector term 'previewdesk.io/protected=true': protected "
                                                         "previews can never be the target of a guardrail "
                                                         "(previewdesk.io/protected may not appear)");
    g.target.selector = QStringLiteral("app.kubernetes.io/managed-by=helm");
    QTest::newRow("destroy unmanaged") << g
                                       << QStringLiteral("target selector term 'app.kubernetes.io/managed-by=helm': only "
                                                         "namespaces managed by PreviewDesk can be the target of a guardrail");
    g.target.selector.clear();
    QTest::newRow("destroy everything") << g
                                        << QStringLiteral("destroy needs a target (a selector or environments); it never means "
                                                          "'every preview'");
    g.target.environments = {QStringLiteral("kube-system")};
    QTest::newRow("destroy kube-system") << g
                                         << QStringLiteral("target environment 'kube-system' is a system namespace; guardrails "
                                                           "act on previews only");

    g = nightlyScaleDown();
    g.target.selector = QStringLiteral("previewdesk.io/role=source");
    QTest::newRow("scale sources") << g
                                   << QStringLiteral("target selector term 'previewdesk.io/role=source': sources can never be "
                                                     "the target of a guardrail (only previewdesk.io/role=preview may appear)");
    g.target.selector.clear();
    g.target.environments = {QStringLiteral("previewdesk-system")};
    QTest::newRow("scale previewdesk-system") << g
                                              << QStringLiteral("target environment 'previewdesk-system' is a system namespace; "
                                                                "guardrails act on previews only");

    g = nightlyScaleDown();
    g.schedule.cron.clear();
    QTest::newRow("no schedule") << g << QStringLiteral("the guardrail needs a schedule: a cron expression or a working-hours window");
    g.schedule.cron = QStringLiteral("0 25 * * *");
    QTest::newRow("bad cron") << g << QStringLiteral("cron schedule '0 25 * * *': hour: 25 is above the maximum 23");
    g.schedule.cron = QStringLiteral("0 20 * * *");
    g.schedule.timeZone.clear();
    QTest::newRow("no zone") << g << QStringLiteral("a cron schedule needs an IANA time zone (for example Europe/Berlin or UTC)");
    g.schedule.timeZone = QStringLiteral("CET+1");
    QTest::newRow("bad zone") << g << QStringLiteral("time zone 'CET+1' is not an IANA time zone name such as Europe/Berlin or UTC");
    g = nightlyScaleDown();
    g.schedule.workingHours = QStringLiteral("Mon-Fri 07:30-20:30 Europe/Berlin");
    QTest::newRow("cron and hours") << g << QStringLiteral("the schedule is either a cron expression or a working-hours window, not both");
    g.schedule = {QString(), QString(), QStringLiteral("Mon-Fri 07:30 Europe/Berlin")};
    QTest::newRow("bad hours") << g
                               << QStringLiteral("working hours times '07:30': expected HH:MM-HH:MM, e.g. 07:30-20:30");
    g = sweep();
    g.schedule = {QString(), QString(), QStringLiteral("Mon-Fri 07:30-20:30 Europe/Berlin")};
    QTest::newRow("sweep on hours") << g
                                    << QStringLiteral("a working-hours window applies to scale-down and scale-up; sweep needs a "
                                                      "cron schedule");
    g = sweep();
    g.notice = QStringLiteral("tomorrow");
    QTest::newRow("bad notice") << g << QStringLiteral("notice period 'tomorrow' must be a number with s, m, h, d or w (e.g. 24h)");
    g = nightlyScaleDown();
    g.notice = QStringLiteral("1h");
    QTest::newRow("notice on scale") << g << QStringLiteral("a notice period applies to destroy and sweep only");
}

void TestGuardrail::validation()
{
    QFETCH(Guardrail, guardrail);
    QFETCH(QString, problem);
    const QStringList problems = guardrail.validate();
    QVERIFY(!problems.isEmpty());
    if (problem.isEmpty()) {
        QVERIFY2(problems.first().startsWith(QLatin1String("target selector 'a in (b': ")), qPrintable(problems.first()));
        return;
    }
    QVERIFY2(problems.contains(problem), qPrintable(problems.join(u'\n')));
}

void TestGuardrail::jsonRoundTrip_data()
{
    validGuardrails_data();
    Guardrail off = nightlyScaleDown();
    off.enabled = false;
    QTest::newRow("disabled") << off;
    Guardrail invalid = sweep();
    invalid.name = QStringLiteral("Not Valid");
    invalid.notice = QStringLiteral("soon");
    QTest::newRow("invalid ones round-trip too (the editor opens them)") << invalid;
}

void TestGuardrail::jsonRoundTrip()
{
    QFETCH(Guardrail, guardrail);
    QString error;
    const QByteArray bytes = QJsonDocument(guardrail.toJson()).toJson();
    const auto back = Guardrail::fromJson(QJsonDocument::fromJson(bytes).object(), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->toJson(), guardrail.toJson());
    QVERIFY(*back == guardrail);
}

void TestGuardrail::jsonShape()
{
    Guardrail g = sweep();
    g.target.environments = {QStringLiteral("a"), QStringLiteral("b")};
    const QJsonObject expected = QJsonDocument::fromJson(R"({
        "name": "sweep", "enabled": true, "action": "sweep",
        "target": {"environments": ["a", "b"]},
        "schedule": {"cron": "*/15 * * * *", "timeZone": "UTC"},
        "notice": "24h"})").object();
    QCOMPARE(g.toJson(), expected);

    // A file may say what it is.
    QJsonObject file = expected;
    file.insert(QStringLiteral("apiVersion"), QStringLiteral("previewdesk.io/v1alpha1"));
    file.insert(QStringLiteral("kind"), QStringLiteral("Guardrail"));
    const auto read = Guardrail::fromJson(file);
    QVERIFY(read);
    QVERIFY(*read == g);
    // "enabled" defaults to true.
    file.remove(QStringLiteral("enabled"));
    QVERIFY(Guardrail::fromJson(file)->enabled);
}

void TestGuardrail::fromJsonErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown field") << QByteArray(R"({"name":"x","action":"sweep","schedul":{}})")
                                   << QStringLiteral("unknown guardrail field 'schedul'");
    QTest::newRow("unknown nested field") << QByteArray(R"({"name":"x","action":"sweep","schedule":{"tz":"UTC"}})")
                                          << QStringLiteral("unknown guardrail field 'schedule.tz'");
    QTest::newRow("unknown action") << QByteArray(R"({"name":"x","action":"delete"})")
                                    << QStringLiteral("guardrail action 'delete' is not one of scale-down, scale-up, destroy, sweep");
    QTest::newRow("no action") << QByteArray(R"({"name":"x"})")
                               << QStringLiteral("guardrail action '' is not one of scale-down, scale-up, destroy, sweep");
    QTest::newRow("name type") << QByteArray(R"({"name":5,"action":"sweep"})") << QStringLiteral("guardrail field 'name' must be a string");
    QTest::newRow("enabled type") << QByteArray(R"({"name":"x","action":"sweep","enabled":"yes"})")
                                  << QStringLiteral("guardrail field 'enabled' must be true or false");
    QTest::newRow("environments type") << QByteArray(R"({"name":"x","action":"sweep","target":{"environments":"a"}})")
                                       << QStringLiteral("guardrail field 'target.environments' must be a list of names");
    QTest::newRow("cron type") << QByteArray(R"({"name":"x","action":"sweep","schedule":{"cron":5}})")
                               << QStringLiteral("guardrail field 'schedule.cron' must be a string");
    QTest::newRow("other kind") << QByteArray(R"({"kind":"CronJob","name":"x","action":"sweep"})")
                                << QStringLiteral("kind 'CronJob' is not a Guardrail");
}

void TestGuardrail::fromJsonErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!Guardrail::fromJson(QJsonDocument::fromJson(json).object(), &error));
    QCOMPARE(error, message);
}

void TestGuardrail::durations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("seconds");
    QTest::newRow("90s") << QStringLiteral("90s") << qint64(90);
    QTest::newRow("30m") << QStringLiteral("30m") << qint64(1800);
    QTest::newRow("24h") << QStringLiteral("24h") << qint64(86400);
    QTest::newRow("7d") << QStringLiteral("7d") << qint64(604800);
    QTest::newRow("2w") << QStringLiteral("2w") << qint64(1209600);
    QTest::newRow("no unit") << QStringLiteral("24") << qint64(-1);
    QTest::newRow("two units") << QStringLiteral("1h30m") << qint64(-1);
    QTest::newRow("negative") << QStringLiteral("-1h") << qint64(-1);
    QTest::newRow("empty") << QString() << qint64(-1);
}

void TestGuardrail::durations()
{
    QFETCH(QString, text);
    QFETCH(qint64, seconds);
    QCOMPARE(pd::core::parseGuardrailDuration(text), seconds);
}

void TestGuardrail::actionNames()
{
    for (GuardrailAction a : {GuardrailAction::ScaleDown, GuardrailAction::ScaleUp, GuardrailAction::Destroy, GuardrailAction::Sweep})
        QCOMPARE(pd::core::guardrailActionFromName(pd::core::guardrailActionName(a)), a);
    QVERIFY(!pd::core::guardrailActionFromName(QStringLiteral("Sweep")));
}

void TestGuardrail::safetySelector()
{
    // No guardrail touches a protected preview, scale included (issue 12).
    for (GuardrailAction a : {GuardrailAction::ScaleDown, GuardrailAction::ScaleUp, GuardrailAction::Destroy, GuardrailAction::Sweep})
        QCOMPARE(pd::core::guardrailSafetySelector(a),
                 QStringLiteral("app.kubernetes.io/managed-by=previewdesk,previewdesk.io/role=preview,previewdesk.io/protected!=true"));
}

// Idle previews go into the first scale-down guardrail that names its previews, else a new one.
void TestGuardrail::addToScaleDown()
{
    const QStringList picked{QStringLiteral("pr-2"), QStringLiteral("pr-3")};
    // None yet (a selector-based one cannot take names without changing what it means).
    Guardrail bySelector;
    bySelector.name = QStringLiteral("idle-scale-down");
    bySelector.action = GuardrailAction::ScaleDown;
    bySelector.target.selector = QStringLiteral("team=shop");
    pd::core::ScaleDownAddition made = pd::core::addToScaleDownGuardrail({bySelector}, picked, QStringLiteral("Europe/Berlin"));
    QVERIFY(!made.existing);
    QCOMPARE(made.guardrail.name, QStringLiteral("idle-scale-down-2"));   // the plain name is taken
    QCOMPARE(made.guardrail.action, GuardrailAction::ScaleDown);
    QCOMPARE(made.guardrail.target.environments, picked);
    QCOMPARE(made.guardrail.schedule.cron, QStringLiteral("0 20 * * *"));
    QCOMPARE(made.guardrail.schedule.timeZone, QStringLiteral("Europe/Berlin"));
    QVERIFY2(made.guardrail.validate().isEmpty(), qPrintable(made.guardrail.validate().join(u'|')));
    // A zone that is no IANA name: UTC.
    QCOMPARE(pd::core::addToScaleDownGuardrail({}, picked, QStringLiteral("UTC+02:00")).guardrail.schedule.timeZone,
             QStringLiteral("UTC"));

    // One names previews: they join it, none twice, order kept; a destroy guardrail is not one.
    Guardrail destroy = made.guardrail;
    destroy.name = QStringLiteral("nightly-destroy");
    destroy.action = GuardrailAction::Destroy;
    Guardrail nightly = made.guardrail;
    nightly.name = QStringLiteral("nightly");
    nightly.target.environments = {QStringLiteral("pr-1"), QStringLiteral("pr-3")};
    made = pd::core::addToScaleDownGuardrail({destroy, bySelector, nightly}, picked, QStringLiteral("UTC"));
    QVERIFY(made.existing);
    QCOMPARE(made.guardrail.name, QStringLiteral("nightly"));
    QCOMPARE(made.guardrail.target.environments,
             (QStringList{QStringLiteral("pr-1"), QStringLiteral("pr-3"), QStringLiteral("pr-2")}));
    QCOMPARE(made.guardrail.schedule, nightly.schedule);
}

QTEST_GUILESS_MAIN(TestGuardrail)
#include "tst_guardrail.moc"
