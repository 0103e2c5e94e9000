#!/usr/bin/env bash
# Installs everything PreviewDesk needs to build, test and run on Debian 12.
# Safe to run more than once. Run it as root (a container, a fresh VM without sudo) or as
# a user with sudo: it asks for sudo itself only when it is not root.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "error: installing packages needs root, and sudo is not installed." >&2
    echo "       Run this script as root (su -c '$0'), or install sudo first." >&2
    exit 1
  fi
  SUDO="sudo"
fi

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache
  # Qt 6.4 (Widgets, Network, Charts, HttpServer, Sql/SQLite, translations)
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-charts-dev qt6-httpserver-dev qt6-websockets-dev
  qt6-svg-dev  # the SVG icon engine: the bundled fallback icons of menus and toolbar
  libqt6sql6-sqlite qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libgl-dev libvulkan-dev libxkbcommon-dev
  # the rest of the design card's dependencies
  qtkeychain-qt6-dev libyaml-cpp-dev libspdlog-dev libfmt-dev libssl-dev zlib1g-dev
  # tests: a real window server, a D-Bus session with a keychain daemon, kubectl's peers
  xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools openssl curl
  # tests: the sandbox's simulated Argo CD and Flux read bare repositories with the real git
  git
  fonts-dejavu-core ca-certificates
  # conformance: the official Kubernetes Python client as a second judge of the sandbox
  python3-kubernetes
  # ./build.sh package: icons, man pages, and the checks Debian and AppStream run
  librsvg2-bin help2man desktop-file-utils appstream lintian debootstrap
  # ./build.sh fuzz: clang 14 with libFuzzer and the sanitizer runtimes
  clang libclang-rt-14-dev
)

if [ -z "${PREVIEWDESK_SKIP_APT_UPDATE:-}" ]; then
  $SUDO apt-get update -qq
fi
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}"

# tests: npm fetches GitHub's OpenAPI description (@octokit/openapi) for tst_forgeopenapi.
# Debian's npm conflicts with a Node.js that ships its own npm (NodeSource), so only install
# it when no npm is on the PATH.
if ! command -v npm >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends npm
fi

# GitHub's published OpenAPI description, pinned in tests/forge/package.json; the tests find it
# in /opt/previewdesk-test-deps (or wherever PREVIEWDESK_TEST_DEPS points).
TEST_DEPS="${PREVIEWDESK_TEST_DEPS:-/opt/previewdesk-test-deps}"
HERE="$(cd "$(dirname "$0")" && pwd)"
$SUDO mkdir -p "$TEST_DEPS"
$SUDO cp "$HERE/../tests/forge/package.json" "$TEST_DEPS/package.json"
$SUDO npm install --prefix "$TEST_DEPS" --no-audit --no-fund --loglevel=error

if ! command -v kubectl >/dev/null 2>&1; then
  echo "note: kubectl is not on the PATH; the conformance tests need it and will fail." >&2
  echo "      Install kubectl 1.32 as the Kubernetes documentation describes to run them." >&2
fi
