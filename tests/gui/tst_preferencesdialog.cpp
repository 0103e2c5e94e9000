// Edit > Preferences: the Designer form (ui/preferencesdialog.ui) shows the notification
// settings, turns each kind off, and what is accepted is kept in QSettings and applies
// to the NotificationCenter at once.
#include "gui/mainwindow.h"
#include "gui/notifications/desktopnotifier.h"
#include "gui/notifications/notificationcontroller.h"
#include "gui/notifications/preferencesdialog.h"
#include "layoutcheck.h"
#include "screenshot.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using pd::gui::NotificationSettings;
using pd::gui::PreferencesDialog;

class TestPreferencesDialog final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        qputenv("USER", "alice");
    }

    void defaultsAndRoundTrip()
    {
        QSettings settings(m_dir.filePath(u"defaults.ini"_s), QSettings::IniFormat);
        const NotificationSettings defaults = NotificationSettings::load(&settings);
        QCOMPARE(defaults.owner, u"alice"_s);   // $USER
        QVERIFY(defaults.expiringPreviews && defaults.guardrailFailures && defaults.finishedActions);
        QCOMPARE(defaults.expiringWithinHours, 4);

        NotificationSettings changed = defaults;
        changed.owner = u"bob"_s;
        changed.expiringWithinHours = 12;
        changed.guardrailFailures = false;
        changed.save(&settings);
        QCOMPARE(NotificationSettings::load(&settings), changed);
    }

    void formShowsAndReturnsTheSettings()
    {
        NotificationSettings settings;
        settings.owner = u"bob"_s;
        settings.expiringWithinHours = 8;
        settings.finishedActions = false;
        PreferencesDialog dialog(settings);
        auto *expiring = dialog.findChild<QCheckBox *>(u"expiringCheck"_s);
        auto *hours = dialog.findChild<QSpinBox *>(u"hoursSpin"_s);
        auto *owner = dialog.findChild<QLineEdit *>(u"ownerEdit"_s);
        auto *guardrails = dialog.findChild<QCheckBox *>(u"guardrailCheck"_s);
        auto *finished = dialog.findChild<QCheckBox *>(u"finishedCheck"_s);
        QVERIFY(expiring && hours && owner && guardrails && finished);
        QCOMPARE(dialog.windowTitle(), u"Preferences"_s);
        QVERIFY(expiring->isChecked());
        QCOMPARE(hours->value(), 8);
        QCOMPARE(owner->text(), u"bob"_s);
        QCOMPARE(owner->placeholderText(), u"alice"_s);
        QVERIFY(guardrails->isChecked());
        QVERIFY(!finished->isChecked());
        QCOMPARE(dialog.notificationSettings(), settings);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        pd::test::verifyNothingCut(&dialog);
        pd::test::saveScreenshot(&dialog, u"preferences-dialog.png"_s);

        // Without expiry notices, their window and owner do not apply.
        expiring->setChecked(false);
        QVERIFY(!hours->isEnabled() && !owner->isEnabled());
        owner->clear();   // empty: the login name again
        guardrails->setChecked(false);
        const NotificationSettings result = dialog.notificationSettings();
        QVERIFY(!result.expiringPreviews && !result.guardrailFailures && !result.finishedActions);
        QCOMPARE(result.owner, u"alice"_s);
    }

    void editMenuOpensItAndAcceptedSettingsApply()
    {
        QSettings settings(m_dir.filePath(u"menu.ini"_s), QSettings::IniFormat);
        pd::gui::MainWindow window(&settings);
        pd::gui::NotificationController controller(&settings, new pd::gui::DesktopNotifier(QDBusConnection(u"no-bus"_s)));
        controller.setWindow(&window);
        connect(&window, &pd::gui::MainWindow::preferencesRequested, &controller,
                &pd::gui::NotificationController::editPreferences);
        QVERIFY(window.menu(u"edit"_s)->actions().contains(window.preferencesAction()));
        QVERIFY(controller.center()->settings().finishedActions);

        bool answered = false;
        QTimer::singleShot(0, this, [&answered] {
            auto *dialog = qobject_cast<PreferencesDialog *>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            dialog->findChild<QCheckBox *>(u"finishedCheck"_s)->setChecked(false);
            dialog->findChild<QSpinBox *>(u"hoursSpin"_s)->setValue(24);
            dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok)->click();
            answered = true;
        });
        window.preferencesAction()->trigger();   // modal: returns once answered
        QVERIFY(answered);
        QVERIFY(!controller.center()->settings().finishedActions);
        QCOMPARE(controller.center()->settings().expiringWithinHours, 24);
        QCOMPARE(NotificationSettings::load(&settings), controller.center()->settings());

        // Turned off, a clone that finishes in the background says nothing.
        QSignalSpy due(controller.center(), &pd::gui::NotificationCenter::notificationDue);
        controller.center()->actionFinished(pd::gui::NotificationCenter::Action::Clone, u"shop-pr-42"_s, true,
                                            u"ready"_s, true);
        QCOMPARE(due.size(), 0);
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestPreferencesDialog)
#include "tst_preferencesdialog.moc"
