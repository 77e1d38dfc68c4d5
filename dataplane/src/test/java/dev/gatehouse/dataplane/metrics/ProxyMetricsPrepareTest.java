package dev.gatehouse.dataplane.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.dataplane.table.Backend;
import dev.gatehouse.dataplane.table.Endpoint;
import dev.gatehouse.dataplane.table.PathMatch;
import dev.gatehouse.dataplane.table.Route;
import dev.gatehouse.dataplane.table.RoutingTable;
import dev.gatehouse.dataplane.table.VirtualHost;
import dev.gatehouse.dataplane.ExchangeInfo;
import dev.gatehouse.dataplane.metrics.RouteScrapeTest.Done;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Meters are resolved when a table is published: reused for equal keys, removed with their routes. */
class ProxyMetricsPrepareTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ProxyMetrics metrics = new ProxyMetrics(registry);

    private static Backend backend(String name, int port) {
        return Backend.of(name, List.of(Endpoint.ready("10.0.0.1", port)));
    }

    private static Route route(String path, String ingress, String service, int port) {
        return new Route(new PathMatch.Prefix(path), backend("shop/" + service + ":80", port),
                new Route.Origin("shop", ingress, service));
    }

    private static RoutingTable table(Route... shopRoutes) {
        return RoutingTable.of(List.of(
                new VirtualHost("shop.example", List.of(shopRoutes)),
                new VirtualHost(VirtualHost.ANY_HOST, List.of(route("/", "fallback", "web", 9)))),
                backend("default/backend:80", 10));
    }

    private static RouteMeters meters(RoutingTable t, String host, String path) {
        VirtualHost vh = t.virtualHost(host);
        return (RouteMeters) vh.match(path).telemetry();
    }

    private long requestCounters() {
        return Scrape.count(registry, "gatehouse_requests_total", "");
    }

    private static final String CART = Scrape.route("shop.example", "shop", "web", "cart");

    private void served(RoutingTable t, String path, int status) {
        Route r = t.virtualHost("shop.example").match(path);
        metrics.onExchangeEnd(new Done(r, status, ExchangeInfo.Outcome.PROXIED, 1_000, 1_000, 0, 0));
    }

    @Test
    void everyRouteGetsItsMetersAndTheTableStaysEqual() {
        RoutingTable raw = table(route("/cart", "web", "cart", 1), route("/", "web", "front", 2));
        RoutingTable t = metrics.prepare(raw);
        assertThat(t).isEqualTo(raw);
        assertThat(t.virtualHosts()).allSatisfy(vh ->
                assertThat(vh.routes()).allSatisfy(r -> assertThat(r.telemetry()).isInstanceOf(RouteMeters.class)));
        assertThat(t.defaultRoute().telemetry()).isInstanceOf(RouteMeters.class);
        assertThat(meters(t, "shop.example", "/cart")).isNotSameAs(meters(t, "shop.example", "/"));
        // 4 keys (cart, front, host-less, default) + the no-route set, 5 status classes each.
        assertThat(requestCounters()).isEqualTo(5 * 5);
        served(t, "/cart", 200);
        assertThat(Scrape.value(registry, "gatehouse_requests_total", CART + ",status_class=\"2xx\"")).isEqualTo(1);
        metrics.onExchangeEnd(new Done(t.defaultRoute(), 503, ExchangeInfo.Outcome.NO_ENDPOINT, 1_000, -1, 0, 0));
        assertThat(Scrape.value(registry, "gatehouse_requests_total",
                Scrape.route("*", "", "", "") + ",status_class=\"5xx\"")).isEqualTo(1);
    }

    @Test
    void pathsOfOneIngressAndServiceShareMeters() {
        RoutingTable t = metrics.prepare(table(route("/a", "web", "cart", 1), route("/b", "web", "cart", 1)));
        assertThat(meters(t, "shop.example", "/a")).isSameAs(meters(t, "shop.example", "/b"));
    }

    @Test
    void anEqualTableReusesTheSameMeterInstances() {
        RoutingTable first = metrics.prepare(table(route("/cart", "web", "cart", 1)));
        served(first, "/cart", 200);
        // Same keys, other endpoints: a new table that routes the same Ingress and Service.
        RoutingTable second = metrics.prepare(table(route("/cart", "web", "cart", 7)));
        assertThat(meters(second, "shop.example", "/cart")).isSameAs(meters(first, "shop.example", "/cart"));
        assertThat(second.defaultRoute().telemetry()).isSameAs(first.defaultRoute().telemetry());
        // The counts go on from the first table's.
        served(second, "/cart", 200);
        assertThat(Scrape.value(registry, "gatehouse_requests_total", CART + ",status_class=\"2xx\"")).isEqualTo(2);
    }

    @Test
    void metersOfRemovedRoutesLeaveTheScrape() {
        RoutingTable first = metrics.prepare(table(route("/cart", "web", "cart", 1), route("/", "web", "front", 2)));
        served(first, "/", 200);
        assertThat(Scrape.count(registry, "gatehouse_requests_total", "service=\"front\"")).isEqualTo(5);
        metrics.prepare(table(route("/cart", "web", "cart", 1)));
        for (String family : List.of("gatehouse_requests_total", "gatehouse_request_duration_seconds_bucket",
                "gatehouse_request_duration_seconds_max", "gatehouse_upstream_response_duration_seconds_count",
                "gatehouse_request_body_bytes_total", "gatehouse_response_body_bytes_total")) {
            assertThat(Scrape.count(registry, family, "service=\"front\"")).as(family).isZero();
        }
        assertThat(Scrape.count(registry, "gatehouse_requests_total", "service=\"cart\"")).isEqualTo(5);
        // A route that comes back starts from zero.
        metrics.prepare(table(route("/cart", "web", "cart", 1), route("/", "web", "front", 2)));
        assertThat(Scrape.value(registry, "gatehouse_requests_total",
                Scrape.route("shop.example", "shop", "web", "front") + ",status_class=\"2xx\"")).isZero();
    }

    @Test
    void theNoRouteSetIsNeverRemoved() {
        metrics.prepare(table(route("/cart", "web", "cart", 1)));
        metrics.prepare(RoutingTable.EMPTY);
        assertThat(requestCounters()).isEqualTo(5);
        assertThat(Scrape.value(registry, "gatehouse_requests_total",
                Scrape.route("_", "", "", "") + ",status_class=\"4xx\"")).isZero();
    }

    @Test
    void tableSizeIsCountedAtPublication() {
        metrics.prepare(table(route("/cart", "web", "cart", 1), route("/", "web", "front", 2)));
        assertThat(registry.get(ProxyMetrics.TABLE_HOSTS).gauge().value()).isEqualTo(2);
        assertThat(registry.get(ProxyMetrics.TABLE_ROUTES).gauge().value()).isEqualTo(4);
        assertThat(registry.get(ProxyMetrics.TABLE_BACKENDS).gauge().value()).isEqualTo(4);
        assertThat(registry.get(ProxyMetrics.TABLE_ENDPOINTS).gauge().value()).isEqualTo(4);
    }

    @Test
    void statusClasses() {
        assertThat(RouteMeters.classIndex(0)).isZero();
        assertThat(RouteMeters.STATUS_CLASSES.get(RouteMeters.classIndex(204))).isEqualTo("2xx");
        assertThat(RouteMeters.STATUS_CLASSES.get(RouteMeters.classIndex(304))).isEqualTo("3xx");
        assertThat(RouteMeters.STATUS_CLASSES.get(RouteMeters.classIndex(404))).isEqualTo("4xx");
        assertThat(RouteMeters.STATUS_CLASSES.get(RouteMeters.classIndex(599))).isEqualTo("5xx");
        assertThat(RouteMeters.classIndex(600)).isZero();
    }

    @Test
    void tlsHandshakeCountersReadTheListenerAtEachScrape() {
        long[] counts = {3, 1, 2};
        metrics.bindTls(TlsHandshakeStats.of(List.of("h2", "http/1.1"),
                protocol -> protocol.equals("h2") ? counts[0] : counts[1], () -> counts[2]));
        assertThat(registry.get(ProxyMetrics.TLS_HANDSHAKES).tag("protocol", "h2").functionCounter().count())
                .isEqualTo(3);
        counts[1] = 5;
        assertThat(registry.get(ProxyMetrics.TLS_HANDSHAKES).tag("protocol", "http/1.1").functionCounter().count())
                .isEqualTo(5);
        assertThat(registry.get(ProxyMetrics.TLS_HANDSHAKE_FAILURES).functionCounter().count()).isEqualTo(2);
    }
}
