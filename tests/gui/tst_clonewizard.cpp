// The clone wizard end to end on the offscreen platform: the real client against an
// in-process sandbox cluster, walked page by page as the developer at the desk does.
#include "core/cost/costprojection.h"
#include "core/session/clonesession.h"
#include "gui/clonewizard/clonewizard.h"
#include "core/clone/planrowtext.h"
#include "gui/clonewizard/configurationpage.h"
#include "gui/clonewizard/planrowmodel.h"
#include "kube/apiclient.h"
#include "kube/discovery.h"
#include "sandbox/sandboxcluster.h"
#include "clonewizardtestutil.h"
#include "layoutcheck.h"
#include "screenshot.h"
#include "testpaths.h"

#include <QAbstractButton>
#include <QAbstractItemModel>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QTextEdit>
#include <QTreeView>
#include <QTest>
#include <QTreeWidget>

#include <functional>
#include <memory>

using namespace Qt::StringLiterals;
using pd::gui::CloneWizard;
using pd::test::child;
using pd::test::ClientIdleGuard;

namespace {

struct Connection
{
    std::unique_ptr<pd::kube::ApiClient> client;
    std::unique_ptr<pd::kube::Discovery> discovery;
};

Connection connectTo(const pd::sandbox::SandboxCluster &cluster, const QString &token, bool tls)
{
    pd::kube::ClusterEndpoint endpoint;
    endpoint.server = cluster.url();
    endpoint.token = token;
    if (tls)
        endpoint.certificateAuthorityPem = cluster.caPem();
    Connection connection;
    connection.client = std::make_unique<pd::kube::ApiClient>(endpoint);
    connection.discovery = std::make_unique<pd::kube::Discovery>(connection.client.get());
    return connection;
}

// Every text a person could read in the wizard: labels, edits, buttons, tables, trees.
QString allText(const QWidget &root)
{
    QStringList texts;
    for (const QLabel *label : root.findChildren<QLabel *>())
        texts << label->text() << label->toolTip();
    for (const QLineEdit *edit : root.findChildren<QLineEdit *>())
        texts << edit->text();
    for (const QAbstractButton *button : root.findChildren<QAbstractButton *>())
        texts << button->text() << button->toolTip();
    for (const QTreeWidget *tree : root.findChildren<QTreeWidget *>()) {
        for (QTreeWidgetItemIterator it(const_cast<QTreeWidget *>(tree)); *it; ++it)
            for (int column = 0; column < (*it)->columnCount(); ++column)
                texts << (*it)->text(column) << (*it)->toolTip(column);
    }
    for (const QTreeView *view : root.findChildren<QTreeView *>()) {
        const QAbstractItemModel *model = view->model();
        const std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
            for (int row = 0; row < model->rowCount(parent); ++row) {
                for (int column = 0; column < model->columnCount(parent); ++column)
                    texts << model->index(row, column, parent).data().toString()
                          << model->index(row, column, parent).data(Qt::ToolTipRole).toString();
                walk(model->index(row, 0, parent));
            }
        };
        walk({});
    }
    for (const QTextEdit *edit : root.findChildren<QTextEdit *>())
        texts << edit->toPlainText();
    return texts.join(u'\n');
}

} // namespace

class TestCloneWizard final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clonesByHand();
    void viewerCannotRevealSecrets();
};

void TestCloneWizard::clonesByHand()
{
    pd::sandbox::SandboxCluster cluster;
    pd::sandbox::SandboxOptions options;
    options.loadFiles << pd::test::fixturePath(u"staging-shop.yaml"_s);
    options.tls = false;
    options.controllers = true;
    QString error;
    QVERIFY2(cluster.start(options, &error), qPrintable(error));
    Connection connection = connectTo(cluster, cluster.adminToken(), false);

    CloneWizard wizard(new pd::core::CloneSession(connection.client.get(), connection.discovery.get(), u"staging"_s));
    const ClientIdleGuard idle{connection.client.get()};
    wizard.setExecutorOptions(pd::test::quickCloneRun());
    wizard.show();
    QTRY_VERIFY_WITH_TIMEOUT(wizard.sourceLoaded(), 30000);
    QAbstractButton *next = wizard.button(QWizard::NextButton);

    // 1) PR number fills the name; a bad name is refused as it is typed.
    auto *pullRequest = child<QLineEdit>(wizard, u"pullRequest"_s);
    auto *name = child<QLineEdit>(wizard, u"previewName"_s);
    auto *nameError = child<QLabel>(wizard, u"nameError"_s);
    QVERIFY(pullRequest && name && nameError);
    QVERIFY(!next->isEnabled());
    QTest::keyClicks(pullRequest, u"1423"_s);
    QCOMPARE(name->text(), u"pr-1423"_s);
    QTRY_VERIFY(next->isEnabled());
    QTest::keyClicks(name, u"_X"_s);
    QVERIFY(!nameError->text().isEmpty());
    QVERIFY(!next->isEnabled());
    name->selectAll();
    QTest::keyClicks(name, u"pr-1423"_s);
    QVERIFY(nameError->text().isEmpty());
    QVERIFY(next->isEnabled());
    QTest::keyClicks(child<QLineEdit>(wizard, u"branch"_s), u"checkout-redesign"_s);
    QTest::keyClicks(child<QLineEdit>(wizard, u"owner"_s), u"a.rivera"_s);
    QCOMPARE(wizard.options().name, u"pr-1423"_s);
    QCOMPARE(wizard.options().pullRequest, 1423);
    pd::test::verifyNothingCut(wizard.currentPage());
    pd::test::saveScreenshot(&wizard, u"clone-wizard-source.png"_s);

    // 2) Regenerated fields by object, with the rule's description as tooltip; secrets masked.
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(CloneWizard::FieldsPageId));
    auto *tree = child<QTreeView>(wizard, u"planTree"_s);
    QVERIFY(tree);
    const QAbstractItemModel *model = tree->model();
    QVERIFY(model->rowCount() > 0);
    bool regenerated = false;
    const std::function<void(const QModelIndex &)> walk = [&](const QModelIndex &parent) {
        for (int row = 0; row < model->rowCount(parent); ++row) {
            const QModelIndex index = model->index(row, 0, parent);
            walk(index);
            if (model->index(row, 0, parent).data(pd::gui::PlanRowModel::PlanRowRole).toInt() < 0)
                continue;
            QVERIFY(!model->index(row, 2, parent).data(Qt::ToolTipRole).toString().isEmpty());
            if (index.data(pd::gui::PlanRowModel::RuleTitleRole).toString() == pd::core::planRuleTitle(pd::core::PlanRule::SecretRegenerated)) {
                regenerated = true;
                const QString shown = model->index(row, 1, parent).data().toString();
                QVERIFY(shown.isEmpty() || shown == pd::gui::ConfigurationPage::mask());
            }
        }
    };
    walk({});
    QVERIFY(regenerated);
    QVERIFY(allText(wizard).contains(u"pr-1423.preview.example.com"_s));
    pd::test::saveScreenshot(&wizard, u"clone-wizard.png"_s);

    // 3) Configuration: ConfigMap values shown, Secret values masked until revealed.
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(CloneWizard::ConfigurationPageId));
    auto *configuration = child<QTreeWidget>(wizard, u"configurationTree"_s);
    QVERIFY(configuration);
    QVERIFY(!configuration->findItems(u"Deployment/checkout-api"_s, Qt::MatchExactly).isEmpty());
    auto *reveal = child<QPushButton>(wizard, u"reveal:Deployment/checkout-api/DB_PASSWORD"_s);
    QVERIFY(reveal);
    QTRY_VERIFY(reveal->isEnabled());
    const QList<QTreeWidgetItem *> passwordRows = configuration->findItems(u"DB_PASSWORD"_s, Qt::MatchExactly | Qt::MatchRecursive);
    QVERIFY(!passwordRows.isEmpty());
    QCOMPARE(passwordRows.first()->text(2), pd::gui::ConfigurationPage::mask());
    QTest::mouseClick(reveal, Qt::LeftButton);
    QCOMPARE(passwordRows.first()->text(2), QString::fromUtf8(QByteArray::fromBase64("c3RhZ2luZy1wZy1Ba2o4M2hkMjk0bWNr")));

    // 4) mail-relay must be decided; Next waits for it.
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(CloneWizard::DecisionsPageId));
    QVERIFY(!next->isEnabled());
    auto *decision = child<QComboBox>(wizard, u"decision:mail-relay"_s);
    QVERIFY(decision);
    decision->setCurrentIndex(decision->findData(u"omit"_s));
    QTRY_VERIFY(next->isEnabled());

    // 5) Data: the postgres StatefulSet starts empty unless asked otherwise.
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(CloneWizard::DataPageId));
    auto *data = child<QComboBox>(wizard, u"data:postgres"_s);
    QVERIFY(data);
    QCOMPARE(data->currentData().toString(), u"empty"_s);
    QVERIFY(next->isEnabled());

    // 6) TTL, mode, quota.
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(CloneWizard::SettingsPageId));
    auto *ttl = child<QLineEdit>(wizard, u"ttl"_s);
    QCOMPARE(ttl->text(), u"72h"_s);
    ttl->selectAll();
    QTest::keyClicks(ttl, u"soon"_s);
    QVERIFY(!child<QLabel>(wizard, u"ttlError"_s)->text().isEmpty());
    QVERIFY(!next->isEnabled());
    ttl->selectAll();
    QTest::keyClicks(ttl, u"48h"_s);
    QVERIFY(next->isEnabled());
    QCOMPARE(wizard.options().ttl, std::chrono::seconds(48 * 3600));
    {
        const QString quota = child<QLabel>(wizard, u"quota"_s)->text();
        // The sized quota the preview gets, the cap beside it (not the caps alone).
        QVERIFY2(quota.contains(u"requests.cpu: 1900m (cap 2)"_s), qPrintable(quota));
    }
    pd::test::verifyNothingCut(wizard.currentPage());
    pd::test::saveScreenshot(&wizard, u"clone-wizard-settings.png"_s);

    // 6) Summary: never an invented cost.
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(CloneWizard::SummaryPageId));
    const QString summary = child<QLabel>(wizard, u"summary"_s)->text();
    QVERIFY(summary.contains(u"https://pr-1423.preview.example.com"_s));
    // The projection prices the plan's own requests (replicas capped to 1) at OpenCost's defaults.
    QList<QJsonObject> planObjects;
    for (const pd::core::PlannedObject &planned : wizard.plan().objects)
        planObjects << planned.object;
    const pd::core::ProjectedCost projected = pd::core::projectCost(planObjects);
    QVERIFY(projected.computePerDay > 0);
    QVERIFY(projected.storagePerDay > 0);   // the database's claim template
    QVERIFY2(summary.contains(u"Projected cost: $%1 / day ($%2 / month)"_s.arg(projected.perDay(), 0, 'f', 2)
                                  .arg(projected.perMonth(), 0, 'f', 2)),
             qPrintable(summary));
    QVERIFY(summary.contains(u"would save $%1 / month"_s.arg(projected.savingPerMonth(), 0, 'f', 2)));
    pd::test::verifyNothingCut(wizard.currentPage());
    pd::test::saveScreenshot(&wizard, u"clone-wizard-summary.png"_s);

    // 7) Create; each object's state shows, then the URL as a link.
    QAbstractButton *create = wizard.button(QWizard::CommitButton);
    QVERIFY(create->isVisible() && create->isEnabled());
    QTest::mouseClick(create, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(CloneWizard::ProgressPageId));
    auto *progress = child<QListWidget>(wizard, u"progressList"_s);
    QVERIFY(progress && progress->count() > 5);
    auto *result = child<QLabel>(wizard, u"result"_s);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(u"href=\"https://pr-1423.preview.example.com\""_s), 90000);
    QVERIFY(result->openExternalLinks());
    QVERIFY(!progress->findItems(u"Deployment/checkout-api — ready"_s, Qt::MatchStartsWith).isEmpty());
    QVERIFY(wizard.button(QWizard::FinishButton)->isEnabled());

    const pd::kube::ResourceRef ns{QString(), u"v1"_s, u"namespaces"_s, QString(), u"pr-1423"_s, {}};
    auto future = connection.client->get(ns);
    QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), 30000);
    QCOMPARE(future.result().httpCode, 200);
}

void TestCloneWizard::viewerCannotRevealSecrets()
{
    pd::sandbox::SandboxCluster cluster;
    pd::sandbox::SandboxOptions options;
    options.loadFiles << pd::test::fixturePath(u"staging-shop.yaml"_s);
    options.tls = true;
    options.controllers = true;
    QString error;
    QVERIFY2(cluster.start(options, &error), qPrintable(error));
    Connection connection = connectTo(cluster, cluster.viewerToken(), true);

    CloneWizard wizard(new pd::core::CloneSession(connection.client.get(), connection.discovery.get(), u"staging"_s));
    const ClientIdleGuard idle{connection.client.get()};
    wizard.show();
    QTRY_VERIFY_WITH_TIMEOUT(wizard.canReadSecrets().has_value(), 30000);
    QCOMPARE(*wizard.canReadSecrets(), false);
    auto *tree = child<QTreeWidget>(wizard, u"configurationTree"_s);
    QVERIFY(tree);
    QPushButton *reveal = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((reveal = wizard.findChild<QPushButton *>(u"reveal:Deployment/checkout-api/DB_PASSWORD"_s)),
                             30000);
    QVERIFY(!reveal->isEnabled());
    QCOMPARE(reveal->toolTip(), u"Missing permission: get secrets in namespace staging"_s);
    const QList<QTreeWidgetItem *> passwordRows = tree->findItems(u"DB_PASSWORD"_s, Qt::MatchExactly | Qt::MatchRecursive);
    QVERIFY(!passwordRows.isEmpty());
    QCOMPARE(passwordRows.first()->text(2), pd::gui::ConfigurationPage::mask());

    // No source secret value, encoded or not, in anything a person could read.
    const QString text = allText(wizard);
    QVERIFY(!text.contains(u"c3RhZ2luZy1wZy1Ba2o4M2hkMjk0bWNr"_s));
    QVERIFY(!text.contains(QString::fromUtf8(QByteArray::fromBase64("c3RhZ2luZy1wZy1Ba2o4M2hkMjk0bWNr"))));
}

QTEST_MAIN(TestCloneWizard)
#include "tst_clonewizard.moc"
