# previewdesk_add_tests(DIR LIBS ... [LABELS ...] [GUI])
# Every tst_<class>.cpp in DIR becomes one test binary run by ctest, linked to
# LIBS and the test support library. GUI tests run on the offscreen platform.
# Tests named in PREVIEWDESK_KEYRING_TESTS talk to a real keychain: ctest runs them
# through tests/support/with-keyring.sh (a private D-Bus session and GNOME keyring);
# those in PREVIEWDESK_PRIVATE_BUS_TESTS get the private session bus only.
function(previewdesk_add_tests)
    cmake_parse_arguments(ARG "GUI" "DIR" "LIBS;LABELS" ${ARGN})
    file(GLOB test_sources CONFIGURE_DEPENDS "${ARG_DIR}/tst_*.cpp")
    foreach(source IN LISTS test_sources)
        get_filename_component(name "${source}" NAME_WE)
        qt_add_executable(${name} "${source}")
        target_link_libraries(${name} PRIVATE previewdesk_common_cfg previewdesk_testsupport ${ARG_LIBS} Qt6::Test)
        if(name IN_LIST PREVIEWDESK_KEYRING_TESTS)
            add_test(NAME ${name} COMMAND sh "${PROJECT_SOURCE_DIR}/tests/support/with-keyring.sh" $<TARGET_FILE:${name}>)
            set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77) # no dbus-daemon/gnome-keyring installed
        elseif(name IN_LIST PREVIEWDESK_PRIVATE_BUS_TESTS)
            add_test(NAME ${name} COMMAND sh "${PROJECT_SOURCE_DIR}/tests/support/with-keyring.sh" --no-secret-service
                     $<TARGET_FILE:${name}>)
            set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77) # no dbus-daemon installed
        else()
            add_test(NAME ${name} COMMAND ${name})
        endif()
        # A home of its own per test: settings, cost histories and kubectl's cache of one
        # test (or of another checkout's run at the same time) never meet another's.
        set(home "${CMAKE_CURRENT_BINARY_DIR}/home/${name}")
        file(MAKE_DIRECTORY "${home}")
        set(env
            "HOME=${home}" "XDG_CONFIG_HOME=${home}/.config" "XDG_DATA_HOME=${home}/.local/share"
            "XDG_CACHE_HOME=${home}/.cache"
            "PREVIEWDESK_FIXTURES=${PREVIEWDESK_FIXTURES_DIR}"
            "PREVIEWDESK_BUILD_DIR=${PROJECT_BINARY_DIR}"
            "PREVIEWDESK_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
        if(ARG_GUI)
            list(APPEND env "QT_QPA_PLATFORM=offscreen")
        endif()
        set_tests_properties(${name} PROPERTIES
            ENVIRONMENT "${env}"
            LABELS "${ARG_LABELS}"
            TIMEOUT 300)
    endforeach()
endfunction()
