package dev.gatehouse.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.dataplane.metrics.ProxyMetrics;
import dev.gatehouse.dataplane.metrics.Scrape;
import dev.gatehouse.dataplane.table.Backend;
import dev.gatehouse.dataplane.table.PathMatch;
import dev.gatehouse.dataplane.table.Route;
import dev.gatehouse.dataplane.table.RoutingTable;
import dev.gatehouse.dataplane.table.VirtualHost;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The proxy's meters over real sockets, read back from a Prometheus registry. */
class ProxyMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final TestBackend a = new TestBackend("a");
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ProxyMetrics metrics = new ProxyMetrics(registry);
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        a.close();
    }

    private ProxyServer proxy(ProxyConfig config, RoutingTable table) {
        ProxyServer p = ProxyServer.start(config, table, metrics);
        metrics.bind(p);
        closeables.add(p);
        return p;
    }

    private RawClient client(ProxyServer p) throws Exception {
        RawClient c = new RawClient(p.httpPort());
        closeables.add(c);
        return c;
    }

    private static Route route(String path, Backend backend, String service) {
        return new Route(new PathMatch.Prefix(path), backend, new Route.Origin("shop", "web", service));
    }

    /** shop.example: {@code /cart} to backend a, {@code /down} to a backend without endpoints. */
    private RoutingTable shop() {
        return RoutingTable.of(List.of(new VirtualHost("shop.example", List.of(
                route("/cart", Tables.backend("shop/cart:80", a.port()), "cart"),
                route("/down", Backend.unavailable("shop/down:80", "no ready pods"), "down")))), null);
    }

    /** The labels of a shop.example route's series (or of the no-route set for host {@code _}). */
    private static String labels(String host, String service) {
        return Scrape.route(host, host.equals("_") ? "" : "shop", host.equals("_") ? "" : "web", service);
    }

    /** The exported request count of one route and status class (NaN when the series is absent). */
    private double requests(String host, String service, String statusClass) {
        return Scrape.value(registry, "gatehouse_requests_total",
                labels(host, service) + ",status_class=\"" + statusClass + "\"");
    }

    private double upstreamErrors(String cause) {
        return registry.get(ProxyMetrics.UPSTREAM_ERRORS).tag("cause", cause).counter().count();
    }

    @Test
    void requestsAreCountedByHostIngressServiceAndStatusClass() throws Exception {
        ProxyServer p = proxy(Tables.config(), shop());
        RawClient c = client(p);
        for (int i = 0; i < 3; i++) {
            c.send("GET /cart/items HTTP/1.1\r\nHost: shop.example\r\n\r\n");
            assertThat(c.read().bodyText()).isEqualTo("hello from a");
        }
        c.send("POST /cart/count HTTP/1.1\r\nHost: shop.example\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(c.read().bodyText()).isEqualTo("hello from a");

        await().atMost(WAIT).untilAsserted(() -> assertThat(requests("shop.example", "cart", "2xx")).isEqualTo(4));
        String cart = labels("shop.example", "cart");
        assertThat(Scrape.value(registry, "gatehouse_request_duration_seconds_count", cart)).isEqualTo(4);
        assertThat(Scrape.value(registry, "gatehouse_request_duration_seconds_sum", cart)).isPositive();
        // The _max gauges (largest of the last one to two ~69 s windows) are checked in RouteScrapeTest.
        assertThat(Scrape.value(registry, "gatehouse_upstream_response_duration_seconds_count", cart)).isEqualTo(4);
        assertThat(Scrape.value(registry, "gatehouse_upstream_response_duration_seconds_sum", cart)).isPositive();
        assertThat(Scrape.value(registry, "gatehouse_request_body_bytes_total", cart)).isEqualTo(5);
        assertThat(Scrape.value(registry, "gatehouse_response_body_bytes_total", cart))
                .isEqualTo(4 * "hello from a".length());
        // One keep-alive client connection, one pooled upstream connection: one connect timed.
        assertThat(registry.get(ProxyMetrics.UPSTREAM_CONNECT_DURATION).timer().count()).isEqualTo(1);
        assertThat(requests("shop.example", "cart", "5xx")).isZero();

        String text = registry.scrape();
        assertThat(text).contains("gatehouse_requests_total{host=\"shop.example\",ingress=\"web\","
                + "ingress_namespace=\"shop\",service=\"cart\",status_class=\"2xx\"} 4");
        assertThat(text).contains("gatehouse_request_duration_seconds_bucket{host=\"shop.example\",ingress=\"web\","
                + "ingress_namespace=\"shop\",service=\"cart\",le=\"+Inf\"} 4");
        assertThat(text).contains("gatehouse_request_body_bytes_total{host=\"shop.example\"");
        assertThat(text).contains("gatehouse_response_body_bytes_total{host=\"shop.example\"");
        assertThat(text).contains("gatehouse_upstream_connect_duration_seconds_bucket{le=\"0.005\"}");
    }

    @Test
    void noRouteAndRejectedRequestsCountUnderTheFixedSet() throws Exception {
        RawClient c = client(proxy(Tables.config(), shop()));
        c.send("GET / HTTP/1.1\r\nHost: unknown.example\r\n\r\n");
        assertThat(c.read().status()).isEqualTo(404);
        c.send("GET /elsewhere HTTP/1.1\r\nHost: shop.example\r\n\r\n");
        assertThat(c.read().status()).isEqualTo(404);
        RawClient bad = client(proxy(Tables.config(), shop()));
        bad.send("GET / HTTP/1.1\r\nHost: shop.example\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n");
        assertThat(bad.read().status()).isEqualTo(400);
        await().atMost(WAIT).untilAsserted(() -> assertThat(requests("_", "", "4xx")).isEqualTo(3));
        assertThat(registry.get(ProxyMetrics.DOWNSTREAM_ERRORS).tag("cause", "rejected").counter().count()).isEqualTo(1);
        assertThat(registry.scrape()).contains("gatehouse_requests_total{host=\"_\",ingress=\"\",ingress_namespace=\"\","
                + "service=\"\",status_class=\"4xx\"} 3");
    }

    @Test
    void upstreamFailuresAreCountedByCause() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            closedPort = s.getLocalPort();
        }
        RoutingTable table = RoutingTable.of(List.of(new VirtualHost("shop.example", List.of(
                route("/", Tables.backend("shop/cart:80", a.port()), "cart"),
                route("/down", Backend.unavailable("shop/down:80", "no ready pods"), "down"),
                route("/gone", Tables.backend("shop/gone:80", closedPort), "gone")))), null);
        ProxyConfig config = Tables.config().withResponseTimeout(Duration.ofMillis(300));
        RawClient c = client(proxy(config, table));
        c.send("GET /down HTTP/1.1\r\nHost: shop.example\r\n\r\n");
        assertThat(c.read().status()).isEqualTo(503);
        c.send("GET /gone HTTP/1.1\r\nHost: shop.example\r\n\r\n");
        assertThat(c.read().status()).isEqualTo(502);
        c.send("GET /slow HTTP/1.1\r\nHost: shop.example\r\n\r\n");
        assertThat(c.read().status()).isEqualTo(504);
        // A fresh connection, so that the reset is not taken for a stale pooled one and retried.
        RawClient r = client(proxy(config, table));
        r.send("GET /reset HTTP/1.1\r\nHost: shop.example\r\n\r\n");
        assertThat(r.read().status()).isEqualTo(502);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(upstreamErrors("no_endpoint")).isEqualTo(1);
            assertThat(upstreamErrors("connect_failed")).isEqualTo(1);
            assertThat(upstreamErrors("reset")).isEqualTo(1);
            assertThat(upstreamErrors("timeout")).isEqualTo(1);
        });
        assertThat(upstreamErrors("aborted")).isZero();
        // The first proxy's connections: refused (never open), timed out (closed): none left.
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(registry.get(ProxyMetrics.UPSTREAM_CONNECTIONS).gauge().value()).isZero());
        assertThat(requests("shop.example", "down", "5xx")).isEqualTo(1);
        assertThat(requests("shop.example", "gone", "5xx")).isEqualTo(1);
        assertThat(requests("shop.example", "cart", "5xx")).isEqualTo(2);
    }

    @Test
    void connectionGaugesFollowTheSockets() throws Exception {
        ProxyServer p = proxy(Tables.config(), Tables.catchAll("test/a", a.port()));
        RawClient c = client(p);
        assertThat(c.get("/", "").read().status()).isEqualTo(200);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(registry.get(ProxyMetrics.DOWNSTREAM_CONNECTIONS).gauge().value()).isEqualTo(1);
            assertThat(registry.get(ProxyMetrics.UPSTREAM_CONNECTIONS).gauge().value()).isEqualTo(1);
            assertThat(registry.get(ProxyMetrics.UPSTREAM_IDLE_CONNECTIONS).gauge().value()).isEqualTo(1);
            assertThat(registry.get(ProxyMetrics.REQUESTS_ACTIVE).gauge().value()).isZero();
        });
        c.close();
        a.closeAllConnections();
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(registry.get(ProxyMetrics.DOWNSTREAM_CONNECTIONS).gauge().value()).isZero();
            assertThat(registry.get(ProxyMetrics.UPSTREAM_CONNECTIONS).gauge().value()).isZero();
        });
    }

    @Test
    void swappingKeepsMetersOfRoutesThatStayAndDropsTheOthers() throws Exception {
        ProxyServer p = proxy(Tables.config(), shop());
        RawClient c = client(p);
        c.send("GET /cart HTTP/1.1\r\nHost: shop.example\r\n\r\n");
        assertThat(c.read().status()).isEqualTo(200);
        await().atMost(WAIT).untilAsserted(() -> assertThat(requests("shop.example", "cart", "2xx")).isEqualTo(1));
        p.swap(RoutingTable.of(List.of(new VirtualHost("shop.example", List.of(
                route("/cart", Tables.backend("shop/cart:80", a.port()), "cart")))), null));
        assertThat(p.table()).isEqualTo(RoutingTable.of(List.of(new VirtualHost("shop.example", List.of(
                route("/cart", Tables.backend("shop/cart:80", a.port()), "cart")))), null));
        assertThat(Scrape.count(registry, "gatehouse_requests_total", "service=\"down\"")).isZero();
        c.send("GET /cart HTTP/1.1\r\nHost: shop.example\r\n\r\n");
        assertThat(c.read().status()).isEqualTo(200);
        // The route that stayed keeps counting from where it was.
        await().atMost(WAIT).untilAsserted(() -> assertThat(requests("shop.example", "cart", "2xx")).isEqualTo(2));
    }
}
