#!/usr/bin/env bash
# all.sh — one command for every figure of issue #7 (docs/benchmarks.md), in one output folder:
#
#   bench/all.sh                       # everything, ~45 min on the 2-core box
#   STEPS="proxy swap" bench/all.sh    # some of it
#
# Steps, in this order (STEPS, default all of them):
#   build   the fat jar and the JMH jar (mvn -B -ntp; the JMH module only builds with -Pbench)
#   proxy   ../shared/bench/peers.sh, every scenario: nginx, HAProxy, Gatehouse with the access
#           log on (the issue's figure) and off (reported too), BENCH_WARMUP (20) s of warm-up
#   swap    Gatehouse while its table is swapped 10 times a second (bench/swap-subject.sh):
#           the errors column must be 0 in every scenario; swaps.log shows the rate
#   hosts   10,000 hosts against 1, end to end (bench/host-spread.sh, 3 rounds)
#   jmh     route lookup at 1 / 100 / 10k / 100k hosts, translation of 10,000 Ingresses, event to
#           table p99, one access log line (JMH, -wi 3 -i 5 -f 1)
#   heap    heap after full GC and RSS with 10,000 Ingresses loaded (default heap and -Xmx256m)
# Each step writes <step>.log; the peers.sh and host-spread run folders are linked from there.
# Every load is on loopback and time-bounded by the tools it calls. Run it on a quiet box: the
# figures are ratios measured side by side, and other work on the box moves them (peers.sh
# reports it as foreign%). Env: OUT (/tmp/bench), BENCH_WARMUP (20), PEERS_SH, and the
# GATEHOUSE_* variables of bench/gatehouse-subject.sh.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
peers=${PEERS_SH:-$here/../shared/bench/peers.sh}
steps=${STEPS:-build proxy swap hosts jmh heap}
out=${OUT:-/tmp/bench}/all-$(date -u +%Y%m%d-%H%M%S)
warmup=${BENCH_WARMUP:-20}
mkdir -p "$out"
log() { echo "[$(date -u +%T)] $*" | tee -a "$out/summary.txt"; }
has() { [[ " $steps " == *" $1 "* ]]; }
jmh=$here/benchmarks/target/benchmarks.jar

log "bench/all.sh: steps '$steps' into $out ($(nproc) CPUs, $(uname -r), $(java -version 2>&1 | head -1))"
if has build; then
  log "build"
  (cd "$here" && mvn -B -ntp -DskipTests package && mvn -B -ntp -Pbench -pl benchmarks -am package -DskipTests) \
    >"$out/build.log" 2>&1
fi
if has proxy; then
  log "proxy: peers.sh, all scenarios (see proxy.log for the table)"
  BENCH_OUT="$out/proxy" BENCH_WARMUP=$warmup "$peers" nginx haproxy \
    "gatehouse=cmd:exec $here/bench/gatehouse-subject.sh" \
    "gatehouse-nolog=cmd:GATEHOUSE_ARGS='--access-log off ${GATEHOUSE_ARGS:-}' exec $here/bench/gatehouse-subject.sh" \
    >"$out/proxy.log" 2>&1
  sed -n '/^| subject /,/^$/p' "$out/proxy.log" | tee -a "$out/summary.txt"
fi
if has swap; then
  log "swap: 10 table swaps a second under every scenario"
  BENCH_OUT="$out/swap" BENCH_WARMUP=$warmup "$peers" "swap=cmd:exec $here/bench/swap-subject.sh" \
    >"$out/swap.log" 2>&1
  rate=$(awk 'NR > 1 {n++; s += $3} END {if (n) printf "%.1f", s / n}' "$out"/swap/latest/swap/swaps.log)
  log "swap: errors per scenario $(awk -F'\t' 'NR > 1 {printf "%s=%s ", $2, $6}' "$out"/swap/latest/results.tsv)swaps/s ${rate:-?}"
fi
if has hosts; then
  log "hosts: 10,000 hosts against 1"
  BENCH_OUT="$out/hosts" HOSTS="1 10000" ROUNDS=${ROUNDS:-3} "$here/bench/host-spread.sh" >"$out/hosts.log" 2>&1
  log "hosts: $(tr '\n' ' ' <"$out"/hosts/host-spread-latest/summary.txt)"
fi
if has jmh; then
  log "jmh: lookup, translation, event to table, access log line"
  for b in RouteLookupBenchmark TranslationBenchmark EndpointChangeBenchmark AccessLogLineBenchmark; do
    java -jar "$jmh" "$b" -wi 3 -i 5 -f 1 >"$out/jmh-$b.log" 2>&1
    grep -E '^(Benchmark|[A-Za-z]+Benchmark\.)' "$out/jmh-$b.log" | tee -a "$out/summary.txt"
  done
fi
if has heap; then
  log "heap: 10,000 Ingresses loaded"
  { java -cp "$jmh" dev.gatehouse.benchmarks.HeapFootprint
    java -Xmx256m -cp "$jmh" dev.gatehouse.benchmarks.HeapFootprint; } >"$out/heap.log" 2>&1
  tee -a "$out/summary.txt" <"$out/heap.log"
fi
log "done: $out/summary.txt"
