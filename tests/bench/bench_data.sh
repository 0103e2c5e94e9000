#!/usr/bin/env bash
# Time to a preview with data (issue "Preview data", item 5): the demo's staging cloned
# with its database seeded by the seed Job of its clone profile, beside the same clone
# restored from the golden snapshot, in one run against one sandbox. The sandbox's seed
# Job runs for SEED_MS (its real cost: migrations and fixtures; a public report puts it
# near 20 minutes, 60 s by default here), snapshots and pods turn ready at once.
#   bench_data.sh PREVIEWCTL [RUNS] [SEED_MS]
set -euo pipefail
previewctl="$1"; runs="${2:-3}"; seed_ms="${3:-60000}"
work="$(mktemp -d)"
kubeconfig="$work/kubeconfig"
"$previewctl" sandbox --demo --pod-ready-delay 0 --snapshot-ready-delay 0 --job-duration "$seed_ms" \
  --kubeconfig-out "$kubeconfig" >"$work/out" 2>"$work/err" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 600); do grep -q '^ready' "$work/out" && break; sleep 0.1; done
grep -q '^ready' "$work/out" || { echo "sandbox did not start"; tail "$work/err"; exit 1; }

now() { date +%s.%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f\n", a - b }'; }
timeout=$(( seed_ms / 1000 + 120 ))
clone() {   # NAME DATA
  "$previewctl" clone staging --name "$1" --data "postgres=$2" --secret mail-relay=omit \
    --kubeconfig "$kubeconfig" --timeout "$timeout" >"$work/$1.out" 2>&1 \
    || { echo "clone $1 ($2) failed:"; tail -5 "$work/$1.out"; exit 1; }
}
for i in $(seq 1 "$runs"); do
  t0=$(now); clone "seeded-$i" seed; t1=$(now); minus "$t1" "$t0" >>"$work/seed"
  t0=$(now); clone "restored-$i" snapshot:postgres-golden; t1=$(now); minus "$t1" "$t0" >>"$work/restore"
done
seed=$(median <"$work/seed"); restore=$(median <"$work/restore")
printf 'preview with data (median of %d, seed Job %d ms): seed %.3fs | snapshot restore %.3fs | seed/restore %.2fx\n' \
  "$runs" "$seed_ms" "$seed" "$restore" "$(awk -v a="$seed" -v b="$restore" 'BEGIN { print a / b }')"
