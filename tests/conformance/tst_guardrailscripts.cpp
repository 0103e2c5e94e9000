// The guardrail scripts PreviewDesk generates, run by sh and the REAL kubectl against the
// sandbox: scale down / up, sweep and destroy, dry-run, idempotence, and that sources,
// protected and unmanaged namespaces are never touched.
#include "kubectlharness.h"

#include "core/guardrail/guardrail.h"
#include "core/guardrail/guardrailrenderer.h"
#include "core/guardrail/guardrailscript.h"

#include "sandbox/objectstore.h"
#include "sandbox/sandboxcluster.h"
#include "sandbox/wellknowncrds.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using pd::core::Guardrail;
using pd::core::GuardrailAction;
using pd::test::KubectlHarness;

namespace {

struct ScriptRun
{
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QByteArray describe() const
    {
        return "exit " + QByteArray::number(exitCode) + (finished ? "" : " (timed out)") + "\nstdout:\n" + out
               + "\nstderr:\n" + err;
    }
};

QJsonObject labels(std::initializer_list<std::pair<const char *, const char *>> items)
{
    QJsonObject o;
    for (const auto &[k, v] : items)
        o.insert(QLatin1String(k), QLatin1String(v));
    return o;
}

QJsonObject preview(const QString &name, QJsonObject extraLabels = {}, const QJsonObject &annotations = {})
{
    extraLabels.insert(QStringLiteral("app.kubernetes.io/managed-by"), QStringLiteral("previewdesk"));
    extraLabels.insert(QStringLiteral("previewdesk.io/role"), QStringLiteral("preview"));
    QJsonObject metadata{{QStringLiteral("name"), name}, {QStringLiteral("labels"), extraLabels}};
    if (!annotations.isEmpty())
        metadata.insert(QStringLiteral("annotations"), annotations);
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                       {QStringLiteral("kind"), QStringLiteral("Namespace")},
                       {QStringLiteral("metadata"), metadata}};
}

QJsonObject plainNamespace(const QString &name, const QJsonObject &nsLabels, const QJsonObject &annotations = {})
{
    QJsonObject ns = preview(name, {}, annotations);
    QJsonObject metadata = ns.value(QStringLiteral("metadata")).toObject();
    metadata.insert(QStringLiteral("labels"), nsLabels);
    ns.insert(QStringLiteral("metadata"), metadata);
    return ns;
}

QJsonObject podTemplate(const QString &app, const QString &restartPolicy = {})
{
    QJsonObject spec{{QStringLiteral("containers"),
                      QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("main")},
                                             {QStringLiteral("image"), QStringLiteral("nginx:1.27")}}}}};
    if (!restartPolicy.isEmpty())
        spec.insert(QStringLiteral("restartPolicy"), restartPolicy);
    return QJsonObject{{QStringLiteral("metadata"), QJsonObject{{QStringLiteral("labels"), QJsonObject{{QStringLiteral("app"), app}}}}},
                       {QStringLiteral("spec"), spec}};
}

QJsonObject workload(const QString &kind, const QString &ns, const QString &name, int replicas)
{
    QJsonObject spec{{QStringLiteral("replicas"), replicas},
                     {QStringLiteral("selector"), QJsonObject{{QStringLiteral("matchLabels"), QJsonObject{{QStringLiteral("app"), name}}}}},
                     {QStringLiteral("template"), podTemplate(name)}};
    if (kind == QLatin1String("StatefulSet"))
        spec.insert(QStringLiteral("serviceName"), name);
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("apps/v1")},
                       {QStringLiteral("kind"), kind},
                       {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), ns}}},
                       {QStringLiteral("spec"), spec}};
}

QJsonObject cronJob(const QString &ns, const QString &name, bool suspend)
{
    const QJsonObject jobSpec{{QStringLiteral("template"), podTemplate(name, QStringLiteral("OnFailure"))}};
    return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("batch/v1")},
                       {QStringLiteral("kind"), QStringLiteral("CronJob")},
                       {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("namespace"), ns}}},
                       {QStringLiteral("spec"), QJsonObject{{QStringLiteral("schedule"), QStringLiteral("0 3 * * *")},
                                                            {QStringLiteral("suspend"), suspend},
                                                            {QStringLiteral("jobTemplate"), QJsonObject{{QStringLiteral("spec"), jobSpec}}}}}};
}

Guardrail guardrail(const char *name, GuardrailAction action)
{
    Guardrail g;
    g.name = QLatin1String(name);
    g.action = action;
    g.schedule.cron = QStringLiteral("0 20 * * *");
    g.schedule.timeZone = QStringLiteral("Europe/Berlin");
    return g;
}

QString iso(qint64 epoch)
{
    return QDateTime::fromSecsSinceEpoch(epoch, QTimeZone::utc()).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"));
}

} // namespace

class TestGuardrailScripts final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void scaleDownAndUp();
    void scaleNamedEnvironmentsSkipsSources();
    void sweep();
    void destroyWithNotice();
    void scaleIdentityCannotDelete();

private:
    ScriptRun runScript(const QString &script, const QHash<QString, QString> &env = {});
    // Runs the script as the guardrail's own ServiceAccount, with the RBAC the renderer
    // made for it: proof that the least privilege is enough.
    ScriptRun runAsGuardrail(const Guardrail &guardrail, QHash<QString, QString> env = {});
    bool create(const QList<QJsonObject> &objects, QByteArray *why);
    QJsonObject get(const QString &kind, const QString &name, const QString &ns = {});
    bool exists(const QString &namespaceName);
    int replicas(const QString &kind, const QString &name, const QString &ns);
    QString annotation(const QString &kind, const QString &name, const QString &ns, const QString &key);
    QJsonArray noticesAbout(const QString &namespaceName);

    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<KubectlHarness> m_kubectl;
    QTemporaryDir m_home;
};

void TestGuardrailScripts::initTestCase()
{
    pd::sandbox::SandboxOptions options;
    options.controllers = false; // nothing else changes replicas or suspends behind the scripts' back
    // Over plain HTTP kubectl sends no token (the sandbox then takes it for the admin):
    // TLS, so that each script runs as its guardrail's ServiceAccount under RBAC.
    options.tls = true;
    QString error;
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    m_kubectl = std::make_unique<KubectlHarness>(&m_cluster);
    QVERIFY(m_home.isValid());
    QByteArray why;
    QVERIFY2(create({plainNamespace(QStringLiteral("previewdesk-system"), {})}, &why), why.constData());
}

ScriptRun TestGuardrailScripts::runAsGuardrail(const Guardrail &guardrail, QHash<QString, QString> env)
{
    const QString kubeconfig = m_home.filePath(guardrail.name + QStringLiteral(".kubeconfig"));
    if (!QFile::exists(kubeconfig)) {
        QJsonArray items;
        for (const QJsonObject &o : pd::core::GuardrailRenderer().render(guardrail))
            items.append(o);
        const QString file = m_kubectl->writeFile(guardrail.name + QStringLiteral(".json"),
                                                  QJsonDocument(QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                                                                            {QStringLiteral("kind"), QStringLiteral("List")},
                                                                            {QStringLiteral("items"), items}})
                                                      .toJson());
        const auto applied = m_kubectl->run({QStringLiteral("apply"), QStringLiteral("--validate=false"), QStringLiteral("-f"), file});
        if (!applied.ok())
            return ScriptRun{true, -2, {}, "applying the guardrail failed: " + applied.describe()};
        const QString token = m_cluster.serviceAccountToken(QStringLiteral("previewdesk-system"),
                                                            pd::core::GuardrailRenderer::serviceAccountName(guardrail.name));
        QFile file2(kubeconfig);
        if (!file2.open(QIODevice::WriteOnly))
            return ScriptRun{true, -2, {}, "cannot write the kubeconfig"};
        file2.write(m_cluster.kubeconfigYamlForToken(token, QStringLiteral("previewdesk-system")));
    }
    env.insert(QStringLiteral("KUBECONFIG"), kubeconfig);
    return runScript(pd::core::guardrailScript(guardrail), env);
}

ScriptRun TestGuardrailScripts::runScript(const QString &script, const QHash<QString, QString> &env)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("KUBECONFIG"), m_kubectl->kubeconfigPath());
    // A private HOME: kubectl caches discovery under it.
    environment.insert(QStringLiteral("HOME"), m_home.path());
    environment.remove(QStringLiteral("DRY_RUN"));
    environment.remove(QStringLiteral("NOW"));
    for (auto it = env.constBegin(); it != env.constEnd(); ++it)
        environment.insert(it.key(), it.value());
    // Per identity: kubectl keys its discovery cache by server, not by user.
    environment.insert(QStringLiteral("KUBECACHEDIR"), m_home.filePath(QStringLiteral("cache")));
    process.setProcessEnvironment(environment);
    process.setProgram(QStringLiteral("sh"));
    process.setArguments({QStringLiteral("-c"), script});
    // The server lives in this process: wait with the event loop running.
    QSignalSpy finished(&process, &QProcess::finished);
    process.start();
    ScriptRun run;
    run.finished = finished.wait(120000);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    run.exitCode = run.finished ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

bool TestGuardrailScripts::create(const QList<QJsonObject> &objects, QByteArray *why)
{
    QJsonArray items;
    for (const QJsonObject &o : objects)
        items.append(o);
    const QJsonObject list{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                           {QStringLiteral("kind"), QStringLiteral("List")},
                           {QStringLiteral("items"), items}};
    const QString file = m_kubectl->writeFile(QStringLiteral("objects.json"), QJsonDocument(list).toJson());
    const auto r = m_kubectl->run({QStringLiteral("create"), QStringLiteral("--validate=false"), QStringLiteral("-f"), file});
    *why = r.describe();
    return r.ok();
}

QJsonObject TestGuardrailScripts::get(const QString &kind, const QString &name, const QString &ns)
{
    QStringList args{QStringLiteral("get"), kind, name, QStringLiteral("-o"), QStringLiteral("json")};
    if (!ns.isEmpty())
        args << QStringLiteral("-n") << ns;
    const auto r = m_kubectl->run(args);
    return r.ok() ? QJsonDocument::fromJson(r.out).object() : QJsonObject();
}

// Gone, or on its way (Terminating).
bool TestGuardrailScripts::exists(const QString &namespaceName)
{
    const QJsonObject ns = get(QStringLiteral("namespace"), namespaceName);
    return !ns.isEmpty() && !ns.value(QStringLiteral("metadata")).toObject().contains(QStringLiteral("deletionTimestamp"));
}

int TestGuardrailScripts::replicas(const QString &kind, const QString &name, const QString &ns)
{
    return get(kind, name, ns).value(QStringLiteral("spec")).toObject().value(QStringLiteral("replicas")).toInt(-1);
}

QString TestGuardrailScripts::annotation(const QString &kind, const QString &name, const QString &ns, const QString &key)
{
    return get(kind, name, ns).value(QStringLiteral("metadata")).toObject().value(QStringLiteral("annotations")).toObject()
        .value(key).toString();
}

QJsonArray TestGuardrailScripts::noticesAbout(const QString &namespaceName)
{
    const auto r = m_kubectl->run({QStringLiteral("get"), QStringLiteral("events"), QStringLiteral("-n"), QStringLiteral("default"),
                                   QStringLiteral("-o"), QStringLiteral("json")});
    QJsonArray about;
    for (const QJsonValue &e : QJsonDocument::fromJson(r.out).object().value(QStringLiteral("items")).toArray()) {
        if (e.toObject().value(QStringLiteral("involvedObject")).toObject().value(QStringLiteral("name")).toString() == namespaceName)
            about.append(e);
    }
    return about;
}

void TestGuardrailScripts::scaleDownAndUp()
{
    QByteArray why;
    QVERIFY2(create({preview(QStringLiteral("pr-1"), labels({{"previewdesk.io/owner", "alice"}})),
                     preview(QStringLiteral("pr-2"), labels({{"previewdesk.io/owner", "bob"}})),
                     plainNamespace(QStringLiteral("staging"), labels({{"previewdesk.io/role", "source"}, {"previewdesk.io/owner", "alice"}})),
                     workload(QStringLiteral("Deployment"), QStringLiteral("pr-1"), QStringLiteral("web"), 2),
                     workload(QStringLiteral("Deployment"), QStringLiteral("pr-1"), QStringLiteral("idle"), 0),
                     workload(QStringLiteral("StatefulSet"), QStringLiteral("pr-1"), QStringLiteral("db"), 1),
                     cronJob(QStringLiteral("pr-1"), QStringLiteral("report"), false),
                     cronJob(QStringLiteral("pr-1"), QStringLiteral("paused"), true),
                     workload(QStringLiteral("Deployment"), QStringLiteral("pr-2"), QStringLiteral("web"), 3),
                     workload(QStringLiteral("Deployment"), QStringLiteral("staging"), QStringLiteral("web"), 2)},
                    &why),
             why.constData());

    Guardrail down = guardrail("nightly", GuardrailAction::ScaleDown);
    down.target.selector = QStringLiteral("previewdesk.io/owner=alice");
    QVERIFY(down.validate().isEmpty());
    const QString pr1 = QStringLiteral("pr-1");
    const QString deployment = QStringLiteral("deployment");
    const QString statefulset = QStringLiteral("statefulset");
    const QString cronjob = QStringLiteral("cronjob");
    const QString originalReplicas = QStringLiteral("downscaler/original-replicas");
    const QString originalSuspend = QStringLiteral("previewdesk.io/original-suspend");
    auto suspended = [this, &pr1](const char *name) {
        return get(QStringLiteral("cronjob"), QLatin1String(name), pr1).value(QStringLiteral("spec")).toObject()
            .value(QStringLiteral("suspend")).toBool();
    };

    // Dry run: says what it would do, changes nothing.
    ScriptRun run = runScript(pd::core::guardrailScript(down), {{QStringLiteral("DRY_RUN"), QStringLiteral("1")}});
    QVERIFY2(run.exitCode == 0, run.describe());
    QVERIFY2(run.out.contains("dry-run: kubectl scale deployment web -n pr-1 --replicas=0"), run.describe());
    QVERIFY2(run.out.contains("dry-run: kubectl scale statefulset db -n pr-1 --replicas=0"), run.describe());
    QCOMPARE(replicas(deployment, QStringLiteral("web"), pr1), 2);
    QCOMPARE(annotation(deployment, QStringLiteral("web"), pr1, originalReplicas), QString());
    QCOMPARE(suspended("report"), false);

    // Down, twice: the second run finds everything done.
    for (int pass = 0; pass < 2; ++pass) {
        run = runAsGuardrail(down);
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(replicas(deployment, QStringLiteral("web"), pr1), 0);
        QCOMPARE(replicas(deployment, QStringLiteral("idle"), pr1), 0);
        QCOMPARE(replicas(statefulset, QStringLiteral("db"), pr1), 0);
        QCOMPARE(annotation(deployment, QStringLiteral("web"), pr1, originalReplicas), QStringLiteral("2"));
        QCOMPARE(annotation(statefulset, QStringLiteral("db"), pr1, originalReplicas), QStringLiteral("1"));
        QCOMPARE(annotation(deployment, QStringLiteral("idle"), pr1, originalReplicas), QString());
        QCOMPARE(suspended("report"), true);
        QCOMPARE(suspended("paused"), true);
        QCOMPARE(annotation(cronjob, QStringLiteral("report"), pr1, originalSuspend), QStringLiteral("false"));
        QCOMPARE(annotation(cronjob, QStringLiteral("paused"), pr1, originalSuspend), QStringLiteral("true"));
        if (pass == 1)
            QVERIFY2(!run.out.contains("-> 0"), run.describe());
    }
    // Outside the target: another owner's preview, and a source.
    QCOMPARE(replicas(deployment, QStringLiteral("web"), QStringLiteral("pr-2")), 3);
    QCOMPARE(replicas(deployment, QStringLiteral("web"), QStringLiteral("staging")), 2);

    // Up, twice.
    Guardrail up = down;
    up.name = QStringLiteral("morning");
    up.action = GuardrailAction::ScaleUp;
    run = runScript(pd::core::guardrailScript(up), {{QStringLiteral("DRY_RUN"), QStringLiteral("1")}});
    QVERIFY2(run.exitCode == 0 && run.out.contains("dry-run: kubectl scale deployment web -n pr-1 --replicas=2"), run.describe());
    QCOMPARE(replicas(deployment, QStringLiteral("web"), pr1), 0);
    for (int pass = 0; pass < 2; ++pass) {
        run = runAsGuardrail(up);
        QVERIFY2(run.exitCode == 0, run.describe());
        QCOMPARE(replicas(deployment, QStringLiteral("web"), pr1), 2);
        QCOMPARE(replicas(deployment, QStringLiteral("idle"), pr1), 0);
        QCOMPARE(replicas(statefulset, QStringLiteral("db"), pr1), 1);
        QCOMPARE(annotation(deployment, QStringLiteral("web"), pr1, originalReplicas), QString());
        QCOMPARE(annotation(statefulset, QStringLiteral("db"), pr1, originalReplicas), QString());
        QCOMPARE(suspended("report"), false);
        QCOMPARE(suspended("paused"), true);
        QCOMPARE(annotation(cronjob, QStringLiteral("report"), pr1, originalSuspend), QString());
        QCOMPARE(annotation(cronjob, QStringLiteral("paused"), pr1, originalSuspend), QString());
    }
    QCOMPARE(replicas(deployment, QStringLiteral("web"), QStringLiteral("pr-2")), 3);
}

void TestGuardrailScripts::scaleNamedEnvironmentsSkipsSources()
{
    QByteArray why;
    // Sources and protected previews are never scaled, even when named (issue 12).
    QVERIFY2(create({preview(QStringLiteral("pr-3")),
                     preview(QStringLiteral("pr-4"), labels({{"previewdesk.io/protected", "true"}})),
                     plainNamespace(QStringLiteral("golden"), labels({{"previewdesk.io/role", "source"}})),
                     workload(QStringLiteral("Deployment"), QStringLiteral("pr-3"), QStringLiteral("web"), 1),
                     workload(QStringLiteral("Deployment"), QStringLiteral("pr-4"), QStringLiteral("web"), 1),
                     workload(QStringLiteral("Deployment"), QStringLiteral("golden"), QStringLiteral("web"), 1)},
                    &why),
             why.constData());
    Guardrail down = guardrail("named", GuardrailAction::ScaleDown);
    down.target.environments = {QStringLiteral("pr-3"), QStringLiteral("pr-4"), QStringLiteral("golden")};
    const ScriptRun run = runScript(pd::core::guardrailScript(down));
    QVERIFY2(run.exitCode == 0, run.describe());
    QCOMPARE(replicas(QStringLiteral("deployment"), QStringLiteral("web"), QStringLiteral("pr-3")), 0);
    QCOMPARE(replicas(QStringLiteral("deployment"), QStringLiteral("web"), QStringLiteral("pr-4")), 1);
    QCOMPARE(replicas(QStringLiteral("deployment"), QStringLiteral("web"), QStringLiteral("golden")), 1);
    QCOMPARE(annotation(QStringLiteral("deployment"), QStringLiteral("web"), QStringLiteral("golden"),
                        QStringLiteral("downscaler/original-replicas")),
             QString());
}

void TestGuardrailScripts::sweep()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QString past = iso(now - 3600);
    const QString expiresAt = QStringLiteral("previewdesk.io/expires-at");
    auto annotations = [](const QString &key, const QString &value) { return QJsonObject{{key, value}}; };
    QByteArray why;
    QVERIFY2(
        create({preview(QStringLiteral("exp-at"), {}, annotations(expiresAt, past)),
                preview(QStringLiteral("exp-janitor-date"), {}, annotations(QStringLiteral("janitor/expires"), QStringLiteral("2020-01-01"))),
                preview(QStringLiteral("exp-janitor-minute"), {}, annotations(QStringLiteral("janitor/expires"), QStringLiteral("2020-01-01T10:00"))),
                preview(QStringLiteral("exp-ttl"), {}, annotations(QStringLiteral("janitor/ttl"), QStringLiteral("1m"))),
                // The earliest wins, as effectiveExpiry() in the app: kube-janitor's date has passed.
                preview(QStringLiteral("exp-janitor-first"), {},
                        QJsonObject{{expiresAt, iso(now + 30 * 86400)}, {QStringLiteral("janitor/expires"), QStringLiteral("2020-01-01")}}),
                preview(QStringLiteral("keep-future"), {}, annotations(expiresAt, iso(now + 30 * 86400))),
                preview(QStringLiteral("keep-notice"), {}, annotations(expiresAt, iso(now + 3600))),
                preview(QStringLiteral("keep-forever"), {}, annotations(QStringLiteral("janitor/ttl"), QStringLiteral("forever"))),
                preview(QStringLiteral("keep-unreadable"), {}, annotations(expiresAt, QStringLiteral("tomorrow"))),
                preview(QStringLiteral("keep-no-expiry")),
                preview(QStringLiteral("keep-protected"), labels({{"previewdesk.io/protected", "true"}}), annotations(expiresAt, past)),
                plainNamespace(QStringLiteral("keep-source"),
                               labels({{"previewdesk.io/role", "source"}, {"app.kubernetes.io/managed-by", "previewdesk"}}),
                               annotations(expiresAt, past)),
                plainNamespace(QStringLiteral("keep-unmanaged"), labels({{"previewdesk.io/role", "preview"}}), annotations(expiresAt, past)),
                plainNamespace(QStringLiteral("keep-janitor-only"), {}, annotations(QStringLiteral("janitor/ttl"), QStringLiteral("1s")))},
               &why),
        why.constData());
    const QStringList expired{QStringLiteral("exp-at"), QStringLiteral("exp-janitor-date"), QStringLiteral("exp-janitor-minute"),
                              QStringLiteral("exp-ttl"), QStringLiteral("exp-janitor-first")};
    const QStringList kept{QStringLiteral("keep-future"),    QStringLiteral("keep-notice"),    QStringLiteral("keep-forever"),
                           QStringLiteral("keep-unreadable"), QStringLiteral("keep-no-expiry"), QStringLiteral("keep-protected"),
                           QStringLiteral("keep-source"),    QStringLiteral("keep-unmanaged"), QStringLiteral("keep-janitor-only")};

    Guardrail sweep = guardrail("sweep", GuardrailAction::Sweep);
    sweep.notice = QStringLiteral("24h");
    QVERIFY(sweep.validate().isEmpty());
    // Two minutes from now: the 1m janitor/ttl has run out whatever the clock does meanwhile.
    const QHash<QString, QString> clock{{QStringLiteral("NOW"), QString::number(now + 120)}};

    QHash<QString, QString> dry = clock;
    dry.insert(QStringLiteral("DRY_RUN"), QStringLiteral("1"));
    ScriptRun run = runScript(pd::core::guardrailScript(sweep), dry);
    QVERIFY2(run.exitCode == 0, run.describe());
    for (const QString &ns : expired)
        QVERIFY2(run.out.contains(QStringLiteral("dry-run: kubectl delete namespace %1 --wait=false").arg(ns).toUtf8()), run.describe());
    for (const QString &ns : expired + kept)
        QVERIFY2(exists(ns), qPrintable(ns));
    QCOMPARE(annotation(QStringLiteral("namespace"), QStringLiteral("keep-notice"), {}, QStringLiteral("previewdesk.io/expiry-notice-sent")),
             QString());

    for (int pass = 0; pass < 2; ++pass) {
        run = runAsGuardrail(sweep, clock);
        QVERIFY2(run.exitCode == 0, run.describe());
        for (const QString &ns : expired)
            QVERIFY2(!exists(ns), qPrintable(ns + QStringLiteral(" should be gone\n") + QString::fromUtf8(run.describe())));
        for (const QString &ns : kept)
            QVERIFY2(exists(ns), qPrintable(ns + QStringLiteral(" should be kept\n") + QString::fromUtf8(run.describe())));
        // One notice, recorded, not repeated by the second run.
        QCOMPARE(annotation(QStringLiteral("namespace"), QStringLiteral("keep-notice"), {}, QStringLiteral("previewdesk.io/expiry-notice-sent")),
                 QString::number(QDateTime::fromString(iso(now + 3600), Qt::ISODate).toSecsSinceEpoch()));
        // As kube-janitor does it: in "default", about the cluster-scoped Namespace.
        const QJsonArray items = noticesAbout(QStringLiteral("keep-notice"));
        QCOMPARE(items.size(), 1);
        const QJsonObject event = items.first().toObject();
        QCOMPARE(event.value(QStringLiteral("reason")).toString(), QStringLiteral("PreviewDeletionNotice"));
        QCOMPARE(event.value(QStringLiteral("type")).toString(), QStringLiteral("Warning"));
        QCOMPARE(event.value(QStringLiteral("involvedObject")).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("Namespace"));
        QCOMPARE(event.value(QStringLiteral("involvedObject")).toObject().value(QStringLiteral("uid")).toString(),
                 get(QStringLiteral("namespace"), QStringLiteral("keep-notice")).value(QStringLiteral("metadata")).toObject()
                     .value(QStringLiteral("uid")).toString());
        QVERIFY(event.value(QStringLiteral("message")).toString().startsWith(
            QLatin1String("PreviewDesk guardrail sweep will delete namespace keep-notice in ")));
    }
    QVERIFY2(run.out.contains("keep-unreadable: unreadable expiry annotation; left alone"), run.describe());
}

void TestGuardrailScripts::destroyWithNotice()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    QByteArray why;
    QVERIFY2(create({preview(QStringLiteral("carol-1"), labels({{"previewdesk.io/owner", "carol"}})),
                     preview(QStringLiteral("carol-protected"), labels({{"previewdesk.io/owner", "carol"}, {"previewdesk.io/protected", "true"}})),
                     plainNamespace(QStringLiteral("carol-source"), labels({{"previewdesk.io/owner", "carol"}, {"previewdesk.io/role", "source"}})),
                     plainNamespace(QStringLiteral("carol-unmanaged"), labels({{"previewdesk.io/owner", "carol"}})),
                     preview(QStringLiteral("dave-1"), labels({{"previewdesk.io/owner", "dave"}}))},
                    &why),
             why.constData());
    // A restore's contents are cluster-wide: carol-1's Retain one goes with it; one of another
    // preview, one bound elsewhere and a Delete one (its storage would go too) stay.
    pd::sandbox::WriteOptions internal;
    internal.skipAdmission = true;
    for (const QJsonObject &crd : pd::sandbox::wellKnownCustomResourceDefinitions())
        if (crd[QStringLiteral("spec")][QStringLiteral("group")].toString() == QLatin1String("snapshot.storage.k8s.io"))
            m_cluster.store()->create(pd::sandbox::GroupResource{QStringLiteral("apiextensions.k8s.io"), QStringLiteral("customresourcedefinitions")}, crd,
                                      internal);
    auto content = [](const QString &name, const QString &environment, const QString &policy, const QString &boundIn) {
        return QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("snapshot.storage.k8s.io/v1")},
                           {QStringLiteral("kind"), QStringLiteral("VolumeSnapshotContent")},
                           {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name},
                                                                    {QStringLiteral("labels"), QJsonObject{{QStringLiteral("app.kubernetes.io/managed-by"), QStringLiteral("previewdesk")},
                                                                                                           {QStringLiteral("previewdesk.io/environment"), environment}}}}},
                           {QStringLiteral("spec"), QJsonObject{{QStringLiteral("deletionPolicy"), policy},
                                                                {QStringLiteral("driver"), QStringLiteral("sandbox.csi.local")},
                                                                {QStringLiteral("source"), QJsonObject{{QStringLiteral("snapshotHandle"), QStringLiteral("snapshot-golden")}}},
                                                                {QStringLiteral("volumeSnapshotRef"), QJsonObject{{QStringLiteral("name"), QStringLiteral("golden")},
                                                                                                                   {QStringLiteral("namespace"), boundIn}}}}}};
    };
    QVERIFY2(create({content(QStringLiteral("carol-1.golden"), QStringLiteral("carol-1"), QStringLiteral("Retain"), QStringLiteral("carol-1")),
                     content(QStringLiteral("carol-1.elsewhere"), QStringLiteral("carol-1"), QStringLiteral("Retain"), QStringLiteral("staging")),
                     content(QStringLiteral("carol-1.delete"), QStringLiteral("carol-1"), QStringLiteral("Delete"), QStringLiteral("carol-1")),
                     content(QStringLiteral("dave-1.golden"), QStringLiteral("dave-1"), QStringLiteral("Retain"), QStringLiteral("dave-1"))},
                    &why),
             why.constData());
    Guardrail destroy = guardrail("carol-cleanup", GuardrailAction::Destroy);
    destroy.target.selector = QStringLiteral("previewdesk.io/owner=carol");
    destroy.notice = QStringLiteral("1h");
    QVERIFY(destroy.validate().isEmpty());
    const QString script = pd::core::guardrailScript(destroy);

    // First run: notice only.
    ScriptRun run = runAsGuardrail(destroy, {{QStringLiteral("NOW"), QString::number(now)}});
    QVERIFY2(run.exitCode == 0, run.describe());
    QVERIFY(exists(QStringLiteral("carol-1")));
    QCOMPARE(annotation(QStringLiteral("namespace"), QStringLiteral("carol-1"), {}, QStringLiteral("previewdesk.io/destroy-notice-sent")),
             QString::number(now));
    QCOMPARE(noticesAbout(QStringLiteral("carol-1")).size(), 1);
    QCOMPARE(noticesAbout(QStringLiteral("carol-protected")).size(), 0);
    // Within the notice period: still there.
    run = runScript(script, {{QStringLiteral("NOW"), QString::number(now + 1800)}});
    QVERIFY2(run.exitCode == 0, run.describe());
    QVERIFY(exists(QStringLiteral("carol-1")));
    // Dry run after it: would delete, does not.
    run = runScript(script, {{QStringLiteral("NOW"), QString::number(now + 3601)}, {QStringLiteral("DRY_RUN"), QStringLiteral("1")}});
    QVERIFY2(run.exitCode == 0 && run.out.contains("dry-run: kubectl delete namespace carol-1"), run.describe());
    QVERIFY2(run.out.contains("dry-run: kubectl delete volumesnapshotcontents.snapshot.storage.k8s.io carol-1.golden"), run.describe());
    QVERIFY(exists(QStringLiteral("carol-1")));
    QVERIFY(!get(QStringLiteral("volumesnapshotcontent"), QStringLiteral("carol-1.golden")).isEmpty());
    // After it: deleted; nothing else is.
    run = runAsGuardrail(destroy, {{QStringLiteral("NOW"), QString::number(now + 3601)}});
    QVERIFY2(run.exitCode == 0, run.describe());
    QVERIFY(!exists(QStringLiteral("carol-1")));
    for (const char *ns : {"carol-protected", "carol-source", "carol-unmanaged", "dave-1"})
        QVERIFY2(exists(QLatin1String(ns)), ns);
    QVERIFY2(get(QStringLiteral("volumesnapshotcontent"), QStringLiteral("carol-1.golden")).isEmpty(), run.describe());
    for (const char *kept : {"carol-1.elsewhere", "carol-1.delete", "dave-1.golden"})
        QVERIFY2(!get(QStringLiteral("volumesnapshotcontent"), QLatin1String(kept)).isEmpty(), kept);
    QCOMPARE(annotation(QStringLiteral("namespace"), QStringLiteral("carol-protected"), {}, QStringLiteral("previewdesk.io/destroy-notice-sent")),
             QString());
    // Again: nothing left to do.
    run = runScript(script, {{QStringLiteral("NOW"), QString::number(now + 7200)}});
    QVERIFY2(run.exitCode == 0 && !run.out.contains("deleting"), run.describe());
}

void TestGuardrailScripts::scaleIdentityCannotDelete()
{
    // The scale-down guardrail's ServiceAccount may scale, not delete: its RBAC is really that narrow.
    QByteArray why;
    QVERIFY2(create({preview(QStringLiteral("erin-1"), labels({{"previewdesk.io/owner", "erin"}}))}, &why), why.constData());
    const Guardrail scale = guardrail("erin-scale", GuardrailAction::ScaleDown);
    ScriptRun run = runAsGuardrail(scale); // makes its RBAC and kubeconfig
    QVERIFY2(run.exitCode == 0, run.describe());
    Guardrail destroy = guardrail("erin-destroy", GuardrailAction::Destroy);
    destroy.target.selector = QStringLiteral("previewdesk.io/owner=erin");
    run = runScript(pd::core::guardrailScript(destroy), {{QStringLiteral("KUBECONFIG"), m_home.filePath(QStringLiteral("erin-scale.kubeconfig"))}});
    QVERIFY2(run.exitCode == 1, run.describe());
    QVERIFY2(run.err.contains("forbidden"), run.describe());
    QVERIFY(exists(QStringLiteral("erin-1")));
    // Its own identity may.
    run = runAsGuardrail(destroy);
    QVERIFY2(run.exitCode == 0, run.describe());
    QVERIFY(!exists(QStringLiteral("erin-1")));
}

QTEST_GUILESS_MAIN(TestGuardrailScripts)
#include "tst_guardrailscripts.moc"
