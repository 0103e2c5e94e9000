// Strategic merge patch as the API server applies it (apimachinery strategicpatch with the
// k8s.io/api tags), the examples of "Update API Objects in Place Using kubectl patch",
// every row also checked against the real kubectl.
#include "kube/jsonpatch.h"
#include "requirekubectl.h"
#include "kube/strategicmergepatch.h"

#include "jsontestutil.h"
#include "kubectloracle.h"
#include "smptestutil.h"

#include <QHash>
#include <QTest>

using namespace pd::kube;
using pd::kube::testutil::js;
using pd::kube::testutil::text;
using namespace pd::kube::testutil::smp;


class TestStrategicMergePatch final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void apply_data();
    void apply();
    void errors_data();
    void errors();
    void kubectlAgrees_data() { apply_data(); }
    void kubectlAgrees();
    void kubectlRejects_data() { errors_data(); }
    void kubectlRejects();
    void supportedKinds();
};

void TestStrategicMergePatch::apply_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("original");
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QString>("expected");
    auto row = [](const char *name, const char *kind, const auto &original, const char *patch, const auto &expected) {
        QTest::newRow(name) << QString::fromLatin1(kind) << q(original) << QString::fromUtf8(patch) << q(expected);
    };
    auto spec = [](const char *s) { return withSpec(s); };
    const QString demo = QString::fromUtf8(kPatchDemo);
    const QString demoRedis = demo;

    // --- the kubectl patch tutorial ---
    {
        QJsonObject expected = js(demo).toObject();
        QJsonObject podSpec = expected[u"spec"].toObject()[u"template"].toObject()[u"spec"].toObject();
        podSpec[u"containers"] = js(QStringLiteral(
            R"([{"name":"patch-demo-ctr-2","image":"redis"},{"name":"patch-demo-ctr","image":"nginx","imagePullPolicy":"Always"}])"));
        QJsonObject tmpl = expected[u"spec"].toObject()[u"template"].toObject();
        tmpl[u"spec"] = podSpec;
        QJsonObject s = expected[u"spec"].toObject();
        s[u"template"] = tmpl;
        expected[u"spec"] = s;
        row("tutorial: containers merged by name, patch item first", "Deployment", demo,
            R"({"spec":{"template":{"spec":{"containers":[{"name":"patch-demo-ctr-2","image":"redis"}]}}}})",
            text(expected));

        podSpec = js(demo).toObject()[u"spec"].toObject()[u"template"].toObject()[u"spec"].toObject();
        podSpec[u"tolerations"] = js(QStringLiteral(R"([{"effect":"NoSchedule","key":"disktype","value":"ssd"}])"));
        expected = js(demo).toObject();
        tmpl = expected[u"spec"].toObject()[u"template"].toObject();
        tmpl[u"spec"] = podSpec;
        s = expected[u"spec"].toObject();
        s[u"template"] = tmpl;
        expected[u"spec"] = s;
        row("tutorial: tolerations replaced", "Deployment", demo,
            R"({"spec":{"template":{"spec":{"tolerations":[{"effect":"NoSchedule","key":"disktype","value":"ssd"}]}}}})",
            text(expected));

        expected = js(demo).toObject();
        s = expected[u"spec"].toObject();
        s[u"strategy"] = js(QStringLiteral(R"({"type":"Recreate"})"));
        expected[u"spec"] = s;
        row("tutorial: $retainKeys drops rollingUpdate", "Deployment", demo,
            R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}})", text(expected));

        expected = js(demo).toObject();
        s = expected[u"spec"].toObject();
        s[u"strategy"] = js(QStringLiteral(R"({"type":"Recreate","rollingUpdate":{"maxSurge":"30%","maxUnavailable":"25%"}})"));
        expected[u"spec"] = s;
        row("tutorial: without $retainKeys the map merges", "Deployment", demo,
            R"({"spec":{"strategy":{"type":"Recreate"}}})", text(expected));
    }
    Q_UNUSED(demoRedis);

    // --- list directives ---
    row("$patch: delete removes a container", "Deployment",
        spec(R"({"containers":[{"name":"nginx","image":"nginx"},{"name":"log-tailer","image":"busybox"}]})"),
        R"({"spec":{"template":{"spec":{"containers":[{"name":"log-tailer","$patch":"delete"}]}}}})",
        spec(R"({"containers":[{"name":"nginx","image":"nginx"}]})"));
    row("$patch: delete with a change", "Deployment",
        spec(R"({"containers":[{"name":"a","image":"1"},{"name":"b","image":"1"}]})"),
        R"({"spec":{"template":{"spec":{"containers":[{"name":"a","image":"2"},{"name":"b","$patch":"delete"}]}}}})",
        spec(R"({"containers":[{"name":"a","image":"2"}]})"));
    row("$patch: replace on a list", "Deployment",
        spec(R"({"containers":[{"name":"a","image":"1"},{"name":"b","image":"1"}]})"),
        R"({"spec":{"template":{"spec":{"containers":[{"name":"c","image":"3"},{"$patch":"replace"}]}}}})",
        spec(R"({"containers":[{"name":"c","image":"3"}]})"));
    row("$patch: replace on a map", "Deployment",
        spec(R"({"nodeSelector":{"a":"1","b":"2"}})"),
        R"({"spec":{"template":{"spec":{"nodeSelector":{"$patch":"replace","c":"3"}}}}})",
        spec(R"({"nodeSelector":{"c":"3"}})"));
    row("$patch: delete on a map", "Deployment", spec(R"({"nodeSelector":{"a":"1"},"x":1})"),
        R"({"spec":{"template":{"spec":{"nodeSelector":{"$patch":"delete"}}}}})", spec(R"({"nodeSelector":{},"x":1})"));
    row("$setElementOrder reorders", "Deployment",
        spec(R"({"containers":[{"name":"a","image":"1"},{"name":"b","image":"1"},{"name":"c","image":"1"}]})"),
        R"({"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"c"},{"name":"a"},{"name":"b"}],
            "containers":[{"name":"a","image":"2"}]}}}})",
        spec(R"({"containers":[{"name":"c","image":"1"},{"name":"a","image":"2"},{"name":"b","image":"1"}]})"));
    row("$setElementOrder with a new item", "Deployment",
        spec(R"({"containers":[{"name":"a"},{"name":"b"}]})"),
        R"({"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"n"},{"name":"a"}],
            "containers":[{"name":"n"}]}}}})",
        spec(R"({"containers":[{"name":"b"},{"name":"n"},{"name":"a"}]})"));
    row("$setElementOrder on a primitive list", "Pod", R"({"metadata":{"finalizers":["a","b","c"]}})",
        R"({"metadata":{"$setElementOrder/finalizers":["c","b","a"]}})", R"({"metadata":{"finalizers":["c","b","a"]}})");
    row("$deleteFromPrimitiveList", "Pod", R"({"metadata":{"finalizers":["a","b","c"]}})",
        R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["b"]}})", R"({"metadata":{"finalizers":["a","c"]}})");
    row("finalizers merged as a set, live order kept", "ConfigMap", R"({"metadata":{"finalizers":["a","b"]}})",
        R"({"metadata":{"finalizers":["b","c"]}})", R"({"metadata":{"finalizers":["a","b","c"]}})");
    row("finalizers: new item before unrelated live items", "ConfigMap", R"({"metadata":{"finalizers":["a"]}})",
        R"({"metadata":{"finalizers":["c"]}})", R"({"metadata":{"finalizers":["c","a"]}})");
    row("$retainKeys in a volume", "Deployment",
        spec(R"({"volumes":[{"name":"v","emptyDir":{}}]})"),
        R"({"spec":{"template":{"spec":{"volumes":[{"name":"v","$retainKeys":["name","configMap"],"configMap":{"name":"cm"}}]}}}})",
        spec(R"({"volumes":[{"name":"v","configMap":{"name":"cm"}}]})"));

    // --- merge keys by field and context ---
    row("env merged by name", "Deployment",
        spec(R"({"containers":[{"name":"app","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]})"),
        R"({"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"B","value":"3"},{"name":"C","value":"4"}]}]}}}})",
        spec(R"({"containers":[{"name":"app","env":[{"name":"A","value":"1"},{"name":"B","value":"3"},{"name":"C","value":"4"}]}]})"));
    row("container ports by containerPort", "Pod",
        R"({"spec":{"containers":[{"name":"web","ports":[{"containerPort":80,"name":"http"}]}]}})",
        R"({"spec":{"containers":[{"name":"web","ports":[{"containerPort":443,"name":"https"},{"containerPort":80,"protocol":"TCP"}]}]}})",
        R"({"spec":{"containers":[{"name":"web","ports":[{"containerPort":443,"name":"https"},{"containerPort":80,"name":"http","protocol":"TCP"}]}]}})");
    row("service ports by port", "Service", R"({"spec":{"ports":[{"port":80,"targetPort":8080},{"port":443}]}})",
        R"({"spec":{"ports":[{"port":80,"targetPort":9090}]}})",
        R"({"spec":{"ports":[{"port":80,"targetPort":9090},{"port":443}]}})");
    row("volumeMounts by mountPath", "StatefulSet",
        R"({"spec":{"template":{"spec":{"containers":[{"name":"db","volumeMounts":[{"mountPath":"/data","name":"d"}]}]}}}})",
        R"({"spec":{"template":{"spec":{"containers":[{"name":"db","volumeMounts":[{"mountPath":"/data","readOnly":true}]}]}}}})",
        R"({"spec":{"template":{"spec":{"containers":[{"name":"db","volumeMounts":[{"mountPath":"/data","name":"d","readOnly":true}]}]}}}})");
    row("initContainers by name in a CronJob", "CronJob",
        R"({"spec":{"jobTemplate":{"spec":{"template":{"spec":{"initContainers":[{"name":"i","image":"1"}]}}}}}})",
        R"({"spec":{"jobTemplate":{"spec":{"template":{"spec":{"initContainers":[{"name":"i","image":"2"}]}}}}}})",
        R"({"spec":{"jobTemplate":{"spec":{"template":{"spec":{"initContainers":[{"name":"i","image":"2"}]}}}}}})");
    row("ownerReferences by uid", "ConfigMap",
        R"({"metadata":{"ownerReferences":[{"uid":"1","name":"a"}]}})", R"({"metadata":{"ownerReferences":[{"uid":"2","name":"b"}]}})",
        R"({"metadata":{"ownerReferences":[{"name":"b","uid":"2"},{"name":"a","uid":"1"}]}})");
    row("pod conditions by type", "Pod",
        R"({"status":{"conditions":[{"type":"Ready","status":"False"},{"type":"Initialized","status":"True"}]}})",
        R"({"status":{"conditions":[{"type":"Ready","status":"True"}]}})",
        R"({"status":{"conditions":[{"type":"Ready","status":"True"},{"type":"Initialized","status":"True"}]}})");
    row("hostAliases by ip", "Pod", R"({"spec":{"hostAliases":[{"ip":"1.1.1.1","hostnames":["a"]}]}})",
        R"({"spec":{"hostAliases":[{"ip":"1.1.1.1","hostnames":["b"]}]}})",
        R"({"spec":{"hostAliases":[{"ip":"1.1.1.1","hostnames":["b"]}]}})");
    row("imagePullSecrets by name", "Pod", R"({"spec":{"imagePullSecrets":[{"name":"a"}]}})",
        R"({"spec":{"imagePullSecrets":[{"name":"b"}]}})", R"({"spec":{"imagePullSecrets":[{"name":"b"},{"name":"a"}]}})");
    row("topologySpreadConstraints by topologyKey", "Pod",
        R"({"spec":{"topologySpreadConstraints":[{"topologyKey":"zone","maxSkew":1},{"topologyKey":"host","maxSkew":1}]}})",
        R"({"spec":{"topologySpreadConstraints":[{"topologyKey":"host","maxSkew":2}]}})",
        R"({"spec":{"topologySpreadConstraints":[{"maxSkew":1,"topologyKey":"zone"},{"maxSkew":2,"topologyKey":"host"}]}})");
    row("volumeDevices by devicePath", "Pod",
        R"({"spec":{"containers":[{"name":"c","volumeDevices":[{"devicePath":"/dev/a","name":"a"}]}]}})",
        R"({"spec":{"containers":[{"name":"c","volumeDevices":[{"devicePath":"/dev/b","name":"b"}]}]}})",
        R"({"spec":{"containers":[{"name":"c","volumeDevices":[{"devicePath":"/dev/b","name":"b"},{"devicePath":"/dev/a","name":"a"}]}]}})");
    row("schedulingGates by name", "Pod", R"({"spec":{"schedulingGates":[{"name":"a"}]}})",
        R"({"spec":{"schedulingGates":[{"name":"b"}]}})", R"({"spec":{"schedulingGates":[{"name":"b"},{"name":"a"}]}})");
    row("ephemeralContainers by name", "Pod", R"({"spec":{"ephemeralContainers":[{"name":"d","image":"1"}]}})",
        R"({"spec":{"ephemeralContainers":[{"name":"d","tty":true}]}})",
        R"({"spec":{"ephemeralContainers":[{"image":"1","name":"d","tty":true}]}})");
    row("tolerations replaced in a pod", "Pod", R"({"spec":{"tolerations":[{"key":"a"},{"key":"b"}]}})",
        R"({"spec":{"tolerations":[{"key":"b","effect":"NoSchedule"}]}})",
        R"({"spec":{"tolerations":[{"effect":"NoSchedule","key":"b"}]}})");
    row("service account secrets by name", "ServiceAccount", R"({"secrets":[{"name":"a"}]})",
        R"({"secrets":[{"name":"b"}]})", R"({"secrets":[{"name":"b"},{"name":"a"}]})");
    row("node conditions and addresses by type", "Node",
        R"({"status":{"conditions":[{"type":"Ready","status":"True"}],"addresses":[{"type":"InternalIP","address":"1"}]}})",
        R"({"status":{"conditions":[{"type":"Ready","status":"False"}],"addresses":[{"type":"Hostname","address":"n"}]}})",
        R"({"status":{"addresses":[{"address":"n","type":"Hostname"},{"address":"1","type":"InternalIP"}],"conditions":[{"status":"False","type":"Ready"}]}})");
    row("daemonset status conditions by type", "DaemonSet", R"({"status":{"conditions":[{"type":"A","status":"True"}]}})",
        R"({"status":{"conditions":[{"type":"B","status":"True"}]}})",
        R"({"status":{"conditions":[{"status":"True","type":"B"},{"status":"True","type":"A"}]}})");
    for (const char *kind : {"Namespace", "PodDisruptionBudget", "HorizontalPodAutoscaler", "Job", "StatefulSet"}) {
        QTest::addRow("%s status conditions by type", kind)
            << QString::fromLatin1(kind) << QStringLiteral(R"({"status":{"conditions":[{"type":"A","status":"True"}]}})")
            << QStringLiteral(R"({"status":{"conditions":[{"type":"B","status":"True"}]}})")
            << QStringLiteral(R"({"status":{"conditions":[{"status":"True","type":"B"},{"status":"True","type":"A"}]}})");
    }
    row("node podCIDRs merged as a set", "Node", R"({"spec":{"podCIDRs":["10.0.0.0/24"]}})",
        R"({"spec":{"podCIDRs":["10.0.1.0/24"]}})", R"({"spec":{"podCIDRs":["10.0.1.0/24","10.0.0.0/24"]}})");
    row("container args replaced", "Pod", R"({"spec":{"containers":[{"name":"c","args":["a","b"]}]}})",
        R"({"spec":{"containers":[{"name":"c","args":["z"]}]}})", R"({"spec":{"containers":[{"name":"c","args":["z"]}]}})");
    row("secret-like data maps merge, null deletes", "Secret", R"({"data":{"a":"MQ==","b":"Mg=="},"type":"Opaque"})",
        R"({"data":{"a":null,"c":"Mw=="}})", R"({"data":{"b":"Mg==","c":"Mw=="},"type":"Opaque"})");
    row("labels: null deletes, unmatched null ignored", "Deployment", R"({"metadata":{"labels":{"a":"1","b":"2"}}})",
        R"({"metadata":{"labels":{"a":null,"zz":null,"c":"3"}}})", R"({"metadata":{"labels":{"b":"2","c":"3"}}})");
    row("scale via patch", "Deployment", demo, R"({"spec":{"replicas":5}})",
        QString(demo).replace(QStringLiteral("\"replicas\":2"), QStringLiteral("\"replicas\":5")));
    row("type change replaces", "ConfigMap", R"({"data":{"a":"1"}})", R"({"data":"x"})", R"({"data":"x"})");
    row("custom resource lists replaced", "Widget", R"({"spec":{"containers":[{"name":"a"}],"m":{"x":1}}})",
        R"({"spec":{"containers":[{"name":"b"}],"m":{"y":2}}})", R"({"spec":{"containers":[{"name":"b"}],"m":{"x":1,"y":2}}})");
    row("whole object $patch replace", "ConfigMap", R"({"data":{"a":"1"},"b":2})",
        R"({"$patch":"replace","apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":{"c":"3"}})",
        R"({"apiVersion":"v1","data":{"c":"3"},"kind":"ConfigMap","metadata":{"name":"x"}})");
    // apimachinery quirks, confirmed by kubectlAgrees
    row("delete list for a missing list is ignored", "ConfigMap", R"({"metadata":{"name":"x"}})",
        R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}})", R"({"metadata":{"name":"x"}})");
    row("directive items dropped when the list is new", "Pod", R"({"spec":{}})",
        R"({"spec":{"containers":[{"name":"a","$patch":"delete"},{"name":"b","x":null}]}})",
        R"({"spec":{"containers":[{"name":"b"}]}})");
    row("nulls dropped from a new map", "Pod", R"({"spec":{}})", R"({"spec":{"nodeSelector":{"a":"1","b":null}}})",
        R"({"spec":{"nodeSelector":{"a":"1"}}})");
    row("null inside a merged item deletes the field", "Pod", R"({"spec":{"containers":[{"name":"a","image":"x","tty":true}]}})",
        R"({"spec":{"containers":[{"name":"a","image":null}]}})", R"({"spec":{"containers":[{"name":"a","tty":true}]}})");
    row("merge key compared by type", "Service", R"({"spec":{"ports":[{"port":80}]}})",
        R"({"spec":{"ports":[{"port":"80","name":"s"}]}})", R"({"spec":{"ports":[{"name":"s","port":"80"},{"port":80}]}})");
    row("list replaces a scalar", "Pod", R"({"spec":{"containers":"x"}})", R"({"spec":{"containers":[{"name":"a"}]}})",
        R"({"spec":{"containers":[{"name":"a"}]}})");
    row("several new items keep patch order", "Pod", R"({"spec":{"containers":[{"name":"m"}]}})",
        R"({"spec":{"containers":[{"name":"z"},{"name":"m","image":"1"},{"name":"a"}]}})",
        R"({"spec":{"containers":[{"name":"z"},{"image":"1","name":"m"},{"name":"a"}]}})");
    row("server-only items keep their place", "Pod", R"({"spec":{"containers":[{"name":"a"},{"name":"b"},{"name":"c"}]}})",
        R"({"spec":{"containers":[{"name":"c","image":"1"},{"name":"a","image":"1"}]}})",
        R"({"spec":{"containers":[{"name":"b"},{"image":"1","name":"c"},{"image":"1","name":"a"}]}})");
    row("primitive merge list dedups", "Pod", R"({"metadata":{"finalizers":["a","b","a"]}})",
        R"({"metadata":{"finalizers":["b","b"]}})", R"({"metadata":{"finalizers":["a","b"]}})");
    row("empty patch", "Pod", R"({"a":[1]})", "{}", R"({"a":[1]})");
    row("null original", "Pod", "null", R"({"a":1})", R"({"a":1})");
}

void TestStrategicMergePatch::apply()
{
    QFETCH(QString, kind);
    QFETCH(QString, original);
    QFETCH(QString, patch);
    QFETCH(QString, expected);
    QString error;
    const QJsonValue result = applyStrategicMergePatch(js(original), js(patch), kind, &error);
    QVERIFY2(!result.isUndefined(), qPrintable(error));
    QCOMPARE(text(result), text(js(expected)));
}

void TestStrategicMergePatch::errors_data()
{
    QTest::addColumn<QString>("original");
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QString>("error");
    QTest::newRow("missing merge key") << withSpec(R"({"containers":[{"name":"a"}]})")
                                       << QStringLiteral(R"({"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}})")
                                       << QStringLiteral(R"(map: {"image":"x"} does not contain declared merge key: name)");
    QTest::newRow("delete without key") << withSpec(R"({"containers":[{"name":"a"}]})")
                                        << QStringLiteral(R"({"spec":{"template":{"spec":{"containers":[{"$patch":"delete"}]}}}})")
                                        << QStringLiteral(R"(map: {"$patch":"delete"} does not contain declared merge key: name)");
    QTest::newRow("merge directive in list") << withSpec(R"({"containers":[{"name":"a"}]})")
                                             << QStringLiteral(R"({"spec":{"template":{"spec":{"containers":[{"$patch":"merge"}]}}}})")
                                             << QStringLiteral("merging lists cannot yet be specified in the patch");
    QTest::newRow("unknown directive in map") << QStringLiteral(R"({"spec":{}})")
                                              << QStringLiteral(R"({"spec":{"$patch":"explode"}})")
                                              << QStringLiteral(R"(unknown patch type: explode in map: {"$patch":"explode"})");
    QTest::newRow("merge directive in map") << QStringLiteral(R"({"spec":{"template":{}}})")
                                            << QStringLiteral(R"({"spec":{"template":{"$patch":"merge","metadata":{}}}})")
                                            << QStringLiteral(R"(unknown patch type: merge in map: {"$patch":"merge","metadata":{}})");
    QTest::newRow("retainKeys violated") << QStringLiteral(R"({"spec":{"strategy":{"type":"A"}}})")
                                         << QStringLiteral(R"({"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":{}}}})")
                                         << QStringLiteral("invalid patch format of retainKeys");
    QTest::newRow("retainKeys not a list") << QStringLiteral(R"({"spec":{}})")
                                           << QStringLiteral(R"({"spec":{"$retainKeys":"type"}})")
                                           << QStringLiteral("invalid patch format of retainKeys");
    QTest::newRow("bad order prefix") << QStringLiteral(R"({"metadata":{}})")
                                      << QStringLiteral(R"({"metadata":{"$setElementOrderX/finalizers":[]}})")
                                      << QStringLiteral("invalid patch format of setElementOrder list");
    QTest::newRow("order mismatch") << withSpec(R"({"containers":[{"name":"a"},{"name":"b"}]})")
                                    << QStringLiteral(R"({"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"name":"b","image":"x"}]}}}})")
                                    << QStringLiteral("the order in patch list:\n[{\"image\":\"x\",\"name\":\"b\"}]\n doesn't match $setElementOrder list:\n[{\"name\":\"a\"}]");
    QTest::newRow("list of lists") << QStringLiteral(R"({"metadata":{"finalizers":[["a"]]}})")
                                   << QStringLiteral(R"({"metadata":{"finalizers":[["b"]]}})")
                                   << QStringLiteral("lists of lists are not supported");
    QTest::newRow("patch not an object") << QStringLiteral("{}") << QStringLiteral("[1]")
                                         << QStringLiteral("invalid JSON document");
}

void TestStrategicMergePatch::errors()
{
    QFETCH(QString, original);
    QFETCH(QString, patch);
    QFETCH(QString, error);
    QString actual;
    const QJsonValue result = applyStrategicMergePatch(js(original), js(patch), QStringLiteral("Deployment"), &actual);
    QVERIFY(result.isUndefined());
    QCOMPARE(actual, error);
}

// The same rows through the real kubectl (k8s.io/apimachinery + k8s.io/api tags).
void TestStrategicMergePatch::kubectlAgrees()
{
    QFETCH(QString, kind);
    QFETCH(QString, original);
    QFETCH(QString, patch);
    PD_REQUIRE_KUBECTL();
    const std::optional<QJsonObject> object = forKubectl(kind, js(original));
    if (!object)
        QSKIP("kind unknown to kubectl or no object");
    QString error;
    const auto expected = testutil::kubectlPatch(*object, patch.toUtf8(), QStringLiteral("strategic"), &error);
    QVERIFY2(expected.has_value(), qPrintable(error));
    const QJsonValue ours = applyStrategicMergePatch(*object, js(patch), kind, &error);
    QVERIFY2(!ours.isUndefined(), qPrintable(error));
    QCOMPARE(text(ours), text(*expected));
}

void TestStrategicMergePatch::kubectlRejects()
{
    QFETCH(QString, original);
    QFETCH(QString, patch);
    PD_REQUIRE_KUBECTL();
    const std::optional<QJsonObject> object = forKubectl(QStringLiteral("Deployment"), js(original));
    if (!object || !js(patch).isObject())
        QSKIP("not an object patch");
    QVERIFY(!testutil::kubectlPatch(*object, patch.toUtf8(), QStringLiteral("strategic")).has_value());
}

void TestStrategicMergePatch::supportedKinds()
{
    QVERIFY(isStrategicMergePatchSupported(u"v1", u"ConfigMap"));
    QVERIFY(isStrategicMergePatchSupported(u"apps/v1", u"Deployment"));
    QVERIFY(isStrategicMergePatchSupported(u"networking.k8s.io/v1", u"Ingress"));
    QVERIFY(isStrategicMergePatchSupported(u"apiextensions.k8s.io/v1", u"CustomResourceDefinition"));
    QVERIFY(!isStrategicMergePatchSupported(u"external-secrets.io/v1", u"ExternalSecret"));
    QVERIFY(!isStrategicMergePatchSupported(u"gateway.networking.k8s.io/v1", u"HTTPRoute"));
    QVERIFY(!isStrategicMergePatchSupported(u"snapshot.storage.k8s.io/v1", u"VolumeSnapshot"));
}

QTEST_GUILESS_MAIN(TestStrategicMergePatch)
#include "tst_strategicmergepatch.moc"
