// Walkthrough "Developer: clone a source that has no Ingress" (../shared/WALKTHROUGHS.md) on
// the demo cluster: Google's Online Boutique as its authors publish it (../shared/fixtures/
// real/online-boutique.yaml: a dozen Deployments, one LoadBalancer Service as its front
// door, no Ingress, no resource requests) is applied into a source namespace of the demo
// sandbox before the window opens, as `kubectl apply -n online-boutique` would; then
// right-click it, "Clone…", PR 77: the review exposes the front Service at a host from the
// template and turns the LoadBalancer into a ClusterIP, the quota is sized; create, every
// object ready, the URL shown.
#include "walkthroughutil.h"
#include "clonewizardtestutil.h"

#include "gui/clonewizard/clonewizard.h"
#include "gui/clonewizard/planrowmodel.h"
#include "sandbox/groupresource.h"
#include "sandbox/objectstore.h"
#include "sandbox/sandboxcluster.h"

#include <QComboBox>
#include <QJsonArray>
#include <QJsonObject>
#include <QContextMenuEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QRegularExpression>
#include <QTreeView>

#include <functional>

using namespace Qt::StringLiterals;
using pd::core::EnvironmentModel;
using pd::gui::CloneWizard;
using pd::test::child;

namespace {

// Every row's text (all columns), as the tree shows it, one line a row.
QStringList allRows(const QAbstractItemModel *model)
{
    QStringList lines;
    const std::function<void(const QModelIndex &, int)> walk = [&](const QModelIndex &parent, int depth) {
        for (int row = 0; row < model->rowCount(parent); ++row) {
            QStringList cells;
            for (int column = 0; column < model->columnCount(parent); ++column)
                cells << model->index(row, column, parent).data().toString();
            lines << QString(depth * 2, u' ') + cells.join(u" | "_s);
            walk(model->index(row, 0, parent), depth + 1);
        }
    };
    walk({}, 0);
    return lines;
}

// The published manifests carry no namespace: `kubectl apply -n NAMESPACE` places them.
// The same here: each object's metadata gets the namespace, the namespace is a source.
QString namespacedCopy(const QString &path, const QString &ns, const QString &dir)
{
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly))
        return {};
    QString yaml = QString::fromUtf8(in.readAll());
    yaml.replace(QRegularExpression(u"^metadata:\n"_s, QRegularExpression::MultilineOption),
                 u"metadata:\n  namespace: %1\n"_s.arg(ns));
    yaml.prepend(u"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %1\n  labels:\n    previewdesk.io/role: source\n---\n"_s.arg(ns));
    QFile out(dir + u'/' + ns + u".yaml"_s);
    if (!out.open(QIODevice::WriteOnly) || out.write(yaml.toUtf8()) < 0)
        return {};
    return out.fileName();
}

} // namespace

class TestWalkthroughNoIngress final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); pd::test::isolate(m_dir); }
    void clonesSourceWithoutIngress();

private:
    QTemporaryDir m_dir;
};

void TestWalkthroughNoIngress::clonesSourceWithoutIngress()
{
    const pd::test::Walkthrough walk(u"noingress"_s);
    pd::test::DemoApp app(m_dir.filePath(u"settings.ini"_s));
    QString error;
    // The demo sandbox, started as the app starts it, with the team's staging applied.
    QVERIFY2(app.demo.provider()(&error).has_value(), qPrintable(error));
    QVERIFY(app.demo.cluster());
    const QString source = u"online-boutique"_s;
    const QString manifests = namespacedCopy(pd::test::fixturePath(u"real/online-boutique.yaml"_s), source, m_dir.path());
    QVERIFY(!manifests.isEmpty());
    QVERIFY2(app.demo.cluster()->loadFile(manifests, &error), qPrintable(error));

    pd::gui::AppOptions options;
    options.demo = true;
    QVERIFY2(app.start(options, &error), qPrintable(error));
    pd::gui::MainWindow *window = app.window();
    window->resize(1280, 800);
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QTableView *table = window->table();
    QTRY_VERIFY_WITH_TIMEOUT(pd::test::cellOf(table, source, 0).isValid(), 10000);
    QTRY_VERIFY_WITH_TIMEOUT(window->environmentActions() && window->connectionText().startsWith(u"Live"_s), 10000);
    QVERIFY(pd::test::clickRow(table, source));
    walk.shot(window, u"0-source-in-browser"_s);

    // 1) Right-click the source, "Clone…", PR 77.
    QTRY_VERIFY_WITH_TIMEOUT(pd::test::contextMenuEntry(table, source, u"Clone…"_s), 10000);
    CloneWizard *wizard = nullptr;
    QTRY_VERIFY((wizard = window->findChild<CloneWizard *>()) && wizard->isVisible());
    const pd::test::ClientIdleGuard idle{app.session()->client()};
    wizard->setExecutorOptions(pd::test::quickCloneRun());
    wizard->resize(1100, 760);
    QTRY_VERIFY_WITH_TIMEOUT(wizard->sourceLoaded() || !wizard->loadError().isEmpty(), 20000);
    QVERIFY2(wizard->sourceLoaded(), qPrintable(wizard->loadError()));
    QAbstractButton *next = wizard->button(QWizard::NextButton);
    auto *pullRequest = child<QLineEdit>(*wizard, u"pullRequest"_s);
    auto *name = child<QLineEdit>(*wizard, u"previewName"_s);
    QVERIFY(pullRequest && name);
    QTest::keyClicks(pullRequest, u"77"_s);
    QTRY_VERIFY2(name->text().contains(u"77"_s), qPrintable(name->text()));
    const QString preview = name->text();
    auto *url = child<QLabel>(*wizard, u"previewUrl"_s);
    // The host from the context's template (the demo's: pr-{pr}.preview.example.com); no
    // Ingress in the source, so no scheme of its own: plain http.
    QTRY_COMPARE(url->text(), u"http://pr-77.preview.example.com"_s);
    QCOMPARE(preview, u"pr-77"_s);
    QTest::keyClicks(child<QLineEdit>(*wizard, u"owner"_s), u"a.rivera"_s);
    QTest::keyClicks(child<QLineEdit>(*wizard, u"branch"_s), u"checkout-redesign"_s);
    QTRY_VERIFY(next->isEnabled());
    walk.shot(wizard, u"1-name-from-pr"_s);

    // 2) The review: frontend exposed at the template's host, the LoadBalancer a ClusterIP.
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard->currentId(), int(CloneWizard::FieldsPageId));
    auto *tree = child<QTreeView>(*wizard, u"planTree"_s);
    QTRY_VERIFY(tree->model()->rowCount() > 0);
    const QAbstractItemModel *plan = tree->model();
    // The row of `object` whose field (column 0) is `field`; invalid when none.
    const auto rowOf = [plan](const QString &object, const QString &field) {
        for (int top = 0; top < plan->rowCount(); ++top) {
            const QModelIndex parent = plan->index(top, 0);
            if (parent.data().toString() != object)
                continue;
            for (int row = 0; row < plan->rowCount(parent); ++row)
                if (plan->index(row, 0, parent).data().toString() == field)
                    return plan->index(row, 0, parent);
        }
        return QModelIndex();
    };
    const auto cells = [](const QModelIndex &row) -> QString {
        return row.siblingAtColumn(1).data().toString() + u" | "_s + row.siblingAtColumn(2).data().toString();
    };
    const auto select = [tree](const QModelIndex &row) {
        tree->scrollTo(row);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(row).center());
        return tree->currentIndex() == row;
    };
    auto *rule = child<QLabel>(*wizard, u"ruleExplanation"_s);
    // The front door, exposed at the template's host through a new Ingress.
    const QModelIndex exposed = rowOf(u"Ingress/previewdesk-url"_s, u"spec.rules[0]"_s);
    QVERIFY2(exposed.isValid(), qPrintable(allRows(plan).join(u'\n')));
    QVERIFY2(cells(exposed).startsWith(u"http://pr-77.preview.example.com -> Service frontend-external port 80 "_s)
                 && cells(exposed).endsWith(u"| Exposed through an Ingress"_s),
             qPrintable(cells(exposed)));
    QVERIFY(tree->isExpanded(exposed.parent()));
    QVERIFY(select(exposed));
    QTRY_VERIFY(!rule->text().isEmpty());
    walk.shot(wizard, u"2-exposed-at-host"_s);
    // Its LoadBalancer becomes a ClusterIP: no cloud load balancer per preview.
    const QModelIndex internal = rowOf(u"Service/frontend-external"_s, u"spec.type"_s);
    QVERIFY2(internal.isValid(), qPrintable(allRows(plan).join(u'\n')));
    QVERIFY2(cells(internal).startsWith(u"ClusterIP (no cloud load balancer"_s) && cells(internal).endsWith(u"| Made cluster-internal"_s),
             qPrintable(cells(internal)));
    QVERIFY2(cells(rowOf(u"Service/frontend-external"_s, u"spec.ports[http].nodePort"_s)).contains(u"dropped"_s),
             "the node port stays with the source");
    QVERIFY(select(internal));
    QTRY_VERIFY(!rule->text().isEmpty());
    walk.shot(wizard, u"3-loadbalancer-to-clusterip"_s);
    // The quota is sized to what the twelve Deployments run (twice that while all roll at
    // once); memory and pods fit under the caps, CPU is held at the cap.
    const QModelIndex memory = rowOf(u"ResourceQuota/previewdesk-quota"_s, u"spec.hard.requests.memory"_s);
    QVERIFY(memory.isValid());
    QCOMPARE(cells(memory), u"2.69Gi (runs 1.34Gi, 2.67Gi with every rolling update and autoscaler at once) | Quota sized"_s);
    QCOMPARE(cells(rowOf(u"ResourceQuota/previewdesk-quota"_s, u"spec.hard.pods"_s)),
             u"24 (runs 12, 24 with every rolling update and autoscaler at once) | Quota sized"_s);
    const QString cpu = cells(rowOf(u"ResourceQuota/previewdesk-quota"_s, u"spec.hard.requests.cpu"_s));
    QVERIFY2(cpu.startsWith(u"2 (runs 1.57, "_s), qPrintable(cpu));
    QVERIFY(select(memory));
    QTRY_VERIFY(!rule->text().isEmpty());
    walk.shot(wizard, u"4-quota-sized"_s);

    // Configuration, decisions (nothing to decide: the app has no secrets), then the quota
    // the preview gets and the summary.
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard->currentId(), int(CloneWizard::ConfigurationPageId));
    QTRY_VERIFY(next->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard->currentId(), int(CloneWizard::DecisionsPageId));
    QTRY_VERIFY(next->isEnabled());
    walk.shot(wizard, u"5-decisions"_s);
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard->currentId(), int(CloneWizard::SettingsPageId));
    // The quota the preview gets, as the review sized it, with the cap beside it.
    const QString quota = child<QLabel>(*wizard, u"quota"_s)->text();
    QVERIFY2(quota.contains(u"pods: 24 (cap 30)"_s), qPrintable(quota));
    QVERIFY2(quota.contains(u"requests.memory: 2752Mi (cap 4Gi)"_s), qPrintable(quota));
    walk.shot(wizard, u"6-quota"_s);
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard->currentId(), int(CloneWizard::SummaryPageId));
    const QString summary = child<QLabel>(*wizard, u"summary"_s)->text();
    QVERIFY2(summary.contains(u"Clone online-boutique into pr-77"_s), qPrintable(summary));
    walk.shot(wizard, u"7-summary"_s);

    // Creates; every object is created, every Deployment ready; the URL is a link.
    QAbstractButton *create = wizard->button(QWizard::CommitButton);
    QVERIFY(create->isVisible() && create->isEnabled());
    QTest::mouseClick(create, Qt::LeftButton);
    QCOMPARE(wizard->currentId(), int(CloneWizard::ProgressPageId));
    auto *progress = child<QListWidget>(*wizard, u"progressList"_s);
    auto *result = child<QLabel>(*wizard, u"result"_s);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(u"is ready"_s) || result->text().contains(u"fail"_s, Qt::CaseInsensitive), 30000);
    QCOMPARE(result->text(), u"pr-77 is ready.<br><a href=\"http://pr-77.preview.example.com\">http://pr-77.preview.example.com</a>"_s);
    QVERIFY(result->openExternalLinks());
    QStringList items;
    int deployments = 0;
    for (int i = 0; i < progress->count(); ++i) {
        const QString text = progress->item(i)->text().trimmed();
        items << text;
        const bool deployment = text.startsWith(u"Deployment/"_s);
        deployments += deployment;
        QVERIFY2(text.endsWith(deployment ? u" — ready"_s : u" — created"_s), qPrintable(text));
    }
    QCOMPARE(deployments, 12);
    QVERIFY2(items.contains(u"Ingress/previewdesk-url — created"_s), qPrintable(items.join(u'\n')));
    QVERIFY2(items.contains(u"Service/frontend-external — created"_s), qPrintable(items.join(u'\n')));
    walk.shot(wizard, u"8-created"_s);
    const pd::sandbox::ObjectStore *store = app.demo.cluster()->store();
    const std::optional<QJsonObject> quotaObject =
        store->get(pd::sandbox::GroupResource{{}, u"resourcequotas"_s}, preview, u"previewdesk-quota"_s);
    QVERIFY(quotaObject);
    const QJsonObject hard = quotaObject->value(u"spec"_s).toObject().value(u"hard"_s).toObject();
    QCOMPARE(hard.value(u"pods"_s).toString(), u"24"_s);
    QCOMPARE(hard.value(u"requests.memory"_s).toString(), u"2752Mi"_s);   // 2.69Gi as the review shows it
    QCOMPARE(hard.value(u"requests.cpu"_s).toString(), u"2"_s);
    const std::optional<QJsonObject> front =
        store->get(pd::sandbox::GroupResource{{}, u"services"_s}, preview, u"frontend-external"_s);
    QVERIFY(front);
    QCOMPARE(front->value(u"spec"_s).toObject().value(u"type"_s).toString(), u"ClusterIP"_s);
    const std::optional<QJsonObject> ingress =
        store->get(pd::sandbox::GroupResource{u"networking.k8s.io"_s, u"ingresses"_s}, preview, u"previewdesk-url"_s);
    QVERIFY(ingress);
    QCOMPARE(ingress->value(u"spec"_s).toObject().value(u"rules"_s).toArray().first().toObject().value(u"host"_s).toString(),
             u"pr-77.preview.example.com"_s);
    // What the server holds: the front Service a ClusterIP, the Ingress at the host.
    QTRY_VERIFY_WITH_TIMEOUT(pd::test::cellOf(table, preview, 0).isValid(), 10000);
    QTest::mouseClick(wizard->button(QWizard::FinishButton), Qt::LeftButton);
    QTRY_VERIFY(!window->findChild<CloneWizard *>() || !wizard->isVisible());
    QVERIFY(pd::test::clickRow(table, preview));
    walk.shot(window, u"9-preview-in-browser"_s);
}

QTEST_MAIN(TestWalkthroughNoIngress)
#include "tst_walkthrough_noingress.moc"
