// PlanRowModel (the wizard's review tree) under QAbstractItemModelTester: rows grouped
// by object, the bookkeeping folded under one line with its count, and its promise that
// secret values never reach a view.
#include "core/clone/planrowtext.h"
#include "gui/clonewizard/planrowmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using pd::core::PlanRow;
using pd::core::PlanRule;
using pd::gui::PlanRowModel;
using namespace Qt::StringLiterals;

class TestPlanRowModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void passesTheModelTesterThroughResets();
    void groupsByObjectWithBookkeepingLast();
    void secretRowsAreMasked();
    void changedPart_data();
    void changedPart();
};

namespace {
QList<PlanRow> shopRows()
{
    return {
        {u"Deployment/checkout-api"_s, u"spec.template.spec.containers[api].env[DATABASE_URL].value"_s,
         u"postgres://db.staging.svc:5432/shop"_s, u"postgres://db.pr-1423.svc:5432/shop"_s, PlanRule::DnsName, false},
        {u"Deployment/checkout-api"_s, u"metadata.uid"_s, u"4f1c"_s, u"(removed)"_s, PlanRule::ServerField, false},
        {u"Secret/checkout-db"_s, u"data.password"_s, u"hunter2-secret"_s, u"fresh-value-42"_s,
         PlanRule::SecretRegenerated, true},
        {u"Ingress/shop"_s, u"spec.rules[0].host"_s, u"staging.shop.example.com"_s, u"pr-1423.shop.example.com"_s,
         PlanRule::IngressHost, false},
        {u"Ingress/shop"_s, u"metadata.resourceVersion"_s, u"812"_s, u"(removed)"_s, PlanRule::ServerField, false},
        {u"Pod/checkout-api-7f9c"_s, QString(), QString(), u"owned by a controller"_s, PlanRule::Dropped, false},
        {u"Deployment/checkout-api"_s, u"spec.template.spec.containers[api].image"_s, u"shop/api:1.4"_s,
         u"shop/api:pr-1423"_s, PlanRule::RegistryBinding, false},
    };
}

// "Object: field, field | ..." for the level under `parent`, to compare a walked tree.
QStringList walk(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    QStringList lines;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        QStringList children;
        for (int child = 0; child < model.rowCount(index); ++child)
            children << model.index(child, 0, index).data().toString();
        lines << index.data().toString() + u": "_s + children.join(u", "_s);
    }
    return lines;
}
} // namespace

void TestPlanRowModel::passesTheModelTesterThroughResets()
{
    PlanRowModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.bookkeepingIndex().isValid());
    model.setRows(shopRows());
    QCOMPARE(model.rowCount(), 4);   // three objects that change meaning, one bookkeeping line
    QCOMPARE(model.columnCount(), int(PlanRowModel::ColumnCount));
    model.setRows(shopRows().mid(0, 1));   // a replan with fewer rows
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.rowCount(model.index(0, 0)), 1);
    QCOMPARE(model.rowCount(model.index(0, 0, model.index(0, 0))), 0);
    model.setRows({});
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.data(model.index(0, 0)).isValid());
}

void TestPlanRowModel::groupsByObjectWithBookkeepingLast()
{
    PlanRowModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows(shopRows());
    const QStringList top = walk(model);
    QCOMPARE(top.size(), 4);
    QCOMPARE(top.at(0), u"Deployment/checkout-api: spec.template.spec.containers[api].env[DATABASE_URL].value, "
                        "spec.template.spec.containers[api].image"_s);
    QCOMPARE(top.at(1), u"Secret/checkout-db: data.password"_s);
    QCOMPARE(top.at(2), u"Ingress/shop: spec.rules[0].host"_s);
    const QModelIndex bookkeeping = model.bookkeepingIndex();
    QCOMPARE(bookkeeping.row(), 3);
    QCOMPARE(model.bookkeepingCount(), 3);
    QVERIFY(bookkeeping.data().toString().contains(u"(3 changes)"_s));
    QVERIFY(bookkeeping.data(PlanRowModel::BookkeepingRole).toBool());
    QCOMPARE(walk(model, bookkeeping), (QStringList{u"Deployment/checkout-api: metadata.uid"_s,
                                                    u"Ingress/shop: metadata.resourceVersion"_s,
                                                    u"Pod/checkout-api-7f9c: (the whole object)"_s}));
    // A row: its values in full, the rule in words, never its id.
    const QModelIndex host = model.index(0, 0, model.index(2, 0));
    QCOMPARE(host.data(PlanRowModel::OldValueRole).toString(), u"staging.shop.example.com"_s);
    QCOMPARE(host.data(PlanRowModel::NewValueRole).toString(), u"pr-1423.shop.example.com"_s);
    QCOMPARE(host.siblingAtColumn(PlanRowModel::RuleColumn).data().toString(), pd::core::planRuleTitle(PlanRule::IngressHost));
    QCOMPARE(host.data(PlanRowModel::RuleExplanationRole).toString(), pd::core::planRuleDescription(PlanRule::IngressHost));
    QCOMPARE(model.planRow(host)->rule, PlanRule::IngressHost);
    QCOMPARE(model.indexOfRow(3), host);
    QVERIFY(!model.planRow(model.index(2, 0)));   // a group line
}

void TestPlanRowModel::secretRowsAreMasked()
{
    PlanRowModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows(shopRows());
    const QModelIndex secret = model.indexOfRow(2);
    QVERIFY(secret.data(PlanRowModel::SecretRole).toBool());
    for (int column = 0; column < model.columnCount(); ++column) {
        for (const int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(PlanRowModel::OldValueRole),
                               int(PlanRowModel::NewValueRole)}) {
            const QString text = secret.siblingAtColumn(column).data(role).toString();
            QVERIFY2(!text.contains(u"hunter2-secret"_s) && !text.contains(u"fresh-value-42"_s), qPrintable(text));
        }
    }
    QCOMPARE(secret.siblingAtColumn(PlanRowModel::NewColumn).data().toString(), PlanRowModel::mask());
    QCOMPARE(model.indexOfRow(0).siblingAtColumn(PlanRowModel::NewColumn).data().toString(),
             u"postgres://db.pr-1423.svc:5432/shop"_s);
}

void TestPlanRowModel::changedPart_data()
{
    QTest::addColumn<QString>("oldValue");
    QTest::addColumn<QString>("newValue");
    QTest::addColumn<QString>("oldChanged");
    QTest::addColumn<QString>("newChanged");
    QTest::newRow("host") << u"staging.shop.example.com"_s << u"pr-1423.shop.example.com"_s << u"staging"_s << u"pr-1423"_s;
    QTest::newRow("dns") << u"postgres://db.staging.svc:5432/shop"_s << u"postgres://db.pr-1423.svc:5432/shop"_s
                         << u"staging"_s << u"pr-1423"_s;
    QTest::newRow("added") << QString() << u"(added)"_s << QString() << u"(added)"_s;
    QTest::newRow("same") << u"x"_s << u"x"_s << QString() << QString();
    QTest::newRow("grown") << u"shop-"_s << u"shop-pr-1423-"_s << QString() << u"pr-1423-"_s;
}

void TestPlanRowModel::changedPart()
{
    QFETCH(QString, oldValue);
    QFETCH(QString, newValue);
    const pd::core::ChangedPart part = pd::core::changedPart(oldValue, newValue);
    QTEST(oldValue.mid(part.prefix, part.oldLength), "oldChanged");
    QTEST(newValue.mid(part.prefix, part.newLength), "newChanged");
    QCOMPARE(part.prefix + part.oldLength + part.suffix, oldValue.size());
    QCOMPARE(part.prefix + part.newLength + part.suffix, newValue.size());
}

QTEST_MAIN(TestPlanRowModel)
#include "tst_planrowmodel.moc"
