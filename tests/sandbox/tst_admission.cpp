// LimitRange and ResourceQuota admission against hand-computed tables.
#include "sandbox/admission.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace pd::sandbox;

namespace {

QJsonObject obj(const char *json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(json), &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", qPrintable(error.errorString()));
    return doc.object();
}

QJsonObject limitRange(const char *itemJson)
{
    QJsonObject lr = obj(R"({"kind":"LimitRange","metadata":{"name":"limits"},"spec":{"limits":[]}})");
    QJsonObject spec = lr.value(QStringLiteral("spec")).toObject();
    spec.insert(QStringLiteral("limits"), QJsonArray{obj(itemJson)});
    lr.insert(QStringLiteral("spec"), spec);
    return lr;
}

QJsonObject pod(const char *containersJson)
{
    QJsonObject p = obj(R"({"kind":"Pod","metadata":{"name":"web"},"spec":{}})");
    p.insert(QStringLiteral("spec"), obj(containersJson));
    return p;
}

QJsonObject containerResources(const QJsonObject &p, int index, const QString &list = QStringLiteral("containers"))
{
    return p.value(QStringLiteral("spec")).toObject().value(list).toArray().at(index).toObject().value(QStringLiteral("resources")).toObject();
}

QJsonObject quota(const char *name, const char *hardJson, const char *usedJson = nullptr)
{
    QJsonObject q{{QStringLiteral("kind"), QStringLiteral("ResourceQuota")},
                  {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), QString::fromUtf8(name)}}},
                  {QStringLiteral("spec"), QJsonObject{{QStringLiteral("hard"), obj(hardJson)}}}};
    if (usedJson)
        q.insert(QStringLiteral("status"), QJsonObject{{QStringLiteral("used"), obj(usedJson)}});
    return q;
}

} // namespace

class TestAdmission final : public QObject
{
    Q_OBJECT

private slots:
    void limitRangeDefaults_data()
    {
        QTest::addColumn<QJsonObject>("range");
        QTest::addColumn<QJsonObject>("pod");
        QTest::addColumn<QJsonObject>("expected");
        QTest::addColumn<QString>("annotation");

        QTest::newRow("both defaults") << limitRange(R"({"type":"Container","default":{"cpu":"500m","memory":"512Mi"},"defaultRequest":{"cpu":"100m","memory":"256Mi"}})")
                                       << pod(R"({"containers":[{"name":"web"}]})")
                                       << obj(R"({"limits":{"cpu":"500m","memory":"512Mi"},"requests":{"cpu":"100m","memory":"256Mi"}})")
                                       << QStringLiteral("LimitRanger plugin set: cpu, memory request for container web; cpu, memory limit for container web");
        QTest::newRow("request from own limit wins over defaultRequest")
            << limitRange(R"({"type":"Container","default":{"cpu":"500m"},"defaultRequest":{"cpu":"100m"}})")
            << pod(R"({"containers":[{"name":"web","resources":{"limits":{"cpu":"1"}}}]})")
            << obj(R"({"limits":{"cpu":"1"},"requests":{"cpu":"1"}})") << QString();
        QTest::newRow("defaultRequest defaults to default")
            << limitRange(R"({"type":"Container","default":{"cpu":"300m"}})") << pod(R"({"containers":[{"name":"web"}]})")
            << obj(R"({"limits":{"cpu":"300m"},"requests":{"cpu":"300m"}})")
            << QStringLiteral("LimitRanger plugin set: cpu request for container web; cpu limit for container web");
        QTest::newRow("max becomes default limit, min default request")
            << limitRange(R"({"type":"Container","max":{"memory":"1Gi"},"min":{"cpu":"50m"}})")
            << pod(R"({"containers":[{"name":"web","resources":{"requests":{"memory":"128Mi"}}}]})")
            << obj(R"({"limits":{"memory":"1Gi"},"requests":{"cpu":"50m","memory":"128Mi"}})")
            << QStringLiteral("LimitRanger plugin set: cpu request for container web; memory limit for container web");
        QTest::newRow("complete container untouched")
            << limitRange(R"({"type":"Container","default":{"cpu":"500m"},"defaultRequest":{"cpu":"100m"}})")
            << pod(R"({"containers":[{"name":"web","resources":{"limits":{"cpu":"2"},"requests":{"cpu":"1"}}}]})")
            << obj(R"({"limits":{"cpu":"2"},"requests":{"cpu":"1"}})") << QString();
        QTest::newRow("pod item gives no defaults")
            << limitRange(R"({"type":"Pod","max":{"cpu":"4"}})") << pod(R"({"containers":[{"name":"web","resources":{"limits":{"cpu":"1"}}}]})")
            << obj(R"({"limits":{"cpu":"1"},"requests":{"cpu":"1"}})") << QString();
    }

    void limitRangeDefaults()
    {
        QFETCH(QJsonObject, range);
        QFETCH(QJsonObject, pod);
        QFETCH(QJsonObject, expected);
        QFETCH(QString, annotation);
        const AdmissionResult result = applyLimitRanges(pod, {range});
        QVERIFY2(result.allowed, qPrintable(result.message));
        QCOMPARE(containerResources(pod, 0), expected);
        QCOMPARE(pod.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("annotations")).toObject()
                     .value(QStringLiteral("kubernetes.io/limit-ranger")).toString(),
                 annotation);
    }

    void initContainersDefaulted()
    {
        QJsonObject p = pod(R"({"containers":[{"name":"web"}],"initContainers":[{"name":"migrate","resources":{"requests":{"cpu":"1"}}}]})");
        const auto result = applyLimitRanges(p, {limitRange(R"({"type":"Container","default":{"cpu":"500m"}})")});
        QVERIFY(result.allowed);
        QCOMPARE(containerResources(p, 0, QStringLiteral("initContainers")), obj(R"({"limits":{"cpu":"500m"},"requests":{"cpu":"1"}})"));
        QCOMPARE(p.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("annotations")).toObject()
                     .value(QStringLiteral("kubernetes.io/limit-ranger")).toString(),
                 QStringLiteral("LimitRanger plugin set: cpu request for container web; cpu limit for container web; "
                                "cpu limit for init container migrate"));
    }

    void limitRangeRejects_data()
    {
        QTest::addColumn<QJsonObject>("range");
        QTest::addColumn<QJsonObject>("pod");
        QTest::addColumn<QString>("message");
        QTest::newRow("max limit") << limitRange(R"({"type":"Container","max":{"cpu":"2"}})")
                                   << pod(R"({"containers":[{"name":"web","resources":{"limits":{"cpu":"4"}}}]})")
                                   << QStringLiteral("maximum cpu usage per Container is 2, but limit is 4");
        QTest::newRow("max request") << limitRange(R"({"type":"Container","max":{"cpu":"2"}})")
                                     << pod(R"({"containers":[{"name":"web","resources":{"limits":{"cpu":"2"},"requests":{"cpu":"2500m"}}}]})")
                                     << QStringLiteral("maximum cpu usage per Container is 2, but request is 2500m");
        QTest::newRow("min request") << limitRange(R"({"type":"Container","min":{"memory":"64Mi"}})")
                                     << pod(R"({"containers":[{"name":"web","resources":{"requests":{"memory":"32Mi"}}}]})")
                                     << QStringLiteral("minimum memory usage per Container is 64Mi, but request is 32Mi");
        QTest::newRow("min limit") << limitRange(R"({"type":"Container","min":{"memory":"64Mi"}})")
                                   << pod(R"({"containers":[{"name":"web","resources":{"requests":{"memory":"64Mi"},"limits":{"memory":"0.5Gi"}}}]})")
                                   << QString();
        QTest::newRow("ratio") << limitRange(R"({"type":"Container","maxLimitRequestRatio":{"cpu":"2"}})")
                               << pod(R"({"containers":[{"name":"web","resources":{"requests":{"cpu":"100m"},"limits":{"cpu":"500m"}}}]})")
                               << QStringLiteral("cpu max limit to request ratio per Container is 2, but provided ratio is 5.000000");
        QTest::newRow("ratio ok") << limitRange(R"({"type":"Container","maxLimitRequestRatio":{"cpu":"2"}})")
                                  << pod(R"({"containers":[{"name":"web","resources":{"requests":{"cpu":"250m"},"limits":{"cpu":"500m"}}}]})")
                                  << QString();
        QTest::newRow("two errors") << limitRange(R"({"type":"Container","max":{"cpu":"1"},"min":{"memory":"64Mi"}})")
                                    << pod(R"({"containers":[{"name":"web","resources":{"limits":{"cpu":"1500m","memory":"1Gi"},"requests":{"memory":"16Mi"}}}]})")
                                    << QStringLiteral("[minimum memory usage per Container is 64Mi, but request is 16Mi, "
                                                      "maximum cpu usage per Container is 1, but limit is 1500m]");
        QTest::newRow("pod total") << limitRange(R"({"type":"Pod","max":{"cpu":"1"}})")
                                   << pod(R"({"containers":[{"name":"a","resources":{"limits":{"cpu":"600m"}}},{"name":"b","resources":{"limits":{"cpu":"600m"}}}]})")
                                   << QStringLiteral("maximum cpu usage per Pod is 1, but limit is 1200m");
        QTest::newRow("pod total missing limit") << limitRange(R"({"type":"Pod","max":{"memory":"1Gi"}})")
                                                 << pod(R"({"containers":[{"name":"a"}]})")
                                                 << QStringLiteral("maximum memory usage per Pod is 1Gi.  No limit is specified");
        QTest::newRow("defaults satisfy max") << limitRange(R"({"type":"Container","max":{"cpu":"2"},"default":{"cpu":"1"}})")
                                              << pod(R"({"containers":[{"name":"web"}]})") << QString();
    }

    void limitRangeRejects()
    {
        QFETCH(QJsonObject, range);
        QFETCH(QJsonObject, pod);
        QFETCH(QString, message);
        const AdmissionResult result = applyLimitRanges(pod, {range});
        QCOMPARE(result.allowed, message.isEmpty());
        QCOMPARE(result.message, message);
    }

    void quotaUsage_data()
    {
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QString>("group");
        QTest::addColumn<QJsonObject>("object");
        QTest::addColumn<QJsonObject>("usage");
        QTest::newRow("pod") << QStringLiteral("pods") << QString()
                             << pod(R"({"containers":[{"name":"a","resources":{"requests":{"cpu":"250m","memory":"64Mi"},"limits":{"cpu":"500m","memory":"128Mi"}}},
                                                       {"name":"b","resources":{"requests":{"cpu":"250m","memory":"128Mi"},"limits":{"cpu":"1","memory":"256Mi"}}}]})")
                             << obj(R"({"pods":"1","count/pods":"1","cpu":"500m","requests.cpu":"500m","limits.cpu":"1500m",
                                        "memory":"192Mi","requests.memory":"192Mi","limits.memory":"384Mi"})");
        QTest::newRow("pod init container dominates") << QStringLiteral("pods") << QString()
                                                      << pod(R"({"containers":[{"name":"a","resources":{"requests":{"cpu":"200m"}}}],
                                                                 "initContainers":[{"name":"i","resources":{"requests":{"cpu":"1"}}}]})")
                                                      << obj(R"({"pods":"1","count/pods":"1","cpu":"1","requests.cpu":"1"})");
        QJsonObject done = pod(R"({"containers":[{"name":"a","resources":{"requests":{"cpu":"1"}}}]})");
        done.insert(QStringLiteral("status"), obj(R"({"phase":"Succeeded"})"));
        QTest::newRow("finished pod") << QStringLiteral("pods") << QString() << done << obj(R"({"count/pods":"1"})");
        QTest::newRow("load balancer") << QStringLiteral("services") << QString()
                                       << obj(R"({"spec":{"type":"LoadBalancer","ports":[{"port":80},{"port":443}]}})")
                                       << obj(R"({"services":"1","count/services":"1","services.loadbalancers":"1","services.nodeports":"2"})");
        QTest::newRow("cluster ip") << QStringLiteral("services") << QString() << obj(R"({"spec":{"ports":[{"port":80}]}})")
                                    << obj(R"({"services":"1","count/services":"1"})");
        QTest::newRow("pvc") << QStringLiteral("persistentvolumeclaims") << QString()
                             << obj(R"({"spec":{"storageClassName":"standard","resources":{"requests":{"storage":"10Gi"}}}})")
                             << obj(R"({"persistentvolumeclaims":"1","count/persistentvolumeclaims":"1","requests.storage":"10Gi",
                                        "standard.storageclass.storage.k8s.io/persistentvolumeclaims":"1",
                                        "standard.storageclass.storage.k8s.io/requests.storage":"10Gi"})");
        QTest::newRow("secret") << QStringLiteral("secrets") << QString() << obj(R"({})") << obj(R"({"secrets":"1","count/secrets":"1"})");
        QTest::newRow("deployment") << QStringLiteral("deployments") << QStringLiteral("apps") << obj(R"({})")
                                    << obj(R"({"count/deployments.apps":"1"})");
        QTest::newRow("external secret") << QStringLiteral("externalsecrets") << QStringLiteral("external-secrets.io") << obj(R"({})")
                                         << obj(R"({"count/externalsecrets.external-secrets.io":"1"})");
    }

    void quotaUsage()
    {
        QFETCH(QString, resource);
        QFETCH(QString, group);
        QFETCH(QJsonObject, object);
        QFETCH(QJsonObject, usage);
        QCOMPARE(quotaUsageOf(object, resource, group), usage);
    }

    void quotaAdmission_data()
    {
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QString>("group");
        QTest::addColumn<QJsonObject>("object");
        QTest::addColumn<QJsonObject>("quota");
        QTest::addColumn<QString>("message");
        QTest::addColumn<QJsonObject>("usedAfter");

        const QJsonObject small = pod(R"({"containers":[{"name":"web","resources":{"requests":{"cpu":"500m","memory":"256Mi"},"limits":{"cpu":"1","memory":"512Mi"}}}]})");
        QTest::newRow("fits exactly") << QStringLiteral("pods") << QString() << small
                                      << quota("compute", R"({"requests.cpu":"2"})", R"({"requests.cpu":"1500m"})") << QString()
                                      << obj(R"({"requests.cpu":"2"})");
        QTest::newRow("exceeded") << QStringLiteral("pods") << QString()
                                  << pod(R"({"containers":[{"name":"web","resources":{"requests":{"cpu":"600m"}}}]})")
                                  << quota("compute", R"({"requests.cpu":"2"})", R"({"requests.cpu":"1500m"})")
                                  << QStringLiteral("exceeded quota: compute, requested: requests.cpu=600m, used: requests.cpu=1500m, limited: requests.cpu=2")
                                  << QJsonObject();
        QTest::newRow("two keys exceeded") << QStringLiteral("pods") << QString() << small
                                           << quota("compute", R"({"limits.memory":"1Gi","pods":"3","requests.cpu":"1"})",
                                                    R"({"limits.memory":"768Mi","pods":"1","requests.cpu":"1"})")
                                           << QStringLiteral("exceeded quota: compute, requested: limits.memory=512Mi,requests.cpu=500m, "
                                                             "used: limits.memory=768Mi,requests.cpu=1, limited: limits.memory=1Gi,requests.cpu=1")
                                           << QJsonObject();
        QTest::newRow("missing status counts as zero") << QStringLiteral("pods") << QString() << small
                                                       << quota("compute", R"({"pods":"10","requests.memory":"1Gi"})") << QString()
                                                       << obj(R"({"pods":"1","requests.memory":"256Mi"})");
        QTest::newRow("must specify limits") << QStringLiteral("pods") << QString()
                                             << pod(R"({"containers":[{"name":"web","resources":{"requests":{"cpu":"100m"}}}]})")
                                             << quota("compute", R"({"limits.cpu":"4","requests.cpu":"2"})")
                                             << QStringLiteral("failed quota: compute: must specify limits.cpu for: web")
                                             << QJsonObject();
        QTest::newRow("must specify several") << QStringLiteral("pods") << QString()
                                              << pod(R"({"containers":[{"name":"web"},{"name":"db"}]})")
                                              << quota("compute", R"({"limits.cpu":"4","requests.cpu":"2","pods":"5"})")
                                              << QStringLiteral("failed quota: compute: must specify limits.cpu for: db,web; must specify requests.cpu for: db,web")
                                              << QJsonObject();
        QTest::newRow("pod count alone needs no requests") << QStringLiteral("pods") << QString()
                                                           << pod(R"({"containers":[{"name":"web"}]})")
                                                           << quota("count", R"({"pods":"2"})", R"({"pods":"1"})") << QString()
                                                           << obj(R"({"pods":"2"})");
        QTest::newRow("object count") << QStringLiteral("deployments") << QStringLiteral("apps") << obj(R"({})")
                                      << quota("objects", R"({"count/deployments.apps":"2"})", R"({"count/deployments.apps":"2"})")
                                      << QStringLiteral("exceeded quota: objects, requested: count/deployments.apps=1, used: count/deployments.apps=2, limited: count/deployments.apps=2")
                                      << QJsonObject();
        QTest::newRow("configmaps legacy") << QStringLiteral("configmaps") << QString() << obj(R"({})")
                                           << quota("objects", R"({"configmaps":"5","secrets":"1"})", R"({"configmaps":"4","secrets":"1"})")
                                           << QString() << obj(R"({"configmaps":"5","secrets":"1"})");
        QTest::newRow("storage") << QStringLiteral("persistentvolumeclaims") << QString()
                                 << obj(R"({"spec":{"resources":{"requests":{"storage":"10Gi"}}}})")
                                 << quota("storage", R"({"requests.storage":"15Gi"})", R"({"requests.storage":"10Gi"})")
                                 << QStringLiteral("exceeded quota: storage, requested: requests.storage=10Gi, used: requests.storage=10Gi, limited: requests.storage=15Gi")
                                 << QJsonObject();
        QTest::newRow("unrelated quota") << QStringLiteral("services") << QString() << obj(R"({"spec":{}})")
                                         << quota("compute", R"({"requests.cpu":"1"})") << QString() << obj(R"({"requests.cpu":"0"})");
    }

    void quotaAdmission()
    {
        QFETCH(QString, resource);
        QFETCH(QString, group);
        QFETCH(QJsonObject, object);
        QFETCH(QJsonObject, quota);
        QFETCH(QString, message);
        QFETCH(QJsonObject, usedAfter);
        QList<QJsonObject> updated;
        const AdmissionResult result = admitAgainstQuotas(object, resource, group, {quota}, &updated);
        QCOMPARE(result.message, message);
        QCOMPARE(result.allowed, message.isEmpty());
        if (!result.allowed)
            return;
        QCOMPARE(updated.size(), 1);
        const QJsonObject status = updated.first().value(QStringLiteral("status")).toObject();
        QCOMPARE(status.value(QStringLiteral("used")).toObject(), usedAfter);
        QCOMPARE(status.value(QStringLiteral("hard")).toObject(),
                 quota.value(QStringLiteral("spec")).toObject().value(QStringLiteral("hard")).toObject());
    }

    void firstFailingQuotaWins()
    {
        const QJsonObject p = pod(R"({"containers":[{"name":"web","resources":{"requests":{"cpu":"1"}}}]})");
        QList<QJsonObject> updated{obj(R"({"untouched":true})")};
        const auto result = admitAgainstQuotas(p, QStringLiteral("pods"), {},
                                               {quota("a", R"({"pods":"5"})"), quota("b", R"({"limits.cpu":"1"})")}, &updated);
        QVERIFY(!result.allowed);
        QCOMPARE(result.message, QStringLiteral("failed quota: b: must specify limits.cpu for: web"));
        QCOMPARE(updated.size(), 1); // not written on rejection
    }

    void recompute()
    {
        const QJsonObject q = quota("compute", R"({"pods":"10","requests.cpu":"4","limits.memory":"8Gi","count/deployments.apps":"5","services":"3"})",
                                    R"({"pods":"9"})");
        const QList<QuotaInput> objects{
            {QStringLiteral("pods"), {}, pod(R"({"containers":[{"name":"a","resources":{"requests":{"cpu":"250m"},"limits":{"memory":"1Gi"}}}]})")},
            {QStringLiteral("pods"), {}, pod(R"({"containers":[{"name":"b","resources":{"requests":{"cpu":"1250m"},"limits":{"memory":"512Mi"}}}]})")},
            {QStringLiteral("deployments"), QStringLiteral("apps"), obj(R"({})")},
            {QStringLiteral("configmaps"), {}, obj(R"({})")},
        };
        const QJsonObject status = recomputeQuotaStatus(q, objects).value(QStringLiteral("status")).toObject();
        QCOMPARE(status.value(QStringLiteral("hard")).toObject(), q.value(QStringLiteral("spec")).toObject().value(QStringLiteral("hard")).toObject());
        QCOMPARE(status.value(QStringLiteral("used")).toObject(),
                 obj(R"({"pods":"2","requests.cpu":"1500m","limits.memory":"1536Mi","count/deployments.apps":"1","services":"0"})"));
    }
};

QTEST_GUILESS_MAIN(TestAdmission)
#include "tst_admission.moc"
