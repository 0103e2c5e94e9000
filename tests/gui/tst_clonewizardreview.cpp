// The clone wizard's review as the developer at the desk reads it, at the wizard's
// default size on the offscreen platform: the regenerated fields by object with the
// bookkeeping folded, the selected row in full with its rule in words, Reveal in view,
// and a secret's values entered by hand reaching the preview and no log.
#include "core/clone/planrowtext.h"
#include "core/session/clonesession.h"
#include "gui/clonewizard/clonewizard.h"
#include "gui/clonewizard/planrowmodel.h"
#include "kube/apiclient.h"
#include "kube/discovery.h"
#include "kube/logging.h"
#include "sandbox/sandboxcluster.h"
#include "clonewizardtestutil.h"
#include "screenshot.h"
#include "testpaths.h"

#include <spdlog/sinks/ostream_sink.h>

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <QTextCursor>
#include <QTextEdit>
#include <QTreeView>
#include <QTreeWidget>

#include <memory>
#include <mutex>
#include <sstream>

using namespace Qt::StringLiterals;
using pd::core::PlanRule;
using pd::gui::CloneWizard;
using pd::gui::PlanRowModel;
using pd::test::child;
using pd::test::ClientIdleGuard;

namespace {

const QString kEnteredPassword = u"Typed-Relay-Pa55word!"_s;

// Every message, Qt's and the named loggers', while it lives.
QStringList *g_qtMessages = nullptr;
void captureQtMessage(QtMsgType, const QMessageLogContext &, const QString &message)
{
    if (g_qtMessages)
        g_qtMessages->append(message);
}

struct LogCapture
{
    std::ostringstream out;
    std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
    QStringList qtMessages;
    QtMessageHandler previous = nullptr;
    LogCapture()
    {
        pd::log::setLevels(u"trace"_s);
        pd::log::addSink(sink);
        g_qtMessages = &qtMessages;
        previous = qInstallMessageHandler(captureQtMessage);
    }
    ~LogCapture()
    {
        qInstallMessageHandler(previous);
        g_qtMessages = nullptr;
        pd::log::removeSink(sink);
        pd::log::setLevels(u"info"_s);
    }
    QString text()
    {
        sink->flush();
        return QString::fromStdString(out.str()) + qtMessages.join(u'\n');
    }
};

// The first row of the plan with `rule` (on `object` when given), as the tree shows it.
QModelIndex rowWith(const PlanRowModel &model, PlanRule rule, const QString &object = {})
{
    for (int row = 0; row < model.rows().size(); ++row) {
        const pd::core::PlanRow &candidate = model.rows().at(row);
        if (candidate.rule == rule && (object.isEmpty() || candidate.object == object))
            return model.indexOfRow(row);
    }
    return {};
}

void clickRow(QTreeView *tree, const QModelIndex &index)
{
    tree->scrollTo(index);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(index).center());
}

// `widget` is shown whole inside `area` (its page or its view), with nothing to scroll.
bool inView(const QWidget *widget, const QWidget *area)
{
    if (!widget->isVisible())
        return false;
    const QRect rect(widget->mapTo(area->window(), QPoint(0, 0)), widget->size());
    const QRect bounds(area->mapTo(area->window(), QPoint(0, 0)), area->size());
    return bounds.contains(rect);
}

} // namespace

class TestCloneWizardReview final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void reviewReadsAndEnteredValuesReachThePreview();
};

void TestCloneWizardReview::reviewReadsAndEnteredValuesReachThePreview()
{
    LogCapture logs;
    pd::sandbox::SandboxCluster cluster;
    pd::sandbox::SandboxOptions options;
    options.loadFiles << pd::test::fixturePath(u"staging-shop.yaml"_s);
    options.tls = false;
    options.controllers = true;
    QString error;
    QVERIFY2(cluster.start(options, &error), qPrintable(error));
    pd::kube::ClusterEndpoint endpoint;
    endpoint.server = cluster.url();
    endpoint.token = cluster.adminToken();
    pd::kube::ApiClient client(endpoint);
    pd::kube::Discovery discovery(&client);

    CloneWizard wizard(new pd::core::CloneSession(&client, &discovery, u"staging"_s));
    const ClientIdleGuard idle{&client};
    wizard.setExecutorOptions(pd::test::quickCloneRun());
    wizard.show();   // at its default size
    QTRY_VERIFY_WITH_TIMEOUT(wizard.sourceLoaded(), 30000);
    QTRY_VERIFY_WITH_TIMEOUT(wizard.canReadSecrets().has_value(), 30000);
    QAbstractButton *next = wizard.button(QWizard::NextButton);
    QTest::keyClicks(child<QLineEdit>(wizard, u"pullRequest"_s), u"1423"_s);
    QTRY_VERIFY(next->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(CloneWizard::FieldsPageId));

    // Grouped by object: every row under its object; bookkeeping last, folded, with its count.
    auto *tree = child<QTreeView>(wizard, u"planTree"_s);
    QVERIFY(tree);
    auto *model = qobject_cast<PlanRowModel *>(tree->model());
    QVERIFY(model);
    // Every replan from here on (the decisions reset it) runs under the tester.
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QModelIndex bookkeeping = model->bookkeepingIndex();
    QVERIFY(bookkeeping.isValid());
    QCOMPARE(bookkeeping.row(), model->rowCount() - 1);
    QVERIFY(!tree->isExpanded(bookkeeping));
    int bookkeepingRows = 0;
    for (const pd::core::PlanRow &row : wizard.plan().rows)
        bookkeepingRows += pd::core::planRowWeight(row.rule) == pd::core::PlanRowWeight::Bookkeeping;
    QVERIFY(bookkeepingRows > 10);   // dozens of server fields and dropped objects...
    QCOMPARE(model->bookkeepingCount(), bookkeepingRows);
    QVERIFY2(bookkeeping.data().toString().contains(u"(%1 changes)"_s.arg(bookkeepingRows)), qPrintable(bookkeeping.data().toString()));
    QVERIFY(model->rowCount() > 3);   // ...under one line, after the objects that matter
    for (int top = 0; top < bookkeeping.row(); ++top) {
        const QModelIndex object = model->index(top, 0);
        QVERIFY(tree->isExpanded(object));
        QVERIFY(model->rowCount(object) > 0);
        for (int row = 0; row < model->rowCount(object); ++row) {
            const QModelIndex leaf = model->index(row, 0, object);
            QCOMPARE(leaf.data(PlanRowModel::ObjectRole).toString(), object.data().toString());
            QVERIFY(!leaf.data(PlanRowModel::BookkeepingRole).toBool());
        }
    }
    // Rules in words, never their ids.
    QStringList ruleIds;
    for (int rule = int(PlanRule::Namespace); rule <= int(PlanRule::LiteralCredential); ++rule)
        ruleIds << pd::core::planRuleName(PlanRule(rule));
    for (int top = 0; top < bookkeeping.row(); ++top)
        for (int row = 0; row < model->rowCount(model->index(top, 0)); ++row) {
            const QString rule = model->index(row, PlanRowModel::RuleColumn, model->index(top, 0)).data().toString();
            QVERIFY2(!rule.isEmpty() && !ruleIds.contains(rule), qPrintable(rule));
        }
    // The pane below is never empty: the first change is selected.
    auto *oldValue = child<QTextEdit>(wizard, u"oldValue"_s);
    auto *newValue = child<QTextEdit>(wizard, u"newValue"_s);
    auto *rule = child<QLabel>(wizard, u"ruleExplanation"_s);
    auto *reveal = child<QPushButton>(wizard, u"revealPlanRow"_s);
    QVERIFY(oldValue && newValue && rule && reveal);
    QVERIFY(model->planRow(tree->currentIndex()));
    QVERIFY(!rule->text().isEmpty());

    // A host: both values in full, side by side, the changed part highlighted, the rule explained.
    const QModelIndex host = rowWith(*model, PlanRule::IngressHost);
    QVERIFY(host.isValid());
    clickRow(tree, host);
    QCOMPARE(tree->currentIndex().siblingAtColumn(0), host);
    const pd::core::PlanRow hostRow = *model->planRow(host);
    QCOMPARE(oldValue->toPlainText(), hostRow.oldValue);
    QCOMPARE(newValue->toPlainText(), hostRow.newValue);
    QVERIFY(oldValue->mapTo(&wizard, QPoint()).y() == newValue->mapTo(&wizard, QPoint()).y());   // side by side
    QVERIFY(oldValue->mapTo(&wizard, QPoint()).x() < newValue->mapTo(&wizard, QPoint()).x());
    QVERIFY(rule->text().contains(pd::core::planRuleDescription(PlanRule::IngressHost)));
    QVERIFY(!rule->text().contains(u"ingress-host"_s));
    const pd::core::ChangedPart part = pd::core::changedPart(hostRow.oldValue, hostRow.newValue);
    QVERIFY(part.newLength > 0);
    const auto formatAt = [](QTextEdit *edit, qsizetype position) {
        QTextCursor cursor(edit->document());
        cursor.setPosition(int(position) + 1);   // the format of the character before
        return cursor.charFormat();
    };
    const QColor highlight = newValue->palette().color(QPalette::Highlight);
    QCOMPARE(formatAt(newValue, part.prefix).background().color(), highlight);
    QCOMPARE(formatAt(oldValue, part.prefix).background().color(), highlight);
    if (part.suffix > 0)
        QVERIFY(formatAt(newValue, hostRow.newValue.size() - 1).background().color() != highlight);
    QVERIFY(!reveal->isVisible());   // nothing to reveal on a plain row
    pd::test::saveScreenshot(&wizard, u"clone-review-host.png"_s);

    // A regenerated password: masked until revealed, Reveal in view without scrolling.
    const QModelIndex password = rowWith(*model, PlanRule::SecretRegenerated, u"Secret/postgres-credentials"_s);
    QVERIFY(password.isValid());
    clickRow(tree, password);
    QCOMPARE(oldValue->toPlainText(), PlanRowModel::mask());
    QCOMPARE(newValue->toPlainText(), PlanRowModel::mask());
    QVERIFY(inView(reveal, wizard.currentPage()));
    QTRY_VERIFY(reveal->isEnabled());
    pd::test::saveScreenshot(&wizard, u"clone-review-secret.png"_s);
    QTest::mouseClick(reveal, Qt::LeftButton);
    const QString field = model->planRow(password)->field;
    QVERIFY(field.startsWith(u"data."_s));
    QVERIFY(oldValue->toPlainText() != PlanRowModel::mask());
    QVERIFY(!oldValue->toPlainText().isEmpty());
    QVERIFY(newValue->toPlainText() != PlanRowModel::mask() && newValue->toPlainText() != oldValue->toPlainText());
    QVERIFY(!reveal->isEnabled());   // revealed
    pd::test::saveScreenshot(&wizard, u"clone-review-revealed.png"_s);
    clickRow(tree, host);   // another row, and back: masked again
    clickRow(tree, password);
    QCOMPARE(newValue->toPlainText(), PlanRowModel::mask());

    // The bookkeeping opens on demand.
    clickRow(tree, bookkeeping);
    QVERIFY(child<QLabel>(wizard, u"rowHeading"_s)->text().contains(QString::number(bookkeepingRows)));
    tree->expand(bookkeeping);
    pd::test::saveScreenshot(&wizard, u"clone-review-bookkeeping.png"_s);
    tree->collapse(bookkeeping);

    // Configuration: the Reveal buttons are in the tree's view, no horizontal scrolling.
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(CloneWizard::ConfigurationPageId));
    auto *configuration = child<QTreeWidget>(wizard, u"configurationTree"_s);
    auto *revealConfig = child<QPushButton>(wizard, u"reveal:Deployment/checkout-api/DB_PASSWORD"_s);
    QVERIFY(configuration && revealConfig);
    QTRY_VERIFY(revealConfig->isEnabled());
    configuration->scrollToItem(configuration->findItems(u"DB_PASSWORD"_s, Qt::MatchExactly | Qt::MatchRecursive).first());
    QCOMPARE(configuration->horizontalScrollBar()->value(), 0);
    QVERIFY(inView(revealConfig, configuration->viewport()));
    pd::test::saveScreenshot(&wizard, u"clone-review-configuration.png"_s);

    // Decisions: every choice, entering a value among them (masked).
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard.currentId(), int(CloneWizard::DecisionsPageId));
    auto *decision = child<QComboBox>(wizard, u"decision:mail-relay"_s);
    QVERIFY(decision);
    for (const QString &choice : {u"generate"_s, u"omit"_s, u"ref"_s, u"enter"_s})
        QVERIFY2(decision->findData(choice) > 0, qPrintable(choice));
    decision->setFocus();
    QTest::keyClick(decision, Qt::Key_End);
    QCOMPARE(decision->currentData().toString(), u"enter"_s);
    auto *value = child<QLineEdit>(wizard, u"value:mail-relay/SMTP_PASSWORD"_s);
    QVERIFY(value);
    QVERIFY(value->isVisible());
    QCOMPARE(value->echoMode(), QLineEdit::Password);
    QVERIFY(!next->isEnabled());
    QTest::keyClicks(value, kEnteredPassword);
    QTRY_VERIFY(next->isEnabled());
    pd::test::saveScreenshot(&wizard, u"clone-review-decisions.png"_s);
    // The plan carries it: mail-relay is made from the entered value.
    const QByteArray encoded = kEnteredPassword.toUtf8().toBase64();
    bool planned = false;
    for (const pd::core::PlannedObject &object : wizard.plan().objects)
        if (object.object.value(u"kind"_s).toString() == u"Secret"_s
            && object.object.value(u"metadata"_s).toObject().value(u"name"_s).toString() == u"mail-relay"_s)
            planned = object.object.value(u"data"_s).toObject().value(u"SMTP_PASSWORD"_s).toString().toLatin1() == encoded;
    QVERIFY(planned);

    QTest::mouseClick(next, Qt::LeftButton);   // data: postgres starts empty
    QCOMPARE(wizard.currentId(), int(CloneWizard::DataPageId));
    QTest::mouseClick(next, Qt::LeftButton);   // settings
    QTest::mouseClick(next, Qt::LeftButton);   // summary
    QCOMPARE(wizard.currentId(), int(CloneWizard::SummaryPageId));
    QTest::mouseClick(wizard.button(QWizard::CommitButton), Qt::LeftButton);
    auto *result = child<QLabel>(wizard, u"result"_s);
    QTRY_VERIFY_WITH_TIMEOUT(result->text().contains(u"href="_s), 90000);

    // The preview got it...
    const pd::kube::ResourceRef secret{QString(), u"v1"_s, u"secrets"_s, u"pr-1423"_s, u"mail-relay"_s, {}};
    auto future = client.get(secret);
    QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), 30000);
    QCOMPARE(future.result().httpCode, 200);
    QCOMPARE(future.result().object.value(u"data"_s).toObject().value(u"SMTP_PASSWORD"_s).toString().toLatin1(), encoded);
    // ...and no log, no settings file, no readable text holds it.
    const QString logged = logs.text();
    QVERIFY(!logged.isEmpty());
    QVERIFY(!logged.contains(kEnteredPassword));
    QVERIFY(!logged.contains(QString::fromLatin1(encoded)));
    QSettings settings;
    for (const QString &key : settings.allKeys())
        QVERIFY(!settings.value(key).toString().contains(kEnteredPassword));
    QVERIFY(!value->displayText().contains(kEnteredPassword));
}

QTEST_MAIN(TestCloneWizardReview)
#include "tst_clonewizardreview.moc"
