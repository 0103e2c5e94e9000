# One place for the strict Qt flags and warnings; every target links previewdesk_common_cfg.
add_library(previewdesk_common_cfg INTERFACE)
target_compile_definitions(previewdesk_common_cfg INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    PREVIEWDESK_VERSION="${PROJECT_VERSION}"
)
target_compile_options(previewdesk_common_cfg INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor -Wcast-qual -Wformat=2
    $<$<BOOL:${PREVIEWDESK_WERROR}>:-Werror>
)
