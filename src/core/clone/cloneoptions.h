#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QMap>
#include <QSet>
#include <QString>

#include <chrono>

namespace pd::core {

// CD-only keeps the source's images; CI+CD binds images built from the pull
// request to the preview's tag.
enum class CloneMode { CdOnly, CiCd };

QString cloneModeName(CloneMode mode);   // "cd-only" | "ci-cd"

// What the person cloning decided for a secret that has no external source.
struct SecretDecision
{
    enum class Kind {
        Undecided,
        Generate,      // fresh random values for every key
        Omit,          // leave the secret out; references to it become optional
        Reference,     // an ExternalSecret reading `remoteKey` from `storeName`
        EnterValue,    // values typed by the person cloning (key -> value)
    };
    Kind kind = Kind::Undecided;
    QString storeName;                 // Reference: a ClusterSecretStore
    QString remoteKey;                 // Reference: the secret manager's key
    QMap<QString, QByteArray> values;  // EnterValue

    // Parses previewctl's `generate`, `omit`, `ref:STORE/KEY`; nullopt-like Undecided on error.
    static SecretDecision parse(const QString &text, QString *error = nullptr);
};

// What happens to a ServiceAccount's cloud identity annotation (IRSA, Workload Identity).
enum class IdentityDecision { Undecided, Drop, Keep };

// The guard objects every preview gets; defaults are per context.
struct GuardSettings
{
    // Caps of the preview's ResourceQuota: the planner sizes the quota to the
    // source's footprint (quotasizer.h) and never above these.
    QJsonObject quotaHard{
        {QStringLiteral("requests.cpu"), QStringLiteral("2")},
        {QStringLiteral("requests.memory"), QStringLiteral("4Gi")},
        {QStringLiteral("limits.cpu"), QStringLiteral("4")},
        {QStringLiteral("limits.memory"), QStringLiteral("8Gi")},
        {QStringLiteral("pods"), QStringLiteral("30")},
        {QStringLiteral("requests.storage"), QStringLiteral("50Gi")},
    };
    QJsonObject containerDefaultRequest{
        {QStringLiteral("cpu"), QStringLiteral("50m")},
        {QStringLiteral("memory"), QStringLiteral("64Mi")},
    };
    QJsonObject containerDefaultLimit{
        {QStringLiteral("cpu"), QStringLiteral("500m")},
        {QStringLiteral("memory"), QStringLiteral("512Mi")},
    };
    QString ingressControllerNamespace = QStringLiteral("ingress-nginx");
    int maxReplicasPerWorkload = 1;   // replicas are capped to this
    int maxHpaReplicas = 2;           // HPA maxReplicas is capped to this
    QString ingressClassName;         // for the Ingress that exposes a front Service; empty: the cluster's default
};

struct CloneOptions
{
    QString sourceNamespace;
    QString name;                       // the preview's namespace and environment name
    int pullRequest = 0;                // 0: none
    QString branch;
    QString owner;
    std::chrono::seconds ttl = std::chrono::hours(72);
    CloneMode mode = CloneMode::CdOnly;
    QString hostTemplate = QStringLiteral("{name}.preview.example.com");
    QString previewImageTag;            // CI+CD: tag of images built from the PR; default pr-<N> or the name
    QMap<QString, SecretDecision> secretDecisions;        // by Secret name
    QMap<QString, IdentityDecision> identityDecisions;    // by ServiceAccount name
    QString externalSecretsApiVersion = QStringLiteral("external-secrets.io/v1");
    bool passwordGeneratorServed = false;  // generators.external-secrets.io/v1alpha1 Password
    GuardSettings guards;
    int replicasCap = 0;                // --replicas-cap N: replicas per workload, under the guard's cap; 0: the guard's cap
    QSet<QString> keepServiceTypes;     // --keep-service-type: Services that stay LoadBalancer/NodePort
    QString exposeService;              // --expose SVC[:PORT]: the Service the preview's URL serves; empty: chosen
    int exposePort = 0;                 // its port; 0: its HTTP port
    bool noIngress = false;             // --no-ingress: no Ingress is made for a source without one
    QString cloneId;                    // empty: the planner makes one
};

} // namespace pd::core
