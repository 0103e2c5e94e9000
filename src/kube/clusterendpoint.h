#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace pd::kube {

// An exec credential plugin as a kubeconfig user names it (client.authentication.k8s.io).
struct ExecConfig
{
    QString apiVersion;                       // client.authentication.k8s.io/v1 or v1beta1
    QString command;
    QStringList args;
    QList<QPair<QString, QString>> env;
    QString installHint;
    bool provideClusterInfo = false;
    QString interactiveMode;                  // Never | IfAvailable | Always
    QJsonValue clusterConfig;                 // the cluster's client.authentication.k8s.io/exec extension (spec.cluster.config)
};

// Everything needed to talk to one cluster as one user: a kubeconfig context,
// resolved (files read, data decoded). Secret material stays in memory only.
struct ClusterEndpoint
{
    QString contextName;
    QString clusterName;
    QString userName;
    QUrl server;
    QString namespaceName = QStringLiteral("default");   // the context's namespace

    QByteArray certificateAuthorityPem;
    QByteArray clientCertificatePem;
    QByteArray clientKeyPem;
    QString tlsServerName;
    bool insecureSkipTlsVerify = false;
    QUrl proxyUrl;

    QString token;                 // a static bearer token
    QString tokenFile;             // re-read on every request, as kubectl does
    QString basicUsername;
    QString basicPassword;
    std::optional<ExecConfig> exec;

    QString impersonateUser;
    QStringList impersonateGroups;

    // Where each part came from, for error messages ("cluster 'x' in /home/a/.kube/config").
    QString sourceFile;
};

} // namespace pd::kube
