package dev.gatehouse.dataplane.metrics;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.dataplane.ExchangeInfo;
import dev.gatehouse.dataplane.ExchangeInfo.Outcome;
import dev.gatehouse.dataplane.ExchangeListener;
import dev.gatehouse.dataplane.ProxyServer;
import dev.gatehouse.dataplane.accesslog.AccessLog;
import dev.gatehouse.dataplane.table.Route;
import dev.gatehouse.dataplane.table.RoutingTable;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's Micrometer meters, as an {@link ExchangeListener}. The meter names and labels are
 * listed in the package documentation.
 *
 * <p>Per-route meters are resolved when a table is published, not per request:
 * {@link #prepare} gives every route of the table the {@link RouteMeters} of its
 * {@link RouteKey} (reusing the instance a previous table had for an equal key; keys the new table
 * no longer has leave the scrape), and {@link #onExchangeEnd} finds them in
 * {@link Route#telemetry()}. The per-route families are not Micrometer meters but a
 * {@link RouteCollector} on the Prometheus registry underneath a {@link PrometheusMeterRegistry}
 * (the one /metrics serves); given another registry, only the proxy-wide meters are registered.
 *
 * <p>Thread-safety: {@link #onExchangeEnd} runs on any event loop and takes no lock;
 * {@link #prepare} and the {@code bind} methods are called off the event loops.
 */
public final class ProxyMetrics implements ExchangeListener {

    public static final String REQUESTS = "gatehouse.requests";
    public static final String REQUEST_DURATION = "gatehouse.request.duration";
    public static final String UPSTREAM_RESPONSE_DURATION = "gatehouse.upstream.response.duration";
    public static final String UPSTREAM_CONNECT_DURATION = "gatehouse.upstream.connect.duration";
    public static final String REQUEST_BODY = "gatehouse.request.body";
    public static final String RESPONSE_BODY = "gatehouse.response.body";
    public static final String UPSTREAM_ERRORS = "gatehouse.upstream.errors";
    public static final String DOWNSTREAM_ERRORS = "gatehouse.downstream.errors";
    public static final String REQUESTS_ACTIVE = "gatehouse.requests.active";
    public static final String DOWNSTREAM_CONNECTIONS = "gatehouse.downstream.connections";
    public static final String UPSTREAM_CONNECTIONS = "gatehouse.upstream.connections";
    public static final String UPSTREAM_IDLE_CONNECTIONS = "gatehouse.upstream.idle.connections";
    public static final String TABLE_HOSTS = "gatehouse.table.hosts";
    public static final String TABLE_ROUTES = "gatehouse.table.routes";
    public static final String TABLE_BACKENDS = "gatehouse.table.backends";
    public static final String TABLE_ENDPOINTS = "gatehouse.table.endpoints";
    public static final String TLS_HANDSHAKES = "gatehouse.tls.handshakes";
    public static final String TLS_HANDSHAKE_FAILURES = "gatehouse.tls.handshake.failures";
    public static final String ACCESS_LOG_DROPPED = "gatehouse.access.log.dropped";

    public static final String TAG_HOST = "host";
    public static final String TAG_INGRESS_NAMESPACE = "ingress_namespace";
    public static final String TAG_INGRESS = "ingress";
    public static final String TAG_SERVICE = "service";
    public static final String TAG_STATUS_CLASS = "status_class";
    public static final String TAG_CAUSE = "cause";
    public static final String TAG_PROTOCOL = "protocol";

    private static final Duration[] CONNECT_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5),
    };

    private final MeterRegistry registry;
    private final RouteMeters unrouted;
    /** By {@link Outcome#ordinal()}; {@code null} for outcomes that are not errors. */
    private final Counter[] errors = new Counter[Outcome.values().length];
    private final Timer connect;

    /** Meters of the keys of the last published table; written under {@code this}, read by scrapes. */
    private volatile Map<RouteKey, RouteMeters> live = Map.of();
    private volatile TableSize size = TableSize.of(RoutingTable.EMPTY);

    public ProxyMetrics(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
        this.unrouted = new RouteMeters(RouteKey.NO_ROUTE);
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            prometheus.getPrometheusRegistry().register(new RouteCollector(this::routeMeters));
        }
        error(Outcome.NO_ENDPOINT, UPSTREAM_ERRORS, "no_endpoint");
        error(Outcome.CONNECT_FAILED, UPSTREAM_ERRORS, "connect_failed");
        error(Outcome.UPSTREAM_RESET, UPSTREAM_ERRORS, "reset");
        error(Outcome.UPSTREAM_TIMEOUT, UPSTREAM_ERRORS, "timeout");
        error(Outcome.UPSTREAM_ABORTED, UPSTREAM_ERRORS, "aborted");
        error(Outcome.REJECTED, DOWNSTREAM_ERRORS, "rejected");
        error(Outcome.CLIENT_ABORTED, DOWNSTREAM_ERRORS, "client_aborted");
        this.connect = Timer.builder(UPSTREAM_CONNECT_DURATION)
                .description("Time to open a new upstream connection (successful connects)")
                .serviceLevelObjectives(CONNECT_BUCKETS)
                .register(registry);
        Gauge.builder(TABLE_HOSTS, this, m -> m.size.hosts())
                .description("Virtual hosts in the live routing table").register(registry);
        Gauge.builder(TABLE_ROUTES, this, m -> m.size.routes())
                .description("Routes in the live routing table, the default backend's included").register(registry);
        Gauge.builder(TABLE_BACKENDS, this, m -> m.size.backends())
                .description("Distinct backends in the live routing table").register(registry);
        Gauge.builder(TABLE_ENDPOINTS, this, m -> m.size.endpoints())
                .description("Endpoints of the backends in the live routing table, usable or not").register(registry);
    }

    private void error(Outcome outcome, String name, String cause) {
        String description = name.equals(UPSTREAM_ERRORS)
                ? "Upstream failures by cause: no_endpoint (503), connect_failed (502), reset (502), timeout (504),"
                        + " aborted (the response was cut after it started)"
                : "Exchanges the client spoiled: rejected (400, malformed request), client_aborted (went away"
                        + " before the end)";
        errors[outcome.ordinal()] = Counter.builder(name).description(description).tag(TAG_CAUSE, cause)
                .register(registry);
    }

    @Override
    public synchronized RoutingTable prepare(RoutingTable table) {
        Map<RouteKey, RouteMeters> next = new HashMap<>();
        RoutingTable prepared = table.withTelemetry((vh, route) -> meters(next, RouteKey.of(vh, route)));
        live = next; // the keys the new table no longer has leave the scrape with the old map
        size = TableSize.of(prepared);
        return prepared;
    }

    private RouteMeters meters(Map<RouteKey, RouteMeters> next, RouteKey key) {
        if (key.equals(RouteKey.NO_ROUTE)) {
            return unrouted;
        }
        RouteMeters m = next.get(key);
        if (m == null) {
            m = live.get(key);
            if (m == null) {
                m = new RouteMeters(key);
            }
            next.put(key, m);
        }
        return m;
    }

    /** Scrape: the meters of the no-route set and of the live table's keys. */
    private List<RouteMeters> routeMeters() {
        Map<RouteKey, RouteMeters> keys = live;
        List<RouteMeters> all = new ArrayList<>(keys.size() + 1);
        all.add(unrouted);
        all.addAll(keys.values());
        return all;
    }

    /** Event loop: the hot path; see {@link RouteMeters#record}. */
    @Override
    public void onExchangeEnd(ExchangeInfo e) {
        Route route = e.route();
        RouteMeters m = route != null && route.telemetry() instanceof RouteMeters rm ? rm : unrouted;
        m.record(e);
        Outcome outcome = e.outcome();
        Counter error = errors[outcome.ordinal()];
        if (error != null) {
            error.increment();
        }
        long connectNanos = e.upstreamConnectNanos();
        if (connectNanos >= 0 && outcome != Outcome.CONNECT_FAILED) {
            connect.record(connectNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Registers the gauges of {@code server}'s connections and exchanges in flight. */
    public void bind(ProxyServer server) {
        requireNonNull(server, "server");
        Gauge.builder(REQUESTS_ACTIVE, server, ProxyServer::activeRequests)
                .description("Exchanges in flight").register(registry);
        Gauge.builder(DOWNSTREAM_CONNECTIONS, server, ProxyServer::clientConnections)
                .description("Open client connections").register(registry);
        Gauge.builder(UPSTREAM_CONNECTIONS, server, ProxyServer::upstreamConnections)
                .description("Open upstream connections, busy or idle").register(registry);
        Gauge.builder(UPSTREAM_IDLE_CONNECTIONS, server, ProxyServer::idleUpstreamConnections)
                .description("Idle pooled upstream connections").register(registry);
    }

    /**
     * Registers a TLS listener's handshake counters: by negotiated protocol, and failures. For the
     * HTTPS listener: {@code bindTls(TlsHandshakeStats.of(List.of("h2", "http/1.1"),
     * server::tlsHandshakes, server::tlsHandshakeFailures))}.
     */
    public void bindTls(TlsHandshakeStats tls) {
        requireNonNull(tls, "tls");
        for (String protocol : tls.protocols()) {
            FunctionCounter.builder(TLS_HANDSHAKES, tls, t -> t.handshakes(protocol))
                    .description("Completed TLS handshakes by negotiated protocol (ALPN)")
                    .tag(TAG_PROTOCOL, protocol).register(registry);
        }
        FunctionCounter.builder(TLS_HANDSHAKE_FAILURES, tls, TlsHandshakeStats::handshakeFailures)
                .description("Failed TLS handshakes").register(registry);
    }

    /** Registers the count of access log lines dropped because the writer fell behind. */
    public void bindAccessLog(AccessLog log) {
        requireNonNull(log, "log");
        FunctionCounter.builder(ACCESS_LOG_DROPPED, log, AccessLog::dropped)
                .description("Access log lines dropped because the writer fell behind (or could not write)")
                .register(registry);
    }
}
