#!/usr/bin/env bash
# Runs Gatehouse as a `cmd:` subject of ../shared/bench/peers.sh (see its header for the contract):
# folder mode, with manifests generated from the BENCH_* environment, and the benchmark
# certificate as the default certificate.
#
#   BENCH_WARMUP=10 ../shared/bench/peers.sh nginx haproxy \
#     "gatehouse=cmd:exec $PWD/bench/gatehouse-subject.sh"
#
# Another build: GATEHOUSE_JAR (default controller/target/gatehouse.jar).
# Extra JVM flags: GATEHOUSE_JAVA_OPTS (default below). Extra gatehouse flags: GATEHOUSE_ARGS
# (e.g. "--access-log off" to measure without the access log; metrics are always on).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
jar="${GATEHOUSE_JAR:-$here/controller/target/gatehouse.jar}"
[ -f "$jar" ] || { echo "build first: mvn -B -ntp -DskipTests package" >&2; exit 1; }
: "${BENCH_HTTP_PORT:?}" "${BENCH_TLS_PORT:?}" "${BENCH_UPSTREAMS:?}" "${BENCH_CERT:?}" "${BENCH_KEY:?}"
work="${BENCH_WORKDIR:-$(mktemp -d)}/gatehouse-manifests"
mkdir -p "$work"

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
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: bench, namespace: bench}
spec:
  ingressClassName: gatehouse
  defaultBackend:
    service: {name: origin, port: {number: 80}}
---
apiVersion: v1
kind: Secret
metadata: {name: bench-cert, namespace: bench}
type: kubernetes.io/tls
stringData:
  tls.crt: |
$(sed 's/^/    /' "$BENCH_CERT")
  tls.key: |
$(sed 's/^/    /' "$BENCH_KEY")
YAML
} > "$work/bench.yaml"
# One EndpointSlice per upstream, each in a file of its own (origin-N.yaml): each may have its
# own port, and bench/swap-subject.sh rewrites one of them while the proxy serves.
i=0
IFS=',' read -ra ups <<< "$BENCH_UPSTREAMS"
for up in "${ups[@]}"; do
  i=$((i + 1))
  cat > "$work/origin-$i.yaml" <<YAML
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: origin-$i
  namespace: bench
  labels: {kubernetes.io/service-name: origin}
addressType: IPv4
ports: [{name: http, port: ${up##*:}}]
endpoints:
  - addresses: ["${up%:*}"]
YAML
done

# The JVM counts whole: it runs pinned with its JIT and GC on the subject's CPUs; event loops
# are sized from availableProcessors(), which follows the taskset mask. The collector is the
# one the image and the Deployment name, and so is the JIT's trap limit (Dockerfile;
# DockerfileTest checks they agree).
exec java ${GATEHOUSE_JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseParallelGC -XX:PerMethodTrapLimit=0 -XX:+AlwaysPreTouch} -jar "$jar" run \
  --manifests "$work" --bind-address 127.0.0.1 \
  --http-port "$BENCH_HTTP_PORT" --https-port "$BENCH_TLS_PORT" --admin-port "${GATEHOUSE_ADMIN_PORT:-19090}" \
  --default-certificate bench/bench-cert --shutdown-delay 0s --shutdown-grace-period 2s \
  ${GATEHOUSE_ARGS:-}
