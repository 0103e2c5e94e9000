// PlanRowModel (the wizard's regenerated-fields table) under QAbstractItemModelTester,
// and its promise that secret values never reach a view.
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
    void secretRowsAreMasked();
};

namespace {
QList<PlanRow> shopRows()
{
    return {
        {u"Deployment/checkout-api"_s, u"spec.template.spec.containers[api].env[DATABASE_URL].value"_s,
         u"postgres://db.staging.svc:5432/shop"_s, u"postgres://db.pr-1423.svc:5432/shop"_s, PlanRule::DnsName, false},
        {u"Secret/checkout-db"_s, u"data.password"_s, u"hunter2-secret"_s, u"fresh-value-42"_s,
         PlanRule::SecretRegenerated, true},
        {u"Ingress/shop"_s, u"spec.rules[0].host"_s, u"staging.shop.example.com"_s, u"pr-1423.shop.example.com"_s,
         PlanRule::IngressHost, false},
    };
}
} // namespace

void TestPlanRowModel::passesTheModelTesterThroughResets()
{
    PlanRowModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    model.setRows(shopRows());
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(PlanRowModel::ColumnCount));
    QCOMPARE(model.rowCount(model.index(0, 0)), 0); // a table: no children
    model.setRows(shopRows().mid(0, 1));            // a replan with fewer rows
    QCOMPARE(model.rowCount(), 1);
    model.setRows({});
    QCOMPARE(model.rowCount(), 0);
    QVERIFY(!model.data(model.index(0, 0)).isValid());
}

void TestPlanRowModel::secretRowsAreMasked()
{
    PlanRowModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows(shopRows());
    for (int column = 0; column < model.columnCount(); ++column) {
        for (const int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole)}) {
            const QString text = model.data(model.index(1, column), role).toString();
            QVERIFY2(!text.contains(u"hunter2-secret"_s) && !text.contains(u"fresh-value-42"_s), qPrintable(text));
        }
    }
    QCOMPARE(model.data(model.index(0, PlanRowModel::NewColumn)).toString(), u"postgres://db.pr-1423.svc:5432/shop"_s);
    QCOMPARE(model.data(model.index(1, PlanRowModel::ObjectColumn)).toString(), u"Secret/checkout-db"_s);
}

QTEST_MAIN(TestPlanRowModel)
#include "tst_planrowmodel.moc"
