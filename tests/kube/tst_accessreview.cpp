// SelfSubjectAccessReview and SelfSubjectRulesReview requests and their answers.
#include "kube/accessreview.h"
#include "kube/apiclient.h"

#include "futurewait.h"
#include "scriptedserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace pd::kube;
using namespace pd::test;
using namespace Qt::StringLiterals;

class TestAccessReview final : public QObject
{
    Q_OBJECT

private:
    ScriptedServer *m_server = nullptr;
    ApiClient *m_client = nullptr;

private Q_SLOTS:
    void init()
    {
        m_server = new ScriptedServer(this);
        QVERIFY(m_server->listen());
        ClusterEndpoint endpoint;
        endpoint.server = m_server->url();
        endpoint.token = u"bob-token"_s;
        m_client = new ApiClient(endpoint, nullptr, this);
    }

    void cleanup()
    {
        delete m_client;
        delete m_server;
    }

    void decisions_data()
    {
        QTest::addColumn<bool>("allowed");
        QTest::addColumn<QString>("reason");
        QTest::newRow("allowed") << true << u"RBAC: allowed by RoleBinding \"edit/shop\" of ClusterRole \"edit\" to User \"bob\""_s;
        QTest::newRow("no") << false << QString();
    }

    void decisions()
    {
        QFETCH(bool, allowed);
        QFETCH(QString, reason);
        const QString path = u"/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"_s;
        QJsonObject status{{"allowed"_L1, allowed}};
        if (!reason.isEmpty())
            status.insert("reason"_L1, reason);
        m_server->on("POST", path, CannedResponse::json(201, QJsonObject{{"kind"_L1, "SelfSubjectAccessReview"_L1}, {"status"_L1, status}}));

        ResourceAttributes attributes;
        attributes.verb = u"patch"_s;
        attributes.group = u"apps"_s;
        attributes.resource = u"deployments"_s;
        attributes.subresource = u"scale"_s;
        attributes.namespaceName = u"shop"_s;
        const AccessDecision d = waitFor(checkAccess(m_client, attributes));
        QVERIFY(d.reviewed());
        QCOMPARE(d.allowed, allowed);
        QCOMPARE(d.reason, reason);

        const QJsonObject sent = QJsonDocument::fromJson(m_server->last().body).object();
        QCOMPARE(sent.value("kind"_L1).toString(), u"SelfSubjectAccessReview"_s);
        const QJsonObject attrs = sent.value("spec"_L1).toObject().value("resourceAttributes"_L1).toObject();
        QCOMPARE(attrs.value("verb"_L1).toString(), u"patch"_s);
        QCOMPARE(attrs.value("group"_L1).toString(), u"apps"_s);
        QCOMPARE(attrs.value("resource"_L1).toString(), u"deployments"_s);
        QCOMPARE(attrs.value("subresource"_L1).toString(), u"scale"_s);
        QCOMPARE(attrs.value("namespace"_L1).toString(), u"shop"_s);
        QVERIFY(!attrs.contains("name"_L1));
    }

    void failedReviewIsNotADenial()
    {
        m_server->on("POST", u"/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"_s,
                     CannedResponse::kubeStatus(401, u"Unauthorized"_s, u"Unauthorized"_s));
        const AccessDecision d = waitFor(checkAccess(m_client, ResourceAttributes{u"list"_s, {}, u"pods"_s, {}, u"shop"_s, {}}));
        QVERIFY(!d.reviewed());
        QVERIFY(!d.allowed);
        QVERIFY(d.result.status.isUnauthorized());
    }

    void rules()
    {
        const QJsonObject answer{{"kind"_L1, "SelfSubjectRulesReview"_L1},
                                 {"status"_L1, QJsonObject{{"resourceRules"_L1, QJsonArray{QJsonObject{{"verbs"_L1, QJsonArray{u"get"_s}}, {"apiGroups"_L1, QJsonArray{u""_s}}, {"resources"_L1, QJsonArray{u"pods"_s}}}}},
                                                           {"nonResourceRules"_L1, QJsonArray{}},
                                                           {"incomplete"_L1, false}}}};
        m_server->on("POST", u"/apis/authorization.k8s.io/v1/selfsubjectrulesreviews"_s, CannedResponse::json(201, answer));
        const ApiResult r = waitFor(reviewRules(m_client, u"shop"_s));
        QVERIFY2(r.ok(), qPrintable(r.message()));
        QCOMPARE(r.object.value("status"_L1).toObject().value("resourceRules"_L1).toArray().size(), 1);
        QCOMPARE(QJsonDocument::fromJson(m_server->last().body).object().value("spec"_L1).toObject().value("namespace"_L1).toString(), u"shop"_s);
    }
};

QTEST_GUILESS_MAIN(TestAccessReview)
#include "tst_accessreview.moc"
