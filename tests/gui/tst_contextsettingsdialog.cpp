// The context settings dialog (named namespaces, prices) and the hint shown when the
// cluster refuses to list namespaces, the latter against a real sandbox user without
// that permission.
#include "core/contextsettings.h"
#include "core/environment/environmentwatcher.h"
#include "gui/contextsettingsdialog.h"
#include "gui/namespaceaccesshint.h"
#include "core/session/session.h"
#include "sandbox/sandboxendpoint.h"
#include "kube/apiresult.h"
#include "sandbox/sandboxcluster.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using pd::core::ContextSettings;
using pd::gui::ContextSettingsDialog;
using pd::gui::NamespaceAccessHint;

class TestContextSettingsDialog final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void showsStoredValues()
    {
        ContextSettings initial;
        initial.namespaces = {u"pr-42"_s, u"staging"_s};
        initial.prices.cpuPerCoreHour = 0.05;
        ContextSettingsDialog dialog(u"prod"_s, initial);
        QCOMPARE(dialog.namespacesEdit()->toPlainText(), u"pr-42\nstaging"_s);
        QCOMPARE(dialog.cpuPriceEdit()->text(), u"0.05"_s);
        // OpenCost's storage price keeps every decimal.
        QCOMPARE(dialog.storagePriceEdit()->text(), u"5.479452e-05"_s);
        QVERIFY(dialog.isValid());
        QCOMPARE(dialog.settings(), initial);
    }

    void invalidNamesDisableOk_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("underscore") << u"pr-42\nmy_ns"_s << u"Line 2: \"my_ns\" contains '_'"_s;
        QTest::newRow("upper") << u"Staging"_s << u"Line 1: \"Staging\" has upper-case letters"_s;
        QTest::newRow("too long") << QString(70, u'x') << u"70 characters long"_s;
        QTest::newRow("trailing dash") << u"\n\npr-"_s << u"Line 3: \"pr-\" ends with '-'"_s;
    }

    void invalidNamesDisableOk()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        ContextSettingsDialog dialog(u"prod"_s, {});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QPushButton *ok = dialog.buttons()->button(QDialogButtonBox::Ok);
        QVERIFY(ok->isEnabled());
        QSignalSpy validity(&dialog, &ContextSettingsDialog::validityChanged);
        dialog.namespacesEdit()->setFocus();
        // Typed as a user would: Return between the lines.
        const QStringList lines = text.split(u'\n');
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (i > 0)
                QTest::keyClick(dialog.namespacesEdit(), Qt::Key_Return);
            QTest::keyClicks(dialog.namespacesEdit(), lines.at(i));
        }
        QVERIFY(!dialog.isValid());
        QVERIFY(!ok->isEnabled());
        QVERIFY(!validity.isEmpty());
        QCOMPARE(validity.last().first().toBool(), false);
        auto *label = dialog.findChild<QLabel *>(u"namespaceError"_s);
        QVERIFY(label && label->isVisible());
        QVERIFY2(label->text().contains(error), qPrintable(label->text()));
        QVERIFY(dialog.errorText().contains(error));
        // Clicking OK does nothing while invalid.
        ok->click();
        QVERIFY(dialog.isVisible());

        dialog.namespacesEdit()->setPlainText(u"pr-42"_s);
        QVERIFY(dialog.isValid());
        QVERIFY(ok->isEnabled());
        QVERIFY(!label->isVisible());
        QCOMPARE(dialog.settings().namespaces, QStringList{u"pr-42"_s});
    }

    void prices()
    {
        ContextSettingsDialog dialog(u"prod"_s, {});
        dialog.memoryPriceEdit()->setText(u"-1"_s);
        QVERIFY(!dialog.isValid());
        QVERIFY2(dialog.errorText().contains(u"The memory price must be a number of dollars, 0 or more"_s),
                 qPrintable(dialog.errorText()));
        dialog.memoryPriceEdit()->setText(u"0.01"_s);
        dialog.cpuPriceEdit()->setText(u"abc"_s);
        QVERIFY(dialog.errorText().contains(u"The CPU price"_s));
        dialog.cpuPriceEdit()->setText(u" 0.25 "_s);
        QVERIFY(dialog.isValid());
        QCOMPARE(dialog.settings().prices.cpuPerCoreHour, 0.25);
        QCOMPARE(dialog.settings().prices.memoryPerGiBHour, 0.01);
        dialog.findChild<QPushButton *>(u"defaultPrices"_s)->click();
        QCOMPARE(dialog.settings().prices, pd::core::Prices::openCostDefaults());
    }

    void gitHubEnterpriseApi()
    {
        ContextSettings initial;
        initial.gitHubApiBase = QUrl(u"https://github.example.com/api/v3"_s);
        ContextSettingsDialog dialog(u"prod"_s, initial);
        QCOMPARE(dialog.gitHubApiEdit()->text(), u"https://github.example.com/api/v3"_s);
        dialog.gitHubApiEdit()->setText(u"github.example.com"_s);
        QVERIFY(!dialog.isValid());
        QVERIFY2(dialog.errorText().contains(u"is not an http(s) URL"_s), qPrintable(dialog.errorText()));
        QVERIFY(!dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled());
        dialog.gitHubApiEdit()->clear();   // empty: api.github.com
        QVERIFY(dialog.isValid());
        QVERIFY(dialog.settings().gitHubApiBase.isEmpty());
        QCOMPARE(dialog.settings().effectiveGitHubApiBase(), QUrl(u"https://api.github.com"_s));
    }

    void savedOnAccept()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"s.ini"_s), QSettings::IniFormat);
        ContextSettingsDialog dialog(u"prod"_s, ContextSettings::load(&settings, u"prod"_s));
        dialog.namespacesEdit()->setPlainText(u"team-a\nteam-b\n"_s);
        QSignalSpy accepted(&dialog, &QDialog::accepted);
        dialog.buttons()->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(accepted.count(), 1);
        dialog.settings().save(&settings, u"prod"_s);
        QCOMPARE(ContextSettings::load(&settings, u"prod"_s).namespaces, (QStringList{u"team-a"_s, u"team-b"_s}));
    }

    void forbidsListingNamespaces_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("forbids");
        QTest::newRow("list forbidden") << 403 << u"https://k:6443/api/v1/namespaces?limit=500"_s << true;
        QTest::newRow("watch forbidden") << 403 << u"https://k:6443/api/v1/namespaces?watch=true"_s << true;
        QTest::newRow("one namespace") << 403 << u"https://k:6443/api/v1/namespaces/pr-42"_s << false;
        QTest::newRow("deployments") << 403 << u"https://k:6443/apis/apps/v1/deployments"_s << false;
        QTest::newRow("unauthorized") << 401 << u"https://k:6443/api/v1/namespaces"_s << false;
        QTest::newRow("ok") << 200 << u"https://k:6443/api/v1/namespaces"_s << false;
    }

    void forbidsListingNamespaces()
    {
        QFETCH(int, code);
        QFETCH(QString, url);
        QFETCH(bool, forbids);
        pd::kube::ApiResult result;
        result.httpCode = code;
        result.url = QUrl(url);
        QCOMPARE(NamespaceAccessHint::forbidsListingNamespaces(result), forbids);
    }

    void hintFromRealForbidden()
    {
        // A user bound to nothing: the cluster answers 403 to listing namespaces.
        pd::sandbox::SandboxCluster cluster;
        pd::sandbox::SandboxOptions options;
        options.controllers = false;
        QString error;
        QVERIFY2(cluster.start(options, &error), qPrintable(error));
        pd::kube::ClusterEndpoint endpoint = pd::sandbox::adminEndpoint(cluster);
        endpoint.token = cluster.mintToken(u"dana"_s, {});
        pd::core::Session session(endpoint, u"restricted"_s);

        NamespaceAccessHint hint;
        hint.show();   // a top-level here; in the window it is a child bar
        hint.setSession(&session);
        hint.setWatcher(session.watcher());
        QVERIFY(!hint.isVisible());
        session.start();
        QTRY_VERIFY_WITH_TIMEOUT(hint.isVisible(), 15000);
        QVERIFY2(session.watcher()->lastError().contains(u"is forbidden"_s), qPrintable(session.watcher()->lastError()));
        QVERIFY(hint.text().startsWith(u"You may not list namespaces in this context. Name the namespaces you can reach in Context settings"_s));
        QSignalSpy requested(&hint, &NamespaceAccessHint::settingsRequested);
        hint.settingsButton()->click();
        QCOMPARE(requested.count(), 1);

        // The watcher's text for it shows it too; other failures do not.
        hint.clear();
        QVERIFY(!hint.isVisible());
        hint.updateFromError(u"namespaces: namespaces is forbidden: User \"dana\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope"_s);
        QVERIFY(hint.isVisible());
        hint.updateFromError(u"deployments: connection refused"_s);
        QVERIFY(!hint.isVisible());
        hint.updateFromError(u"deployments.apps is forbidden: User \"dana\" cannot list resource \"deployments\""_s);
        QVERIFY(!hint.isVisible());
        // Once the context names its namespaces, a refused list no longer matters.
        hint.updateFromError(u"namespaces: namespaces is forbidden: User \"dana\" cannot list resource \"namespaces\""_s);
        QVERIFY(hint.isVisible());
        hint.setNamespacesNamed(true);
        QVERIFY(!hint.isVisible());
        hint.updateFromError(u"namespaces: namespaces is forbidden: User \"dana\" cannot list resource \"namespaces\""_s);
        QVERIFY(!hint.isVisible());
        hint.setNamespacesNamed(false);
        hint.setSession(nullptr);
        hint.setWatcher(nullptr);
        QVERIFY(!hint.isVisible());
        session.watcher()->stop();
    }
};

QTEST_MAIN(TestContextSettingsDialog)
#include "tst_contextsettingsdialog.moc"
