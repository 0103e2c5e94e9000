// View > Palette: light, dark and the system's. The demo's main window, the clone
// wizard, the guardrail editor (with its validation box showing) and the cost window
// are rendered in PreviewDesk's light and dark palettes; every label's text, every
// coloured cell of their lists, placeholder text, the state dots on the selection and
// the quota bars' text over their fill keep 4.5:1 (WCAG relative luminance; 3:1 for
// the dots, which are graphics), measured on the rendered pixels where the colour is
// the style's. Screenshots of each go into the build tree.
#include "app/demosandbox.h"
#include "core/clone/planrow.h"
#include "core/cost/costhistory.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/environmentwatcher.h"
#include "core/session/session.h"
#include "gui/appcontroller.h"
#include "gui/appearance.h"
#include "gui/clonewizard/clonewizard.h"
#include "gui/clonewizard/planrowmodel.h"
#include "gui/cost/costwindow.h"
#include "gui/environmentactionsmenu.h"
#include "gui/environmentdelegate.h"
#include "gui/environmentdetailspane.h"
#include "gui/environmentfilterbar.h"
#include "gui/guardrails/guardraileditor.h"
#include "gui/guardrails/guardrailform.h"
#include "gui/mainwindow.h"
#include "gui/palettecolors.h"
#include "screenshot.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QTableView>
#include <QTreeView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using pd::gui::Appearance;
using pd::gui::colors::contrast;

namespace {

QColor mostFrequentColor(const QImage &image, const QRect &rect)
{
    QHash<QRgb, int> counts;
    const QRect area = rect.intersected(image.rect());
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x)
            ++counts[image.pixel(x, y) | 0xff000000];
    QRgb best = 0;
    int bestCount = -1;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value() > bestCount) {
            best = it.key();
            bestCount = it.value();
        }
    }
    return QColor::fromRgb(best);
}

// The rendered text of an area: the pixel that stands out most from the area's
// background (the cores of the glyphs), with that background; invalid without text.
std::pair<QColor, QColor> renderedText(const QImage &image, const QRect &rect)
{
    const QColor background = mostFrequentColor(image, rect);
    QColor best;
    double bestRatio = 1.0;
    int differing = 0;
    const QRect area = rect.intersected(image.rect());
    for (int y = area.top(); y <= area.bottom(); ++y) {
        for (int x = area.left(); x <= area.right(); ++x) {
            const QColor pixel = QColor::fromRgb(image.pixel(x, y));
            const double ratio = contrast(pixel, background);
            differing += ratio > 1.3 ? 1 : 0;
            if (ratio > bestRatio) {
                bestRatio = ratio;
                best = pixel;
            }
        }
    }
    return {differing >= 8 ? best : QColor(), background};
}

QRect pixelRect(const QWidget *widget, const QWidget *window, const QRect &rect, qreal scale)
{
    const QPoint topLeft = widget->mapTo(window, rect.topLeft());
    return {int(topLeft.x() * scale), int(topLeft.y() * scale), int(rect.width() * scale), int(rect.height() * scale)};
}

// Roles a window paints text with, against the roles behind them.
void checkRoles(const QPalette &palette, const QString &where)
{
    const QList<std::pair<QPalette::ColorRole, QPalette::ColorRole>> pairs{
            {QPalette::WindowText, QPalette::Window}, {QPalette::Text, QPalette::Base},
            {QPalette::Text, QPalette::AlternateBase}, {QPalette::ButtonText, QPalette::Button},
            {QPalette::HighlightedText, QPalette::Highlight}, {QPalette::PlaceholderText, QPalette::Base},
            {QPalette::ToolTipText, QPalette::ToolTipBase}, {QPalette::Link, QPalette::Base},
            {QPalette::Link, QPalette::Window}};
    for (const auto &[text, background] : pairs) {
        const double ratio = contrast(palette.color(text), palette.color(background));
        QVERIFY2(ratio >= 4.5, qPrintable(u"%1: role %2 on %3 is %4:1"_s.arg(where).arg(int(text)).arg(int(background)).arg(ratio)));
    }
}

// Every shown label of `window`: its colours (the palette's and those in its rich text)
// against what was rendered behind it. Returns how many were checked.
int checkLabels(QWidget *window, const QString &where)
{
    const QImage shot = window->grab().toImage();
    const qreal scale = shot.devicePixelRatio();
    static const QRegularExpression colorInHtml(u"color:\\s*(#[0-9a-fA-F]{6})"_s);
    int checked = 0;
    const QList<QLabel *> labels = window->findChildren<QLabel *>();
    for (QLabel *label : labels) {
        const QRect visible = label->visibleRegion().boundingRect();
        if (!label->isVisibleTo(window) || !label->isEnabled() || label->text().trimmed().isEmpty() || visible.isEmpty())
            continue;
        const QColor background = mostFrequentColor(shot, pixelRect(label, window, visible, scale));
        QList<QColor> colors{label->palette().color(label->foregroundRole())};
        for (const QRegularExpressionMatch &m : colorInHtml.globalMatch(label->text()))
            colors.append(QColor(m.captured(1)));
        if (label->text().contains(u"<a "_s))
            colors.append(label->palette().color(QPalette::Link));
        for (const QColor &color : std::as_const(colors)) {
            const double ratio = contrast(color, background);
            if (ratio < 4.5) {
                QTest::qFail(qPrintable(u"%1: label \"%2\": %3 on %4 is %5:1"_s.arg(where, label->text().left(60), color.name(),
                                                                                 background.name()).arg(ratio)),
                             __FILE__, __LINE__);
                return -1;
            }
        }
        ++checked;
    }
    return checked;
}

// Every coloured cell of the item views of `window` (the first rows), on Base and AlternateBase.
int checkItemViews(QWidget *window, const QString &where)
{
    int checked = 0;
    const QList<QAbstractItemView *> views = window->findChildren<QAbstractItemView *>();
    for (QAbstractItemView *view : views) {
        if (!view->isVisibleTo(window) || !view->model())
            continue;
        const QAbstractItemModel *model = view->model();
        const QPalette palette = view->palette();
        // Top-level rows and, in a tree, their children (the review's rows sit under their object).
        QList<QModelIndex> rows;
        for (int row = 0; row < std::min(model->rowCount(), 40); ++row) {
            const QModelIndex top = model->index(row, 0);
            rows << top;
            for (int child = 0; child < std::min(model->rowCount(top), 40); ++child)
                rows << model->index(child, 0, top);
        }
        for (const QModelIndex &first : std::as_const(rows)) {
            for (int column = 0; column < model->columnCount(first.parent()); ++column) {
                const QVariant brush = first.siblingAtColumn(column).data(Qt::ForegroundRole);
                if (!brush.isValid())
                    continue;
                const QColor color = brush.value<QBrush>().color();
                for (const QPalette::ColorRole role : {QPalette::Base, QPalette::AlternateBase}) {
                    const double ratio = contrast(color, palette.color(role));
                    if (ratio < 4.5) {
                        QTest::qFail(qPrintable(u"%1: %2 row %3 column %4: %5 on %6 is %7:1"_s.arg(where, view->objectName())
                                                        .arg(first.row()).arg(column).arg(color.name(), palette.color(role).name())
                                                        .arg(ratio)),
                                     __FILE__, __LINE__);
                        return -1;
                    }
                }
                ++checked;
            }
        }
    }
    return checked;
}

} // namespace

class TestPaletteContrast final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void palettes_data();
    void palettes();
    void tonesKeepContrast_data();
    void tonesKeepContrast();
    void demoWindows_data();
    void demoWindows();
    void schemePersistsAndSystemRestores();

private:
    QTemporaryDir m_dir;
};

void TestPaletteContrast::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QCoreApplication::setOrganizationName(u"PreviewDeskTests"_s);
    // A cost history of our own: other tests running beside this one use the shared test location.
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_dir.filePath(u"data"_s)));
    QVERIFY(pd::core::CostHistory::defaultPath(pd::gui::AppController::sandboxCluster()).startsWith(m_dir.path()));
    qputenv("KUBECONFIG", QFile::encodeName(m_dir.filePath(u"no-kubeconfig"_s)));
}

void TestPaletteContrast::palettes_data()
{
    QTest::addColumn<int>("scheme");
    QTest::newRow("light") << int(Appearance::Scheme::Light);
    QTest::newRow("dark") << int(Appearance::Scheme::Dark);
    QTest::newRow("system") << int(Appearance::Scheme::System);
}

void TestPaletteContrast::palettes()
{
    QFETCH(int, scheme);
    Appearance::apply(Appearance::Scheme(scheme));
    QCOMPARE(Appearance::current(), Appearance::Scheme(scheme));
    if (Appearance::Scheme(scheme) != Appearance::Scheme::System)
        QCOMPARE(QApplication::style()->name().toLower(), u"fusion"_s);
    QCOMPARE(pd::gui::colors::isDark(QApplication::palette()), Appearance::Scheme(scheme) == Appearance::Scheme::Dark);
    checkRoles(QApplication::palette(), QString::fromLatin1(QTest::currentDataTag()));
    // Fusion paints a progress bar's fill from the highlight up to 20 % lighter.
    const QPalette palette = QApplication::palette();
    QVERIFY(contrast(palette.color(QPalette::HighlightedText), palette.color(QPalette::Highlight).lighter(120)) >= 4.5);
}

void TestPaletteContrast::tonesKeepContrast_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestPaletteContrast::tonesKeepContrast()
{
    QFETCH(bool, dark);
    using pd::gui::colors::Tone;
    const QPalette palette = dark ? pd::gui::colors::darkPalette() : pd::gui::colors::lightPalette();
    QList<QColor> seen;
    for (const Tone tone : {Tone::Positive, Tone::Negative, Tone::Warning, Tone::Info, Tone::Special, Tone::Muted}) {
        const QColor text = pd::gui::colors::toneText(tone, palette);
        for (const QPalette::ColorRole role : {QPalette::Base, QPalette::AlternateBase, QPalette::Window})
            QVERIFY2(contrast(text, palette.color(role)) >= 4.5, qPrintable(text.name()));
        // A box of the tone is as dark as its palette, its text readable on it.
        const QPalette box = pd::gui::colors::tonePalette(tone, palette, true);
        QCOMPARE(pd::gui::colors::isDark(box), dark);
        QVERIFY(contrast(box.color(QPalette::WindowText), box.color(QPalette::Window)) >= 4.5);
        QVERIFY2(!seen.contains(text), "two tones came out the same");
        seen.append(text);
    }
    // The wizard's "regenerated" marks and state dots on a selected row.
    pd::gui::PlanRowModel plan;
    pd::core::PlanRow row;
    row.object = u"Secret/db"_s;
    row.field = u"data.password"_s;
    row.rule = pd::core::PlanRule::SecretRegenerated;
    row.secret = true;
    plan.setRows({row});
    QApplication::setPalette(palette);
    const QColor regenerated = plan.indexOfRow(0).siblingAtColumn(pd::gui::PlanRowModel::RuleColumn).data(Qt::ForegroundRole).value<QBrush>().color();
    QVERIFY2(contrast(regenerated, palette.color(QPalette::Base)) >= 4.5, qPrintable(regenerated.name()));
    for (int state = 0; state <= int(pd::core::EnvironmentState::Incomplete); ++state) {
        const QColor dot = pd::gui::EnvironmentDelegate::selectedStateColor(state, palette);
        QVERIFY2(contrast(dot, palette.color(QPalette::Highlight)) >= 3.0, qPrintable(dot.name()));
    }
}

void TestPaletteContrast::demoWindows_data()
{
    QTest::addColumn<int>("scheme");
    QTest::newRow("light") << int(Appearance::Scheme::Light);
    QTest::newRow("dark") << int(Appearance::Scheme::Dark);
}

void TestPaletteContrast::demoWindows()
{
    QFETCH(int, scheme);
    const QString tag = QString::fromLatin1(QTest::currentDataTag());
    QSettings settings(m_dir.filePath(tag + u".ini"_s), QSettings::IniFormat);
    Appearance::save(&settings, Appearance::Scheme(scheme));   // the controller applies it
    pd::app::DemoSandbox demo;
    pd::gui::AppController controller(&settings);
    controller.setSandboxProvider(demo.provider());
    pd::gui::AppOptions options;
    options.demo = true;
    QString error;
    QVERIFY2(controller.start(options, &error), qPrintable(error));
    QCOMPARE(Appearance::current(), Appearance::Scheme(scheme));
    pd::gui::MainWindow *window = controller.window();
    QVERIFY(window && QTest::qWaitForWindowExposed(window));
    window->resize(1440, 860);
    pd::core::Session *session = controller.session();
    QTRY_VERIFY_WITH_TIMEOUT(session->watcher()->isSynced(), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(session->model()->rowCount() > 3, 15000);
    const pd::core::EnvironmentModel &model = *session->model();
    // A preview with a quota, selected: the details pane shows its bars.
    QString withQuota;
    QTRY_VERIFY_WITH_TIMEOUT([&] {
        for (int row = 0; row < model.rowCount() && withQuota.isEmpty(); ++row)
            if (!model.environment(row).quotas.isEmpty() && model.environment(row).role == pd::core::EnvironmentRole::Preview)
                withQuota = model.environment(row).name;
        return !withQuota.isEmpty();
    }(), 20000);
    QVERIFY(window->selectEnvironment(withQuota));
    QTRY_COMPARE(window->detailsPane()->environmentName(), withQuota);
    checkRoles(window->palette(), tag);

    // Placeholder text in the empty filter.
    QLineEdit *filter = window->filterBar()->textEdit();
    QVERIFY(filter->text().isEmpty() && !filter->placeholderText().isEmpty());
    {
        filter->clearFocus();
        const QImage image = filter->grab().toImage();
        const auto [text, background] = renderedText(image, image.rect().adjusted(6, 5, -6, -5));
        QVERIFY2(text.isValid(), "no placeholder rendered");
        QVERIFY2(contrast(text, background) >= 4.5, qPrintable(u"placeholder %1 on %2: %3:1"_s.arg(text.name(), background.name())
                                                                  .arg(contrast(text, background))));
    }
    // The quota bars: the text over the fill and over the rest of the groove.
    const QList<QProgressBar *> bars = window->detailsPane()->findChildren<QProgressBar *>();
    QVERIFY(!bars.isEmpty());
    for (QProgressBar *bar : bars) {
        if (!bar->isVisibleTo(window))
            continue;
        bar->setValue(bar->maximum() / 2);   // text across both halves
        const QImage image = bar->grab().toImage();
        const qreal scale = image.devicePixelRatio();
        const QRect inner = image.rect().adjusted(int(3 * scale), int(3 * scale), int(-3 * scale), int(-3 * scale));
        const int middle = inner.left() + inner.width() / 2;
        for (const QRect &half : {QRect(QPoint(inner.left(), inner.top()), QPoint(middle - 2, inner.bottom())),
                                  QRect(QPoint(middle + 2, inner.top()), inner.bottomRight())}) {
            const auto [text, background] = renderedText(image, half);
            if (!text.isValid())
                continue;
            QVERIFY2(contrast(text, background) >= 4.5, qPrintable(u"quota bar \"%1\": %2 on %3 is %4:1"_s.arg(
                    bar->text(), text.name(), background.name()).arg(contrast(text, background))));
        }
    }
    pd::test::saveScreenshot(bars.first()->parentWidget(), u"palette-%1-quota-bars.png"_s.arg(tag));
    // The state dots on the selection highlight.
    QTableView *table = window->table();
    {
        const QModelIndex selected = table->selectionModel()->currentIndex().siblingAtColumn(pd::core::EnvironmentModel::StateColumn);
        QVERIFY(selected.isValid());
        const QImage cells = table->viewport()->grab().toImage();
        const qreal scale = cells.devicePixelRatio();
        const QRect rect = table->visualRect(selected);
        const QColor highlight = table->palette().color(QPalette::Highlight);
        const QColor dot = pd::gui::EnvironmentDelegate::selectedStateColor(selected.data(pd::core::EnvironmentModel::StateRole).toInt(),
                                                                            table->palette());
        const int y = int(rect.center().y() * scale);
        bool found = false;
        for (int x = int(rect.left() * scale); x < int(rect.right() * scale) && !found; ++x) {
            const QColor pixel = QColor::fromRgb(cells.pixel(x, y));
            found = std::abs(pixel.red() - dot.red()) + std::abs(pixel.green() - dot.green()) + std::abs(pixel.blue() - dot.blue()) < 12;
        }
        QVERIFY2(found, qPrintable(u"no %1 dot on the selected row"_s.arg(dot.name())));
        QVERIFY(contrast(dot, highlight) >= 3.0);
    }
    int labels = checkLabels(window, tag + u" main window"_s);
    QVERIFY2(labels >= 5, qPrintable(QString::number(labels)));
    QVERIFY(checkItemViews(window, tag + u" main window"_s) >= 0);
    pd::test::saveScreenshot(window, u"palette-%1-main-window.png"_s.arg(tag));

    // The clone wizard on staging.
    QVERIFY(window->selectEnvironment(u"staging"_s));
    QTRY_VERIFY_WITH_TIMEOUT(window->environmentActions()->cloneAction()->isEnabled(), 15000);
    window->environmentActions()->cloneAction()->trigger();
    pd::gui::CloneWizard *wizard = nullptr;
    QTRY_VERIFY((wizard = window->findChild<pd::gui::CloneWizard *>()));
    QVERIFY(QTest::qWaitForWindowExposed(wizard));
    QTRY_VERIFY(wizard->currentPage());
    checkRoles(wizard->palette(), tag + u" wizard"_s);
    labels = checkLabels(wizard, tag + u" wizard"_s);
    QVERIFY2(labels >= 2, qPrintable(QString::number(labels)));
    pd::test::saveScreenshot(wizard, u"palette-%1-clone-wizard.png"_s.arg(tag));
    // The review of the regenerated fields ("regenerated" in the palette's positive tone).
    QTRY_VERIFY_WITH_TIMEOUT(wizard->sourceLoaded(), 30000);
    QTest::keyClicks(wizard->findChild<QLineEdit *>(u"pullRequest"_s), u"1423"_s);
    QAbstractButton *next = wizard->button(QWizard::NextButton);
    QTRY_VERIFY(next->isEnabled());
    QTest::mouseClick(next, Qt::LeftButton);
    QCOMPARE(wizard->currentId(), int(pd::gui::CloneWizard::FieldsPageId));
    auto *plan = wizard->findChild<QTreeView *>(u"planTree"_s);
    QVERIFY(plan);
    QTRY_VERIFY(plan->model()->rowCount() > 0);
    QVERIFY2(checkItemViews(wizard, tag + u" wizard review"_s) >= 1, "no regenerated field marked");
    QVERIFY(checkLabels(wizard, tag + u" wizard review"_s) >= 1);
    pd::test::saveScreenshot(wizard, u"palette-%1-clone-wizard-review.png"_s.arg(tag));
    wizard->reject();

    // The guardrail editor with a problem in its form: the validation box.
    window->guardrailsAction()->trigger();
    pd::gui::GuardrailEditor *editor = nullptr;
    QTRY_VERIFY((editor = window->findChild<pd::gui::GuardrailEditor *>()));
    QVERIFY(QTest::qWaitForWindowExposed(editor));
    auto *newButton = editor->findChild<QPushButton *>(u"newGuardrail"_s);
    QVERIFY(newButton);
    QTest::mouseClick(newButton, Qt::LeftButton);
    QTest::keyClicks(editor->form()->findChild<QLineEdit *>(u"name"_s), u"office-hours"_s);
    QTest::keyClicks(editor->form()->findChild<QLineEdit *>(u"schedule"_s), u"61 * * * *"_s);
    auto *problem = editor->form()->findChild<QLabel *>(u"error"_s);
    QVERIFY(problem && problem->isVisible());
    QCOMPARE(pd::gui::colors::isDark(problem->palette()), Appearance::Scheme(scheme) == Appearance::Scheme::Dark);
    checkRoles(editor->palette(), tag + u" guardrails"_s);
    labels = checkLabels(editor, tag + u" guardrails"_s);
    QVERIFY2(labels >= 5, qPrintable(QString::number(labels)));
    QVERIFY(checkItemViews(editor, tag + u" guardrails"_s) >= 0);
    pd::test::saveScreenshot(editor, u"palette-%1-guardrail-editor.png"_s.arg(tag));
    // Switching the palette while it is open: the box follows.
    const auto other = Appearance::Scheme(scheme) == Appearance::Scheme::Dark ? Appearance::Scheme::Light : Appearance::Scheme::Dark;
    Appearance::apply(other);
    QTRY_COMPARE(pd::gui::colors::isDark(problem->palette()), other == Appearance::Scheme::Dark);
    QVERIFY(contrast(problem->palette().color(QPalette::WindowText), problem->palette().color(QPalette::Window)) >= 4.5);
    Appearance::apply(Appearance::Scheme(scheme));
    QTRY_COMPARE(pd::gui::colors::isDark(problem->palette()), Appearance::Scheme(scheme) == Appearance::Scheme::Dark);
    editor->close();

    // The cost window.
    window->costAction()->trigger();
    pd::gui::CostWindow *cost = nullptr;
    QTRY_VERIFY((cost = window->findChild<pd::gui::CostWindow *>()));
    QVERIFY(QTest::qWaitForWindowExposed(cost));
    cost->resize(1100, 700);
    checkRoles(cost->palette(), tag + u" cost"_s);
    labels = checkLabels(cost, tag + u" cost"_s);
    QVERIFY2(labels >= 1, qPrintable(QString::number(labels)));
    QVERIFY(checkItemViews(cost, tag + u" cost"_s) >= 0);
    pd::test::saveScreenshot(cost, u"palette-%1-cost-window.png"_s.arg(tag));
    cost->close();
}

void TestPaletteContrast::schemePersistsAndSystemRestores()
{
    const QString systemStyle = QApplication::style()->name();
    QSettings settings(m_dir.filePath(u"scheme.ini"_s), QSettings::IniFormat);
    pd::gui::MainWindow window(&settings);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QAction *dark = window.findChild<QAction *>(u"darkPaletteAction"_s);
    QAction *light = window.findChild<QAction *>(u"lightPaletteAction"_s);
    QAction *system = window.findChild<QAction *>(u"systemPaletteAction"_s);
    QVERIFY(dark && light && system);
    QVERIFY(dark->isCheckable() && dark->actionGroup() == system->actionGroup());
    dark->trigger();
    QVERIFY(pd::gui::colors::isDark(QApplication::palette()));
    QTRY_VERIFY(pd::gui::colors::isDark(window.palette()));
    QCOMPARE(settings.value(Appearance::settingsKey()).toString(), u"dark"_s);
    QCOMPARE(Appearance::load(&settings), Appearance::Scheme::Dark);
    light->trigger();
    QTRY_VERIFY(!pd::gui::colors::isDark(window.palette()));
    QCOMPARE(QApplication::palette().color(QPalette::Base), pd::gui::colors::lightPalette().color(QPalette::Base));
    QCOMPARE(Appearance::load(&settings), Appearance::Scheme::Light);
    system->trigger();
    QCOMPARE(Appearance::load(&settings), Appearance::Scheme::System);
    QCOMPARE(QApplication::style()->name(), systemStyle);
    // A new window shows the scheme in force as checked.
    dark->trigger();
    pd::gui::MainWindow again(&settings);
    QVERIFY(again.findChild<QAction *>(u"darkPaletteAction"_s)->isChecked());
    QVERIFY(!again.findChild<QAction *>(u"systemPaletteAction"_s)->isChecked());
    system->trigger();
}

QTEST_MAIN(TestPaletteContrast)
#include "tst_palettecontrast.moc"
