# The Debian package (cpack -G DEB): previewdesk_<version>_amd64.deb, Depends computed by
# dpkg-shlibdeps from the installed binaries.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME previewdesk)
set(CPACK_PACKAGE_VENDOR "The PreviewDesk developers")
set(CPACK_PACKAGE_CONTACT "PreviewDesk developers <maintainers@previewdesk.io>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Kubernetes preview environments from the desktop")
set(CPACK_PACKAGE_DESCRIPTION
    "PreviewDesk gives every pull request a full, isolated, disposable copy of the
system on your own Kubernetes cluster, cloned safely from a known-good source
environment into its own namespace and torn down when it is no longer needed.
This package contains the desktop application previewdesk and the command-line
companion previewctl for CI pipelines and in-cluster jobs.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE https://previewdesk.io/)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Plugins Qt loads at run time, which dpkg-shlibdeps cannot see: the window system, the
# SQLite driver of the cost history, the SVG icon engine.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins, libqt6sql6-sqlite, libqt6svg6")
# A keychain for the forge token (Secret Service); without one the token lives for the session.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager, xdg-utils")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "kubectl")
# Control files with the permissions lintian expects (0644, scripts 0755).
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
