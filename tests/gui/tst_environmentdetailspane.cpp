// The details pane on the offscreen platform: without a client the Problems and
// Recent events sections are hidden; with one (the embedded sandbox over loopback)
// they follow the selected namespace live: a pod stuck in ImagePullBackOff with
// the registry's Warning event, coloured red/amber readably in light and dark palettes.

#include "core/environment/environmentmodel.h"
#include "core/environment/namespaceinsight.h"
#include "futurewait.h"
#include "gui/environmentdelegate.h"
#include "gui/environmentdetailspane.h"
#include "kube/apiclient.h"
#include "sandbox/sandboxcluster.h"
#include "sandbox/sandboxendpoint.h"

#include <QApplication>
#include <QDir>
#include <QGroupBox>
#include <QJsonArray>
#include <QLabel>
#include <QTest>
#include <QTreeWidget>

#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using pd::core::Environment;
using pd::core::EnvironmentModel;
using pd::core::EnvironmentState;
using pd::gui::EnvironmentDelegate;
using pd::gui::EnvironmentDetailsPane;
using pd::kube::ApiResult;
using pd::kube::ResourceRef;

namespace {

ResourceRef core(const QString &resource, const QString &ns = {})
{
    return ResourceRef{QString(), u"v1"_s, resource, ns, QString(), QString()};
}

Environment degraded(const QString &name)
{
    Environment env;
    env.name = name;
    env.state = EnvironmentState::Degraded;
    env.stateReason = u"api: 0/1 ready for 12 min"_s;
    env.created = QDateTime::currentDateTimeUtc().addSecs(-3600);
    return env;
}

// WCAG contrast ratio of two colours.
double contrast(const QColor &a, const QColor &b)
{
    const auto luminance = [](const QColor &c) {
        const auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double la = luminance(a) + 0.05;
    const double lb = luminance(b) + 0.05;
    return std::max(la, lb) / std::min(la, lb);
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x20, 0x21, 0x24));
    p.setColor(QPalette::WindowText, QColor(0xe8, 0xea, 0xed));
    p.setColor(QPalette::Base, QColor(0x17, 0x18, 0x1a));
    p.setColor(QPalette::AlternateBase, QColor(0x24, 0x25, 0x28));
    p.setColor(QPalette::Text, QColor(0xe8, 0xea, 0xed));
    p.setColor(QPalette::Button, QColor(0x2d, 0x2e, 0x31));
    p.setColor(QPalette::ButtonText, QColor(0xe8, 0xea, 0xed));
    return p;
}

QTreeWidgetItem *rowWithText(QTreeWidget *tree, int column, const QString &text)
{
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        if (tree->topLevelItem(i)->text(column) == text)
            return tree->topLevelItem(i);
    }
    return nullptr;
}

} // namespace

class TestEnvironmentDetailsPane final : public QObject
{
    Q_OBJECT
private:
    ApiResult call(QFuture<ApiResult> future) { return pd::test::waitFor(future, 15000); }

private Q_SLOTS:
    void initTestCase()
    {
        pd::sandbox::SandboxOptions options;
        options.podReadyDelay = 100ms;
        QString error;
        QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
        pd::kube::ClusterEndpoint endpoint = pd::sandbox::adminEndpoint(m_cluster);
        m_client = std::make_unique<pd::kube::ApiClient>(endpoint);

        // pr-700: one Deployment whose image the registry does not have.
        const QJsonObject labels{{u"app"_s, u"api"_s}};
        QVERIFY(call(m_client->create(core(u"namespaces"_s), QJsonObject{
                {u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s},
                {u"metadata"_s, QJsonObject{{u"name"_s, u"pr-700"_s}}}})).ok());
        const ApiResult deployed = call(m_client->create(
                ResourceRef{u"apps"_s, u"v1"_s, u"deployments"_s, u"pr-700"_s, QString(), QString()},
                QJsonObject{{u"apiVersion"_s, u"apps/v1"_s}, {u"kind"_s, u"Deployment"_s},
                            {u"metadata"_s, QJsonObject{{u"name"_s, u"api"_s}}},
                            {u"spec"_s, QJsonObject{
                                {u"replicas"_s, 1}, {u"selector"_s, QJsonObject{{u"matchLabels"_s, labels}}},
                                {u"template"_s, QJsonObject{
                                    {u"metadata"_s, QJsonObject{{u"labels"_s, labels}}},
                                    {u"spec"_s, QJsonObject{{u"containers"_s, QJsonArray{QJsonObject{
                                        {u"name"_s, u"api"_s}, {u"image"_s, u"ghcr.io/acme/api:does-not-exist"_s}}}}}}}}}}}));
        QVERIFY2(deployed.ok(), qPrintable(deployed.message()));
        QJsonObject pod;
        QVERIFY(QTest::qWaitFor([&] {
            const QJsonArray items = call(m_client->list(core(u"pods"_s, u"pr-700"_s))).items();
            pod = items.isEmpty() ? QJsonObject() : items.first().toObject();
            return !pod.isEmpty();
        }, 15000));
        const QString podName = pod[u"metadata"_s][u"name"_s].toString();
        const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
        const ApiResult event = call(m_client->create(core(u"events"_s, u"pr-700"_s), QJsonObject{
                {u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Event"_s},
                {u"metadata"_s, QJsonObject{{u"name"_s, QString(podName + u".187a3f1c2d4e5b60"_s)}}},
                {u"involvedObject"_s, QJsonObject{{u"kind"_s, u"Pod"_s}, {u"namespace"_s, u"pr-700"_s}, {u"name"_s, podName},
                                                  {u"uid"_s, pod[u"metadata"_s][u"uid"_s]}, {u"fieldPath"_s, u"spec.containers{api}"_s}}},
                {u"reason"_s, u"Failed"_s}, {u"type"_s, u"Warning"_s}, {u"count"_s, 4},
                {u"message"_s, u"Failed to pull image \"ghcr.io/acme/api:does-not-exist\": rpc error: code = NotFound desc = "
                               "failed to pull and unpack image \"ghcr.io/acme/api:does-not-exist\": not found"_s},
                {u"firstTimestamp"_s, now}, {u"lastTimestamp"_s, now},
                {u"source"_s, QJsonObject{{u"component"_s, u"kubelet"_s}}}}));
        QVERIFY2(event.ok(), qPrintable(event.message()));
    }

    void withoutClientTheSectionsAreHidden()
    {
        EnvironmentModel model;
        model.upsert(degraded(u"pr-700"_s));
        EnvironmentDetailsPane pane;
        pane.resize(700, 900);
        pane.setModel(&model);
        pane.showEnvironment(u"pr-700"_s);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QVERIFY(pane.insight() == nullptr);
        QVERIFY(!pane.problemsSection()->isVisibleTo(&pane));
        QVERIFY(!pane.eventsSection()->isVisibleTo(&pane));
        QVERIFY(pane.workloadTree()->isVisibleTo(&pane));
        QVERIFY2(pane.stateLabel()->text().contains(u"0/1 ready for 12 min"_s), qPrintable(pane.stateLabel()->text()));

        // The resolver's finding is shown in full beside the state's own reason, and both are
        // in the tooltip: nothing is only elided.
        model.setProblem(u"pr-700"_s, u"api: ImagePullBackOff (ghcr.io/acme/api:pr-42 not found)"_s);
        QTRY_VERIFY(pane.stateLabel()->text().contains(u"ImagePullBackOff (ghcr.io/acme/api:pr-42 not found)"_s));
        QVERIFY(pane.stateLabel()->text().contains(u"0/1 ready for 12 min"_s));
        QCOMPARE(pane.stateLabel()->toolTip(),
                 u"api: 0/1 ready for 12 min\n\napi: ImagePullBackOff (ghcr.io/acme/api:pr-42 not found)"_s);

        // A client shows the sections; taking it away (context closed) hides them again.
        pane.setClient(m_client.get());
        QVERIFY(pane.problemsSection()->isVisibleTo(&pane));
        QCOMPARE(pane.insight()->namespaceName(), u"pr-700"_s);
        pane.setClient(nullptr);
        QVERIFY(pane.insight() == nullptr);
        QVERIFY(!pane.problemsSection()->isVisibleTo(&pane));
        QVERIFY(!pane.eventsSection()->isVisibleTo(&pane));
        QTRY_VERIFY(m_client->inFlight() == 0 && m_client->queued() == 0);
    }

    void liveProblemsAndEventsOfTheSelection()
    {
        EnvironmentModel model;
        model.upsert(degraded(u"pr-700"_s));
        model.upsert(degraded(u"pr-701"_s));   // no such namespace: nothing to show
        EnvironmentDetailsPane pane;
        pane.resize(760, 1100);
        pane.setModel(&model);
        pane.setClient(m_client.get());
        pane.insight()->setCoalesceInterval(20ms);
        pane.showEnvironment(u"pr-700"_s);
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QVERIFY(pane.problemsSection()->isVisibleTo(&pane));
        QVERIFY(pane.eventsSection()->isVisibleTo(&pane));
        QCOMPARE(pane.insight()->namespaceName(), u"pr-700"_s);

        QTreeWidget *problems = pane.problemTree();
        QTRY_COMPARE_WITH_TIMEOUT(problems->topLevelItemCount(), 1, 15000);
        QTreeWidgetItem *problem = problems->topLevelItem(0);
        QCOMPARE(problem->text(0), u"api"_s);
        QCOMPARE(problem->text(1), u"ImagePullBackOff"_s);
        QCOMPARE(problem->text(2), u"ghcr.io/acme/api:does-not-exist not found"_s);
        QCOMPARE(problem->text(3), u"1"_s);
        QVERIFY(!problem->icon(1).isNull());
        QCOMPARE(problem->foreground(1).color(), EnvironmentDelegate::stateColor(int(EnvironmentState::Degraded), pane.palette()));
        QVERIFY(problem->toolTip(0).contains(u"Failed to pull image"_s));

        QTreeWidget *events = pane.eventTree();
        // The seeded Event (count 4), beside the sandbox kubelet's own Failed Events (count 1).
        const auto seededFailure = [events]() -> QTreeWidgetItem * {
            for (int i = 0; i < events->topLevelItemCount(); ++i)
                if (events->topLevelItem(i)->text(0) == u"Failed"_s && events->topLevelItem(i)->text(4) == u"4"_s)
                    return events->topLevelItem(i);
            return nullptr;
        };
        QTRY_VERIFY(seededFailure());
        QTreeWidgetItem *failed = seededFailure();
        QVERIFY(failed->text(1).startsWith(u"pod/api-"_s));
        QVERIFY(failed->font(0).bold());
        QVERIFY(!failed->icon(0).isNull());
        QCOMPARE(failed->foreground(0).color(), EnvironmentDelegate::stateColor(int(EnvironmentState::Expired), pane.palette()));
        pane.grab().save(QDir(QString::fromLocal8Bit(qgetenv("PREVIEWDESK_BUILD_DIR"))).filePath(u"detailspane-problems.png"_s));

        // Another selection: the old namespace's lines go at once, the new one is watched.
        pane.showEnvironment(u"pr-701"_s);
        QCOMPARE(pane.insight()->namespaceName(), u"pr-701"_s);
        QCOMPARE(problems->topLevelItemCount(), 0);
        QCOMPARE(events->topLevelItemCount(), 0);
        QTRY_VERIFY_WITH_TIMEOUT(pane.insight()->isSynced(), 15000);
        QTRY_VERIFY(pane.findChild<QLabel *>(u"insightStatus"_s)->text().contains(u"No pod problems"_s));

        // Nothing selected: nothing watched.
        pane.showEnvironment(QString());
        QVERIFY(pane.insight()->namespaceName().isEmpty());
        QTRY_VERIFY(m_client->inFlight() == 0 && m_client->queued() == 0);
    }

    void readableInTheDarkPalette()
    {
        EnvironmentModel model;
        model.upsert(degraded(u"pr-700"_s));
        EnvironmentDetailsPane pane;
        pane.resize(760, 1100);
        pane.setModel(&model);
        pane.setClient(m_client.get());
        pane.showEnvironment(u"pr-700"_s);
        pane.setPalette(darkPalette());
        pane.show();
        QVERIFY(QTest::qWaitForWindowExposed(&pane));
        QTRY_COMPARE_WITH_TIMEOUT(pane.problemTree()->topLevelItemCount(), 1, 15000);
        QTRY_VERIFY(rowWithText(pane.eventTree(), 0, u"Failed"_s));

        const QPalette palette = pane.problemTree()->palette();
        const QColor error = pane.problemTree()->topLevelItem(0)->foreground(1).color();
        const QColor warning = rowWithText(pane.eventTree(), 0, u"Failed"_s)->foreground(0).color();
        QCOMPARE(error, EnvironmentDelegate::stateColor(int(EnvironmentState::Degraded), palette));
        QVERIFY(EnvironmentDelegate::isDark(palette));
        for (const QColor &color : {error, warning}) {
            for (QPalette::ColorRole role : {QPalette::Base, QPalette::AlternateBase}) {
                const double ratio = contrast(color, palette.color(role));
                QVERIFY2(ratio >= 4.5, qPrintable(u"%1 on %2: %3"_s.arg(color.name(), palette.color(role).name()).arg(ratio)));
            }
        }
        pane.grab().save(QDir(QString::fromLocal8Bit(qgetenv("PREVIEWDESK_BUILD_DIR"))).filePath(u"detailspane-dark.png"_s));
        pane.showEnvironment(QString());
        QTRY_VERIFY(m_client->inFlight() == 0 && m_client->queued() == 0);
    }

    void cleanupTestCase()
    {
        QTRY_VERIFY(m_client->inFlight() == 0 && m_client->queued() == 0);
        m_client.reset();
    }

private:
    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<pd::kube::ApiClient> m_client;
};

QTEST_MAIN(TestEnvironmentDetailsPane)
#include "tst_environmentdetailspane.moc"
