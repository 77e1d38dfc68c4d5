#!/usr/bin/env bash
# Gatehouse as a `cmd:` subject of ../shared/bench/peers.sh (bench/gatehouse-subject.sh) while its
# routing table is swapped SWAP_HZ (default 10) times a second, for issue #7's target "zero
# failed requests while the table is swapped 10 times a second under load":
#
#   BENCH_WARMUP=10 ../shared/bench/peers.sh "swap=cmd:exec $PWD/bench/swap-subject.sh"
#
# What changes: the EndpointSlice of the second upstream (origin-2.yaml in the manifest folder)
# flips between its endpoint being ready and not ready, as a rolling update does to a pod. Every
# flip is a real endpoint change: the folder watcher picks it up, the controller translates it and
# the proxy swaps in a table in which the backend has one endpoint, then two again. Requests
# already sent to the endpoint that leaves finish on it; new ones go to the one left. The harness
# counts every non-2xx answer and socket error as an error; the target is 0 in every scenario.
#
# Proof that the swaps happened: every second the swap counter of the admin port
# (gatehouse_table_swaps_total) is appended to $BENCH_WORKDIR/swaps.log as
# "HH:MM:SS total swaps-in-the-last-second"; compare its rate with SWAP_HZ over the measured window.
# Env as for bench/gatehouse-subject.sh (GATEHOUSE_JAR, GATEHOUSE_JAVA_OPTS, GATEHOUSE_ARGS,
# GATEHOUSE_ADMIN_PORT), plus SWAP_HZ.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
: "${BENCH_WORKDIR:=$(mktemp -d)}" "${BENCH_UPSTREAMS:?}"
export BENCH_WORKDIR
hz=${SWAP_HZ:-10}
admin=${GATEHOUSE_ADMIN_PORT:-19090}
work=$BENCH_WORKDIR/gatehouse-manifests
slice=$work/origin-2.yaml
[[ $BENCH_UPSTREAMS == *,* ]] || { echo "swap-subject.sh: BENCH_UPSTREAMS needs two upstreams" >&2; exit 1; }

"$here/bench/gatehouse-subject.sh" &
proxy=$!
trap 'kill -TERM $proxy 2>/dev/null; exit 0' TERM INT

# The flipper: rewrite origin-2.yaml SWAP_HZ times a second (through a dot file, which the folder
# source skips, then an atomic rename, so the watcher never reads half a file).
(
  for _ in $(seq 1 600); do grep -q addresses "$slice" 2>/dev/null && break; sleep 0.1; done
  # The two versions: the slice as bench/gatehouse-subject.sh wrote it (no conditions: ready),
  # and the same with its one endpoint not ready.
  ready=$(cat "$slice")
  versions=("$ready
    conditions: {ready: false}" "$ready")
  # Paced by the clock, not by sleeping a period after each write: SWAP_HZ flips a second on average.
  start=$(date +%s%N)
  k=0
  while kill -0 $proxy 2>/dev/null; do
    printf '%s\n' "${versions[k % 2]}" > "$work/.origin-2.tmp"
    mv -f "$work/.origin-2.tmp" "$slice"
    k=$((k + 1))
    wait_ns=$((start + k * 1000000000 / hz - $(date +%s%N)))
    if [ "$wait_ns" -gt 0 ]; then
      sleep "$(awk -v ns="$wait_ns" 'BEGIN {printf "%.4f", ns / 1e9}')"
    fi
  done
) &

# The swap counter, once a second.
(
  last=
  while kill -0 $proxy 2>/dev/null; do
    total=$(curl -s --max-time 1 "http://127.0.0.1:$admin/metrics" 2>/dev/null \
      | awk '/^gatehouse_table_swaps_total/ {print int($2)}' || true)
    if [ -n "$total" ]; then
      echo "$(date +%T) $total $(( ${last:-$total} > total ? 0 : total - ${last:-$total} ))" >> "$BENCH_WORKDIR/swaps.log"
      last=$total
    fi
    sleep 1
  done
) &

wait $proxy
