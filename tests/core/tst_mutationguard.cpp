// The one rule every path asks before changing an environment (issue 12, item 9):
// each action against a source, a protected namespace, a preview and the namespaces
// that are no environment at all, from both a namespace object and an Environment.
#include "core/environment/environmentbuilder.h"
#include "core/environment/mutationguard.h"

#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using pd::core::Mutation;
using pd::core::MutationOverride;

Q_DECLARE_METATYPE(Mutation)
Q_DECLARE_METATYPE(MutationOverride)

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 11, 26), QTime(9, 0), QTimeZone::utc());

QJsonObject ns(const char *name, const char *labels, const char *annotations = "{}")
{
    return QJsonDocument::fromJson(QByteArray("{\"metadata\":{\"name\":\"") + name + "\",\"creationTimestamp\":\"2026-11-25T09:00:00Z\","
                                   "\"labels\":" + labels + ",\"annotations\":" + annotations + "}}")
        .object();
}

const char *const kPreviewLabels = R"({"previewdesk.io/role":"preview","app.kubernetes.io/managed-by":"previewdesk"})";
const char *const kExpiring = R"({"previewdesk.io/expires-at":"2026-11-27T09:00:00Z"})";

QJsonObject source() { return ns("staging", R"({"previewdesk.io/role":"source"})"); }
QJsonObject protectedPreview()
{
    return ns("pr-7", R"({"previewdesk.io/role":"preview","app.kubernetes.io/managed-by":"previewdesk","previewdesk.io/protected":"true"})",
              kExpiring);
}
QJsonObject preview() { return ns("pr-1", kPreviewLabels, kExpiring); }
QJsonObject previewWithoutExpiry() { return ns("pr-2", kPreviewLabels); }
QJsonObject janitorPreview() { return ns("pr-3", kPreviewLabels, R"({"janitor/ttl":"2d"})"); }
QJsonObject unmanaged() { return ns("hand-made", R"({"previewdesk.io/role":"preview"})", kExpiring); }
QJsonObject system() { return ns("previewdesk-system", R"({"app.kubernetes.io/managed-by":"previewdesk","previewdesk.io/role":"preview"})"); }
QJsonObject unlabelled() { return ns("default", "{}"); }

} // namespace

class TestMutationGuard final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void refusal_data()
    {
        QTest::addColumn<QJsonObject>("object");
        QTest::addColumn<Mutation>("mutation");
        QTest::addColumn<MutationOverride>("override");
        QTest::addColumn<QString>("refusalStart");   // empty: allowed
        const QList<std::pair<const char *, Mutation>> all{{"scale down", Mutation::ScaleDown}, {"scale up", Mutation::ScaleUp},
                                                           {"extend", Mutation::Extend}, {"destroy", Mutation::Destroy},
                                                           {"sweep", Mutation::Sweep}};
        const auto none = MutationOverride::None;
        for (const auto &[name, mutation] : all) {
            QTest::addRow("%s source", name) << source() << mutation << none << u"source environment; PreviewDesk never "_s;
            QTest::addRow("%s protected", name) << protectedPreview() << mutation << none << u"protected (previewdesk.io/protected=true)"_s;
            QTest::addRow("%s preview", name) << preview() << mutation << none << QString();
            QTest::addRow("%s unmanaged", name) << unmanaged() << mutation << none << u"not managed by PreviewDesk"_s;
            QTest::addRow("%s system", name) << system() << mutation << none << u"system namespace"_s;
            QTest::addRow("%s unlabelled", name) << unlabelled() << mutation << none << u"not an environment"_s;
            // --force-source is for a scale only; never for a system namespace.
            const bool scale = mutation == Mutation::ScaleDown || mutation == Mutation::ScaleUp;
            QTest::addRow("%s forced source", name) << source() << mutation << MutationOverride::ForceSource
                                                   << (scale ? QString() : u"source environment"_s);
            QTest::addRow("%s forced protected", name) << protectedPreview() << mutation << MutationOverride::ForceSource
                                                      << (scale ? QString() : u"protected"_s);
            QTest::addRow("%s forced system", name) << system() << mutation << MutationOverride::ForceSource << u"system namespace"_s;
        }
        // Extend never gives an expiry to a namespace that had none; kube-janitor's ttl counts.
        QTest::newRow("extend without expiry") << previewWithoutExpiry() << Mutation::Extend << none << u"has no expiry"_s;
        QTest::newRow("extend janitor ttl") << janitorPreview() << Mutation::Extend << none << QString();
        QTest::newRow("scale without expiry") << previewWithoutExpiry() << Mutation::ScaleDown << none << QString();
    }

    void refusal()
    {
        QFETCH(QJsonObject, object);
        QFETCH(Mutation, mutation);
        QFETCH(MutationOverride, override);
        QFETCH(QString, refusalStart);
        const QString fromObject = pd::core::mutationRefusal(object, mutation, override);
        if (refusalStart.isEmpty())
            QVERIFY2(fromObject.isEmpty(), qPrintable(fromObject));
        else
            QVERIFY2(fromObject.startsWith(refusalStart), qPrintable(fromObject));

        // The browser's rows ask the same rule through the Environment it built; a
        // namespace that is no environment has no row at all.
        const std::optional<pd::core::Environment> env =
            pd::core::EnvironmentBuilder([] { return kNow; }).build({object, {}, {}, {}, {}});
        if (env)
            QCOMPARE(pd::core::mutationRefusal(*env, mutation, override), fromObject);
        else
            QVERIFY(fromObject.startsWith(u"system namespace"_s) || fromObject.startsWith(u"not an environment"_s));
    }

    void reasonsNameTheAction()
    {
        QCOMPARE(pd::core::mutationRefusal(source(), Mutation::ScaleDown),
                 u"source environment; PreviewDesk never scales down sources "
                 "(previewctl --force-source overrides this for a scale)"_s);
        QCOMPARE(pd::core::mutationRefusal(source(), Mutation::Extend), u"source environment; PreviewDesk never extends sources"_s);
        QCOMPARE(pd::core::mutationRefusal(protectedPreview(), Mutation::Destroy),
                 u"protected (previewdesk.io/protected=true); PreviewDesk never destroys it"_s);
    }

    void systemNamespaces()
    {
        QVERIFY(pd::core::isSystemNamespace(u"previewdesk-system"_s));
        QVERIFY(pd::core::isSystemNamespace(u"kube-system"_s));
        QVERIFY(pd::core::isSystemNamespace(u"kube-node-lease"_s));
        QVERIFY(!pd::core::isSystemNamespace(u"staging"_s));
        QVERIFY(!pd::core::isSystemNamespace(u"cube-x"_s));
    }
};

QTEST_GUILESS_MAIN(TestMutationGuard)
#include "tst_mutationguard.moc"
