// A planted tree for tst_contractkeys_detects: check.sh must fail on it.
inline constexpr QLatin1StringView ExpiresAtAnnotation{"previewdesk.io/expires-at"};
inline constexpr QLatin1StringView JanitorTtlAnnotation{"janitor/ttl"};
inline constexpr QLatin1StringView CiWorkflowAnnotation{"previewdesk.io/ci-workflow"};
