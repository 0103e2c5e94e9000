#!/usr/bin/env bash
# Installs a built .deb into a clean Debian 12 root made by debootstrap (minbase), as a
# user's machine would get it (apt resolves the Depends dpkg-shlibdeps computed), and
# runs both programs there. Needs root. Usage: packaging/test-install-debian.sh DEB
set -euo pipefail
deb="$(readlink -f "$1")"
if [ "$(id -u)" -ne 0 ]; then
  echo "error: debootstrap and chroot need root; run this as root or with sudo." >&2
  exit 1
fi
mirror="${PREVIEWDESK_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
root="$(mktemp -d /var/tmp/previewdesk-debian12.XXXXXX)"
cleanup() {
  umount "$root/proc" 2>/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT

echo "test-install: debootstrap bookworm into $root"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 || {
  tail -20 "$root.log" >&2
  echo "error: debootstrap failed (log above)" >&2
  exit 1
}
rm -f "$root.log"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
cp "$deb" "$root/tmp/"
name="$(basename "$deb")"

echo "test-install: apt-get install ./$name"
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "/tmp/$name" >/dev/null

for program in previewdesk previewctl; do
  test -x "$root/usr/bin/$program" || { echo "error: /usr/bin/$program is not installed" >&2; exit 1; }
  printf 'test-install: %s --version: ' "$program"
  chroot "$root" "/usr/bin/$program" --version
done
echo "test-install: $name installs and runs on a clean Debian 12"
