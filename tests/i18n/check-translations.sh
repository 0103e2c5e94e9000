#!/bin/sh
# The German catalogue is complete: lupdate scans the sources of every target whose strings
# a user sees (src/kube, core, cli, gui, app, as src/core/i18n/translations.cmake does) into
# a temporary copy of each translations/*.ts and this fails, naming them, when a message is
# new (lupdate adds it unfinished) or left unfinished.
#
#   tests/i18n/check-translations.sh            check (ctest: tst_translations_complete)
#   tests/i18n/check-translations.sh --update   write new messages into translations/*.ts
#                                               and list the unfinished ones to translate
# LUPDATE=/path/to/lupdate overrides /usr/lib/qt6/bin/lupdate; PREVIEWDESK_I18N_ROOT another tree.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=${PREVIEWDESK_I18N_ROOT:-$(cd "$here/../.." && pwd)}
update=0
[ "${1:-}" = --update ] && update=1
lupdate=${LUPDATE:-/usr/lib/qt6/bin/lupdate}
[ -x "$lupdate" ] || lupdate=$(command -v lupdate6 || command -v lupdate || true)
if [ -z "$lupdate" ] || [ ! -x "$lupdate" ]; then
    echo "FAIL: lupdate not found (Debian: qt6-l10n-tools; or set LUPDATE)" >&2
    exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# The directories of src/core/i18n/translations.cmake that exist (a planted test tree has fewer).
dirs=""
for dir in kube core cli gui app; do
    [ -d "$root/src/$dir" ] && dirs="$dirs src/$dir"
done
# The Designer forms (top-level ui/), as translations.cmake adds them.
[ -d "$root/ui" ] && dirs="$dirs ui"
status=0
for ts in "$root"/translations/*.ts; do
    name=$(basename "$ts")
    case "$name" in *_en.ts) options="-pluralonly" ;; *) options="" ;; esac
    cp "$ts" "$work/$name"
    (cd "$root" && "$lupdate" -locations none -no-obsolete $options -extensions cpp,h,ui \
        $dirs -ts "$work/$name") >"$work/lupdate.log" 2>&1 || {
        cat "$work/lupdate.log" >&2; echo "FAIL: lupdate failed on $name" >&2; exit 1; }
    summary=$(grep 'Found' "$work/lupdate.log" | tr -s ' ' || true)
    # Messages still to translate: context and source of every unfinished message.
    python3 - "$work/$name" >"$work/unfinished.txt" <<'PY'
import sys, xml.etree.ElementTree as ET
for ctx in ET.parse(sys.argv[1]).getroot().iter('context'):
    cname = ctx.findtext('name')
    for msg in ctx.iter('message'):
        t = msg.find('translation')
        if t is not None and t.get('type') == 'unfinished':
            src = msg.findtext("source").replace(chr(10), r"\n")
            print(f"  {cname}: \"{src}\"")
PY
    count=$(wc -l <"$work/unfinished.txt")
    if [ "$update" = 1 ]; then
        cp "$work/$name" "$ts"
        echo "$name:$summary; $count unfinished"
        cat "$work/unfinished.txt"
    elif [ "$count" -gt 0 ]; then
        echo "FAIL: $name:$summary; $count new or unfinished message(s):"
        cat "$work/unfinished.txt"
        echo "Run tests/i18n/check-translations.sh --update and translate them (Qt Linguist or by hand)."
        status=1
    elif ! cmp -s "$ts" "$work/$name"; then
        echo "FAIL: $name is out of date with the sources (messages vanished or moved):"
        diff -u "$ts" "$work/$name" | head -40
        echo "Run tests/i18n/check-translations.sh --update."
        status=1
    else
        echo "PASS: $name:$summary; every message translated"
    fi
done
exit $status
