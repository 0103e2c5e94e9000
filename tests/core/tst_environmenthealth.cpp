// The one health computation (applyHealth): rows of workloads and pod problems -> state,
// reason and the Services count, which never disagree with each other.
#include "core/environment/environmenthealth.h"
#include "core/environment/environmentmodel.h"
#include "core/environment/namespaceinsight.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using pd::core::Environment;
using pd::core::EnvironmentState;
using pd::core::PodProblem;
using pd::core::WorkloadInfo;

Q_DECLARE_METATYPE(EnvironmentState)

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 12, 2), QTime(9, 0), QTimeZone::utc());

WorkloadInfo workload(const QString &name, EnvironmentState state, int desired = 1, const QString &message = {})
{
    WorkloadInfo w;
    w.kind = u"Deployment"_s;
    w.name = name;
    w.desired = desired;
    w.ready = state == EnvironmentState::Healthy ? desired : 0;
    w.updated = w.ready;
    w.state = state;
    w.message = message;
    return w;
}

PodProblem problem(const QString &workloadName, const QString &reason, qint64 secondsAgo, const QString &detail = {})
{
    PodProblem p;
    p.workload = workloadName;
    p.pod = workloadName + u"-7d9f8b6c5-x2k4q"_s;
    p.reason = reason;
    p.detail = detail;
    if (secondsAgo >= 0)
        p.since = kNow.addSecs(-secondsAgo);
    return p;
}

Environment environment(const QList<WorkloadInfo> &workloads)
{
    Environment env;
    env.name = u"shop-pr-1418"_s;
    env.created = kNow.addDays(-1);
    env.workloads = workloads;
    return env;
}

} // namespace

class TestEnvironmentHealth final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rules_data();
    void rules();
    void namespaceStatesComeFirst();
    void healthyAlwaysMeansEveryServiceReady();
    void modelJudgesRowsWithTheirPodProblems();
    void podProblemsCarrySince();
};

void TestEnvironmentHealth::rules_data()
{
    QTest::addColumn<QList<WorkloadInfo>>("workloads");
    QTest::addColumn<QList<PodProblem>>("problems");
    QTest::addColumn<EnvironmentState>("state");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("services");

    const auto H = EnvironmentState::Healthy;
    const auto P = EnvironmentState::Progressing;
    const auto D = EnvironmentState::Degraded;
    const auto S = EnvironmentState::ScaledDown;
    const QString pull = u"registry.example.com/shop/checkout-api:pr-1418-does-not-exist not found"_s;

    QTest::newRow("all ready") << QList{workload(u"api"_s, H), workload(u"web"_s, H)} << QList<PodProblem>{} << H
                               << u"all workloads ready"_s << u"2 of 2 ready"_s;
    // The bug of issue 17: "Healthy - all workloads ready" beside "4 of 5 ready".
    QTest::newRow("one scaled to zero") << QList{workload(u"api"_s, H), workload(u"worker"_s, S, 0)}
                                        << QList<PodProblem>{} << H << u"all running workloads ready"_s
                                        << u"1 of 1 ready, 1 scaled to zero"_s;
    QTest::newRow("all scaled to zero") << QList{workload(u"api"_s, S, 0), workload(u"web"_s, S, 0)}
                                        << QList<PodProblem>{} << S << u"every workload is scaled to zero"_s
                                        << u"0 of 0 ready, 2 scaled to zero"_s;
    QTest::newRow("rolling out, no problem") << QList{workload(u"api"_s, P, 2, u"0/2 ready"_s), workload(u"web"_s, H)}
                                             << QList<PodProblem>{} << P << u"api: 0/2 ready"_s << u"1 of 2 ready"_s;
    QTest::newRow("pull failure within the grace")
            << QList{workload(u"checkout-api"_s, P, 1, u"0/1 ready"_s)}
            << QList{problem(u"checkout-api"_s, u"ImagePullBackOff"_s, 30, pull)} << P
            << u"checkout-api: ImagePullBackOff ("_s + pull + u") for 30 s"_s << u"0 of 1 ready"_s;
    QTest::newRow("pull failure past the grace")
            << QList{workload(u"checkout-api"_s, P, 1, u"0/1 ready"_s), workload(u"web"_s, H)}
            << QList{problem(u"checkout-api"_s, u"ImagePullBackOff"_s, 28 * 60, pull)} << D
            << u"checkout-api: ImagePullBackOff ("_s + pull + u") for 28 min"_s << u"1 of 2 ready"_s;
    QTest::newRow("ErrImagePull past the grace")
            << QList{workload(u"api"_s, P)} << QList{problem(u"api"_s, u"ErrImagePull"_s, 61)} << D
            << u"api: ErrImagePull for 61 s"_s << u"0 of 1 ready"_s;
    QTest::newRow("crash loop") << QList{workload(u"api"_s, P)}
                                << QList{problem(u"api"_s, u"CrashLoopBackOff"_s, 300, u"exit code 1, 5 restarts"_s)} << D
                                << u"api: CrashLoopBackOff (exit code 1, 5 restarts) for 5 min"_s << u"0 of 1 ready"_s;
    QTest::newRow("init container crash loop") << QList{workload(u"api"_s, P)}
                                               << QList{problem(u"api"_s, u"Init:CrashLoopBackOff"_s, 90)} << D
                                               << u"api: Init:CrashLoopBackOff for 90 s"_s << u"0 of 1 ready"_s;
    QTest::newRow("OOMKilled, running again") << QList{workload(u"api"_s, P)}
                                              << QList{problem(u"api"_s, u"Restarting"_s, 600, u"OOMKilled, 4 restarts"_s)} << D
                                              << u"api: Restarting (OOMKilled, 4 restarts) for 10 min"_s << u"0 of 1 ready"_s;
    QTest::newRow("unschedulable") << QList{workload(u"api"_s, P)}
                                   << QList{problem(u"api"_s, u"Unschedulable"_s, 120, u"0/1 nodes are available: 1 Insufficient cpu."_s)}
                                   << D << u"api: Unschedulable (0/1 nodes are available: 1 Insufficient cpu.) for 2 min"_s
                                   << u"0 of 1 ready"_s;
    QTest::newRow("failed create (quota)") << QList{workload(u"api"_s, P)}
                                           << QList{problem(u"api"_s, u"FailedCreate"_s, 200, u"exceeded quota: preview-quota"_s)}
                                           << D << u"api: FailedCreate (exceeded quota: preview-quota) for 3 min"_s
                                           << u"0 of 1 ready"_s;
    // A readiness probe failing is not a verdict: the rollout deadline decides.
    QTest::newRow("unhealthy probe is not degrading") << QList{workload(u"api"_s, P, 1, u"0/1 ready"_s)}
                                                      << QList{problem(u"api"_s, u"Unhealthy"_s, 900)} << P
                                                      << u"api: 0/1 ready"_s << u"0 of 1 ready"_s;
    // The workload serves every replica again: an old pod's trouble is history.
    QTest::newRow("stale problem of a ready workload") << QList{workload(u"api"_s, H)}
                                                       << QList{problem(u"api"_s, u"CrashLoopBackOff"_s, 900)} << H
                                                       << u"all workloads ready"_s << u"1 of 1 ready"_s;
    QTest::newRow("since unknown counts from now") << QList{workload(u"api"_s, P, 1, u"0/1 ready"_s)}
                                                   << QList{problem(u"api"_s, u"CrashLoopBackOff"_s, -1)} << P
                                                   << u"api: CrashLoopBackOff"_s << u"0 of 1 ready"_s;
    QTest::newRow("deadline exceeded without pod facts")
            << QList{workload(u"api"_s, D, 1, u"ProgressDeadlineExceeded: ReplicaSet \"api-1\" has timed out progressing."_s)}
            << QList<PodProblem>{} << D << u"api: ProgressDeadlineExceeded: ReplicaSet \"api-1\" has timed out progressing."_s
            << u"0 of 1 ready"_s;
    QTest::newRow("deadline exceeded, the pod says why")
            << QList{workload(u"api"_s, D, 1, u"ProgressDeadlineExceeded"_s)}
            << QList{problem(u"api"_s, u"ImagePullBackOff"_s, 700)} << D << u"api: ImagePullBackOff for 11 min"_s
            << u"0 of 1 ready"_s;
    QTest::newRow("a problem of another workload") << QList{workload(u"api"_s, H)}
                                                   << QList{problem(u"backup-1234"_s, u"CrashLoopBackOff"_s, 900)} << H
                                                   << u"all workloads ready"_s << u"1 of 1 ready"_s;
    QTest::newRow("no workloads, old") << QList<WorkloadInfo>{} << QList<PodProblem>{} << H << u"no workloads"_s
                                       << u"none (no workloads)"_s;
}

void TestEnvironmentHealth::rules()
{
    QFETCH(QList<WorkloadInfo>, workloads);
    QFETCH(QList<PodProblem>, problems);
    Environment env = environment(workloads);
    pd::core::applyHealth(env, problems, kNow);
    QTEST(env.state, "state");
    QTEST(env.stateReason, "reason");
    QTEST(pd::core::servicesText(env), "services");
}

void TestEnvironmentHealth::namespaceStatesComeFirst()
{
    const QList<PodProblem> failing{problem(u"api"_s, u"CrashLoopBackOff"_s, 900)};
    Environment env = environment({workload(u"api"_s, EnvironmentState::Progressing)});
    env.expiresAt = kNow.addSecs(-3600);
    env.expirySource = u"previewdesk.io/expires-at"_s;
    pd::core::applyHealth(env, failing, kNow);
    QCOMPARE(env.state, EnvironmentState::Expired);
    QCOMPARE(env.stateReason, u"expired 60 min ago (previewdesk.io/expires-at)"_s);
    env.terminating = true;
    pd::core::applyHealth(env, failing, kNow);
    QCOMPARE(env.state, EnvironmentState::Terminating);
}

void TestEnvironmentHealth::healthyAlwaysMeansEveryServiceReady()
{
    // Every combination of three workload states and a problem on the first: the count and
    // the state agree (Healthy <=> all wanted replicas ready, Degraded/Progressing => fewer).
    const QList<EnvironmentState> states{EnvironmentState::Healthy, EnvironmentState::Progressing,
                                         EnvironmentState::Degraded, EnvironmentState::ScaledDown};
    for (EnvironmentState a : states) {
        for (EnvironmentState b : states) {
            for (qint64 age : {qint64(-2), qint64(10), qint64(600)}) {
                Environment env = environment({workload(u"a"_s, a, a == EnvironmentState::ScaledDown ? 0 : 1),
                                               workload(u"b"_s, b, b == EnvironmentState::ScaledDown ? 0 : 2)});
                const QList<PodProblem> problems = age < -1 ? QList<PodProblem>{}
                                                            : QList{problem(u"a"_s, u"CrashLoopBackOff"_s, age)};
                pd::core::applyHealth(env, problems, kNow);
                const QString row = u"%1/%2/%3: %4 %5"_s.arg(int(a)).arg(int(b)).arg(age)
                                            .arg(pd::core::stateText(env.state), pd::core::servicesText(env));
                if (env.state == EnvironmentState::Healthy)
                    QVERIFY2(env.servicesReady == env.servicesTotal && env.servicesTotal > 0, qPrintable(row));
                if (env.state == EnvironmentState::Degraded || env.state == EnvironmentState::Progressing)
                    QVERIFY2(env.servicesReady < env.servicesTotal, qPrintable(row));
                if (env.state == EnvironmentState::ScaledDown)
                    QVERIFY2(env.servicesTotal == 0, qPrintable(row));
            }
        }
    }
}

void TestEnvironmentHealth::modelJudgesRowsWithTheirPodProblems()
{
    QDateTime now = kNow;
    pd::core::EnvironmentModel model([&now] { return now; });
    Environment env = environment({workload(u"checkout-api"_s, EnvironmentState::Progressing, 1, u"0/1 ready"_s)});
    pd::core::applyHealth(env, {}, now);
    model.upsert(env);
    QCOMPARE(model.find(env.name)->state, EnvironmentState::Progressing);

    model.setPodProblems(env.name, {problem(u"checkout-api"_s, u"ImagePullBackOff"_s, 20)});
    QCOMPARE(model.find(env.name)->state, EnvironmentState::Progressing);   // within the grace
    now = kNow.addSecs(60);
    model.refreshTimes();   // time alone ends the grace
    QCOMPARE(model.find(env.name)->state, EnvironmentState::Degraded);
    QCOMPARE(model.find(env.name)->stateReason, u"checkout-api: ImagePullBackOff for 80 s"_s);
    const QModelIndex state = model.index(0, pd::core::EnvironmentModel::StateColumn);
    QCOMPARE(state.data().toString(), u"Degraded"_s);
    QVERIFY(state.data(Qt::ToolTipRole).toString().startsWith(u"checkout-api: ImagePullBackOff"_s));
    QCOMPARE(model.index(0, pd::core::EnvironmentModel::ServicesColumn).data().toString(), u"0/1"_s);

    // A rebuild from the cluster's objects keeps what the pods said.
    model.upsert(env);
    QCOMPARE(model.find(env.name)->state, EnvironmentState::Degraded);
    // The pods recover: the workload is ready, the row Healthy, 1 of 1.
    Environment ready = environment({workload(u"checkout-api"_s, EnvironmentState::Healthy)});
    pd::core::applyHealth(ready, {}, now);
    model.upsert(ready);
    QCOMPARE(model.find(env.name)->state, EnvironmentState::Healthy);
    QCOMPARE(model.index(0, pd::core::EnvironmentModel::ServicesColumn).data(Qt::ToolTipRole).toString(), u"1 of 1 ready"_s);
}

void TestEnvironmentHealth::podProblemsCarrySince()
{
    // What the kubelet writes: Ready False since 08:32, waiting ImagePullBackOff.
    const QJsonObject pod = QJsonDocument::fromJson(R"({
        "metadata": {"name": "api-7d9f8b6c5-x2k4q", "creationTimestamp": "2026-12-02T08:31:00Z",
                     "labels": {"pod-template-hash": "7d9f8b6c5"},
                     "ownerReferences": [{"kind": "ReplicaSet", "name": "api-7d9f8b6c5", "controller": true}]},
        "spec": {"containers": [{"name": "api"}]},
        "status": {"phase": "Pending",
                   "conditions": [{"type": "Ready", "status": "False", "lastTransitionTime": "2026-12-02T08:32:00Z"}],
                   "containerStatuses": [{"name": "api", "image": "acme/api:1", "ready": false, "restartCount": 0,
                                          "state": {"waiting": {"reason": "ImagePullBackOff"}}}]}})").object();
    const QJsonObject unschedulable = QJsonDocument::fromJson(R"({
        "metadata": {"name": "db-0", "creationTimestamp": "2026-12-02T08:00:00Z",
                     "ownerReferences": [{"kind": "StatefulSet", "name": "db", "controller": true}]},
        "status": {"phase": "Pending",
                   "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable",
                                   "lastTransitionTime": "2026-12-02T08:10:00Z", "message": "0/1 nodes are available"}]}})").object();
    const QList<PodProblem> problems = pd::core::podProblems(QJsonArray{pod, unschedulable});
    QCOMPARE(problems.size(), qsizetype(2));
    QCOMPARE(problems.at(0).workload, u"api"_s);
    QCOMPARE(problems.at(0).since, QDateTime(QDate(2026, 12, 2), QTime(8, 32), QTimeZone::utc()));
    QCOMPARE(problems.at(1).reason, u"Unschedulable"_s);
    QCOMPARE(problems.at(1).since, QDateTime(QDate(2026, 12, 2), QTime(8, 10), QTimeZone::utc()));
    QVERIFY(pd::core::degradesHealth(problems.at(0)));
    QVERIFY(pd::core::degradesHealth(problems.at(1)));
}

QTEST_MAIN(TestEnvironmentHealth)
#include "tst_environmenthealth.moc"
