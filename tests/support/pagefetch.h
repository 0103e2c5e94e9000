#pragma once

// A page fetched from the sandbox's loopback ingress controller the way a browser
// reaches it: to 127.0.0.1:PORT with the preview's host in the Host header (browsers
// resolve *.localhost to loopback; this process's resolver need not), accepting the
// controller's throw-away certificate as the user does once.

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslError>
#include <QUrl>

namespace pd::test {

struct FetchedPage
{
    int status = 0;   // 0: no answer
    QString body;
};

inline FetchedPage fetchThroughLoopback(QNetworkAccessManager *network, const QUrl &url)
{
    QUrl loopback = url;
    loopback.setHost(QStringLiteral("127.0.0.1"));
    QNetworkRequest request(loopback);
    request.setRawHeader("Host", url.authority().toUtf8());
    QNetworkReply *reply = network->get(request);
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError> &) { reply->ignoreSslErrors(); });
    QSignalSpy finished(reply, &QNetworkReply::finished);
    FetchedPage page;
    if (finished.wait(10000))
        page = {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), QString::fromUtf8(reply->readAll())};
    reply->deleteLater();
    return page;
}

} // namespace pd::test
