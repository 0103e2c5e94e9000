#!/usr/bin/env bash
# The shop's staging clone end to end on the sandbox, beside the script people
# write instead, in the same run against the same server:
#   PreviewDesk: previewctl clone (plan, server dry run, create in tiers, wait
#                until Available)
#   script:      kubectl create ns; kubectl get -o yaml | sed the namespace |
#                kubectl apply -f -; kubectl wait Available  (it copies secrets,
#                hosts and DNS names unchanged: the unsafe thing PreviewDesk replaces)
# then 50 PreviewDesk clones at once. Simulated pods turn Ready at once
# (--pod-ready-delay 0) so the figures are PreviewDesk's and kubectl's own.
#   bench_clone.sh PREVIEWCTL FIXTURE [RUNS]
set -euo pipefail
previewctl="$1"; fixture="$2"; runs="${3:-5}"
work="$(mktemp -d)"
kubeconfig="$work/kubeconfig"
"$previewctl" sandbox --load "$fixture" --pod-ready-delay 0 --kubeconfig-out "$kubeconfig" >"$work/out" 2>"$work/err" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 600); do grep -q '^ready' "$work/out" && break; sleep 0.1; done
grep -q '^ready' "$work/out" || { echo "sandbox did not start"; tail "$work/err"; exit 1; }

k() { kubectl --kubeconfig "$kubeconfig" --cache-dir "$work/cache" "$@"; }
now() { date +%s.%N; }
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
minus() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.6f\n", a - b }'; }
kinds=configmaps,secrets,services,deployments,statefulsets,cronjobs,ingresses,horizontalpodautoscalers,poddisruptionbudgets,serviceaccounts,externalsecrets

k get ns staging >/dev/null   # warm kubectl's discovery cache for both sides
for i in $(seq 1 "$runs"); do
  t0=$(now)
  "$previewctl" clone staging --name "pd-$i" --secret mail-relay=omit --kubeconfig "$kubeconfig" --timeout 60 >/dev/null
  t1=$(now)
  minus "$t1" "$t0" >>"$work/previewdesk"
  t0=$(now)
  k create namespace "copy-$i" >/dev/null
  k get "$kinds" -n staging -o yaml \
    | sed -e "s/namespace: staging/namespace: copy-$i/" -e '/^    resourceVersion:/d' -e '/^    uid:/d' \
    | k apply --validate=false -f - >/dev/null 2>&1 || true
  k wait --for=condition=Available deployment --all -n "copy-$i" --timeout=60s >/dev/null
  t1=$(now)
  minus "$t1" "$t0" >>"$work/script"
done
pd=$(median <"$work/previewdesk"); script=$(median <"$work/script")
printf 'clone end to end (median of %d): previewctl clone %.3fs | kubectl get|sed|apply + wait %.3fs | script/previewdesk %.2fx\n' \
  "$runs" "$pd" "$script" "$(awk -v a="$script" -v b="$pd" 'BEGIN { print a / b }')"

t0=$(now)
for i in $(seq 1 50); do
  "$previewctl" clone staging --name "many-$i" --secret mail-relay=omit --kubeconfig "$kubeconfig" --timeout 120 >/dev/null 2>"$work/many-$i.err" &
done
failed=0
for job in $(jobs -p); do [ "$job" = "$pid" ] && continue; wait "$job" || failed=$((failed + 1)); done
t1=$(now)
printf '50 clones at once: %.2fs wall, %d failed\n' "$(minus "$t1" "$t0")" "$failed"
