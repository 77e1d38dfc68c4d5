package dev.gatehouse.dataplane.metrics;

import static dev.gatehouse.dataplane.metrics.RouteMeters.BUCKETS;
import static dev.gatehouse.dataplane.metrics.RouteMeters.DURATION_BUCKETS;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns the {@link RouteMeters} of the live table into the per-route Prometheus families at each
 * scrape, with the names, help texts, labels, types and buckets the Micrometer meters they replace
 * had: {@code gatehouse_requests_total}, {@code gatehouse_request_duration_seconds} (histogram and
 * {@code _max}), {@code gatehouse_upstream_response_duration_seconds} (summary and {@code _max}),
 * {@code gatehouse_request_body_bytes_total} and {@code gatehouse_response_body_bytes_total}.
 *
 * <p>Thread-safety: runs on the scraping thread; reads the live set through {@code live}.
 */
final class RouteCollector implements MultiCollector {

    private static final double NANOS_PER_SECOND = 1e9;
    private static final double[] UPPER_BOUNDS = new double[DURATION_BUCKETS.length + 1];

    static {
        for (int i = 0; i < DURATION_BUCKETS.length; i++) {
            UPPER_BOUNDS[i] = DURATION_BUCKETS[i].toNanos() / NANOS_PER_SECOND;
        }
        UPPER_BOUNDS[DURATION_BUCKETS.length] = Double.POSITIVE_INFINITY;
    }

    private static final String DURATION_HELP =
            "From the request head received to the last response byte sent (or the failure)";
    private static final String UPSTREAM_HELP =
            "From the request head written upstream to the response head received";

    private final Supplier<Collection<RouteMeters>> live;

    RouteCollector(Supplier<Collection<RouteMeters>> live) {
        this.live = live;
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of("gatehouse_requests", "gatehouse_request_duration_seconds",
                "gatehouse_request_duration_seconds_max", "gatehouse_upstream_response_duration_seconds",
                "gatehouse_upstream_response_duration_seconds_max", "gatehouse_request_body_bytes",
                "gatehouse_response_body_bytes");
    }

    @Override
    public MetricSnapshots collect() {
        var requests = CounterSnapshot.builder().name("gatehouse_requests").help("Requests by route and status class"
                + " (\"other\": no response was sent, or a status outside 200-599)");
        var duration = HistogramSnapshot.builder().name("gatehouse_request_duration_seconds").help(DURATION_HELP);
        var durationMax = GaugeSnapshot.builder().name("gatehouse_request_duration_seconds_max").help(DURATION_HELP);
        var upstream = SummarySnapshot.builder().name("gatehouse_upstream_response_duration_seconds")
                .help(UPSTREAM_HELP);
        var upstreamMax = GaugeSnapshot.builder().name("gatehouse_upstream_response_duration_seconds_max")
                .help(UPSTREAM_HELP);
        var requestBytes = CounterSnapshot.builder().name("gatehouse_request_body_bytes")
                .help("Request body bytes received from clients");
        var responseBytes = CounterSnapshot.builder().name("gatehouse_response_body_bytes")
                .help("Response body bytes relayed from backends to clients");
        long now = System.nanoTime();
        for (RouteMeters m : live.get()) {
            Labels labels = labels(m.key);
            for (int i = 0; i < RouteMeters.STATUS_CLASSES.size(); i++) {
                requests.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                        .labels(labels.add(ProxyMetrics.TAG_STATUS_CLASS, RouteMeters.STATUS_CLASSES.get(i)))
                        .value(m.sum(RouteMeters.STATUS + i)).build());
            }
            long[] counts = new long[UPPER_BOUNDS.length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = m.sum(BUCKETS + i);
            }
            duration.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder().labels(labels)
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS, counts))
                    .sum(seconds(m.sum(RouteMeters.DURATION_SUM))).build());
            durationMax.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels)
                    .value(seconds(m.windowMax(RouteMeters.DURATION_MAX, now))).build());
            upstream.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder().labels(labels)
                    .count(m.sum(RouteMeters.UPSTREAM_COUNT))
                    .sum(seconds(m.sum(RouteMeters.UPSTREAM_SUM))).build());
            upstreamMax.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels)
                    .value(seconds(m.windowMax(RouteMeters.UPSTREAM_MAX, now))).build());
            requestBytes.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels)
                    .value(m.sum(RouteMeters.REQUEST_BYTES)).build());
            responseBytes.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels)
                    .value(m.sum(RouteMeters.RESPONSE_BYTES)).build());
        }
        return MetricSnapshots.of(requests.build(), duration.build(), durationMax.build(), upstream.build(),
                upstreamMax.build(), requestBytes.build(), responseBytes.build());
    }

    private static Labels labels(RouteKey key) {
        return Labels.of(ProxyMetrics.TAG_HOST, key.host(),
                ProxyMetrics.TAG_INGRESS_NAMESPACE, key.origin().namespace(),
                ProxyMetrics.TAG_INGRESS, key.origin().ingress(),
                ProxyMetrics.TAG_SERVICE, key.origin().service());
    }

    private static double seconds(long nanos) {
        return nanos / NANOS_PER_SECOND;
    }
}
