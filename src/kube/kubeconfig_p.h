#pragma once

// Internal to previewdesk_kube: one kubeconfig file parsed and type-checked,
// each definition remembering its YAML node so later messages can name a line.

#include "clusterendpoint.h"
#include "kubeconfig.h"

#include <yaml-cpp/yaml.h>

#include <QJsonValue>
#include <QMap>

namespace pd::kube::detail {

// Where a definition lives: "FILE:LINE" of the whole entry or one of its keys.
struct Origin
{
    QString file;
    YAML::Node node;    // the entry's body mapping (or the list item when the body is absent)

    int line(const char *key = nullptr) const;
    QString where(const char *key = nullptr) const;   // "FILE:LINE"
    QString directory() const;                        // relative paths resolve against this
};

struct ClusterDef
{
    Origin at;
    QString server;
    QString tlsServerName;
    bool insecureSkipTlsVerify = false;
    QString certificateAuthority;       // path as written
    QByteArray certificateAuthorityData;
    QString proxyUrl;
    QJsonValue execExtension;           // extensions[client.authentication.k8s.io/exec]
};

struct UserDef
{
    Origin at;
    QString clientCertificate;
    QByteArray clientCertificateData;
    QString clientKey;
    QByteArray clientKeyData;
    QString token;
    QString tokenFile;
    QString username;
    QString password;
    QString impersonate;
    QStringList impersonateGroups;
    std::optional<ExecConfig> exec;
    QString authProviderName;           // legacy auth-provider (unsupported)
};

struct ContextDef
{
    Origin at;
    QString cluster;
    QString user;
    QString namespaceName;
};

// One file's definitions; merged definitions keep the file that set them.
struct ParsedConfig
{
    QMap<QString, ClusterDef> clusters;
    QMap<QString, UserDef> users;
    QMap<QString, ContextDef> contexts;
    QString currentContext;
    QString currentContextWhere;        // "FILE:LINE" of current-context
};

// Parses one file's content. Throws nothing; returns false with "FILE:LINE: what".
bool parseKubeConfigFile(const QByteArray &content, const QString &file, ParsedConfig *out, QString *error);

} // namespace pd::kube::detail

namespace pd::kube {

struct KubeConfig::Data
{
    QStringList files;
    detail::ParsedConfig merged;
};

} // namespace pd::kube
