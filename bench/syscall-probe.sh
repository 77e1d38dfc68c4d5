#!/usr/bin/env bash
# Runs ../shared/bench/peers.sh with the given arguments and, during each 10 s wrk measurement,
# samples 4 s of: system calls of the subject by kind (perf tracepoints), context switches on
# CPU 0 and of the subject and the origin (/proc .../ctxt_switches), the origin's system calls,
# and the subject's user/system CPU; all per request (the origin's stub_status request count).
# Appends to OUT. Run it under the heavy lock like peers.sh itself. perf's tracepoints add kernel
# time of their own: compare the user/sys split between subjects, not with peers.sh's us/req.
# PROBE_PERF=0 leaves perf out: only the subject's user/system CPU and context switches per
# request, over 6 s of the window, with nothing inflating the kernel side (docs/benchmarks.md,
# session 6: that is how the user/sys split against nginx was taken).
#
#   flock /tmp/gatehouse-heavy.lock env BENCH_OUT=/tmp/bench-x BENCH_SCENARIOS=h1 \
#     bench/syscall-probe.sh /tmp/probe.txt nginx "gatehouse=cmd:exec $PWD/bench/gatehouse-subject.sh"
#
# The subject is the JVM running `-jar ... run`, else the nginx worker that is not the origin's.
# PEERS_SH: the harness (default /work/shared/bench/peers.sh).
set -uo pipefail
out=$1; shift
: "${BENCH_OUT:=/tmp/bench}"
tmp=$(mktemp -d)
perf=${PROBE_PERF:-1}
seconds=4
[ "$perf" = 1 ] || seconds=6
"${PEERS_SH:-/work/shared/bench/peers.sh}" "$@" &
peers=$!
ev=raw_syscalls:sys_enter
for s in read readv recvfrom write writev sendto sendmsg epoll_wait epoll_pwait epoll_pwait2 epoll_ctl futex; do
  ev="$ev,syscalls:sys_enter_$s"
done
switches() { local n=0 p; for p in "$@"; do
  n=$((n + $(cat /proc/$p/task/*/status 2>/dev/null | awk '/ctxt_switches/ {n += $2} END {print n + 0}'))); done; echo $n; }
cpu_ticks() { sed 's/^.*) //' "$1" | awk '{print $12, $13}'; }  # utime stime
requests() { awk 'NR == 3 { print $3 }' "$1"; }
while kill -0 $peers 2>/dev/null; do
  w=$(pgrep -f 'wrk .*-d10s .*127.0.0.1:18' | head -1)
  [ -z "$w" ] && { sleep 0.5; continue; }
  url=$(tr '\0' ' ' </proc/$w/cmdline | awk '{print $NF}')
  sleep 3
  origin=$(pgrep -P "$(pgrep -f "^nginx: master process .*$BENCH_OUT.*origin/nginx.conf" | head -1)" | tr '\n' ' ')
  # Only processes of this run (other work on the box may run its own java or nginx).
  subj=$(pgrep -f "^java .*-jar .* run .*$BENCH_OUT" | head -1)
  label="java $(tr '\0' ' ' </proc/$subj/cmdline 2>/dev/null | grep -o '[^ ]*\.jar')"
  if [ -z "$subj" ]; then
    m=$(pgrep -f "^nginx: master process .*$BENCH_OUT" | while read -r p; do grep -q origin/nginx.conf /proc/$p/cmdline || echo $p; done | head -1)
    subj=$(pgrep -P "$m" | head -1); label=nginx
  fi
  s0=$(switches $subj); o0=$(switches $origin)
  window="cat /proc/$subj/stat >$tmp/t0
    curl -s --max-time 2 http://127.0.0.1:9009/status >$tmp/r0; sleep ${seconds}
    curl -s --max-time 2 http://127.0.0.1:9009/status >$tmp/r1; cat /proc/$subj/stat >$tmp/t1"
  if [ "$perf" = 1 ]; then
    perf stat -x, -a -C 0 -e context-switches -o $tmp/cs sleep 4 &
    perf stat -x, -e raw_syscalls:sys_enter -p "$(echo $origin | tr ' ' ,)" -o $tmp/osc sleep 4 &
    perf stat -x, -e "$ev" -p $subj -o $tmp/sc -- bash -c "$window"
    wait $(jobs -p | grep -v "^$peers$")
  else
    : >$tmp/cs; : >$tmp/osc; : >$tmp/sc
    bash -c "$window"
  fi
  s1=$(switches $subj); o1=$(switches $origin)
  n=$(($(requests $tmp/r1) - $(requests $tmp/r0)))
  { echo "== $(date +%T) $label $url requests=$n"
    awk -F, -v n=$n '/context-switches/ {printf "cpu0 cs/req %.3f\n", $1 / n}' $tmp/cs
    awk -v n=$n -v s=$((s1 - s0)) -v o=$((o1 - o0)) 'BEGIN {printf "subject cs/req %.3f  origin cs/req %.3f\n", s / n, o / n}'
    echo "$(cpu_ticks $tmp/t0) $(cpu_ticks $tmp/t1)" | awk -v n=$n -v hz="$(getconf CLK_TCK)" \
      '{printf "subject user us/req %.2f  sys us/req %.2f\n", ($3 - $1) * 1e6 / hz / n, ($4 - $2) * 1e6 / hz / n}'
    awk -F, -v n=$n '/raw_syscalls/ {printf "origin syscalls/req %.2f\n", $1 / n}' $tmp/osc
    awk -F, -v n=$n '$3 ~ /sys/ && $1 + 0 > 0 {sub(/.*:sys_enter_?/, "", $3); printf "  %s=%.3f", ($3 == "" ? "ALL" : $3), $1 / n} END {print ""}' $tmp/sc
  } >>"$out"
  while kill -0 $w 2>/dev/null; do sleep 0.5; done
done
wait $peers
rc=$?
rm -rf "$tmp"
exit $rc
