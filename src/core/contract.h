#pragma once
// The label and annotation contract (DESIGN.md, "The label and annotation contract").
// This header is the one place that spells a key; everything else names these constants
// (tst_contractkeys fails on a key spelled anywhere else in src).
// It is its own header-only target, previewdesk_contract (QtCore only, no other include),
// so the sandbox's demo seed can write the keys without depending on core.
#include <QLatin1StringView>

namespace pd::core::contract {

// The prefix of every key PreviewDesk owns (a clone drops the source's own such labels).
inline constexpr QLatin1StringView Prefix{"previewdesk.io/"};

// Namespace labels.
inline constexpr QLatin1StringView ManagedByLabel{"app.kubernetes.io/managed-by"};
inline constexpr QLatin1StringView ManagedByValue{"previewdesk"};
inline constexpr QLatin1StringView RoleLabel{"previewdesk.io/role"};
inline constexpr QLatin1StringView RoleSource{"source"};
inline constexpr QLatin1StringView RolePreview{"preview"};
inline constexpr QLatin1StringView EnvironmentLabel{"previewdesk.io/environment"};
inline constexpr QLatin1StringView PrLabel{"previewdesk.io/pr"};
inline constexpr QLatin1StringView BranchLabel{"previewdesk.io/branch"};
inline constexpr QLatin1StringView OwnerLabel{"previewdesk.io/owner"};
inline constexpr QLatin1StringView ProtectedLabel{"previewdesk.io/protected"};

// Namespace annotations.
inline constexpr QLatin1StringView ExpiresAtAnnotation{"previewdesk.io/expires-at"};
inline constexpr QLatin1StringView RenewedAtAnnotation{"previewdesk.io/renewed-at"};
// The preview's time to live as cloned ("72h"): a renewal sets expires-at to now + it.
inline constexpr QLatin1StringView TtlAnnotation{"previewdesk.io/ttl"};
inline constexpr QLatin1StringView ParentAnnotation{"previewdesk.io/parent"};
inline constexpr QLatin1StringView ParentUidAnnotation{"previewdesk.io/parent-uid"};
inline constexpr QLatin1StringView CloneIdAnnotation{"previewdesk.io/clone-id"};
inline constexpr QLatin1StringView ModeAnnotation{"previewdesk.io/mode"};
inline constexpr QLatin1StringView UrlAnnotation{"previewdesk.io/url"};
inline constexpr QLatin1StringView RepositoryAnnotation{"previewdesk.io/repository"};
inline constexpr QLatin1StringView IncompleteAnnotation{"previewdesk.io/incomplete"};
inline constexpr QLatin1StringView CloneProfileAnnotation{"previewdesk.io/clone-profile"};
// The preview's pull-request comment as last posted from here: JSON {"commentId","postedAt","says"}
// (previewreporting.h), so the app can tell whether it is current.
inline constexpr QLatin1StringView PrCommentAnnotation{"previewdesk.io/pr-comment"};
// Sweep and destroy notices already sent (expiry time / time sent, seconds since 1970).
inline constexpr QLatin1StringView ExpiryNoticeSentAnnotation{"previewdesk.io/expiry-notice-sent"};
inline constexpr QLatin1StringView DestroyNoticeSentAnnotation{"previewdesk.io/destroy-notice-sent"};

// On a source namespace: the GitHub Actions workflow that builds its images for a pull
// request (".github/workflows/build.yml"); CI+CD mode dispatches it (the clone profile's
// ciImages and ciArtifact say what it builds and where it writes their digests).
inline constexpr QLatin1StringView CiWorkflowAnnotation{"previewdesk.io/ci-workflow"};
// On workloads: the repository a CI+CD preview rebuilds the workload's image from.
inline constexpr QLatin1StringView SourceRepoAnnotation{"previewdesk.io/source-repo"};
// On a preview's seed Job (and its pod): the datastore it fills (clone/dataplanner.h).
inline constexpr QLatin1StringView SeedForLabel{"previewdesk.io/seed-for"};
// The data key of the clone profile's ConfigMap that holds the profile (YAML).
inline constexpr QLatin1StringView CloneProfileDataKey{"profile.yaml"};

// Workloads and guardrails.
inline constexpr QLatin1StringView OriginalReplicasAnnotation{"downscaler/original-replicas"};
inline constexpr QLatin1StringView OriginalSuspendAnnotation{"previewdesk.io/original-suspend"};
inline constexpr QLatin1StringView GuardrailLabel{"previewdesk.io/guardrail"};
inline constexpr QLatin1StringView GuardrailActionLabel{"previewdesk.io/guardrail-action"};
// What a guardrail's objects are, beside ManagedByLabel (selects all of them).
inline constexpr QLatin1StringView ComponentLabel{"app.kubernetes.io/component"};
inline constexpr QLatin1StringView GuardrailComponent{"guardrail"};

// Kubernetes' recommended labels as the demo seed writes them (not read by PreviewDesk).
inline constexpr QLatin1StringView AppNameLabel{"app.kubernetes.io/name"};
inline constexpr QLatin1StringView PartOfLabel{"app.kubernetes.io/part-of"};

// Secrets.
inline constexpr QLatin1StringView RegenerateAnnotation{"previewdesk.io/regenerate"};

// kube-janitor's keys, read as expiry too.
inline constexpr QLatin1StringView JanitorTtlAnnotation{"janitor/ttl"};
inline constexpr QLatin1StringView JanitorExpiresAnnotation{"janitor/expires"};

// Keys of the tools clusters already run, as the clone planner recognises them.
// Cloud identities on ServiceAccounts: IRSA, GKE and Azure Workload Identity.
inline constexpr QLatin1StringView IrsaRoleAnnotation{"eks.amazonaws.com/role-arn"};
inline constexpr QLatin1StringView GkeServiceAccountAnnotation{"iam.gke.io/gcp-service-account"};
inline constexpr QLatin1StringView AzureClientIdAnnotation{"azure.workload.identity/client-id"};
// Helm's release records: Secrets of this type, or ConfigMaps labelled owner=helm.
inline constexpr QLatin1StringView HelmReleaseSecretType{"helm.sh/release.v1"};
inline constexpr QLatin1StringView HelmOwnerLabel{"owner"};
inline constexpr QLatin1StringView HelmOwnerValue{"helm"};
// Secrets the cluster's own controllers make.
inline constexpr QLatin1StringView ServiceAccountTokenType{"kubernetes.io/service-account-token"};
inline constexpr QLatin1StringView ServiceAccountNameAnnotation{"kubernetes.io/service-account.name"};
inline constexpr QLatin1StringView BootstrapTokenType{"bootstrap.kubernetes.io/token"};
// cert-manager: the Certificate a TLS Secret was issued for, and its annotation prefix.
inline constexpr QLatin1StringView CertManagerCertificateNameAnnotation{"cert-manager.io/certificate-name"};
inline constexpr QLatin1StringView CertManagerAnnotationPrefix{"cert-manager.io/"};
inline constexpr QLatin1StringView CertManagerApiGroup{"cert-manager.io"};
// External Secrets Operator: the label on the Secrets it writes, and its Password generator.
inline constexpr QLatin1StringView ExternalSecretsManagedLabel{"reconcile.external-secrets.io/managed"};
inline constexpr QLatin1StringView PasswordGeneratorApiVersion{"generators.external-secrets.io/v1alpha1"};

// The system namespace guardrails live in; never an environment.
inline constexpr QLatin1StringView SystemNamespace{"previewdesk-system"};

} // namespace pd::core::contract
