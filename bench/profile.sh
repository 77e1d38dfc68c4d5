#!/usr/bin/env bash
# CPU profile of Gatehouse during one peers.sh measurement window, with kernel frames:
# async-profiler (fetched from Maven Central as tools.profiler:async-profiler) is loaded into the
# running subject with `jcmd JVMTI.agent_load` 1 s after the measured load starts and stopped 8 s
# later; JFR's sampler sees no kernel time, and on the pinned core most of the time is kernel.
#
#   bench/profile.sh /tmp/h1 h1          # -> /tmp/h1.collapsed, a summary on stdout
#   bench/profile.sh /tmp/h2 h2 /tmp/other.jar
#
# The collapsed stacks open in any flame-graph tool; python3 bench/collapsed-hot.py summarises
# them (kernel / Java / native split, hottest frames). The profiler costs the subject ~10-25% of
# its throughput: compare profiles with profiles, never with peers.sh figures.
# Env: BENCH_WARMUP (12), AP_VERSION (4.2), PEERS_SH, GATEHOUSE_JAVA_OPTS / GATEHOUSE_ARGS as
# for bench/gatehouse-subject.sh, PROFILE_SUBJECT (another subject script taking the same
# environment, e.g. bench/swap-subject.sh). Run it under the benchmark lock, like peers.sh itself.
set -euo pipefail
out=$1 scenario=$2
here=$(cd "$(dirname "$0")/.." && pwd)
jar=${3:-$here/controller/target/gatehouse.jar}
ap_dir=${AP_DIR:-$HOME/.cache/gatehouse/async-profiler-${AP_VERSION:-4.2}}
lib=$ap_dir/linux-x64/libasyncProfiler.so
if [ ! -f "$lib" ]; then
  mkdir -p "$ap_dir"
  mvn -B -ntp -q dependency:copy -Dartifact="tools.profiler:async-profiler:${AP_VERSION:-4.2}:jar:linux-x64" \
    -DoutputDirectory="$ap_dir"
  (cd "$ap_dir" && unzip -o -q ./*.jar)
fi
warmup=${BENCH_WARMUP:-12}
[ "$warmup" != 10 ] || warmup=12  # the measured window is told apart by its 10 s duration
rm -f "$out.collapsed"
(
  for _ in $(seq 1 3000); do
    pgrep -f -- '(wrk .*-d10s|h2load .*-D 10 )' >/dev/null && break
    sleep 0.1
  done
  sleep 1
  pid=$(pgrep -f -- "-jar $jar run" | head -1)
  # jcmd splits its arguments at commas unless they are quoted.
  jcmd "$pid" JVMTI.agent_load "$lib" '"start,event=cpu,interval=200us"'
  sleep 8
  jcmd "$pid" JVMTI.agent_load "$lib" "\"stop,file=$out.collapsed,collapsed\""
) &
side=$!
GATEHOUSE_JAR=$jar BENCH_WARMUP=$warmup BENCH_SCENARIOS=$scenario BENCH_OUT=${BENCH_OUT:-/tmp/bench-profile} \
  "${PEERS_SH:-$here/../shared/bench/peers.sh}" "gatehouse=cmd:exec ${PROFILE_SUBJECT:-$here/bench/gatehouse-subject.sh}"
wait "$side"
[ -s "$out.collapsed" ] || { echo "no profile written to $out.collapsed (did jcmd attach? see its output above)" >&2; exit 1; }
python3 "$here/bench/collapsed-hot.py" "$out.collapsed"
