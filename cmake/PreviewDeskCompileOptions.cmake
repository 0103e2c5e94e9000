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
    -Wall -Wextra -Wpedantic
    $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>   # clang has no =local form
    -Wnon-virtual-dtor -Wcast-qual -Wformat=2
    $<$<BOOL:${PREVIEWDESK_WERROR}>:-Werror>
)

# Instrumented trees. Every target links previewdesk_common_cfg, so these reach all of
# them; Qt and the other system libraries stay uninstrumented.
#   PREVIEWDESK_SANITIZE (./build.sh sanitize): the whole suite under ASan + UBSan, any
#     report fatal.
#   PREVIEWDESK_FUZZ (./build.sh fuzz, clang only): the same sanitizers plus libFuzzer's
#     coverage on the libraries (fuzzer-no-link); only the harnesses in tests/fuzz link
#     the libFuzzer driver (-fsanitize=fuzzer).
option(PREVIEWDESK_SANITIZE "Build everything with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(PREVIEWDESK_FUZZ "Build the libFuzzer harnesses of tests/fuzz (clang; libraries get fuzzer-no-link, ASan, UBSan)" OFF)
set(previewdesk_sanitizers -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
if(PREVIEWDESK_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
        message(FATAL_ERROR "PREVIEWDESK_FUZZ needs clang (libFuzzer): configure with -DCMAKE_CXX_COMPILER=clang++")
    endif()
    # -O1 with line tables: fast enough to fuzz, stacks still name file and line.
    target_compile_options(previewdesk_common_cfg INTERFACE
        ${previewdesk_sanitizers} -fsanitize=fuzzer-no-link -O1 -gline-tables-only)
    target_link_options(previewdesk_common_cfg INTERFACE ${previewdesk_sanitizers})
elseif(PREVIEWDESK_SANITIZE)
    # -g1: line tables for the reports' stacks, at a fraction of full debug info's build time.
    target_compile_options(previewdesk_common_cfg INTERFACE ${previewdesk_sanitizers} -g1)
    target_link_options(previewdesk_common_cfg INTERFACE ${previewdesk_sanitizers})
endif()
