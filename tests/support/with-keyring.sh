#!/bin/sh
# with-keyring.sh [--no-secret-service] COMMAND [ARGS...]
#
# Runs COMMAND against a private, unlocked GNOME keyring on a private D-Bus session
# bus, so keychain tests make a real Secret Service round trip without touching the
# user's own keyring: HOME, XDG_DATA_HOME (where the login keyring is created
# fresh), XDG_CONFIG_HOME, XDG_CACHE_HOME and XDG_RUNTIME_DIR point into a
# throwaway directory. Exits with COMMAND's status; 77 (ctest: skipped) when dbus-daemon
# or gnome-keyring-daemon is not installed; 70 when the keyring could not be started.
# Everything it started is stopped, and the directory removed, when it exits.
#
# --no-secret-service: the private bus only, which cannot start any service (no
# keyring): the "desktop without a keychain" case. PREVIEWDESK_TEST_BUS tells the
# command which case it runs in (secret-service or no-secret-service).
set -u

mode=secret-service
if [ "${1:-}" = "--no-secret-service" ]; then
    mode=no-secret-service
    shift
fi
if [ "$#" -eq 0 ]; then
    echo "usage: $0 [--no-secret-service] COMMAND [ARGS...]" >&2
    exit 2
fi

for tool in dbus-daemon gnome-keyring-daemon dbus-send; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "with-keyring.sh: $tool is not installed (packages dbus, gnome-keyring); cannot start a private keyring" >&2
        exit 77
    fi
done

dir=$(mktemp -d "${TMPDIR:-/tmp}/previewdesk-keyring.XXXXXX") || exit 70
bus_pid=
keyring_pid=

cleanup() {
    # The keyring daemon also quits when its bus goes away; stop both explicitly anyway.
    [ -n "$keyring_pid" ] && kill "$keyring_pid" 2>/dev/null
    [ -n "$bus_pid" ] && kill "$bus_pid" 2>/dev/null
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$dir/home" "$dir/data" "$dir/config" "$dir/cache" "$dir/runtime"
chmod 700 "$dir/runtime"
export HOME="$dir/home"
export XDG_DATA_HOME="$dir/data"
export XDG_CONFIG_HOME="$dir/config"
export XDG_CACHE_HOME="$dir/cache"
export XDG_RUNTIME_DIR="$dir/runtime"
unset GNOME_KEYRING_CONTROL SSH_AUTH_SOCK DBUS_SESSION_BUS_PID

export DBUS_SESSION_BUS_ADDRESS="unix:path=$dir/bus"
export PREVIEWDESK_TEST_BUS="$mode"
if [ "$mode" = no-secret-service ]; then
    # No service directories: nothing can be activated, so no keyring appears.
    cat >"$dir/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>$DBUS_SESSION_BUS_ADDRESS</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF
    bus_config="--config-file=$dir/bus.conf"
else
    bus_config="--session"
fi
bus_pid=$(dbus-daemon "$bus_config" --address="$DBUS_SESSION_BUS_ADDRESS" --fork --print-pid=1) || {
    echo "with-keyring.sh: dbus-daemon did not start a session bus" >&2
    exit 70
}
if [ "$mode" = no-secret-service ]; then
    "$@"
    exit $?
fi

# --unlock reads the login keyring's password from stdin and creates that keyring
# (fresh, in XDG_DATA_HOME) unlocked; the daemon forks into the background.
if ! printf '%s' "previewdesk-test" | gnome-keyring-daemon --unlock --components=secrets >"$dir/keyring.env"; then
    echo "with-keyring.sh: gnome-keyring-daemon --unlock failed" >&2
    exit 70
fi
# The daemon claims its bus names a moment after --unlock returns: wait up to 10 s.
tries=0
while :; do
    keyring_pid=$(dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null | awk '{print $2}')
    [ -n "$keyring_pid" ] && break
    tries=$((tries + 1))
    if [ "$tries" -ge 100 ]; then
        echo "with-keyring.sh: gnome-keyring-daemon did not register org.freedesktop.secrets on the private bus" >&2
        exit 70
    fi
    sleep 0.1
done

# Tests check this to refuse running against a real user session by accident.
export PREVIEWDESK_TEST_KEYRING="$dir"
"$@"
