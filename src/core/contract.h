#pragma once
// The label and annotation contract (DESIGN.md, "The label and annotation contract").
// This header is the one place that spells a key; everything else names these constants.
#include <QLatin1StringView>

namespace pd::core::contract {

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
inline constexpr QLatin1StringView ParentAnnotation{"previewdesk.io/parent"};
inline constexpr QLatin1StringView ParentUidAnnotation{"previewdesk.io/parent-uid"};
inline constexpr QLatin1StringView CloneIdAnnotation{"previewdesk.io/clone-id"};
inline constexpr QLatin1StringView ModeAnnotation{"previewdesk.io/mode"};
inline constexpr QLatin1StringView UrlAnnotation{"previewdesk.io/url"};
inline constexpr QLatin1StringView RepositoryAnnotation{"previewdesk.io/repository"};
inline constexpr QLatin1StringView IncompleteAnnotation{"previewdesk.io/incomplete"};
inline constexpr QLatin1StringView CloneProfileAnnotation{"previewdesk.io/clone-profile"};

// Workloads and guardrails.
inline constexpr QLatin1StringView OriginalReplicasAnnotation{"downscaler/original-replicas"};
inline constexpr QLatin1StringView OriginalSuspendAnnotation{"previewdesk.io/original-suspend"};
inline constexpr QLatin1StringView GuardrailLabel{"previewdesk.io/guardrail"};
inline constexpr QLatin1StringView GuardrailActionLabel{"previewdesk.io/guardrail-action"};

// Secrets.
inline constexpr QLatin1StringView RegenerateAnnotation{"previewdesk.io/regenerate"};

// kube-janitor's keys, read as expiry too.
inline constexpr QLatin1StringView JanitorTtlAnnotation{"janitor/ttl"};
inline constexpr QLatin1StringView JanitorExpiresAnnotation{"janitor/expires"};

// The system namespace guardrails live in; never an environment.
inline constexpr QLatin1StringView SystemNamespace{"previewdesk-system"};

} // namespace pd::core::contract
