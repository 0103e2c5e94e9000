# Translations: one catalogue for every target whose strings a user sees (gui, core, kube,
# previewctl and the app's command line), embedded into core under :/i18n because both
# programs link core, and installed for packagers.
#
# Qt 6.4, which we build against, has no TARGETS/SOURCE_TARGETS form of qt_add_translations
# (that came in 6.7): lupdate gets those targets' sources and include directories through
# SOURCES/INCLUDE_DIRECTORIES instead. tests/i18n/check-translations.sh runs the same scan
# and fails on new or unfinished messages; `tests/i18n/check-translations.sh --update`
# (or `cmake --build build --target update_translations`) refreshes the .ts.
target_sources(previewdesk_core PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/translationloader.h ${CMAKE_CURRENT_LIST_DIR}/translationloader.cpp)

set(previewdesk_i18n_dirs kube core cli gui app)
set(previewdesk_i18n_sources "")
foreach(dir IN LISTS previewdesk_i18n_dirs)
    file(GLOB_RECURSE dir_sources CONFIGURE_DEPENDS
         "${PROJECT_SOURCE_DIR}/src/${dir}/*.cpp" "${PROJECT_SOURCE_DIR}/src/${dir}/*.h")
    list(APPEND previewdesk_i18n_sources ${dir_sources})
endforeach()
# The Designer forms of the top-level ui/ (gui loads them through AUTOUIC).
file(GLOB ui_forms CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/ui/*.ui")
list(APPEND previewdesk_i18n_sources ${ui_forms})

qt_add_translations(previewdesk_core
    TS_FILES ${PROJECT_SOURCE_DIR}/translations/previewdesk_de.ts
    SOURCES ${previewdesk_i18n_sources}
    INCLUDE_DIRECTORIES ${PROJECT_SOURCE_DIR}/src
    LUPDATE_OPTIONS -locations none -no-obsolete
    RESOURCE_PREFIX /i18n)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/previewdesk_de.qm DESTINATION ${CMAKE_INSTALL_DATADIR}/previewdesk/translations)
