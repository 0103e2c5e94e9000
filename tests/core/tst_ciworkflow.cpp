// packaging/ci/github-actions-preview.yml: it parses, reacts to the pull-request events
// the README promises, and every previewctl command line in it uses a real subcommand
// with options that the built previewctl's --help lists.
#include "kube/yamljson.h"

#include "testpaths.h"

#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Step
{
    QString job;
    QString name;
    QString run;
};

QList<Step> runSteps(const QJsonObject &workflow)
{
    QList<Step> steps;
    const QJsonObject jobs = workflow.value("jobs"_L1).toObject();
    for (auto job = jobs.begin(); job != jobs.end(); ++job) {
        for (const QJsonValue &step : job.value().toObject().value("steps"_L1).toArray()) {
            const QString run = step.toObject().value("run"_L1).toString();
            if (!run.isEmpty())
                steps.append({job.key(), step.toObject().value("name"_L1).toString(), run});
        }
    }
    return steps;
}

// Shell lines with backslash continuations joined.
QStringList logicalLines(const QString &script)
{
    QString joined = script;
    joined.replace(QRegularExpression(u"\\\\\\n\\s*"_s), u" "_s);
    return joined.split(u'\n');
}

QString help(const QString &command)
{
    QProcess process;
    process.start(pd::test::builtExecutable(u"previewctl"_s), {command, u"--help"_s});
    if (!process.waitForFinished(30000) || process.exitCode() != 0)
        return {};
    return QString::fromLocal8Bit(process.readAllStandardOutput());
}

} // namespace

class TestCiWorkflow final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void triggersAndConcurrency();
    void jobsSplitOnClosed();
    void previewctlCommandsAreReal();
    void secretsAndEventTextStayOutOfScripts();

private:
    QJsonObject m_workflow;
};

void TestCiWorkflow::initTestCase()
{
    // ctest sets PREVIEWDESK_SOURCE_DIR; run by hand, the test's own source tree is used.
    const QString sourceDir = qEnvironmentVariable("PREVIEWDESK_SOURCE_DIR", QStringLiteral(QT_TESTCASE_SOURCEDIR "/.."));
    const QString path = sourceDir + u"/packaging/ci/github-actions-preview.yml"_s;
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
    QList<QJsonObject> documents;
    pd::kube::YamlError error;
    QVERIFY2(pd::kube::parseYamlDocuments(file.readAll(), path, &documents, &error), qPrintable(error.toString()));
    QCOMPARE(documents.size(), 1);
    m_workflow = documents.first();
}

void TestCiWorkflow::triggersAndConcurrency()
{
    // GitHub reads the key `on` as a string (a YAML 1.1 reader may see the boolean true).
    const QJsonObject on = m_workflow.contains("on"_L1) ? m_workflow.value("on"_L1).toObject()
                                                        : m_workflow.value("true"_L1).toObject();
    const QJsonArray types = on.value("pull_request"_L1).toObject().value("types"_L1).toArray();
    QCOMPARE(types, (QJsonArray{u"opened"_s, u"synchronize"_s, u"reopened"_s, u"closed"_s}));

    const QJsonObject concurrency = m_workflow.value("concurrency"_L1).toObject();
    QVERIFY(concurrency.value("group"_L1).toString().contains(u"${{ github.event.pull_request.number }}"_s));
    QCOMPARE(concurrency.value("cancel-in-progress"_L1), QJsonValue(false));
}

void TestCiWorkflow::jobsSplitOnClosed()
{
    const QJsonObject jobs = m_workflow.value("jobs"_L1).toObject();
    QCOMPARE(jobs.value("deploy"_L1).toObject().value("if"_L1).toString(), u"github.event.action != 'closed'"_s);
    QCOMPARE(jobs.value("teardown"_L1).toObject().value("if"_L1).toString(), u"github.event.action == 'closed'"_s);
    QCOMPARE(m_workflow.value("env"_L1).toObject().value("PR_NUMBER"_L1).toString(),
             u"${{ github.event.pull_request.number }}"_s);

    QStringList deploy;
    QStringList teardown;
    for (const Step &step : runSteps(m_workflow))
        (step.job == u"deploy"_s ? deploy : teardown) << step.run;
    QVERIFY(deploy.join(u'\n').contains(u"previewctl clone \"$SOURCE\" --pr \"$PR_NUMBER\""_s));
    // A new push renews the preview and refreshes what the pull request shows.
    QVERIFY(deploy.join(u'\n').contains(u"previewctl extend --pr \"$PR_NUMBER\""_s));
    QVERIFY(deploy.join(u'\n').contains(u"previewctl report --pr \"$PR_NUMBER\""_s));
    QVERIFY(!deploy.join(u'\n').contains(u"previewctl destroy"_s));
    QVERIFY(teardown.join(u'\n').contains(u"previewctl destroy --pr \"$PR_NUMBER\" --yes --report-to-pr"_s));
    QVERIFY(!teardown.join(u'\n').contains(u"previewctl clone"_s));
    // Reported to the pull request (which also records previewdesk.io/repository for the app),
    // with the job's token and the permissions that posting needs.
    QVERIFY(deploy.join(u'\n').contains(u"--report-to-pr"_s));
    const QJsonObject permissions = m_workflow.value("permissions"_L1).toObject();
    QCOMPARE(permissions.value("deployments"_L1).toString(), u"write"_s);
    QCOMPARE(permissions.value("pull-requests"_L1).toString(), u"write"_s);
    int tokenSteps = 0;
    for (const QJsonValue &job : jobs) {
        for (const QJsonValue &step : job.toObject().value("steps"_L1).toArray())
            tokenSteps += step.toObject().value("env"_L1).toObject().value("GITHUB_TOKEN"_L1).toString() == u"${{ secrets.GITHUB_TOKEN }}"_s;
    }
    QCOMPARE(tokenSteps, 2);
}

void TestCiWorkflow::previewctlCommandsAreReal()
{
    QVERIFY2(!pd::test::builtExecutable(u"previewctl"_s).isEmpty(), "previewctl is not built");
    static const QRegularExpression command(u"(?:^|[\\s;&|(])previewctl\\s+([a-z-]+)(.*)$"_s);
    static const QRegularExpression option(u"(?:^|\\s)(--[a-z][a-z-]*)"_s);
    QSet<QString> subcommands;
    int checkedOptions = 0;
    for (const Step &step : runSteps(m_workflow)) {
        for (const QString &line : logicalLines(step.run)) {
            if (line.trimmed().startsWith(u'#'))
                continue;   // shell comments may mention previewctl in prose
            const QRegularExpressionMatch match = command.match(line);
            if (!match.hasMatch())
                continue;
            const QString subcommand = match.captured(1);
            const QString text = help(subcommand);
            QVERIFY2(!text.isEmpty(), qPrintable(u"previewctl %1 --help failed (step \"%2\")"_s.arg(subcommand, step.name)));
            subcommands.insert(subcommand);
            auto options = option.globalMatch(match.captured(2));
            while (options.hasNext()) {
                const QString name = options.next().captured(1);
                QVERIFY2(text.contains(name), qPrintable(u"previewctl %1 has no option %2"_s.arg(subcommand, name)));
                ++checkedOptions;
            }
        }
    }
    QCOMPARE(subcommands, (QSet<QString>{u"clone"_s, u"destroy"_s, u"extend"_s, u"report"_s}));
    QVERIFY(checkedOptions >= 12);
}

void TestCiWorkflow::secretsAndEventTextStayOutOfScripts()
{
    // Expressions in run: are pasted into the script before the shell sees it (script
    // injection through a branch name or title); values travel through env: instead.
    for (const Step &step : runSteps(m_workflow))
        QVERIFY2(!step.run.contains(u"${{"_s), qPrintable(step.name));
    const QJsonObject jobs = m_workflow.value("jobs"_L1).toObject();
    int kubeconfigSteps = 0;
    for (const QString &job : {u"deploy"_s, u"teardown"_s}) {
        for (const QJsonValue &step : jobs.value(job).toObject().value("steps"_L1).toArray()) {
            if (step.toObject().value("env"_L1).toObject().value("PREVIEW_KUBECONFIG"_L1).toString()
                == u"${{ secrets.PREVIEW_KUBECONFIG }}"_s)
                ++kubeconfigSteps;
        }
    }
    QCOMPARE(kubeconfigSteps, 2);
}

QTEST_GUILESS_MAIN(TestCiWorkflow)
#include "tst_ciworkflow.moc"
