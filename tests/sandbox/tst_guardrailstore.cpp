// GuardrailStore against an in-process sandbox over loopback HTTPS: what is applied
// reads back unchanged, toggles flip spec.suspend, Jobs give the last result, and a
// forbidden write names the permission.
#include "core/guardrail/guardrailstore.h"
#include "requirekubectl.h"

#include "kube/apiclient.h"
#include "sandbox/controllers/controllermanager.h"
#include "sandbox/controllers/cronjobcontroller.h"
#include "sandbox/groupresource.h"
#include "sandbox/objectstore.h"
#include "sandbox/sandboxcluster.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace Qt::StringLiterals;
using pd::core::Guardrail;
using pd::core::GuardrailAction;
using pd::core::GuardrailDefinition;
using pd::core::GuardrailJob;
using pd::core::GuardrailList;
using pd::core::GuardrailResult;
using pd::core::GuardrailStatus;
using pd::core::GuardrailStore;
using pd::sandbox::GroupResource;

Q_DECLARE_METATYPE(pd::core::GuardrailDefinition)

namespace {

const GroupResource kCronJobs{u"batch"_s, u"cronjobs"_s};
const GroupResource kJobs{u"batch"_s, u"jobs"_s};
const QString kSystem = u"previewdesk-system"_s;
const QDateTime kNow = QDateTime::fromString(u"2026-03-27T12:00:00Z"_s, Qt::ISODate);

GuardrailDefinition officeHours()
{
    GuardrailDefinition d;
    d.guardrail.name = u"office-hours"_s;
    d.guardrail.action = GuardrailAction::ScaleDown;
    d.guardrail.target.selector = u"previewdesk.io/owner=alice"_s;
    d.guardrail.schedule.workingHours = u"Mon-Fri 07:30-20:30 Europe/Berlin"_s;
    return d;
}

GuardrailDefinition nightlyDestroy()
{
    GuardrailDefinition d;
    d.guardrail.name = u"nightly-destroy"_s;
    d.guardrail.enabled = false;
    d.guardrail.action = GuardrailAction::Destroy;
    d.guardrail.target.environments = {u"pr-1"_s, u"pr-2"_s};
    d.guardrail.schedule = {u"0 3 * * *"_s, u"Europe/Berlin"_s, QString()};
    d.guardrail.notice = u"24h"_s;
    return d;
}

GuardrailDefinition sweeper()
{
    GuardrailDefinition d;
    d.guardrail.name = u"sweeper"_s;
    d.guardrail.action = GuardrailAction::Sweep;
    d.guardrail.schedule = {u"*/15 * * * *"_s, u"UTC"_s, QString()};
    d.image = u"registry.example.com/tools/kubectl:1.32"_s;
    d.dryRun = true;
    return d;
}

template<typename T>
bool waitFor(const QFuture<T> &future)
{
    return QTest::qWaitFor([&future] { return future.isFinished(); }, 20000);
}

std::optional<GuardrailStatus> find(const GuardrailList &list, const QString &name)
{
    for (const GuardrailStatus &status : list.guardrails) {
        if (status.name() == name)
            return status;
    }
    return std::nullopt;
}

QString uidOf(const QJsonObject &object)
{
    return object.value(u"metadata"_s).toObject().value(u"uid"_s).toString();
}

QJsonObject job(const QString &name, const QJsonObject &cronJob, const QString &started, bool succeeded, bool finished)
{
    QJsonObject status{{u"startTime"_s, started}};
    if (finished) {
        const QString type = succeeded ? u"Complete"_s : u"Failed"_s;
        status.insert(succeeded ? u"succeeded"_s : u"failed"_s, 1);
        status.insert(u"conditions"_s, QJsonArray{QJsonObject{{u"type"_s, type}, {u"status"_s, u"True"_s},
                                                              {u"lastTransitionTime"_s, started},
                                                              {u"message"_s, succeeded ? QString() : u"Job has reached the specified backoff limit"_s}}});
    } else {
        status.insert(u"active"_s, 1);
    }
    const QJsonObject owner{{u"apiVersion"_s, u"batch/v1"_s}, {u"kind"_s, u"CronJob"_s},
                            {u"name"_s, cronJob.value(u"metadata"_s).toObject().value(u"name"_s)},
                            {u"uid"_s, uidOf(cronJob)}, {u"controller"_s, true}};
    return QJsonObject{
        {u"apiVersion"_s, u"batch/v1"_s}, {u"kind"_s, u"Job"_s},
        {u"metadata"_s, QJsonObject{{u"name"_s, name}, {u"namespace"_s, kSystem}, {u"ownerReferences"_s, QJsonArray{owner}}}},
        {u"spec"_s, QJsonObject{{u"template"_s, QJsonObject{{u"spec"_s, QJsonObject{
                        {u"restartPolicy"_s, u"Never"_s},
                        {u"containers"_s, QJsonArray{QJsonObject{{u"name"_s, u"x"_s}, {u"image"_s, u"x"_s}}}}}}}}}},
        {u"status"_s, status}};
}

} // namespace

class TestGuardrailStore final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void applyReadsBackUnchanged_data();
    void applyReadsBackUnchanged();
    void applyReplacesCronJobs();
    void invalidDefinitionIsRefused();
    void setEnabledFlipsSuspend();
    void lastJobFromOwnedJobs();
    void realRunSucceeds();
    void forbiddenNamesThePermission();
    void removeTellsWhetherFound();

private:
    std::unique_ptr<pd::kube::ApiClient> client(const QString &token);
    GuardrailList listNow(GuardrailStore &store);
    GuardrailResult applyNow(GuardrailStore &store, const GuardrailDefinition &definition);

    pd::sandbox::SandboxCluster m_cluster;
    std::unique_ptr<pd::kube::ApiClient> m_admin;
    std::unique_ptr<GuardrailStore> m_store;
};

void TestGuardrailStore::initTestCase()
{
    pd::sandbox::SandboxOptions options;
    options.controllers = false;
    options.tls = true; // kubectl (the real run) sends its ServiceAccount token over TLS only
    QString error;
    QVERIFY2(m_cluster.start(options, &error), qPrintable(error));
    m_admin = client(m_cluster.adminToken());
    m_store = std::make_unique<GuardrailStore>(m_admin.get());
    m_store->setClock([] { return kNow; });
}

std::unique_ptr<pd::kube::ApiClient> TestGuardrailStore::client(const QString &token)
{
    pd::kube::ClusterEndpoint endpoint;
    endpoint.contextName = u"sandbox"_s;
    endpoint.server = m_cluster.url();
    endpoint.certificateAuthorityPem = m_cluster.caPem();
    endpoint.token = token;
    return std::make_unique<pd::kube::ApiClient>(endpoint);
}

GuardrailList TestGuardrailStore::listNow(GuardrailStore &store)
{
    const QFuture<GuardrailList> future = store.list();
    if (!waitFor(future) || future.resultCount() == 0)
        return {};
    return future.result();
}

GuardrailResult TestGuardrailStore::applyNow(GuardrailStore &store, const GuardrailDefinition &definition)
{
    const QFuture<GuardrailResult> future = store.apply(definition);
    if (!waitFor(future) || future.resultCount() == 0)
        return {};
    return future.result();
}

void TestGuardrailStore::cleanup()
{
    // Each test starts without guardrails.
    for (const GuardrailStatus &status : listNow(*m_store).guardrails) {
        const QFuture<GuardrailResult> removed = m_store->remove(status.name());
        QVERIFY(waitFor(removed));
    }
    for (const QJsonObject &j : m_cluster.store()->list(kJobs, kSystem))
        m_cluster.store()->remove(kJobs, kSystem, j.value(u"metadata"_s).toObject().value(u"name"_s).toString());
}

void TestGuardrailStore::applyReadsBackUnchanged_data()
{
    QTest::addColumn<GuardrailDefinition>("definition");
    QTest::addColumn<QStringList>("cronJobs");
    QTest::addColumn<QDateTime>("nextRun");
    // Friday 12:00 UTC = 13:00 CET: the window closes at 20:30 CET.
    QTest::newRow("working hours") << officeHours() << QStringList{u"guardrail-office-hours-down"_s, u"guardrail-office-hours-up"_s}
                                   << QDateTime::fromString(u"2026-03-27T19:30:00Z"_s, Qt::ISODate);
    QTest::newRow("suspended destroy with notice") << nightlyDestroy() << QStringList{u"guardrail-nightly-destroy"_s} << QDateTime();
    QTest::newRow("dry-run sweep, own image") << sweeper() << QStringList{u"guardrail-sweeper"_s}
                                              << QDateTime::fromString(u"2026-03-27T12:15:00Z"_s, Qt::ISODate);
}

void TestGuardrailStore::applyReadsBackUnchanged()
{
    QFETCH(GuardrailDefinition, definition);
    QFETCH(QStringList, cronJobs);
    QFETCH(QDateTime, nextRun);
    QSignalSpy changed(m_store.get(), &GuardrailStore::changed);
    const GuardrailResult applied = applyNow(*m_store, definition);
    QVERIFY2(applied.ok, qPrintable(applied.message()));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().first().toString(), definition.guardrail.name);

    const GuardrailList list = listNow(*m_store);
    QVERIFY2(list.ok, qPrintable(list.message()));
    const auto status = find(list, definition.guardrail.name);
    QVERIFY(status);
    QVERIFY(status->definition == definition);
    QStringList names = status->cronJobs;
    names.sort();
    QCOMPARE(names, cronJobs);
    QCOMPARE(status->nextRun, nextRun);
    QCOMPARE(status->lastJob.result, GuardrailJob::Result::None);
    QCOMPARE(status->active, 0);

    // What is in the cluster is exactly what the definition renders (DRY_RUN included).
    for (const QJsonObject &rendered : definition.render(kSystem)) {
        if (rendered.value(u"kind"_s).toString() != u"CronJob"_s)
            continue;
        const auto stored = m_cluster.store()->get(kCronJobs, kSystem, rendered.value(u"metadata"_s).toObject().value(u"name"_s).toString());
        QVERIFY(stored);
        QCOMPARE(stored->value(u"spec"_s).toObject().value(u"jobTemplate"_s), rendered.value(u"spec"_s).toObject().value(u"jobTemplate"_s));
        QCOMPARE(stored->value(u"spec"_s).toObject().value(u"suspend"_s).toBool(), !definition.guardrail.enabled);
    }
}

void TestGuardrailStore::applyReplacesCronJobs()
{
    GuardrailDefinition office = officeHours();
    QVERIFY(applyNow(*m_store, office).ok);
    QVERIFY(m_cluster.store()->get(kCronJobs, kSystem, u"guardrail-office-hours-up"_s));
    office.guardrail.schedule = {u"0 20 * * 1-5"_s, u"Europe/Berlin"_s, QString()};
    QVERIFY(applyNow(*m_store, office).ok);
    QVERIFY(!m_cluster.store()->get(kCronJobs, kSystem, u"guardrail-office-hours-up"_s));
    QVERIFY(!m_cluster.store()->get(kCronJobs, kSystem, u"guardrail-office-hours-down"_s));
    const auto status = find(listNow(*m_store), u"office-hours"_s);
    QVERIFY(status);
    QCOMPARE(status->cronJobs, QStringList{u"guardrail-office-hours"_s});
    QVERIFY(status->definition == office);
}

void TestGuardrailStore::invalidDefinitionIsRefused()
{
    GuardrailDefinition bad = nightlyDestroy();
    bad.guardrail.schedule.cron = u"61 * * * *"_s;
    bad.image.clear();
    const GuardrailResult result = applyNow(*m_store, bad);
    QVERIFY(!result.ok);
    QVERIFY2(result.error.contains(u"cron schedule '61 * * * *'"_s), qPrintable(result.error));
    QVERIFY2(result.error.contains(u"container image"_s), qPrintable(result.error));
    QVERIFY(!m_cluster.store()->get(kCronJobs, kSystem, u"guardrail-nightly-destroy"_s));
}

void TestGuardrailStore::setEnabledFlipsSuspend()
{
    QVERIFY(applyNow(*m_store, officeHours()).ok);
    auto suspended = [this](const QString &name) {
        return m_cluster.store()->get(kCronJobs, kSystem, name)->value(u"spec"_s).toObject().value(u"suspend"_s).toBool();
    };
    QFuture<GuardrailResult> off = m_store->setEnabled(u"office-hours"_s, false);
    QVERIFY(waitFor(off));
    QVERIFY2(off.result().ok, qPrintable(off.result().message()));
    QVERIFY(off.result().found);
    QVERIFY(suspended(u"guardrail-office-hours-up"_s));
    QVERIFY(suspended(u"guardrail-office-hours-down"_s));
    auto status = find(listNow(*m_store), u"office-hours"_s);
    QVERIFY(status);
    QVERIFY(!status->guardrail().enabled);
    QVERIFY(!status->nextRun.isValid());

    QFuture<GuardrailResult> on = m_store->setEnabled(u"office-hours"_s, true);
    QVERIFY(waitFor(on));
    QVERIFY(on.result().ok);
    QVERIFY(!suspended(u"guardrail-office-hours-up"_s));
    QVERIFY(!suspended(u"guardrail-office-hours-down"_s));
    status = find(listNow(*m_store), u"office-hours"_s);
    QVERIFY(status->guardrail().enabled);
    QVERIFY(status->definition == officeHours());

    QFuture<GuardrailResult> missing = m_store->setEnabled(u"no-such"_s, true);
    QVERIFY(waitFor(missing));
    QVERIFY(!missing.result().ok);
    QCOMPARE(missing.result().httpCode, 404);
    QVERIFY2(missing.result().error.contains(u"no guardrail named no-such"_s), qPrintable(missing.result().error));
}

void TestGuardrailStore::lastJobFromOwnedJobs()
{
    QVERIFY(applyNow(*m_store, officeHours()).ok);
    pd::sandbox::ObjectStore *store = m_cluster.store();
    const QJsonObject down = *store->get(kCronJobs, kSystem, u"guardrail-office-hours-down"_s);
    const QJsonObject up = *store->get(kCronJobs, kSystem, u"guardrail-office-hours-up"_s);
    QVERIFY(store->create(kJobs, job(u"guardrail-office-hours-up-100"_s, up, u"2026-03-26T06:30:00Z"_s, true, true)).ok());
    QVERIFY(store->create(kJobs, job(u"guardrail-office-hours-down-200"_s, down, u"2026-03-26T19:30:00Z"_s, false, true)).ok());
    // A Job of someone else's CronJob does not count.
    QJsonObject foreign = job(u"other-300"_s, up, u"2026-03-27T10:00:00Z"_s, true, true);
    QJsonObject meta = foreign.value(u"metadata"_s).toObject();
    meta.remove(u"ownerReferences"_s);
    foreign.insert(u"metadata"_s, meta);
    QVERIFY(store->create(kJobs, foreign).ok());
    store->modify(kCronJobs, kSystem, u"guardrail-office-hours-down"_s, [](QJsonObject &o) {
        o.insert(u"status"_s, QJsonObject{{u"lastScheduleTime"_s, u"2026-03-26T19:30:00Z"_s}});
        return true;
    });
    store->modify(kCronJobs, kSystem, u"guardrail-office-hours-up"_s, [](QJsonObject &o) {
        o.insert(u"status"_s, QJsonObject{{u"lastScheduleTime"_s, u"2026-03-26T06:30:00Z"_s},
                                          {u"lastSuccessfulTime"_s, u"2026-03-26T06:31:00Z"_s}});
        return true;
    });

    auto status = find(listNow(*m_store), u"office-hours"_s);
    QVERIFY(status);
    QCOMPARE(status->lastJob.name, u"guardrail-office-hours-down-200"_s);
    QCOMPARE(status->lastJob.cronJob, u"guardrail-office-hours-down"_s);
    QCOMPARE(status->lastJob.result, GuardrailJob::Result::Failed);
    QCOMPARE(status->lastJob.message, u"Job has reached the specified backoff limit"_s);
    QCOMPARE(status->lastScheduleTime, QDateTime::fromString(u"2026-03-26T19:30:00Z"_s, Qt::ISODate));
    QCOMPARE(status->lastSuccessfulTime, QDateTime::fromString(u"2026-03-26T06:31:00Z"_s, Qt::ISODate));

    // A newer run still going.
    QVERIFY(store->create(kJobs, job(u"guardrail-office-hours-up-400"_s, up, u"2026-03-27T06:30:00Z"_s, false, false)).ok());
    store->modify(kCronJobs, kSystem, u"guardrail-office-hours-up"_s, [](QJsonObject &o) {
        QJsonObject s = o.value(u"status"_s).toObject();
        s.insert(u"active"_s, QJsonArray{QJsonObject{{u"kind"_s, u"Job"_s}, {u"name"_s, u"guardrail-office-hours-up-400"_s}}});
        o.insert(u"status"_s, s);
        return true;
    });
    status = find(listNow(*m_store), u"office-hours"_s);
    QCOMPARE(status->lastJob.name, u"guardrail-office-hours-up-400"_s);
    QCOMPARE(status->lastJob.result, GuardrailJob::Result::Running);
    QCOMPARE(status->active, 1);
}

void TestGuardrailStore::realRunSucceeds()
{
    PD_REQUIRE_KUBECTL();
    GuardrailDefinition definition = officeHours();
    definition.guardrail.schedule = {u"0 3 * * *"_s, u"UTC"_s, QString()};
    QVERIFY(applyNow(*m_store, definition).ok);

    pd::sandbox::ControllerOptions options;
    options.namespaceDefaults = options.workloads = options.ingresses = options.externalSecrets = false;
    options.serverUrl = m_cluster.url();
    options.caPem = m_cluster.caPem();
    options.serviceAccountToken = [this](const QString &ns, const QString &sa) { return m_cluster.serviceAccountToken(ns, sa); };
    pd::sandbox::ControllerManager manager(m_cluster.store(), options);
    manager.start();
    QSignalSpy finished(manager.cronJobs(), &pd::sandbox::controllers::CronJobController::jobFinished);
    const QString jobName = manager.cronJobs()->runNow(kSystem, u"guardrail-office-hours"_s);
    QVERIFY(!jobName.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QVERIFY2(finished.first().at(2).toBool(), "the guardrail's script failed under its own ServiceAccount");

    const auto status = find(listNow(*m_store), u"office-hours"_s);
    QVERIFY(status);
    QCOMPARE(status->lastJob.name, jobName);
    QCOMPARE(status->lastJob.result, GuardrailJob::Result::Succeeded);
    QVERIFY(status->lastSuccessfulTime.isValid());
    QCOMPARE(status->active, 0);
    manager.stop();
}

void TestGuardrailStore::forbiddenNamesThePermission()
{
    QVERIFY(applyNow(*m_store, sweeper()).ok);
    const auto viewer = client(m_cluster.viewerToken());
    GuardrailStore store(viewer.get());
    // The built-in view role reads CronJobs and Jobs ...
    const GuardrailList list = listNow(store);
    QVERIFY2(list.ok, qPrintable(list.message()));
    QVERIFY(find(list, u"sweeper"_s));
    // ... but changes nothing, and the message says what is missing.
    const GuardrailResult applied = applyNow(store, officeHours());
    QVERIFY(!applied.ok);
    QCOMPARE(applied.httpCode, 403);
    QVERIFY2(applied.error.contains(u"User \"viewer\" cannot patch resource"_s), qPrintable(applied.error));
    QFuture<GuardrailResult> toggled = store.setEnabled(u"sweeper"_s, false);
    QVERIFY(waitFor(toggled));
    QCOMPARE(toggled.result().httpCode, 403);
    QVERIFY2(toggled.result().error.contains(u"cannot patch resource \"cronjobs\" in API group \"batch\""_s),
             qPrintable(toggled.result().error));
    QVERIFY(!m_cluster.store()->get(kCronJobs, kSystem, u"guardrail-sweeper"_s)->value(u"spec"_s).toObject().value(u"suspend"_s).toBool());
}

void TestGuardrailStore::removeTellsWhetherFound()
{
    QVERIFY(applyNow(*m_store, officeHours()).ok);
    QFuture<GuardrailResult> removed = m_store->remove(u"office-hours"_s);
    QVERIFY(waitFor(removed));
    QVERIFY(removed.result().ok);
    QVERIFY(removed.result().found);
    QVERIFY(!m_cluster.store()->get(kCronJobs, kSystem, u"guardrail-office-hours-up"_s));
    QVERIFY(!m_cluster.store()->get(GroupResource{u"rbac.authorization.k8s.io"_s, u"clusterroles"_s}, QString(),
                                    u"previewdesk:guardrail:office-hours"_s));
    removed = m_store->remove(u"office-hours"_s);
    QVERIFY(waitFor(removed));
    QVERIFY(removed.result().ok);
    QVERIFY(!removed.result().found);
    QVERIFY(listNow(*m_store).guardrails.isEmpty());
}

QTEST_GUILESS_MAIN(TestGuardrailStore)
#include "tst_guardrailstore.moc"
