// The roles and bindings a fresh sandbox has, compared with what kube-apiserver creates.
#include "sandbox/bootstrappolicy.h"

#include <QJsonArray>
#include <QSet>
#include <QTest>

using namespace pd::sandbox;

namespace {

QString nameOf(const QJsonObject &o)
{
    return o.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("name")).toString();
}

QJsonObject roleNamed(const QString &name)
{
    for (const QJsonObject &r : bootstrapClusterRoles()) {
        if (nameOf(r) == name)
            return r;
    }
    return {};
}

// Does any rule of the role grant verb on group/resource (no names, no subresource wildcards)?
bool grants(const QJsonObject &role, const QString &verb, const QString &group, const QString &resource)
{
    for (const QJsonValue &v : role.value(QStringLiteral("rules")).toArray()) {
        const QJsonObject r = v.toObject();
        const QJsonArray verbs = r.value(QStringLiteral("verbs")).toArray();
        const QJsonArray groups = r.value(QStringLiteral("apiGroups")).toArray();
        const QJsonArray resources = r.value(QStringLiteral("resources")).toArray();
        if ((verbs.contains(verb) || verbs.contains(QStringLiteral("*")))
            && (groups.contains(group) || groups.contains(QStringLiteral("*")))
            && (resources.contains(resource) || resources.contains(QStringLiteral("*"))))
            return true;
    }
    return false;
}

} // namespace

class TestBootstrapPolicy final : public QObject
{
    Q_OBJECT

private slots:
    void wellFormed()
    {
        QSet<QString> names;
        for (const QJsonObject &r : bootstrapClusterRoles()) {
            QCOMPARE(r.value(QStringLiteral("apiVersion")).toString(), QStringLiteral("rbac.authorization.k8s.io/v1"));
            QCOMPARE(r.value(QStringLiteral("kind")).toString(), QStringLiteral("ClusterRole"));
            QVERIFY2(!names.contains(nameOf(r)), qPrintable(nameOf(r)));
            names.insert(nameOf(r));
            QVERIFY2(!r.value(QStringLiteral("rules")).toArray().isEmpty(), qPrintable(nameOf(r)));
        }
        for (const QString &expected : {QStringLiteral("cluster-admin"), QStringLiteral("admin"), QStringLiteral("edit"),
                                        QStringLiteral("view"), QStringLiteral("system:discovery"),
                                        QStringLiteral("system:basic-user"), QStringLiteral("system:public-info-viewer")})
            QVERIFY2(names.contains(expected), qPrintable(expected));
        for (const QJsonObject &b : bootstrapClusterRoleBindings()) {
            QCOMPARE(b.value(QStringLiteral("kind")).toString(), QStringLiteral("ClusterRoleBinding"));
            const QString role = b.value(QStringLiteral("roleRef")).toObject().value(QStringLiteral("name")).toString();
            QVERIFY2(names.contains(role), qPrintable(role));
        }
    }

    void bindings_data()
    {
        QTest::addColumn<QString>("binding");
        QTest::addColumn<QStringList>("groups");
        QTest::newRow("cluster-admin") << QStringLiteral("cluster-admin") << QStringList{QStringLiteral("system:masters")};
        QTest::newRow("discovery") << QStringLiteral("system:discovery") << QStringList{QStringLiteral("system:authenticated")};
        QTest::newRow("basic-user") << QStringLiteral("system:basic-user") << QStringList{QStringLiteral("system:authenticated")};
        QTest::newRow("public-info") << QStringLiteral("system:public-info-viewer")
                                     << QStringList{QStringLiteral("system:authenticated"), QStringLiteral("system:unauthenticated")};
    }

    void bindings()
    {
        QFETCH(QString, binding);
        QFETCH(QStringList, groups);
        QJsonObject found;
        for (const QJsonObject &b : bootstrapClusterRoleBindings()) {
            if (nameOf(b) == binding)
                found = b;
        }
        QVERIFY(!found.isEmpty());
        QStringList subjects;
        for (const QJsonValue &s : found.value(QStringLiteral("subjects")).toArray()) {
            QCOMPARE(s.toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("Group"));
            subjects.append(s.toObject().value(QStringLiteral("name")).toString());
        }
        QCOMPARE(subjects, groups);
    }

    void grantsTable_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<QString>("verb");
        QTest::addColumn<QString>("group");
        QTest::addColumn<QString>("resource");
        QTest::addColumn<bool>("granted");
        auto row = [](const char *role, const char *verb, const char *group, const char *resource, bool granted) {
            QTest::addRow("%s %s %s/%s", role, verb, group, resource)
                << QString::fromUtf8(role) << QString::fromUtf8(verb) << QString::fromUtf8(group) << QString::fromUtf8(resource)
                << granted;
        };
        for (const char *res : {"pods", "pods/log", "pods/status", "services", "endpoints", "configmaps",
                                "persistentvolumeclaims", "serviceaccounts", "events", "replicationcontrollers",
                                "resourcequotas", "limitranges", "namespaces", "bindings"})
            row("view", "list", "", res, true);
        for (const char *res : {"deployments", "deployments/scale", "statefulsets", "statefulsets/scale", "replicasets",
                                "daemonsets", "controllerrevisions"})
            row("view", "get", "apps", res, true);
        row("view", "list", "batch", "jobs", true);
        row("view", "list", "batch", "cronjobs", true);
        row("view", "list", "autoscaling", "horizontalpodautoscalers", true);
        row("view", "list", "policy", "poddisruptionbudgets", true);
        row("view", "list", "networking.k8s.io", "ingresses", true);
        row("view", "list", "networking.k8s.io", "networkpolicies", true);
        row("view", "list", "discovery.k8s.io", "endpointslices", true);
        row("view", "list", "metrics.k8s.io", "pods", true);
        row("view", "get", "metrics.k8s.io", "nodes", true);
        row("view", "get", "", "secrets", false);
        row("view", "list", "", "secrets", false);
        row("view", "create", "", "pods/exec", false);
        row("view", "update", "apps", "deployments", false);
        row("edit", "get", "", "secrets", true);
        row("edit", "create", "", "secrets", true);
        row("edit", "update", "apps", "deployments", true);
        row("edit", "patch", "apps", "deployments/scale", true);
        row("edit", "delete", "batch", "cronjobs", true);
        row("edit", "list", "", "pods", true);
        row("edit", "create", "rbac.authorization.k8s.io", "rolebindings", false);
        row("edit", "update", "", "resourcequotas", false);
        row("admin", "create", "rbac.authorization.k8s.io", "rolebindings", true);
        row("admin", "create", "rbac.authorization.k8s.io", "roles", true);
        row("admin", "create", "authorization.k8s.io", "localsubjectaccessreviews", true);
        row("admin", "create", "", "secrets", true);
        row("admin", "list", "", "pods", true);
        row("admin", "create", "rbac.authorization.k8s.io", "clusterroles", false);
        row("cluster-admin", "delete", "anything", "everything", true);
        row("system:basic-user", "create", "authorization.k8s.io", "selfsubjectaccessreviews", true);
        row("system:basic-user", "create", "authorization.k8s.io", "selfsubjectrulesreviews", true);
        row("system:basic-user", "get", "", "pods", false);
    }

    void grantsTable()
    {
        QFETCH(QString, role);
        QFETCH(QString, verb);
        QFETCH(QString, group);
        QFETCH(QString, resource);
        QFETCH(bool, granted);
        const QJsonObject r = roleNamed(role);
        QVERIFY(!r.isEmpty());
        QCOMPARE(grants(r, verb, group, resource), granted);
    }

    void aggregation()
    {
        // admin includes every rule of edit, edit every rule of view.
        const QJsonArray view = roleNamed(QStringLiteral("view")).value(QStringLiteral("rules")).toArray();
        const QJsonArray edit = roleNamed(QStringLiteral("edit")).value(QStringLiteral("rules")).toArray();
        const QJsonArray admin = roleNamed(QStringLiteral("admin")).value(QStringLiteral("rules")).toArray();
        QVERIFY(view.size() < edit.size());
        QVERIFY(edit.size() < admin.size());
        for (const QJsonValue &r : view)
            QVERIFY(edit.contains(r));
        for (const QJsonValue &r : edit)
            QVERIFY(admin.contains(r));
        const QJsonObject viewRole = roleNamed(QStringLiteral("view"));
        QCOMPARE(viewRole.value(QStringLiteral("aggregationRule")).toObject().value(QStringLiteral("clusterRoleSelectors")).toArray().size(), 1);
        QCOMPARE(viewRole.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("labels")).toObject()
                     .value(QStringLiteral("rbac.authorization.k8s.io/aggregate-to-edit")).toString(),
                 QStringLiteral("true"));
    }

    void discoveryUrls()
    {
        const QJsonArray rules = roleNamed(QStringLiteral("system:discovery")).value(QStringLiteral("rules")).toArray();
        QCOMPARE(rules.size(), 1);
        const QJsonArray urls = rules.first().toObject().value(QStringLiteral("nonResourceURLs")).toArray();
        for (const QString &u : {QStringLiteral("/api"), QStringLiteral("/api/*"), QStringLiteral("/apis"), QStringLiteral("/apis/*"),
                                 QStringLiteral("/version"), QStringLiteral("/openapi/*")})
            QVERIFY2(urls.contains(u), qPrintable(u));
        QVERIFY(!urls.contains(QStringLiteral("/metrics")));
    }
};

QTEST_GUILESS_MAIN(TestBootstrapPolicy)
#include "tst_bootstrappolicy.moc"
