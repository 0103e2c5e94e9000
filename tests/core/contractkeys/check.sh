#!/bin/sh
# tst_contractkeys: nothing in SRC but core/contract.h spells a key of the label and
# annotation contract (DESIGN.md). Comments (// to the end of the line) may name keys.
# Usage: check.sh SRC   Exit 0: clean; 1: a key is spelled elsewhere (the lines are printed).
set -u
src=${1:?usage: check.sh SRC}
header="$src/core/contract.h"
[ -f "$header" ] || { echo "FAIL: $header not found"; exit 1; }

# The contract's keys as the header spells them (PreviewDesk's, the recommended labels,
# kube-janitor's and kube-downscaler's), and those prefixes as a net for new keys. The
# header's other tools' keys (cert-manager, Helm, ...) are the planner's, not the contract.
prefixes='previewdesk.io/ app.kubernetes.io/ janitor/ downscaler/'
keys=$(sed -n 's/.*QLatin1StringView [A-Za-z]*{"\([^"]*\/[^"]*\)"}.*/\1/p' "$header" |
       grep -E '^(previewdesk\.io|app\.kubernetes\.io|janitor|downscaler)/')
[ -n "$keys" ] || { echo "FAIL: no keys read from $header"; exit 1; }
pattern=$(printf '%s\n' $keys $prefixes |
          sed 's/[.[\*^$]/\\&/g' | paste -sd'|' -)
# A shell script or jsonpath escapes the dots: previewdesk\.io/ is a spelling too.
pattern="$pattern|previewdesk[\\]+\.io/|app[\\]+\.kubernetes[\\]+\.io/"

found=$(find "$src" -type f \( -name '*.cpp' -o -name '*.h' -o -name '*.ui' -o -name '*.sh' \) ! -path "$header" |
        sort | while read -r file; do
            # Drop // comments (a // after a colon is a URL, kept), then look for a key.
            sed 's#\(^\|[[:space:]]\)//.*$##' "$file" | grep -nE "$pattern" | sed "s#^#$file:#"
        done)
if [ -n "$found" ]; then
    echo "FAIL: contract keys spelled outside core/contract.h (name the constant instead):"
    printf "%s\n" "$found"
    exit 1
fi
echo "PASS: $(echo "$keys" | wc -l) contract keys, spelled only in core/contract.h"
