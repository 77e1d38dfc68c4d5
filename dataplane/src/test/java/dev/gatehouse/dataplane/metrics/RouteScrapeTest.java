package dev.gatehouse.dataplane.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.dataplane.ExchangeInfo;
import dev.gatehouse.dataplane.table.Backend;
import dev.gatehouse.dataplane.table.Endpoint;
import dev.gatehouse.dataplane.table.PathMatch;
import dev.gatehouse.dataplane.table.Route;
import dev.gatehouse.dataplane.table.RoutingTable;
import dev.gatehouse.dataplane.table.VirtualHost;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The per-route series as /metrics serves them, for exchanges with known durations and sizes:
 * names, labels, types, buckets and units, line for line.
 */
class RouteScrapeTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ProxyMetrics metrics = new ProxyMetrics(registry);

    /** One finished exchange with the fields the meters read; it ended at {@code endNanos}. */
    record Done(Route route, int status, ExchangeInfo.Outcome outcome, long durationNanos, long upstreamResponseNanos,
            long requestBodyBytes, long responseBodyBytes, long endNanos) implements ExchangeInfo {
        /** An exchange that ends now. */
        Done(Route route, int status, ExchangeInfo.Outcome outcome, long durationNanos, long upstreamResponseNanos,
                long requestBodyBytes, long responseBodyBytes) {
            this(route, status, outcome, durationNanos, upstreamResponseNanos, requestBodyBytes, responseBodyBytes,
                    System.nanoTime());
        }
        @Override public String clientAddress() { return "127.0.0.1"; }
        @Override public String protocol() { return "HTTP/1.1"; }
        @Override public String method() { return "GET"; }
        @Override public String uri() { return "/"; }
        @Override public String host() { return "shop.example"; }
        @Override public long startNanos() { return endNanos - durationNanos; }
        @Override public Endpoint endpoint() { return null; }
        @Override public long upstreamConnectNanos() { return -1; }
        @Override public CharSequence requestId() { return "1"; }
    }

    private static RoutingTable table() {
        return RoutingTable.of(List.of(new VirtualHost("shop.example", List.of(
                new Route(new PathMatch.Prefix("/cart"), Backend.of("shop/cart:80", List.of(Endpoint.ready("10.0.0.1", 1))),
                        new Route.Origin("shop", "web", "cart"))))), null);
    }

    /** The lines of the per-route families, in scrape order (the _max gauges left out). */
    private String routeLines() {
        return registry.scrape().lines()
                .filter(l -> l.contains("gatehouse_request") || l.contains("gatehouse_response_body")
                        || l.contains("gatehouse_upstream_response"))
                .filter(l -> !l.contains("_max"))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void routeSeriesKeepTheirNamesLabelsTypesAndBuckets() {
        RoutingTable t = metrics.prepare(table());
        Route cart = cart(t);
        metrics.onExchangeEnd(new Done(cart, 200, ExchangeInfo.Outcome.PROXIED, 3_000_000, 2_000_000, 5, 12));
        metrics.onExchangeEnd(new Done(cart, 204, ExchangeInfo.Outcome.PROXIED, 700_000_000, 500_000_000, 0, 0));
        metrics.onExchangeEnd(new Done(cart, 503, ExchangeInfo.Outcome.NO_ENDPOINT, 40_000_000_000L, -1, 0, 0));
        metrics.onExchangeEnd(new Done(null, 404, ExchangeInfo.Outcome.NO_ROUTE, 100_000, -1, 0, 0));
        // As the Micrometer meters these series replace served them (captured before the change).
        assertThat(routeLines()).isEqualTo(resource("route-scrape.txt"));
        // The max gauges: the largest value of the last one to two windows; a scrape resets nothing.
        String labels = Scrape.route("shop.example", "shop", "web", "cart");
        for (int scrape = 0; scrape < 2; scrape++) {
            String text = registry.scrape();
            assertThat(text).contains("# TYPE gatehouse_request_duration_seconds_max gauge",
                    "# TYPE gatehouse_upstream_response_duration_seconds_max gauge",
                    "gatehouse_request_duration_seconds_max{" + labels + "} 40.0",
                    "gatehouse_upstream_response_duration_seconds_max{" + labels + "} 0.5");
        }
    }

    @Test
    void maxCoversTheLastTwoWindowsAndForgetsOlderOnes() {
        RoutingTable t = metrics.prepare(table());
        RouteMeters m = (RouteMeters) cart(t).telemetry();
        long window = 1L << RouteMeters.WINDOW_SHIFT;
        long t0 = 1000 * window + window / 2;
        m.record(new Done(cart(t), 200, ExchangeInfo.Outcome.PROXIED, 9_000_000, 7_000_000, 0, 0, t0));
        assertThat(m.windowMax(RouteMeters.DURATION_MAX, t0)).isEqualTo(9_000_000);
        assertThat(m.windowMax(RouteMeters.UPSTREAM_MAX, t0)).isEqualTo(7_000_000);
        assertThat(m.windowMax(RouteMeters.DURATION_MAX, t0 + window)).isEqualTo(9_000_000);
        assertThat(m.windowMax(RouteMeters.DURATION_MAX, t0 + 2 * window)).isZero();
        // A smaller value in the next window: the larger one still counts while its window is the previous.
        m.record(new Done(cart(t), 200, ExchangeInfo.Outcome.PROXIED, 4_000_000, -1, 0, 0, t0 + window));
        assertThat(m.windowMax(RouteMeters.DURATION_MAX, t0 + window)).isEqualTo(9_000_000);
        assertThat(m.windowMax(RouteMeters.DURATION_MAX, t0 + 2 * window)).isEqualTo(4_000_000);
        // Two windows on, the first slot is reused and starts from zero.
        m.record(new Done(cart(t), 200, ExchangeInfo.Outcome.PROXIED, 1_000_000, 500_000, 0, 0, t0 + 2 * window));
        assertThat(m.windowMax(RouteMeters.DURATION_MAX, t0 + 2 * window)).isEqualTo(4_000_000);
        assertThat(m.windowMax(RouteMeters.UPSTREAM_MAX, t0 + 2 * window)).isEqualTo(500_000);
        assertThat(m.windowMax(RouteMeters.DURATION_MAX, t0 + 3 * window)).isEqualTo(1_000_000);
    }

    private static Route cart(RoutingTable t) {
        return t.virtualHost("shop.example").match("/cart");
    }

    private static String resource(String name) {
        try (InputStream in = RouteScrapeTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
