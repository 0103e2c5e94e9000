// ApiServer: authentication, RBAC authorization and access reviews, custom
// resources, importing an exported environment, and real HTTP through HttpServer.
#include "apitesthelper.h"

#include <sandbox/httpserver.h>
#include <sandbox/objectimport.h>
#include <sandbox/wellknowncrds.h>
#include <testpaths.h>

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace pd::sandbox;
using namespace pd::sandbox::test;

namespace {

// "Authorization: Bearer <user>" names the user; groups from a fixed table.
std::optional<UserInfo> authenticate(const HttpRequest &request)
{
    const QByteArray auth = request.header("authorization");
    if (!auth.startsWith("Bearer "))
        return std::nullopt;
    const QString user = QString::fromUtf8(auth.mid(7));
    if (user == u"admin"_s)
        return UserInfo{user, {u"system:masters"_s, u"system:authenticated"_s}};
    return UserInfo{user, {u"system:authenticated"_s}};
}

QList<QPair<QByteArray, QByteArray>> as(const QByteArray &user) { return {{"authorization", "Bearer " + user}}; }

} // namespace

class TestApiServerAuth final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void unauthenticatedIs401();
    void forbiddenMessage();
    void viewerReadsButNotSecrets();
    void roleBindingGrantsNamespace();
    void selfSubjectAccessReview_data();
    void selfSubjectAccessReview();
    void selfSubjectRulesReview();
    void impersonation();
    void customResourcesAcrossVersions();
    void importExportedEnvironment();
    void realHttp();

private:
    std::unique_ptr<ObjectStore> m_store;
    std::unique_ptr<ApiServer> m_api;
};

void TestApiServerAuth::init()
{
    m_store = std::make_unique<ObjectStore>();
    m_api = std::make_unique<ApiServer>(m_store.get());
    m_api->setAuthenticator(authenticate);
    m_api->setAuthorizationEnabled(true);
    // "viewer" gets the built-in view role cluster-wide.
    const QJsonObject binding{
        {u"apiVersion"_s, u"rbac.authorization.k8s.io/v1"_s}, {u"kind"_s, u"ClusterRoleBinding"_s},
        {u"metadata"_s, QJsonObject{{u"name"_s, u"viewer-view"_s}}},
        {u"roleRef"_s, QJsonObject{{u"apiGroup"_s, u"rbac.authorization.k8s.io"_s}, {u"kind"_s, u"ClusterRole"_s}, {u"name"_s, u"view"_s}}},
        {u"subjects"_s, QJsonArray{QJsonObject{{u"apiGroup"_s, u"rbac.authorization.k8s.io"_s}, {u"kind"_s, u"User"_s}, {u"name"_s, u"viewer"_s}}}}};
    QCOMPARE(call(*m_api, "POST", u"/apis/rbac.authorization.k8s.io/v1/clusterrolebindings"_s, binding, "application/json", as("admin")).status, 201);
}

void TestApiServerAuth::cleanup()
{
    m_api.reset();
    m_store.reset();
}

void TestApiServerAuth::unauthenticatedIs401()
{
    const Reply r = call(*m_api, "GET", u"/api/v1/namespaces"_s);
    QCOMPARE(r.status, 401);
    QCOMPARE(r.reason(), u"Unauthorized"_s);
    QCOMPARE(r.message(), u"Unauthorized"_s);
}

void TestApiServerAuth::forbiddenMessage()
{
    const Reply r = call(*m_api, "GET", u"/api/v1/namespaces/default/pods"_s, {}, "application/json", as("bob"));
    QCOMPARE(r.status, 403);
    QCOMPARE(r.reason(), u"Forbidden"_s);
    QCOMPARE(r.message(), u"pods is forbidden: User \"bob\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\""_s);
    const Reply d = call(*m_api, "GET", u"/apis/apps/v1/namespaces/default/deployments/web"_s, {}, "application/json", as("bob"));
    QCOMPARE(d.message(), u"deployments.apps \"web\" is forbidden: User \"bob\" cannot get resource \"deployments\" in API group \"apps\" in the namespace \"default\""_s);
    // Discovery is open to every authenticated user.
    QCOMPARE(call(*m_api, "GET", u"/api/v1"_s, {}, "application/json", as("bob")).status, 200);
    QCOMPARE(call(*m_api, "GET", u"/version"_s, {}, "application/json", as("bob")).status, 200);
}

void TestApiServerAuth::viewerReadsButNotSecrets()
{
    QCOMPARE(call(*m_api, "GET", u"/api/v1/namespaces/default/configmaps"_s, {}, "application/json", as("viewer")).status, 200);
    QCOMPARE(call(*m_api, "GET", u"/api/v1/namespaces/default/secrets"_s, {}, "application/json", as("viewer")).status, 403);
    QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, u"x"_s),
                  "application/json", as("viewer")).status, 403);
    QCOMPARE(call(*m_api, "GET", u"/api/v1/namespaces/default/secrets"_s, {}, "application/json", as("admin")).status, 200);
}

void TestApiServerAuth::roleBindingGrantsNamespace()
{
    QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces"_s, namespaceObject(u"pr-7"_s), "application/json", as("admin")).status, 201);
    const QJsonObject binding{
        {u"apiVersion"_s, u"rbac.authorization.k8s.io/v1"_s}, {u"kind"_s, u"RoleBinding"_s},
        {u"metadata"_s, QJsonObject{{u"name"_s, u"carol-edit"_s}}},
        {u"roleRef"_s, QJsonObject{{u"apiGroup"_s, u"rbac.authorization.k8s.io"_s}, {u"kind"_s, u"ClusterRole"_s}, {u"name"_s, u"edit"_s}}},
        {u"subjects"_s, QJsonArray{QJsonObject{{u"apiGroup"_s, u"rbac.authorization.k8s.io"_s}, {u"kind"_s, u"User"_s}, {u"name"_s, u"carol"_s}}}}};
    QCOMPARE(call(*m_api, "POST", u"/apis/rbac.authorization.k8s.io/v1/namespaces/pr-7/rolebindings"_s, binding, "application/json", as("admin")).status, 201);
    QCOMPARE(call(*m_api, "POST", u"/api/v1/namespaces/pr-7/secrets"_s, object(u"v1"_s, u"Secret"_s, u"s"_s), "application/json", as("carol")).status, 201);
    QCOMPARE(call(*m_api, "GET", u"/api/v1/namespaces/default/secrets"_s, {}, "application/json", as("carol")).status, 403);
}

void TestApiServerAuth::selfSubjectAccessReview_data()
{
    QTest::addColumn<QByteArray>("user");
    QTest::addColumn<QString>("verb");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("viewer lists pods") << QByteArray("viewer") << u"list"_s << u"pods"_s << true;
    QTest::newRow("viewer reads secrets") << QByteArray("viewer") << u"get"_s << u"secrets"_s << false;
    QTest::newRow("viewer deletes pods") << QByteArray("viewer") << u"delete"_s << u"pods"_s << false;
    QTest::newRow("admin deletes pods") << QByteArray("admin") << u"delete"_s << u"pods"_s << true;
    QTest::newRow("stranger lists pods") << QByteArray("bob") << u"list"_s << u"pods"_s << false;
}

void TestApiServerAuth::selfSubjectAccessReview()
{
    QFETCH(QByteArray, user);
    QFETCH(QString, verb);
    QFETCH(QString, resource);
    QFETCH(bool, allowed);
    const QJsonObject review{{u"apiVersion"_s, u"authorization.k8s.io/v1"_s}, {u"kind"_s, u"SelfSubjectAccessReview"_s},
                             {u"spec"_s, QJsonObject{{u"resourceAttributes"_s, QJsonObject{
                                 {u"namespace"_s, u"default"_s}, {u"verb"_s, verb}, {u"resource"_s, resource}}}}}};
    const Reply r = call(*m_api, "POST", u"/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"_s, review, "application/json", as(user));
    QCOMPARE(r.status, 201);
    QCOMPARE(r.json.value(u"kind"_s).toString(), u"SelfSubjectAccessReview"_s);
    QCOMPARE(r.json.value(u"status"_s).toObject().value(u"allowed"_s).toBool(), allowed);
}

void TestApiServerAuth::selfSubjectRulesReview()
{
    const QJsonObject review{{u"apiVersion"_s, u"authorization.k8s.io/v1"_s}, {u"kind"_s, u"SelfSubjectRulesReview"_s},
                             {u"spec"_s, QJsonObject{{u"namespace"_s, u"default"_s}}}};
    const Reply r = call(*m_api, "POST", u"/apis/authorization.k8s.io/v1/selfsubjectrulesreviews"_s, review, "application/json", as("viewer"));
    QCOMPARE(r.status, 201);
    const QJsonObject status = r.json.value(u"status"_s).toObject();
    QVERIFY(!status.value(u"resourceRules"_s).toArray().isEmpty());
    QVERIFY(status.contains(u"incomplete"_s));
}

void TestApiServerAuth::impersonation()
{
    const Reply ok = call(*m_api, "GET", u"/api/v1/namespaces/default/secrets"_s, {}, "application/json",
                          {{"authorization", "Bearer admin"}, {"impersonate-user", "viewer"}});
    QCOMPARE(ok.status, 403);   // runs as viewer
    QVERIFY(ok.message().contains(u"User \"viewer\""_s));
    const Reply denied = call(*m_api, "GET", u"/api/v1/namespaces/default/pods"_s, {}, "application/json",
                              {{"authorization", "Bearer viewer"}, {"impersonate-user", "admin"}});
    QCOMPARE(denied.status, 403);
    QVERIFY(denied.message().contains(u"cannot impersonate resource \"users\""_s));
}

void TestApiServerAuth::customResourcesAcrossVersions()
{
    const QJsonObject crd = wellKnownCustomResourceDefinition(u"external-secrets.io"_s, u"ExternalSecret"_s);
    QVERIFY(!crd.isEmpty());
    const Reply created = call(*m_api, "POST", u"/apis/apiextensions.k8s.io/v1/customresourcedefinitions"_s, crd, "application/json", as("admin"));
    QCOMPARE(created.status, 201);
    bool established = false;
    for (const auto &c : created.json.value(u"status"_s).toObject().value(u"conditions"_s).toArray())
        established = established || (c.toObject().value(u"type"_s).toString() == u"Established"_s
                                      && c.toObject().value(u"status"_s).toString() == u"True"_s);
    QVERIFY(established);
    const Reply group = call(*m_api, "GET", u"/apis/external-secrets.io"_s, {}, "application/json", as("admin"));
    QCOMPARE(group.json.value(u"preferredVersion"_s).toObject().value(u"version"_s).toString(), u"v1"_s);
    const Reply list = call(*m_api, "GET", u"/apis/external-secrets.io/v1beta1"_s, {}, "application/json", as("admin"));
    QCOMPARE(list.json.value(u"resources"_s).toArray().first().toObject().value(u"shortNames"_s).toArray(), QJsonArray{u"es"_s});

    QCOMPARE(call(*m_api, "POST", u"/apis/external-secrets.io/v1beta1/namespaces/default/externalsecrets"_s,
                  object(u"external-secrets.io/v1beta1"_s, u"ExternalSecret"_s, u"db"_s,
                         {{u"spec"_s, QJsonObject{{u"refreshInterval"_s, u"1h"_s}}}}), "application/json", as("admin")).status, 201);
    const Reply v1 = call(*m_api, "GET", u"/apis/external-secrets.io/v1/namespaces/default/externalsecrets/db"_s, {}, "application/json", as("admin"));
    QCOMPARE(v1.status, 200);
    QCOMPARE(v1.json.value(u"apiVersion"_s).toString(), u"external-secrets.io/v1"_s);
    const Reply v1list = call(*m_api, "GET", u"/apis/external-secrets.io/v1/externalsecrets"_s, {}, "application/json", as("admin"));
    QCOMPARE(v1list.items().first().toObject().value(u"apiVersion"_s).toString(), u"external-secrets.io/v1"_s);
    QCOMPARE(v1list.json.value(u"kind"_s).toString(), u"ExternalSecretList"_s);
    const Reply table = call(*m_api, "GET", u"/apis/external-secrets.io/v1/namespaces/default/externalsecrets"_s, {}, "application/json",
                             {{"authorization", "Bearer admin"}, {"accept", "application/json;as=Table;v=v1;g=meta.k8s.io"}});
    QCOMPARE(table.json.value(u"rows"_s).toArray().first().toObject().value(u"cells"_s).toArray().at(2).toString(), u"1h"_s);
}

void TestApiServerAuth::importExportedEnvironment()
{
    QFile file(pd::test::fixturePath(u"staging-shop.yaml"_s));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const ImportReport report = importYaml(m_store.get(), file.readAll(), u"staging-shop.yaml"_s);
    QVERIFY2(report.errors.isEmpty(), qPrintable(report.errors.join(u'\n')));
    QVERIFY(report.created > 20);
    const Reply ns = call(*m_api, "GET", u"/api/v1/namespaces/staging"_s, {}, "application/json", as("admin"));
    QCOMPARE(ns.status, 200);
    QVERIFY(ns.metadata().value(u"uid"_s).toString() != u"6c1f1f2e-0b7a-4f57-9a51-3f1f5f0a1001"_s);
    QCOMPARE(ns.metadata().value(u"labels"_s).toObject().value(u"previewdesk.io/role"_s).toString(), u"source"_s);
    const Reply pods = call(*m_api, "GET", u"/api/v1/namespaces/staging/pods"_s, {}, "application/json", as("admin"));
    QCOMPARE(pods.items().size(), 1);
    const QJsonObject pod = pods.items().first().toObject();
    QVERIFY(!pod.value(u"status"_s).toObject().value(u"phase"_s).toString().isEmpty());   // status kept
    // The pod's owner (a ReplicaSet) was imported: the reference points at its new uid.
    const QJsonArray refs = pod.value(u"metadata"_s).toObject().value(u"ownerReferences"_s).toArray();
    if (!refs.isEmpty())
        QVERIFY(m_store->findByUid(refs.first().toObject().value(u"uid"_s).toString()));
    QCOMPARE(call(*m_api, "GET", u"/apis/external-secrets.io/v1/namespaces/staging/externalsecrets"_s, {}, "application/json",
                  as("admin")).items().size(), 1);
}

void TestApiServerAuth::realHttp()
{
    HttpServer server;
    server.setHandler(m_api->handler());
    QString error;
    QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    QNetworkAccessManager nam;
    QNetworkRequest request(QUrl(u"http://127.0.0.1:%1/api/v1/namespaces"_s.arg(server.serverPort())));
    request.setRawHeader("Authorization", "Bearer admin");
    QNetworkReply *reply = nam.get(request);
    QSignalSpy done(reply, &QNetworkReply::finished);
    QVERIFY(done.wait(5000));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const QJsonObject list = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(list.value(u"kind"_s).toString(), u"NamespaceList"_s);
    reply->deleteLater();

    // A watch over the wire: events arrive as chunks while the connection stays open.
    QNetworkRequest watchRequest(QUrl(u"http://127.0.0.1:%1/api/v1/namespaces/default/configmaps?watch=1"_s.arg(server.serverPort())));
    watchRequest.setRawHeader("Authorization", "Bearer admin");
    QNetworkReply *watch = nam.get(watchRequest);
    QByteArray received;
    connect(watch, &QIODevice::readyRead, this, [&] { received += watch->readAll(); });
    QTRY_COMPARE(m_api->openWatchCount(), 1);
    call(*m_api, "POST", u"/api/v1/namespaces/default/configmaps"_s, object(u"v1"_s, u"ConfigMap"_s, u"live"_s), "application/json", as("admin"));
    QTRY_VERIFY(received.contains("\"type\":\"ADDED\""));
    QVERIFY(received.contains("\"name\":\"live\""));
    watch->abort();
    QTRY_COMPARE(m_api->openWatchCount(), 0);
    watch->deleteLater();
}

QTEST_GUILESS_MAIN(TestApiServerAuth)
#include "tst_apiserverauth.moc"
