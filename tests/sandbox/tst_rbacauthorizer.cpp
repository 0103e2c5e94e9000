// RbacAuthorizer against the bootstrap roles plus a small team setup, row by row.
#include "sandbox/bootstrappolicy.h"
#include "sandbox/rbacauthorizer.h"

#include <QJsonArray>
#include <QMap>
#include <QTest>

using namespace pd::sandbox;

namespace {

QJsonObject meta(const QString &name, const QString &ns = {}, const QJsonObject &labels = {})
{
    QJsonObject m{{QStringLiteral("name"), name}};
    if (!ns.isEmpty())
        m.insert(QStringLiteral("namespace"), ns);
    if (!labels.isEmpty())
        m.insert(QStringLiteral("labels"), labels);
    return m;
}

QJsonObject rule(const QStringList &verbs, const QStringList &groups, const QStringList &resources,
                 const QStringList &names = {})
{
    QJsonObject r{{QStringLiteral("verbs"), QJsonArray::fromStringList(verbs)},
                  {QStringLiteral("apiGroups"), QJsonArray::fromStringList(groups)},
                  {QStringLiteral("resources"), QJsonArray::fromStringList(resources)}};
    if (!names.isEmpty())
        r.insert(QStringLiteral("resourceNames"), QJsonArray::fromStringList(names));
    return r;
}

QJsonObject role(const QString &kind, const QString &name, const QString &ns, const QJsonArray &rules,
                 const QJsonObject &labels = {})
{
    return {{QStringLiteral("kind"), kind}, {QStringLiteral("metadata"), meta(name, ns, labels)}, {QStringLiteral("rules"), rules}};
}

QJsonObject subject(const QString &kind, const QString &name, const QString &ns = {})
{
    QJsonObject s{{QStringLiteral("kind"), kind}, {QStringLiteral("name"), name}};
    if (!ns.isEmpty())
        s.insert(QStringLiteral("namespace"), ns);
    return s;
}

QJsonObject binding(const QString &kind, const QString &name, const QString &ns, const QString &roleKind,
                    const QString &roleName, const QJsonArray &subjects)
{
    return {{QStringLiteral("kind"), kind},
            {QStringLiteral("metadata"), meta(name, ns)},
            {QStringLiteral("roleRef"), QJsonObject{{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                                                    {QStringLiteral("kind"), roleKind},
                                                    {QStringLiteral("name"), roleName}}},
            {QStringLiteral("subjects"), subjects}};
}

// A tiny in-memory store keyed by kind/namespace/name.
struct Store
{
    QMap<QString, QJsonObject> objects;

    void add(const QJsonObject &o)
    {
        const QJsonObject m = o.value(QStringLiteral("metadata")).toObject();
        objects.insert(o.value(QStringLiteral("kind")).toString() + QLatin1Char('/') + m.value(QStringLiteral("namespace")).toString()
                           + QLatin1Char('/') + m.value(QStringLiteral("name")).toString(),
                       o);
    }

    RbacObjects access() const
    {
        RbacObjects r;
        r.list = [this](const QString &kind, const QString &ns) {
            QList<QJsonObject> out;
            const QString prefix = kind + QLatin1Char('/') + ns + QLatin1Char('/');
            for (auto it = objects.begin(); it != objects.end(); ++it) {
                if (it.key().startsWith(prefix))
                    out.append(it.value());
            }
            return out;
        };
        r.get = [this](const QString &kind, const QString &ns, const QString &name) {
            return objects.value(kind + QLatin1Char('/') + ns + QLatin1Char('/') + name);
        };
        return r;
    }
};

UserInfo userFrom(const QString &spec)
{
    // "name|group1,group2"; "system:anonymous" gets system:unauthenticated only.
    const QStringList parts = spec.split(QLatin1Char('|'));
    UserInfo u{parts.value(0), {}};
    if (parts.size() > 1 && !parts.at(1).isEmpty())
        u.groups = parts.at(1).split(QLatin1Char(','));
    if (u.name == QStringLiteral("system:anonymous"))
        u.groups.append(QStringLiteral("system:unauthenticated"));
    else
        u.groups.append(QStringLiteral("system:authenticated"));
    if (u.name.startsWith(QStringLiteral("system:serviceaccount:"))) {
        u.groups.append(QStringLiteral("system:serviceaccounts"));
        u.groups.append(QStringLiteral("system:serviceaccounts:") + u.name.section(QLatin1Char(':'), 2, 2));
    }
    return u;
}

RequestAttributes resourceRequest(const QString &verb, const QString &group, const QString &resourcePath,
                                  const QString &ns, const QString &name = {})
{
    RequestAttributes a;
    a.verb = verb;
    a.apiGroup = group;
    a.resource = resourcePath.section(QLatin1Char('/'), 0, 0);
    a.subresource = resourcePath.section(QLatin1Char('/'), 1);
    a.namespaceName = ns;
    a.name = name;
    return a;
}

} // namespace

class TestRbacAuthorizer final : public QObject
{
    Q_OBJECT

private:
    Store m_store;

private slots:
    void initTestCase()
    {
        for (const QJsonObject &o : bootstrapClusterRoles())
            m_store.add(o);
        for (const QJsonObject &o : bootstrapClusterRoleBindings())
            m_store.add(o);
        const QString rb = QStringLiteral("RoleBinding");
        const QString crb = QStringLiteral("ClusterRoleBinding");
        const QString cr = QStringLiteral("ClusterRole");
        const QString r = QStringLiteral("Role");
        const QString ta = QStringLiteral("team-a");
        const QString sys = QStringLiteral("previewdesk-system");
        m_store.add(binding(rb, QStringLiteral("alice-edit"), ta, cr, QStringLiteral("edit"), {subject(QStringLiteral("User"), QStringLiteral("alice"))}));
        m_store.add(binding(rb, QStringLiteral("bob-view"), ta, cr, QStringLiteral("view"), {subject(QStringLiteral("User"), QStringLiteral("bob"))}));
        m_store.add(binding(rb, QStringLiteral("hana-admin"), ta, cr, QStringLiteral("admin"), {subject(QStringLiteral("User"), QStringLiteral("hana"))}));
        m_store.add(role(r, QStringLiteral("log-reader"), ta, {rule({QStringLiteral("get")}, {QString()}, {QStringLiteral("pods"), QStringLiteral("pods/log")})}));
        m_store.add(binding(rb, QStringLiteral("carol-logs"), ta, r, QStringLiteral("log-reader"), {subject(QStringLiteral("User"), QStringLiteral("carol"))}));
        m_store.add(role(r, QStringLiteral("one-config"), ta, {rule({QStringLiteral("get"), QStringLiteral("update")}, {QString()}, {QStringLiteral("configmaps")}, {QStringLiteral("app-config")})}));
        m_store.add(binding(rb, QStringLiteral("dave-config"), ta, r, QStringLiteral("one-config"), {subject(QStringLiteral("User"), QStringLiteral("dave"))}));
        m_store.add(role(r, QStringLiteral("scaler"), ta, {rule({QStringLiteral("update"), QStringLiteral("patch")}, {QStringLiteral("*")}, {QStringLiteral("*/scale")})}));
        m_store.add(binding(rb, QStringLiteral("erin-scale"), ta, r, QStringLiteral("scaler"), {subject(QStringLiteral("User"), QStringLiteral("erin"))}));
        m_store.add(role(r, QStringLiteral("pods-star"), ta, {rule({QStringLiteral("get")}, {QString()}, {QStringLiteral("pods/*")})}));
        m_store.add(binding(rb, QStringLiteral("frank-star"), ta, r, QStringLiteral("pods-star"), {subject(QStringLiteral("User"), QStringLiteral("frank"))}));
        m_store.add(binding(crb, QStringLiteral("ops-view"), {}, cr, QStringLiteral("view"), {subject(QStringLiteral("Group"), QStringLiteral("ops"))}));
        m_store.add(binding(rb, QStringLiteral("guardrail-edit"), sys, cr, QStringLiteral("edit"), {subject(QStringLiteral("ServiceAccount"), QStringLiteral("guardrail"))}));
        m_store.add(role(cr, QStringLiteral("previewdesk-sweeper"), {}, {rule({QStringLiteral("list"), QStringLiteral("delete")}, {QString()}, {QStringLiteral("namespaces")})}));
        m_store.add(binding(crb, QStringLiteral("sweeper"), {}, cr, QStringLiteral("previewdesk-sweeper"), {subject(QStringLiteral("ServiceAccount"), QStringLiteral("sweeper"), sys)}));
        m_store.add(binding(rb, QStringLiteral("dangling"), QStringLiteral("team-b"), r, QStringLiteral("missing"), {subject(QStringLiteral("User"), QStringLiteral("gina"))}));
        m_store.add(binding(rb, QStringLiteral("all-sa-view"), QStringLiteral("team-b"), cr, QStringLiteral("view"), {subject(QStringLiteral("Group"), QStringLiteral("system:serviceaccounts:team-b"))}));
        // A CRD's role aggregated into view after bootstrap.
        m_store.add(role(cr, QStringLiteral("widgets-view"), {}, {rule({QStringLiteral("get"), QStringLiteral("list")}, {QStringLiteral("example.com")}, {QStringLiteral("widgets")})},
                         QJsonObject{{QStringLiteral("rbac.authorization.k8s.io/aggregate-to-view"), QStringLiteral("true")}}));
    }

    void resourceRequests_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("verb");
        QTest::addColumn<QString>("group");
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QString>("ns");
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("allowed");

        const QString ta = QStringLiteral("team-a");
        const QString apps = QStringLiteral("apps");
        auto row = [](const char *tag, const char *user, const char *verb, const QString &group, const char *res,
                      const QString &ns, const char *name, bool allowed) {
            QTest::newRow(tag) << QString::fromUtf8(user) << QString::fromUtf8(verb) << group << QString::fromUtf8(res) << ns
                               << QString::fromUtf8(name) << allowed;
        };
        // view
        row("view list pods", "bob", "list", {}, "pods", ta, "", true);
        row("view watch deployments", "bob", "watch", apps, "deployments", ta, "", true);
        row("view get deployment scale", "bob", "get", apps, "deployments/scale", ta, "web", true);
        row("view update deployment scale", "bob", "update", apps, "deployments/scale", ta, "web", false);
        row("view get pods/log", "bob", "get", {}, "pods/log", ta, "web-1", true);
        row("view no pods/exec", "bob", "create", {}, "pods/exec", ta, "web-1", false);
        row("view no secrets", "bob", "get", {}, "secrets", ta, "db", false);
        row("view no list secrets", "bob", "list", {}, "secrets", ta, "", false);
        row("view get namespace", "bob", "get", {}, "namespaces", ta, "team-a", true);
        row("view cronjobs", "bob", "list", QStringLiteral("batch"), "cronjobs", ta, "", true);
        row("view ingresses", "bob", "list", QStringLiteral("networking.k8s.io"), "ingresses", ta, "", true);
        row("view endpointslices", "bob", "list", QStringLiteral("discovery.k8s.io"), "endpointslices", ta, "", true);
        row("view pdb", "bob", "get", QStringLiteral("policy"), "poddisruptionbudgets", ta, "web", true);
        row("view hpa", "bob", "list", QStringLiteral("autoscaling"), "horizontalpodautoscalers", ta, "", true);
        row("view pod metrics", "bob", "list", QStringLiteral("metrics.k8s.io"), "pods", ta, "", true);
        row("view externalsecrets", "bob", "get", QStringLiteral("external-secrets.io"), "externalsecrets", ta, "db", true);
        row("view no roles", "bob", "list", QStringLiteral("rbac.authorization.k8s.io"), "roles", ta, "", false);
        row("view only its namespace", "bob", "list", {}, "pods", QStringLiteral("team-b"), "", false);
        row("view not cluster scope", "bob", "list", {}, "pods", QString(), "", false);
        row("aggregated CRD role", "bob", "get", QStringLiteral("example.com"), "widgets", ta, "w", true);
        row("aggregated CRD role no write", "bob", "delete", QStringLiteral("example.com"), "widgets", ta, "w", false);
        // edit
        row("edit create deployment", "alice", "create", apps, "deployments", ta, "", true);
        row("edit patch scale", "alice", "patch", apps, "deployments/scale", ta, "web", true);
        row("edit reads secrets", "alice", "get", {}, "secrets", ta, "db", true);
        row("edit writes secrets", "alice", "create", {}, "secrets", ta, "", true);
        row("edit exec", "alice", "create", {}, "pods/exec", ta, "web-1", true);
        row("edit externalsecret", "alice", "create", QStringLiteral("external-secrets.io"), "externalsecrets", ta, "", true);
        row("edit no rolebindings", "alice", "create", QStringLiteral("rbac.authorization.k8s.io"), "rolebindings", ta, "", false);
        row("edit no quota writes", "alice", "update", {}, "resourcequotas", ta, "q", false);
        row("edit no namespace delete", "alice", "delete", {}, "namespaces", ta, "team-a", false);
        // admin
        row("admin rolebindings", "hana", "create", QStringLiteral("rbac.authorization.k8s.io"), "rolebindings", ta, "", true);
        row("admin roles", "hana", "delete", QStringLiteral("rbac.authorization.k8s.io"), "roles", ta, "x", true);
        row("admin local access review", "hana", "create", QStringLiteral("authorization.k8s.io"), "localsubjectaccessreviews", ta, "", true);
        row("admin secrets", "hana", "list", {}, "secrets", ta, "", true);
        row("admin no clusterroles", "hana", "create", QStringLiteral("rbac.authorization.k8s.io"), "clusterroles", QString(), "", false);
        // Role with subresources and names
        row("pods does not cover pods/status", "carol", "get", {}, "pods/status", ta, "web", false);
        row("explicit pods/log", "carol", "get", {}, "pods/log", ta, "web", true);
        row("explicit pods", "carol", "get", {}, "pods", ta, "web", true);
        row("role verb mismatch", "carol", "list", {}, "pods", ta, "", false);
        row("resourceName match", "dave", "get", {}, "configmaps", ta, "app-config", true);
        row("resourceName other", "dave", "get", {}, "configmaps", ta, "other", false);
        row("resourceName list has no name", "dave", "list", {}, "configmaps", ta, "", false);
        row("*/scale deployments", "erin", "update", apps, "deployments/scale", ta, "web", true);
        row("*/scale statefulsets", "erin", "patch", apps, "statefulsets/scale", ta, "db", true);
        row("*/scale not the parent", "erin", "update", apps, "deployments", ta, "web", false);
        row("*/scale not status", "erin", "update", apps, "deployments/status", ta, "web", false);
        row("pods/* is literal", "frank", "get", {}, "pods/log", ta, "web", false);
        // groups, service accounts, cluster-wide bindings
        row("group crb any namespace", "olga|ops", "list", apps, "deployments", QStringLiteral("anywhere"), "", true);
        row("group crb cluster-scope namespaces", "olga|ops", "list", {}, "namespaces", QString(), "", true);
        row("group crb no secrets", "olga|ops", "get", {}, "secrets", ta, "x", false);
        row("sa via binding namespace", "system:serviceaccount:previewdesk-system:guardrail", "patch", apps, "deployments", QStringLiteral("previewdesk-system"), "x", true);
        row("sa edit is namespaced", "system:serviceaccount:previewdesk-system:guardrail", "patch", apps, "deployments", ta, "x", false);
        row("same sa name other ns", "system:serviceaccount:team-a:guardrail", "patch", apps, "deployments", QStringLiteral("previewdesk-system"), "x", false);
        row("sa crb cluster scope", "system:serviceaccount:previewdesk-system:sweeper", "delete", {}, "namespaces", QString(), "pr-1", true);
        row("sa crb wrong verb", "system:serviceaccount:previewdesk-system:sweeper", "create", {}, "namespaces", QString(), "", false);
        row("sa group binding", "system:serviceaccount:team-b:default", "list", {}, "pods", QStringLiteral("team-b"), "", true);
        row("sa group other ns", "system:serviceaccount:team-a:default", "list", {}, "pods", QStringLiteral("team-b"), "", false);
        row("masters", "root|system:masters", "delete", {}, "nodes", QString(), "n1", true);
        row("basic-user ssar", "zed", "create", QStringLiteral("authorization.k8s.io"), "selfsubjectaccessreviews", QString(), "", true);
        row("basic-user ssrr", "zed", "create", QStringLiteral("authorization.k8s.io"), "selfsubjectrulesreviews", QString(), "", true);
        row("nobody lists pods", "zed", "list", {}, "pods", ta, "", false);
        row("anonymous no ssar", "system:anonymous", "create", QStringLiteral("authorization.k8s.io"), "selfsubjectaccessreviews", QString(), "", false);
        row("dangling role", "gina", "get", {}, "pods", QStringLiteral("team-b"), "x", false);
    }

    void resourceRequests()
    {
        QFETCH(QString, user);
        QFETCH(QString, verb);
        QFETCH(QString, group);
        QFETCH(QString, resource);
        QFETCH(QString, ns);
        QFETCH(QString, name);
        QFETCH(bool, allowed);
        const RbacAuthorizer authorizer(m_store.access());
        const AuthorizationDecision d = authorizer.authorize(userFrom(user), resourceRequest(verb, group, resource, ns, name));
        QCOMPARE(d.allowed, allowed);
        if (d.allowed && !userFrom(user).groups.contains(QStringLiteral("system:masters")))
            QVERIFY2(d.reason.startsWith(QStringLiteral("RBAC: allowed by ")), qPrintable(d.reason));
    }

    void nonResourceRequests_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("version") << QStringLiteral("zed") << QStringLiteral("/version") << true;
        QTest::newRow("api prefix") << QStringLiteral("zed") << QStringLiteral("/api") << true;
        QTest::newRow("api star") << QStringLiteral("zed") << QStringLiteral("/api/v1") << true;
        QTest::newRow("apis star") << QStringLiteral("zed") << QStringLiteral("/apis/apps/v1") << true;
        QTest::newRow("openapi") << QStringLiteral("zed") << QStringLiteral("/openapi/v3") << true;
        QTest::newRow("metrics denied") << QStringLiteral("zed") << QStringLiteral("/metrics") << false;
        QTest::newRow("anon healthz") << QStringLiteral("system:anonymous") << QStringLiteral("/healthz") << true;
        QTest::newRow("anon version") << QStringLiteral("system:anonymous") << QStringLiteral("/version") << true;
        QTest::newRow("anon api denied") << QStringLiteral("system:anonymous") << QStringLiteral("/api") << false;
        QTest::newRow("masters metrics") << QStringLiteral("root|system:masters") << QStringLiteral("/metrics") << true;
    }

    void nonResourceRequests()
    {
        QFETCH(QString, user);
        QFETCH(QString, path);
        QFETCH(bool, allowed);
        RequestAttributes a;
        a.resourceRequest = false;
        a.verb = QStringLiteral("get");
        a.path = path;
        QCOMPARE(RbacAuthorizer(m_store.access()).authorize(userFrom(user), a).allowed, allowed);
    }

    void reasons_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QString>("ns");
        QTest::addColumn<QString>("reason");
        QTest::newRow("rolebinding") << QStringLiteral("alice") << QStringLiteral("pods") << QStringLiteral("team-a")
                                     << QStringLiteral("RBAC: allowed by RoleBinding \"alice-edit/team-a\" of ClusterRole \"edit\" to User \"alice\"");
        QTest::newRow("clusterrolebinding group") << QStringLiteral("olga|ops") << QStringLiteral("pods") << QStringLiteral("x")
                                                  << QStringLiteral("RBAC: allowed by ClusterRoleBinding \"ops-view\" of ClusterRole \"view\" to Group \"ops\"");
        QTest::newRow("service account") << QStringLiteral("system:serviceaccount:previewdesk-system:guardrail") << QStringLiteral("pods")
                                         << QStringLiteral("previewdesk-system")
                                         << QStringLiteral("RBAC: allowed by RoleBinding \"guardrail-edit/previewdesk-system\" of ClusterRole \"edit\" to ServiceAccount \"guardrail/previewdesk-system\"");
        QTest::newRow("denied plain") << QStringLiteral("zed") << QStringLiteral("pods") << QStringLiteral("team-a") << QString();
        QTest::newRow("denied dangling") << QStringLiteral("gina") << QStringLiteral("pods") << QStringLiteral("team-b")
                                         << QStringLiteral("RBAC: role.rbac.authorization.k8s.io \"missing\" not found");
        QTest::newRow("masters") << QStringLiteral("root|system:masters") << QStringLiteral("pods") << QStringLiteral("x") << QString();
    }

    void reasons()
    {
        QFETCH(QString, user);
        QFETCH(QString, resource);
        QFETCH(QString, ns);
        QFETCH(QString, reason);
        const auto d = RbacAuthorizer(m_store.access()).authorize(userFrom(user), resourceRequest(QStringLiteral("list"), {}, resource, ns));
        QCOMPARE(d.reason, reason);
    }

    void forbiddenMessage_data()
    {
        QTest::addColumn<QString>("verb");
        QTest::addColumn<QString>("group");
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QString>("ns");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("message");
        QTest::newRow("list pods") << QStringLiteral("list") << QString() << QStringLiteral("pods") << QStringLiteral("default") << QString()
                                   << QStringLiteral("pods is forbidden: User \"bob\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"");
        QTest::newRow("named") << QStringLiteral("get") << QString() << QStringLiteral("pods") << QStringLiteral("default") << QStringLiteral("web")
                               << QStringLiteral("pods \"web\" is forbidden: User \"bob\" cannot get resource \"pods\" in API group \"\" in the namespace \"default\"");
        QTest::newRow("subresource") << QStringLiteral("get") << QString() << QStringLiteral("pods/log") << QStringLiteral("default") << QStringLiteral("web")
                                     << QStringLiteral("pods \"web\" is forbidden: User \"bob\" cannot get resource \"pods/log\" in API group \"\" in the namespace \"default\"");
        QTest::newRow("group") << QStringLiteral("patch") << QStringLiteral("apps") << QStringLiteral("deployments/scale") << QStringLiteral("shop") << QStringLiteral("web")
                               << QStringLiteral("deployments.apps \"web\" is forbidden: User \"bob\" cannot patch resource \"deployments/scale\" in API group \"apps\" in the namespace \"shop\"");
        QTest::newRow("cluster scope") << QStringLiteral("list") << QString() << QStringLiteral("namespaces") << QString() << QString()
                                       << QStringLiteral("namespaces is forbidden: User \"bob\" cannot list resource \"namespaces\" in API group \"\" at the cluster scope");
    }

    void forbiddenMessage()
    {
        QFETCH(QString, verb);
        QFETCH(QString, group);
        QFETCH(QString, resource);
        QFETCH(QString, ns);
        QFETCH(QString, name);
        QFETCH(QString, message);
        QCOMPARE(RbacAuthorizer::forbiddenMessage(UserInfo{QStringLiteral("bob"), {}}, resourceRequest(verb, group, resource, ns, name)), message);
    }

    void forbiddenMessageNonResource()
    {
        RequestAttributes a;
        a.resourceRequest = false;
        a.verb = QStringLiteral("get");
        a.path = QStringLiteral("/metrics");
        QCOMPARE(RbacAuthorizer::forbiddenMessage(UserInfo{QStringLiteral("system:anonymous"), {}}, a),
                 QStringLiteral("forbidden: User \"system:anonymous\" cannot get path \"/metrics\""));
    }

    void rulesReview()
    {
        const RbacAuthorizer authorizer(m_store.access());
        const QJsonObject status = authorizer.rulesReviewStatus(userFrom(QStringLiteral("carol")), QStringLiteral("team-a"));
        QCOMPARE(status.value(QStringLiteral("incomplete")).toBool(), false);
        const QJsonArray resourceRules = status.value(QStringLiteral("resourceRules")).toArray();
        // basic-user (2 rules) then the namespaced Role (1 rule)
        QCOMPARE(resourceRules.size(), 3);
        QCOMPARE(resourceRules.last().toObject().value(QStringLiteral("resources")).toArray(),
                 QJsonArray({QStringLiteral("pods"), QStringLiteral("pods/log")}));
        QCOMPARE(resourceRules.last().toObject().value(QStringLiteral("verbs")).toArray(), QJsonArray({QStringLiteral("get")}));
        QVERIFY(!resourceRules.last().toObject().contains(QStringLiteral("resourceNames")));
        const QJsonArray nonResource = status.value(QStringLiteral("nonResourceRules")).toArray();
        QCOMPARE(nonResource.size(), 2); // system:discovery, system:public-info-viewer
        QVERIFY(nonResource.first().toObject().value(QStringLiteral("nonResourceURLs")).toArray().contains(QStringLiteral("/api/*")));

        const QJsonObject dave = authorizer.rulesReviewStatus(userFrom(QStringLiteral("dave")), QStringLiteral("team-a"));
        QCOMPARE(dave.value(QStringLiteral("resourceRules")).toArray().last().toObject().value(QStringLiteral("resourceNames")).toArray(),
                 QJsonArray({QStringLiteral("app-config")}));

        const QJsonObject gina = authorizer.rulesReviewStatus(userFrom(QStringLiteral("gina")), QStringLiteral("team-b"));
        QCOMPARE(gina.value(QStringLiteral("incomplete")).toBool(), true);
        QCOMPARE(gina.value(QStringLiteral("evaluationError")).toString(),
                 QStringLiteral("role.rbac.authorization.k8s.io \"missing\" not found"));
    }
};

QTEST_GUILESS_MAIN(TestRbacAuthorizer)
#include "tst_rbacauthorizer.moc"
