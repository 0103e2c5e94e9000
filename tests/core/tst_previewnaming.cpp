// The one rule for a new preview's name and host: the source's clone profile, else the
// pattern of the previews cloned from it before (Namespaces whose previewdesk.io/parent
// is the source), else pr-{pr} and the context's host template.
#include "core/clone/cloneprofile.h"
#include "core/clone/previewnaming.h"

#include <QTest>

using namespace pd::core;

Q_DECLARE_METATYPE(pd::core::PreviewNaming::From)

namespace {

// "name,pr,branch,url,created[,parent]" per preview, ';' between previews; parent: staging.
QList<QJsonObject> namespacesOf(const QString &spec)
{
    QList<QJsonObject> namespaces;
    for (const QString &one : spec.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QStringList f = one.split(QLatin1Char(','));
        QJsonObject labels{{QStringLiteral("previewdesk.io/role"), QStringLiteral("preview")}};
        if (!f.value(1).isEmpty())
            labels.insert(QStringLiteral("previewdesk.io/pr"), f.value(1));
        if (!f.value(2).isEmpty())
            labels.insert(QStringLiteral("previewdesk.io/branch"), f.value(2));
        QJsonObject annotations{{QStringLiteral("previewdesk.io/parent"), f.value(5, QStringLiteral("staging"))}};
        if (!f.value(3).isEmpty())
            annotations.insert(QStringLiteral("previewdesk.io/url"), f.value(3));
        namespaces << QJsonObject{{QStringLiteral("kind"), QStringLiteral("Namespace")},
                                  {QStringLiteral("metadata"),
                                   QJsonObject{{QStringLiteral("name"), f.value(0)},
                                               {QStringLiteral("creationTimestamp"), f.value(4)},
                                               {QStringLiteral("labels"), labels},
                                               {QStringLiteral("annotations"), annotations}}}};
    }
    // The source itself and an unrelated namespace are never patterns.
    namespaces << QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("staging")}}}}
               << QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QStringLiteral("kube-system")}}}};
    return namespaces;
}

const QString kDemo = QStringLiteral(
    "shop-pr-1412,1412,feature-express-checkout,https://shop-pr-1412.preview.shop.example.com,2026-11-25T10:00:00Z;"
    "shop-pr-1418,1418,fix-cart-rounding,https://shop-pr-1418.preview.shop.example.com,2026-11-28T10:00:00Z");

} // namespace

class TestPreviewNaming final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void naming_data();
    void naming();
};

void TestPreviewNaming::naming_data()
{
    QTest::addColumn<QString>("profileName");
    QTest::addColumn<QString>("profileHost");
    QTest::addColumn<QString>("previews");
    QTest::addColumn<int>("pullRequest");
    QTest::addColumn<QString>("branch");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("hostTemplate");
    QTest::addColumn<PreviewNaming::From>("nameFrom");
    QTest::addColumn<PreviewNaming::From>("hostFrom");
    using F = PreviewNaming::From;
    const QString shopHost = QStringLiteral("{name}.preview.shop.example.com");

    QTest::newRow("the demo: like shop-pr-1418") << "" << "" << kDemo << 1423 << "" << "shop-pr-1423" << shopHost
                                                 << F::ExistingPreviews << F::ExistingPreviews;
    QTest::newRow("the profile wins over the previews") << "web-{pr}" << "{name}.eks.example.com" << kDemo << 1423 << ""
                                                        << "web-1423" << "{name}.eks.example.com" << F::Profile << F::Profile;
    QTest::newRow("profile name only: host from the previews") << "web-{pr}" << "" << kDemo << 7 << "" << "web-7" << shopHost
                                                               << F::Profile << F::ExistingPreviews;
    QTest::newRow("profile host only: name from the previews") << "" << "{name}.eks.example.com" << kDemo << 7 << ""
                                                               << "shop-pr-7" << "{name}.eks.example.com"
                                                               << F::ExistingPreviews << F::Profile;
    QTest::newRow("nothing to follow: today's default") << "" << "" << "" << 1423 << "" << "pr-1423" << "" << F::Default
                                                        << F::Default;
    QTest::newRow("previews of another source do not count")
        << "" << "" << "ledger-pr-9,9,,https://ledger-pr-9.ledger.example.com,2026-11-28T10:00:00Z,ledger-staging" << 1423
        << "" << "pr-1423" << "" << F::Default << F::Default;
    QTest::newRow("the pattern most previews follow")
        << "" << "" << kDemo + QStringLiteral(";pr-1421,1421,,https://pr-1421.preview.example.com,2026-12-01T10:00:00Z") << 1423
        << "" << "shop-pr-1423" << shopHost << F::ExistingPreviews << F::ExistingPreviews;
    QTest::newRow("a tie: the newest preview's")
        << "" << "" << "a-pr-1,1,,,2026-11-01T10:00:00Z;b-pr-2,2,,,2026-11-20T10:00:00Z" << 5 << "" << "b-pr-5" << ""
        << F::ExistingPreviews << F::Default;
    QTest::newRow("the PR as a whole number, not digits of another")
        << "" << "" << "v2-pr-2,2,,,2026-11-01T10:00:00Z" << 31 << "" << "v2-pr-31" << "" << F::ExistingPreviews << F::Default;
    QTest::newRow("previews named after their branch")
        << "" << "" << "feature-x,,feature/X,,2026-11-01T10:00:00Z" << 0 << "Fix/Cart" << "fix-cart" << "" << F::ExistingPreviews
        << F::Default;
    QTest::newRow("an Ingress's own labels stay out of the host")
        << "" << "" << "shop-pr-1418,1418,,https://api.shop-pr-1418.preview.shop.example.com,2026-11-28T10:00:00Z" << 3 << ""
        << "shop-pr-3" << shopHost << F::ExistingPreviews << F::ExistingPreviews;
    QTest::newRow("no PR number yet: no name") << "" << "" << kDemo << 0 << "" << "" << shopHost << F::ExistingPreviews
                                               << F::ExistingPreviews;
    QTest::newRow("a name without the PR is no pattern")
        << "" << "" << "demo-for-sales,1400,,,2026-11-01T10:00:00Z" << 1423 << "" << "pr-1423" << "" << F::Default << F::Default;
}

void TestPreviewNaming::naming()
{
    QFETCH(QString, profileName);
    QFETCH(QString, profileHost);
    QFETCH(QString, previews);
    QFETCH(int, pullRequest);
    QFETCH(QString, branch);
    QFETCH(QString, name);
    QFETCH(QString, hostTemplate);
    QFETCH(PreviewNaming::From, nameFrom);
    QFETCH(PreviewNaming::From, hostFrom);
    SourceCloneProfile profile;
    if (!profileName.isEmpty() || !profileHost.isEmpty()) {
        profile.configMap = QStringLiteral("clone-profile");
        profile.profile.nameTemplate = profileName;
        profile.profile.hostTemplate = profileHost;
    }
    const PreviewNaming naming = previewNaming(profile, namespacesOf(previews), QStringLiteral("staging"));
    CloneOptions options;
    options.sourceNamespace = QStringLiteral("staging");
    options.pullRequest = pullRequest;
    options.branch = branch;
    QCOMPARE(naming.suggestName(options), name);
    QCOMPARE(naming.hostTemplate, hostTemplate);
    QCOMPARE(naming.nameFrom, nameFrom);
    QCOMPARE(naming.hostFrom, hostFrom);
    if (nameFrom == PreviewNaming::From::ExistingPreviews)
        QVERIFY(!naming.example.isEmpty());
}

QTEST_MAIN(TestPreviewNaming)
#include "tst_previewnaming.moc"
