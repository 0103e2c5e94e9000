#!/usr/bin/env bash
# Checks a built package the way Debian and AppStream do: the desktop file
# (desktop-file-validate), the metainfo (appstreamcli, offline), and the .deb (lintian,
# errors fatal). Usage: packaging/check-package.sh DEB BUILD_DIR
set -euo pipefail
deb="$1"
build_dir="$2"
here="$(cd "$(dirname "$0")" && pwd)"

desktop-file-validate "$here/io.previewdesk.PreviewDesk.desktop"
appstreamcli validate --no-net --explain "$build_dir/packaging/io.previewdesk.PreviewDesk.metainfo.xml"

# lintian as root warns that it should not run as root; the checks are the same.
report="$(lintian --fail-on error --tag-display-limit 0 "$deb" 2>&1)" || {
  echo "$report" >&2
  echo "error: lintian found errors in $deb" >&2
  exit 1
}
if [ -n "$report" ]; then echo "$report" >&2; fi
