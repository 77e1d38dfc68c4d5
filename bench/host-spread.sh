#!/usr/bin/env bash
# host-spread.sh — issue #7 scale target "requests/s with 10,000 hosts (traffic spread across
# them) >= 0.95x requests/s with 1 host", end to end through the real proxy.
#
#   flock /tmp/gatehouse-heavy.lock bench/host-spread.sh
#   HOSTS="1 10000" ROUNDS=3 DURATION=10 WARMUP=10 flock /tmp/gatehouse-heavy.lock bench/host-spread.sh
#
# For each host count N it writes a manifests folder with N Ingresses (host hI.bench.example,
# Prefix /, all to one Service whose EndpointSlice points at the origin), starts a minimal origin
# nginx (1 worker, "hello\n" on /, as ../shared/bench/conf/origin.nginx.conf) and Gatehouse in
# folder mode (the fat jar, `run --manifests`), both pinned to PROXY_CPUS (0), waits until the
# N-th host answers, then drives plain HTTP/1.1 keep-alive load with wrk pinned to LOAD_CPUS (1):
# one thread, CONNS (64) connections, a Lua script (written next to the results) that sends the
# requests round-robin over the N Host names, each request a different host than the previous.
# The same script runs for N = 1, so the load generator does the same work in both cases.
# Runs alternate between the host counts (1, 10000, 1, 10000, ...) so that drift of a shared
# machine hits both; every run has a fresh origin and Gatehouse, WARMUP seconds of discarded load
# (C2 compiles the hot path), then DURATION seconds measured.
#
# Output: $BENCH_OUT/host-spread-<timestamp>/ (symlink $BENCH_OUT/host-spread-latest):
#   results.tsv   one row per run: hosts round rps p50_ms p99_ms errors busy% subject_us_per_req
#   summary.txt   mean req/s and p99 per host count, and the ratio of each count to the first
#   <N>-<round>/  wrk output, Gatehouse stderr, the origin's logs
#
# Knobs: HOSTS ("1 10000"), ROUNDS (3), DURATION (10), WARMUP (10), CONNS (64),
#   PROXY_CPUS (0), LOAD_CPUS (1), BENCH_OUT (/tmp/bench), GATEHOUSE_JAR
#   (controller/target/gatehouse.jar), GATEHOUSE_JAVA_OPTS (as bench/gatehouse-subject.sh),
#   GATEHOUSE_ARGS (extra `run` flags, e.g. "--access-log off"), ACCESS_LOG_FILE (/dev/null:
#   the access log is still formatted and written, just not kept; a file of every request of
#   every run would be gigabytes), ports HTTP_PORT (19180) HTTPS_PORT (19443) ADMIN_PORT (19190)
#   ORIGIN_PORT (19101) — not peers.sh's, so the two never collide.
#
# Safety: loopback only; every load run is time-bounded (wrk -d plus `timeout`); only the
# process groups this script starts are stopped (by process-group id, SIGTERM then SIGKILL).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
: "${HOSTS:=1 10000}" "${ROUNDS:=3}" "${DURATION:=10}" "${WARMUP:=10}" "${CONNS:=64}"
: "${PROXY_CPUS:=0}" "${LOAD_CPUS:=1}" "${BENCH_OUT:=/tmp/bench}"
: "${HTTP_PORT:=19180}" "${HTTPS_PORT:=19443}" "${ADMIN_PORT:=19190}" "${ORIGIN_PORT:=19101}"
: "${ACCESS_LOG_FILE:=/dev/null}"
jar="${GATEHOUSE_JAR:-$here/controller/target/gatehouse.jar}"
java_opts="${GATEHOUSE_JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseParallelGC -XX:PerMethodTrapLimit=0 -XX:+AlwaysPreTouch}"
export PATH=$PATH:/usr/sbin:/sbin

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[[ -f $jar ]] || die "no $jar: build first (mvn -B -ntp -o -DskipTests package)"
for t in nginx wrk taskset curl setsid; do command -v "$t" >/dev/null || die "$t not found"; done
for p in "$HTTP_PORT" "$HTTPS_PORT" "$ADMIN_PORT" "$ORIGIN_PORT"; do
  ! ss -Htln "sport = :$p" | grep -q . || die "port $p already in use (not ours; not touching it)"
done

# ---------------------------------------------------------------- processes (by process group)
PGIDS=()
start_group() { # LOGFILE CPUS CMD... -> LAST_PG
  local logf=$1 cpus=$2; shift 2
  setsid taskset -c "$cpus" "$@" >"$logf" 2>&1 </dev/null &
  LAST_PG=$!
  PGIDS+=("$LAST_PG")
}
group_alive() { ps -eo pgid=,stat= | awk -v g="$1" '$1 == g && $2 !~ /^Z/ { n++ } END { exit !n }'; }
stop_group() {
  local pg=$1 i
  if group_alive "$pg"; then
    kill -TERM -- "-$pg" 2>/dev/null || true
    for i in {1..100}; do group_alive "$pg" || break; sleep 0.1; done
    group_alive "$pg" && { log "pgid $pg ignored SIGTERM, sending SIGKILL"; kill -KILL -- "-$pg" 2>/dev/null || true; }
  fi
  wait "$pg" 2>/dev/null || true
}
cleanup() { local pg; for pg in "${PGIDS[@]}"; do stop_group "$pg"; done; PGIDS=(); }
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_200() { # URL HOST PGID TIMEOUT_S
  local end=$((SECONDS + $4)) code
  while ((SECONDS < end)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -H "Host: $2" "$1" || true)
    [[ $code == 200 ]] && return 0
    group_alive "$3" || return 1
    sleep 0.2
  done
  return 1
}
cpu_snap() { awk '/^cpu[0-9]/ { t = 0; for (i = 2; i <= 9; i++) t += $i; print $1, $5 + $6, t }' /proc/stat; }
cpu_busy() {
  paste -d' ' <(echo "$1") <(echo "$2") | awk '{ dt = $6 - $3; di = $5 - $2
    s = s (s ? "," : "") substr($1, 4) ":" (dt ? int(100 * (1 - di / dt) + 0.5) : 0) } END { print s }'
}
group_ticks() {
  { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v g="$1" '{ l = $0; sub(/^.*\) /, "", l); split(l, f, " ")
    if (f[3] == g) t += f[12] + f[13] + f[14] + f[15] } END { print t + 0 }'
}
parse_wrk() { # -> "rps p50_ms p99_ms errors"
  awk 'function ms(v) { if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
                        if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
                        if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 } return v }
       $1 == "50%" { p50 = ms($2) }  $1 == "99%" { p99 = ms($2) }
       /^Requests\/sec:/ { rps = $2 }
       /Socket errors:/ { gsub(",", ""); err += $4 + $6 + $8 + $10 }
       /Non-2xx or 3xx/ { err += $NF }
       END { printf "%.0f %.3f %.3f %d\n", rps, p50, p99, err }' "$1"
}

# ---------------------------------------------------------------- inputs
RUN=$BENCH_OUT/host-spread-$(date +%Y%m%d-%H%M%S)
mkdir -p "$RUN"
ln -sfn "$RUN" "$BENCH_OUT/host-spread-latest"

manifests() { # N DIR: IngressClass, Service, EndpointSlice, N Ingresses
  mkdir -p "$2"
  {
    cat <<YAML
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: gatehouse}
spec: {controller: gatehouse.dev/ingress-controller}
---
apiVersion: v1
kind: Service
metadata: {name: origin, namespace: bench}
spec:
  ports: [{name: http, port: 80}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: origin-1
  namespace: bench
  labels: {kubernetes.io/service-name: origin}
addressType: IPv4
ports: [{name: http, port: $ORIGIN_PORT}]
endpoints:
  - addresses: ["127.0.0.1"]
YAML
    awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) printf "---\n" \
      "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: h%d, namespace: bench}\n" \
      "spec:\n  ingressClassName: gatehouse\n  rules:\n  - host: h%d.bench.example\n    http:\n      paths:\n" \
      "      - {path: /, pathType: Prefix, backend: {service: {name: origin, port: {number: 80}}}}\n", i, i }'
  } >"$2/bench.yaml"
}

origin_conf() { # DIR
  mkdir -p "$1"/tmp/{body,proxy,fastcgi,uwsgi,scgi}
  cat >"$1/nginx.conf" <<CONF
worker_processes 1;
pid $1/nginx.pid;
error_log $1/error.log warn;
worker_rlimit_nofile 65536;
events { worker_connections 16384; }
http {
    access_log off;
    server_tokens off;
    default_type text/plain;
    keepalive_requests 10000000;
    keepalive_timeout 600s;
    client_body_temp_path $1/tmp/body;
    proxy_temp_path $1/tmp/proxy;
    fastcgi_temp_path $1/tmp/fastcgi;
    uwsgi_temp_path $1/tmp/uwsgi;
    scgi_temp_path $1/tmp/scgi;
    server {
        listen 127.0.0.1:$ORIGIN_PORT backlog=4096;
        location / { return 200 "hello\n"; }
    }
}
CONF
}

cat >"$RUN/spread.lua" <<'LUA'
-- Round-robin over the Host names h1..hN.bench.example (N from the HOSTS environment variable):
-- each request names another host than the one before. Requests are built once, in init.
local reqs = {}
local n = 0
function init(args)
  local hosts = tonumber(os.getenv("HOSTS"))
  for i = 1, hosts do
    reqs[i] = wrk.format("GET", "/", { ["Host"] = "h" .. i .. ".bench.example" })
  end
end
function request()
  n = n % #reqs + 1
  return reqs[n]
end
LUA

{ echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')  kernel: $(uname -r)  cpus: $(nproc)"
  echo "pinning: proxy+origin=$PROXY_CPUS load=$LOAD_CPUS  wrk -t1 -c$CONNS  duration=${DURATION}s warmup=${WARMUP}s"
  echo "jar: $jar ($(stat -c '%y' "$jar"))  java opts: $java_opts  args: ${GATEHOUSE_ARGS:-}"
  java -version 2>&1 | head -1; nginx -v 2>&1; wrk -v 2>&1 | head -1; } >"$RUN/versions.txt" || true
for n in $HOSTS; do manifests "$n" "$RUN/manifests-$n"; done
printf 'hosts\tround\trps\tp50_ms\tp99_ms\terrors\tcpu_busy_pct\tsubject_cpu_us_per_req\tload_avg\n' >"$RUN/results.tsv"
log "run dir $RUN"

# ---------------------------------------------------------------- runs
for round in $(seq 1 "$ROUNDS"); do
  for n in $HOSTS; do
    dir=$RUN/$n-$round
    mkdir -p "$dir"
    origin_conf "$dir/origin"
    start_group "$dir/origin/stdout.log" "$PROXY_CPUS" nginx -e "$dir/origin/error.log" -p "$dir/origin/" \
      -c "$dir/origin/nginx.conf" -g 'daemon off;'
    origin_pg=$LAST_PG
    wait_200 "http://127.0.0.1:$ORIGIN_PORT/" x "$origin_pg" 10 || die "origin did not start ($dir/origin)"

    # shellcheck disable=SC2086 # word splitting of the option strings is intended
    start_group "$dir/gatehouse.log" "$PROXY_CPUS" java $java_opts -jar "$jar" run \
      --manifests "$RUN/manifests-$n" --bind-address 127.0.0.1 \
      --http-port "$HTTP_PORT" --https-port "$HTTPS_PORT" --admin-port "$ADMIN_PORT" \
      --access-log-file "$ACCESS_LOG_FILE" --shutdown-delay 0s --shutdown-grace-period 2s ${GATEHOUSE_ARGS:-}
    gh_pg=$LAST_PG
    wait_200 "http://127.0.0.1:$HTTP_PORT/" "h$n.bench.example" "$gh_pg" 120 ||
      { tail -n 20 "$dir/gatehouse.log" >&2; die "Gatehouse did not serve h$n.bench.example"; }
    wait_200 "http://127.0.0.1:$HTTP_PORT/" "h1.bench.example" "$gh_pg" 10 || die "h1.bench.example not served"

    url=http://127.0.0.1:$HTTP_PORT/
    HOSTS=$n timeout -k 5 $((WARMUP + 30)) taskset -c "$LOAD_CPUS" wrk -t1 -c"$CONNS" -d"${WARMUP}s" \
      -s "$RUN/spread.lua" "$url" >"$dir/warmup.txt" 2>&1 || true
    sleep 1
    g0=$(group_ticks "$gh_pg"); c0=$(cpu_snap)
    HOSTS=$n timeout -k 5 $((DURATION + 30)) taskset -c "$LOAD_CPUS" wrk -t1 -c"$CONNS" -d"${DURATION}s" \
      --latency -s "$RUN/spread.lua" "$url" >"$dir/wrk.txt" 2>&1 || log "  wrk exited $?"
    c1=$(cpu_snap); g1=$(group_ticks "$gh_pg")
    read -r rps p50 p99 err <<<"$(parse_wrk "$dir/wrk.txt")"
    busy=$(cpu_busy "$c0" "$c1")
    us=$(awk -v t=$((g1 - g0)) -v hz="$(getconf CLK_TCK)" -v n=$((rps * DURATION)) \
      'BEGIN { printf "%.1f\n", n ? t / hz * 1e6 / n : 0 }')
    la=$(cut -d' ' -f1 /proc/loadavg)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$round" "$rps" "$p50" "$p99" "$err" "$busy" "$us" "$la" \
      >>"$RUN/results.tsv"
    log "$(printf 'hosts %6s round %s: %7s req/s  p50 %6s  p99 %7s ms  errors %s  busy%% %s  gatehouse %s us/req  load %s' \
      "$n" "$round" "$rps" "$p50" "$p99" "$err" "$busy" "$us" "$la")"

    stop_group "$gh_pg"
    stop_group "$origin_pg"
    PGIDS=()
    sleep 1
  done
done

awk -F'\t' 'NR > 1 { if (!($1 in n)) order[++k] = $1; n[$1]++; rps[$1] += $3; p99[$1] += $5; err[$1] += $6; us[$1] += $8 }
  END { first = order[1]
    printf "%-8s %10s %10s %8s %12s %s\n", "hosts", "req/s", "p99 ms", "errors", "us/req", "ratio to " first " host(s)"
    for (i = 1; i <= k; i++) { h = order[i]
      printf "%-8s %10.0f %10.3f %8d %12.1f %.3f\n", h, rps[h] / n[h], p99[h] / n[h], err[h], us[h] / n[h],
        (rps[h] / n[h]) / (rps[first] / n[first]) } }' "$RUN/results.tsv" | tee "$RUN/summary.txt"
log "done: $RUN"
