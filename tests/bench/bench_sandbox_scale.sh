#!/usr/bin/env bash
# Sandbox at scale: starts `previewctl sandbox --scale N` (N preview namespaces of
# the shop, about 15 pods each), prints the time to its "ready" line and its peak
# RSS, then, against the same server, the kubectl baseline for a full pod list.
#   bench_sandbox_scale.sh PREVIEWCTL [N ...]     (default N: 1000 10000)
set -euo pipefail
previewctl="$1"; shift
sizes=("${@:-1000}")
[ $# -gt 0 ] || sizes=(1000 10000)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

for n in "${sizes[@]}"; do
  out="$work/out-$n"
  start=$(seconds)
  "$previewctl" sandbox --scale "$n" --no-controllers --kubeconfig-out "$work/kubeconfig-$n" >"$out" 2>"$work/err-$n" &
  pid=$!
  for _ in $(seq 1 3000); do
    grep -q '^ready' "$out" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { echo "sandbox died:"; tail "$work/err-$n"; exit 1; }
    sleep 0.1
  done
  ready=$(seconds)
  rss=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
  cache="$work/cache-$n"
  t0=$(seconds)
  bytes=$(kubectl --kubeconfig "$work/kubeconfig-$n" --cache-dir "$cache" get pods -A -o json | wc -c)
  t1=$(seconds)
  t2=$(seconds)
  namespaces=$(kubectl --kubeconfig "$work/kubeconfig-$n" --cache-dir "$cache" get namespaces --no-headers | wc -l)
  t3=$(seconds)
  peak=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status")
  kill -TERM "$pid"; wait "$pid" || true
  printf 'scale %6d: ready %7ss  rss-at-ready %5d MiB  peak %5d MiB | kubectl get pods -A -o json %7ss (%d MiB) | kubectl get ns %6ss (%d)\n' \
    "$n" "$(elapsed "$start" "$ready")" $((rss / 1024)) $((peak / 1024)) "$(elapsed "$t0" "$t1")" $((bytes / 1048576)) \
    "$(elapsed "$t2" "$t3")" "$namespaces"
done
