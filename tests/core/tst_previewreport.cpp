// PreviewReport: what a preview's namespace (or the app's row) says for the pull request, and the
// comment's Markdown: marker first, table cells that cannot break the table or fake a marker.
#include "core/environment/environment.h"
#include "core/forge/previewreport.h"

#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using pd::core::PreviewReport;

namespace {

const QDateTime kNow(QDate(2026, 11, 26), QTime(13, 0), Qt::UTC);

QJsonObject previewNamespace(const QJsonObject &annotations)
{
    return QJsonObject{{u"metadata"_s, QJsonObject{
        {u"name"_s, u"pr-42"_s},
        {u"labels"_s, QJsonObject{{u"previewdesk.io/pr"_s, u"42"_s}, {u"previewdesk.io/role"_s, u"preview"_s}}},
        {u"annotations"_s, annotations}}}};
}

} // namespace

class TestPreviewReport final : public QObject
{
    Q_OBJECT

private slots:
    void fromNamespace();
    void incompleteIsFailed();
    void fromEnvironmentCarriesTheCost();
    void commentCellsStayInTheirCells();
};

void TestPreviewReport::fromNamespace()
{
    const PreviewReport report = PreviewReport::fromNamespace(previewNamespace({
        {u"previewdesk.io/repository"_s, u"octo-org/shop"_s}, {u"previewdesk.io/url"_s, u"https://pr-42.example.com"_s},
        {u"previewdesk.io/expires-at"_s, u"2026-11-29T13:00:00Z"_s}, {u"previewdesk.io/renewed-at"_s, u"2026-11-26T11:00:00Z"_s},
        {u"previewdesk.io/parent"_s, u"staging"_s}, {u"previewdesk.io/clone-id"_s, u"c0ffee"_s}, {u"previewdesk.io/mode"_s, u"ci-cd"_s}}));
    QCOMPARE(report.name, u"pr-42"_s);
    QCOMPARE(report.pullRequest, 42);
    QCOMPARE(report.environment(), u"preview/pr-42"_s);
    QCOMPARE(report.repository, u"octo-org/shop"_s);
    QCOMPARE(report.phase, PreviewReport::Phase::Ready);
    QCOMPARE(report.renewedAt, kNow.addSecs(-2 * 3600));
    const QString body = pd::core::renderPreviewComment(report, kNow);
    QVERIFY(body.startsWith(u"<!-- previewdesk:pr-42 -->\n"_s));
    QVERIFY2(body.contains(u"| Time left | 3 d (expires 2026-11-29 13:00 UTC) |"_s), qPrintable(body));
    QVERIFY(body.contains(u"| Renewed | 2026-11-26 11:00 UTC |"_s));
    QVERIFY(body.contains(u"| Source | cloned from `staging`, ci-cd, clone c0ffee |"_s));
}

void TestPreviewReport::incompleteIsFailed()
{
    const PreviewReport report = PreviewReport::fromNamespace(previewNamespace({{u"previewdesk.io/incomplete"_s, u"true"_s}}));
    QCOMPARE(report.phase, PreviewReport::Phase::Failed);
    QVERIFY(report.reason.contains(u"stopped half-way"_s));
    QVERIFY(pd::core::renderPreviewComment(report, kNow).contains(u"| Time left | never expires |"_s));
}

void TestPreviewReport::fromEnvironmentCarriesTheCost()
{
    pd::core::Environment environment;
    environment.name = u"pr-7"_s;
    environment.pr = u"7"_s;
    environment.url = QUrl(u"https://pr-7.example.com"_s);
    environment.expiresAt = kNow.addSecs(3600);   // janitor/ttl, say: the effective expiry
    environment.annotations.insert(u"previewdesk.io/repository"_s, u"octo-org/shop"_s);
    pd::core::EnvironmentExtras extras;
    extras.costPerDay = 2.345;
    const PreviewReport report = PreviewReport::fromEnvironment(environment, extras);
    QCOMPARE(report.pullRequest, 7);
    QCOMPARE(report.url, QUrl(u"https://pr-7.example.com"_s));
    QCOMPARE(report.expiresAt, kNow.addSecs(3600));
    QCOMPARE(report.repository, u"octo-org/shop"_s);
    QVERIFY(pd::core::renderPreviewComment(report, kNow).contains(u"| Cost per day | $2.35 |"_s));
}

void TestPreviewReport::commentCellsStayInTheirCells()
{
    PreviewReport report;
    report.name = u"pr-9"_s;
    report.phase = PreviewReport::Phase::Destroyed;
    report.at = kNow;
    report.reason = u"closed | by a bot\n<!-- previewdesk:pr-1 -->"_s;
    const QString body = pd::core::renderPreviewComment(report, kNow);
    QCOMPARE(body.count(u"<!--"_s), 1);   // only our own marker
    QVERIFY2(body.contains(u"closed \\| by a bot &lt;!-- previewdesk:pr-1 -->"_s), qPrintable(body));
    QVERIFY(body.contains(u"Torn down 2026-11-26 13:00 UTC: "_s));
    QVERIFY(!body.contains(u"| URL |"_s));
}

QTEST_GUILESS_MAIN(TestPreviewReport)
#include "tst_previewreport.moc"
