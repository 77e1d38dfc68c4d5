# Gatehouse container image. Build from the repository root:
#   docker build -t ghcr.io/gatehouse-dev/gatehouse:0.1.0 .
# DockerfileTest checks the jar path, ports, user and Netty work directory against
# controller/src/main/java/dev/gatehouse/controller/cli/Defaults.java and manifests/base.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Poms first: the dependency layer is rebuilt only when a pom changes, not on every edit.
COPY pom.xml ./
COPY tls/pom.xml tls/
COPY dataplane/pom.xml dataplane/
COPY controller/pom.xml controller/
COPY conformance/pom.xml conformance/
RUN mvn -B -ntp dependency:go-offline -pl controller -am
# .dockerignore lets only the poms and src/main of each module through.
COPY . .
RUN mvn -B -ntp -DskipTests package -pl controller -am

FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="Gatehouse" \
      org.opencontainers.image.description="Kubernetes Ingress controller with an embedded Netty reverse proxy" \
      org.opencontainers.image.source="https://github.com/gatehouse-dev/gatehouse"
# A numeric non-root user, so that Kubernetes' runAsNonRoot can verify it without a passwd
# lookup; the manifests run as the same uid. Netty unpacks its native transport and TLS
# libraries into an exec-able directory of its own (DEPENDENCIES.md trap 3); in Kubernetes
# an emptyDir is mounted there because the root file system is read-only.
RUN groupadd --system --gid 10001 gatehouse \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin gatehouse \
 && mkdir -p /var/run/gatehouse/netty \
 && chown -R 10001:10001 /var/run/gatehouse
COPY --from=build /src/controller/target/gatehouse.jar /opt/gatehouse/gatehouse.jar
# Heap is half the container's memory: Netty's direct buffers, metaspace and thread stacks
# need the rest. The collector is named, not left to JVM ergonomics (which pick Serial under
# 2 CPUs or 1792 MB, G1 above, so the 1Gi pod ran Serial while the benchmarks measured
# Parallel): the parallel collector, whose young pauses measured 0.7-0.9 ms against Serial's
# 1.2-2.6 ms on the pinned benchmark core (docs/benchmarks.md, issue #7). bench/*.sh run the
# same collector; DockerfileTest checks that the image, the Deployment and they agree.
# PerMethodTrapLimit=0: C2 compiles the branches it has not seen taken instead of trapping on
# them. With the default, the first connections to close after a keep-alive phase take such
# branches in the inlined read/write path, C2 throws that code away and the proxy runs
# interpreted/C1 code while it recompiles on the same core: HTTP/2 throughput halved for
# seconds (docs/benchmarks.md, "Session 5").
ENV JAVA_TOOL_OPTIONS="-XX:+UseParallelGC -XX:PerMethodTrapLimit=0 -XX:MaxRAMPercentage=50 -XX:MaxDirectMemorySize=256m -XX:+ExitOnOutOfMemoryError -Dio.netty.native.workdir=/var/run/gatehouse/netty"
USER 10001:10001
# http, https, admin (/healthz, /readyz, /metrics)
EXPOSE 8080 8443 9090
ENTRYPOINT ["java", "-jar", "/opt/gatehouse/gatehouse.jar"]
CMD ["run"]
