// Names that fit the source, driven through the real wizard on the sandbox as a person
// would: the demo's staging names its previews shop-pr-N, so PR 1423 gets shop-pr-1423
// and its URL; a taken name is refused on the name page; a failed create offers Back
// and Retry; Ctrl+N on a preview clones its source; with a GitHub token the branch is the
// pull request's head branch (the forge double answers as GitHub does).
#include "core/session/clonesession.h"
#include "core/environment/environmentwatcher.h"
#include "core/session/session.h"
#include "core/forge/githubclient.h"
#include "forgedouble.h"
#include "gui/clonewizard/clonewizard.h"
#include "gui/environmentactionsmenu.h"
#include "gui/mainwindow.h"
#include "kube/apiclient.h"
#include "kube/discovery.h"
#include "sandbox/sandboxcluster.h"
#include "sandbox/sandboxendpoint.h"
#include "clonewizardtestutil.h"
#include "testpaths.h"

#include <QAbstractButton>
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using pd::gui::CloneWizard;
using pd::test::child;
using pd::test::ClientIdleGuard;

namespace {

QString screenshotPath(const QString &name)
{
    return QDir(qEnvironmentVariable("PREVIEWDESK_BUILD_DIR", QDir::currentPath())).filePath(name);
}

pd::kube::ResourceRef namespaceRef(const QString &name)
{
    return pd::kube::ResourceRef{QString(), u"v1"_s, u"namespaces"_s, QString(), name, {}};
}

pd::kube::ApiResult await(QFuture<pd::kube::ApiResult> future)
{
    if (!QTest::qWaitFor([&] { return future.isFinished(); }, 30000) || future.resultCount() == 0)
        qFatal("a request did not finish within 30 s");
    return future.result();
}

// The demo cluster (staging and its shop-pr-N previews), without controllers.
bool startDemo(pd::sandbox::SandboxCluster *cluster, QString *error)
{
    pd::sandbox::SandboxOptions options;
    options.demo = true;
    options.controllers = false;
    return cluster->start(options, error);
}

} // namespace

class TestCloneWizardNaming final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesLikeTheSourcesPreviewsAndRefusesATakenName();
    void failedCreateOffersBackAndRetry();
    void ctrlNOnAPreviewClonesItsSource();
    void branchComesFromThePullRequest();
};

void TestCloneWizardNaming::branchComesFromThePullRequest()
{
    const QString token = u"ghs_wizardBranchToken"_s;
    pd::test::ForgeDouble forge;
    QVERIFY(forge.listen());
    forge.setToken(token);
    forge.addPullRequest(1423);   // head ref checkout-redesign
    pd::sandbox::SandboxCluster cluster;
    QString error;
    QVERIFY2(startDemo(&cluster, &error), qPrintable(error));
    pd::core::ContextSettings settings;
    settings.gitHubApiBase = forge.apiBase();
    pd::core::Session session(pd::sandbox::adminEndpoint(cluster), u"sandbox"_s, settings);
    // staging records its repository, as the team's CI writes it.
    const QJsonObject patch{{u"metadata"_s, QJsonObject{{u"annotations"_s,
        QJsonObject{{u"previewdesk.io/repository"_s, u"https://github.com/octo-org/shop.git"_s}}}}}};
    QVERIFY(await(session.client()->patch(namespaceRef(u"staging"_s), pd::kube::PatchType::Merge,
                                          QJsonDocument(patch).toJson())).ok());

    {
        // Without a token nothing is asked: the branch stays the person's to type.
        CloneWizard wizard(new pd::core::CloneSession(&session, u"staging"_s));
        const ClientIdleGuard idle{session.client()};
        wizard.show();
        QTRY_VERIFY_WITH_TIMEOUT(wizard.sourceLoaded(), 30000);
        QTest::keyClicks(child<QLineEdit>(wizard, u"pullRequest"_s), u"1423"_s);
        QVERIFY(!child<QLabel>(wizard, u"branchNote"_s)->isVisible());
        QCOMPARE(forge.count("GET", u"/pulls/1423"_s), 0);
        QCOMPARE(wizard.options().repository, u"octo-org/shop"_s);   // recorded on the preview all the same
    }

    session.gitHub()->setToken(token);
    CloneWizard wizard(new pd::core::CloneSession(&session, u"staging"_s));
    const ClientIdleGuard idle{session.client()};
    wizard.show();
    QTRY_VERIFY_WITH_TIMEOUT(wizard.sourceLoaded(), 30000);
    auto *pullRequest = child<QLineEdit>(wizard, u"pullRequest"_s);
    auto *branch = child<QLineEdit>(wizard, u"branch"_s);
    auto *note = child<QLabel>(wizard, u"branchNote"_s);
    QVERIFY(pullRequest && branch && note);
    QTest::keyClicks(pullRequest, u"1423"_s);
    QTRY_COMPARE_WITH_TIMEOUT(branch->text(), u"checkout-redesign"_s, 15000);
    QCOMPARE(note->text(), u"The head branch of pull request #1423 in octo-org/shop"_s);
    QVERIFY(note->isVisible());
    QCOMPARE(wizard.options().branch, u"checkout-redesign"_s);
    QCOMPARE(child<QLineEdit>(wizard, u"previewName"_s)->text(), u"shop-pr-1423"_s);
    QVERIFY(wizard.grab().save(screenshotPath(u"clone-wizard-branch-from-pr.png"_s)));

    // A pull request GitHub does not know: said so, nothing invented.
    pullRequest->selectAll();
    QTest::keyClicks(pullRequest, u"77"_s);
    QTRY_VERIFY_WITH_TIMEOUT(note->text().startsWith(u"GitHub did not say the branch of #77: "_s), 15000);

    // A branch the person typed stays, whatever GitHub answers later.
    branch->selectAll();
    QTest::keyClicks(branch, u"my-branch"_s);
    const int asked = forge.count("GET", u"/pulls/1423"_s);
    pullRequest->selectAll();
    QTest::keyClicks(pullRequest, u"1423"_s);
    QCOMPARE(forge.count("GET", u"/pulls/1423"_s), asked);   // not even asked
    QCOMPARE(branch->text(), u"my-branch"_s);
    QCOMPARE(wizard.options().branch, u"my-branch"_s);
}

void TestCloneWizardNaming::namesLikeTheSourcesPreviewsAndRefusesATakenName()
{
    pd::sandbox::SandboxCluster cluster;
    QString error;
    QVERIFY2(startDemo(&cluster, &error), qPrintable(error));
    pd::core::Session session(pd::sandbox::adminEndpoint(cluster), u"sandbox"_s);

    CloneWizard wizard(new pd::core::CloneSession(&session, u"staging"_s));
    const ClientIdleGuard idle{session.client()};
    wizard.show();
    QTRY_VERIFY_WITH_TIMEOUT(wizard.sourceLoaded(), 30000);
    QAbstractButton *next = wizard.button(QWizard::NextButton);
    auto *pullRequest = child<QLineEdit>(wizard, u"pullRequest"_s);
    auto *name = child<QLineEdit>(wizard, u"previewName"_s);
    auto *nameError = child<QLabel>(wizard, u"nameError"_s);
    auto *naming = child<QLabel>(wizard, u"namingNote"_s);
    auto *url = child<QLabel>(wizard, u"previewUrl"_s);
    QVERIFY(pullRequest && name && nameError && naming && url);
    QCOMPARE(naming->text(), u"Named like staging's other previews (shop-pr-1418): shop-pr-{pr}"_s);

    // PR 1423: the name and the URL follow shop-pr-1418's.
    QTest::keyClicks(pullRequest, u"1423"_s);
    QCOMPARE(name->text(), u"shop-pr-1423"_s);
    QTRY_COMPARE(url->text(), u"https://shop-pr-1423.preview.shop.example.com"_s);
    QTRY_VERIFY(next->isEnabled());
    QVERIFY(!nameError->isVisible());
    QVERIFY(wizard.grab().save(screenshotPath(u"clone-wizard-name.png"_s)));

    // PR 1418 has its preview: the name is refused here, with whose it is, not at Create.
    pullRequest->selectAll();
    QTest::keyClicks(pullRequest, u"1418"_s);
    QCOMPARE(name->text(), u"shop-pr-1418"_s);
    QTRY_COMPARE(nameError->text(), u"shop-pr-1418 is taken by a preview of staging, PR 1418, owner bob. Choose another name."_s);
    QVERIFY(nameError->isVisible());
    QVERIFY(!next->isEnabled());
    QVERIFY(wizard.grab().save(screenshotPath(u"clone-wizard-name-taken.png"_s)));

    // A name of one's own that is free goes on.
    QTest::keyClicks(name, u"-b"_s);
    QTRY_VERIFY(next->isEnabled());
    QVERIFY(nameError->text().isEmpty());
    QCOMPARE(wizard.options().name, u"shop-pr-1418-b"_s);
}

void TestCloneWizardNaming::failedCreateOffersBackAndRetry()
{
    pd::sandbox::SandboxCluster cluster;
    pd::sandbox::SandboxOptions options;
    options.loadFiles << pd::test::fixturePath(u"staging-shop.yaml"_s);
    options.controllers = true;
    QString error;
    QVERIFY2(cluster.start(options, &error), qPrintable(error));
    pd::core::Session session(pd::sandbox::adminEndpoint(cluster), u"sandbox"_s);

    CloneWizard wizard(new pd::core::CloneSession(&session, u"staging"_s));
    const ClientIdleGuard idle{session.client()};
    wizard.setExecutorOptions(pd::test::quickCloneRun());
    wizard.show();
    QTRY_VERIFY_WITH_TIMEOUT(wizard.sourceLoaded(), 30000);
    QAbstractButton *next = wizard.button(QWizard::NextButton);
    QTest::keyClicks(child<QLineEdit>(wizard, u"pullRequest"_s), u"1423"_s);
    QCOMPARE(child<QLineEdit>(wizard, u"previewName"_s)->text(), u"pr-1423"_s);   // no previews, no profile
    QTRY_VERIFY(next->isEnabled());
    while (wizard.currentId() != CloneWizard::SummaryPageId) {
        if (auto *decision = wizard.findChild<QComboBox *>(u"decision:mail-relay"_s);
            decision && wizard.currentId() == CloneWizard::DecisionsPageId)
            decision->setCurrentIndex(decision->findData(u"omit"_s));
        QTRY_VERIFY(next->isEnabled());
        QTest::mouseClick(next, Qt::LeftButton);
    }

    // Someone takes the name between the name page and Create.
    const QJsonObject blocker{{u"apiVersion"_s, u"v1"_s}, {u"kind"_s, u"Namespace"_s},
                              {u"metadata"_s, QJsonObject{{u"name"_s, u"pr-1423"_s}}}};
    QVERIFY(await(session.client()->create(namespaceRef(QString()), blocker)).ok());
    QAbstractButton *create = wizard.button(QWizard::CommitButton);
    QTest::mouseClick(create, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(CloneWizard::ProgressPageId));
    auto *phase = child<QLabel>(wizard, u"phase"_s);
    auto *result = child<QLabel>(wizard, u"result"_s);
    auto *progress = child<QListWidget>(wizard, u"progressList"_s);
    QTRY_COMPARE_WITH_TIMEOUT(phase->text(), u"Failed."_s, 30000);
    QVERIFY2(result->text().contains(u"A namespace named pr-1423 already exists"_s), qPrintable(result->text()));
    // Nothing stays "pending": what never reached the cluster says so.
    QVERIFY(progress->count() > 5);
    QVERIFY(progress->findItems(u"— pending"_s, Qt::MatchContains).isEmpty());
    QVERIFY(!progress->findItems(u"Deployment/checkout-api — not created"_s, Qt::MatchExactly).isEmpty());
    QAbstractButton *back = wizard.button(CloneWizard::BackAfterFailureButton);
    QAbstractButton *retry = wizard.button(CloneWizard::RetryButton);
    QVERIFY(back->isVisible() && back->isEnabled());
    QVERIFY(retry->isVisible() && retry->isEnabled());
    QCOMPARE(wizard.button(QWizard::FinishButton)->text(), u"Close"_s);
    QVERIFY(wizard.grab().save(screenshotPath(u"clone-wizard-failed.png"_s)));

    // Back: the summary again, Create ready; Create fails the same way while the name is taken.
    QTest::mouseClick(back, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(CloneWizard::SummaryPageId));
    QVERIFY(create->isVisible() && create->isEnabled());
    QVERIFY(!retry->isVisible());
    QTest::mouseClick(create, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(phase->text(), u"Failed."_s, 30000);

    // The blocker goes; Retry creates the preview.
    QVERIFY(await(session.client()->remove(namespaceRef(u"pr-1423"_s))).ok());
    QTRY_VERIFY_WITH_TIMEOUT(await(session.client()->get(namespaceRef(u"pr-1423"_s))).httpCode == 404, 30000);
    QTest::mouseClick(retry, Qt::LeftButton);
    QVERIFY(!retry->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(u"href=\"https://pr-1423.preview.example.com\""_s), 90000);
    QCOMPARE(phase->text(), u"Done."_s);
    QVERIFY(!back->isVisible() && !retry->isVisible());
    QVERIFY(wizard.button(QWizard::FinishButton)->isEnabled());
    QVERIFY(wizard.button(QWizard::FinishButton)->text().contains(u"Finish"_s));
}

void TestCloneWizardNaming::ctrlNOnAPreviewClonesItsSource()
{
    pd::sandbox::SandboxCluster cluster;
    QString error;
    QVERIFY2(startDemo(&cluster, &error), qPrintable(error));
    pd::core::Session session(pd::sandbox::adminEndpoint(cluster), u"sandbox"_s);
    pd::gui::MainWindow window;
    window.setSession(&session);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    session.start();
    QTRY_VERIFY_WITH_TIMEOUT(window.selectEnvironment(u"shop-pr-1418"_s), 15000);
    QAction *clone = window.environmentActions()->cloneAction();
    QTRY_VERIFY_WITH_TIMEOUT(clone->isEnabled(), 10000);
    QCOMPARE(clone->toolTip(), u"Clone staging (the source of shop-pr-1418) into a new preview (Ctrl+N)"_s);
    QSignalSpy cloneRequests(&window, &pd::gui::MainWindow::cloneRequested);
    QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(cloneRequests.count(), 1);
    QCOMPARE(cloneRequests.takeFirst().first().toString(), u"staging"_s);

    // The source selected: the row itself.
    QVERIFY(window.selectEnvironment(u"staging"_s));
    QTRY_COMPARE(clone->toolTip(), u"Clone this environment into a new preview (Ctrl+N)"_s);
    clone->trigger();
    QCOMPARE(cloneRequests.count(), 1);
    QCOMPARE(cloneRequests.takeFirst().first().toString(), u"staging"_s);
    session.watcher()->stop();
}

QTEST_MAIN(TestCloneWizardNaming)
#include "tst_clonewizardnaming.moc"
