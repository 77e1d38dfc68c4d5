package dev.gatehouse.dataplane.metrics;

import dev.gatehouse.dataplane.ExchangeInfo;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;

/**
 * The counts of one {@link RouteKey} in one small {@code long[]}, written once per exchange and
 * read when /metrics is scraped ({@link RouteCollector}): requests by status class, the request
 * duration histogram (bucket counts and sum, the count is their total) with its max, the upstream
 * response count, sum and max, and the body byte counts. Resolved when a table is published and
 * reached from each exchange through {@code Route.telemetry()}: recording is a handful of atomic
 * adds on two or three adjacent cache lines, with no lookup, no allocation and no lock.
 *
 * <p>Why not Micrometer meters: 9 meters per route (5 counters, 2 timers, 2 counters) cost ~5.5 KB
 * of heap per route and ~35 cache lines per exchange (striped adders, two histograms per timer),
 * which made the per-request cost grow with the number of routes (issue #7).
 *
 * <p>Thread-safety: {@link #record} may run on every event loop at once. The array holds one
 * stripe per {@link #STRIPES} and a thread writes the stripe its id selects, with atomic adds, so
 * two loops sharing a stripe stay correct and loops on different stripes do not share lines. The
 * scrape sums the stripes with opaque reads; a scrape concurrent with an exchange may see part of
 * it (counts are monotonic, as with any counter). An exchange that ends on an old table after its
 * key was dropped records into an array nobody exports any more, which is harmless.
 */
final class RouteMeters {

    /** Status class labels by index: see {@link #classIndex}. */
    static final List<String> STATUS_CLASSES = List.of("other", "2xx", "3xx", "4xx", "5xx");

    /**
     * Request duration buckets: sub-millisecond local answers up to the 60 s default response
     * timeout. Fixed and few, so that each route costs a bounded number of series.
     */
    static final Duration[] DURATION_BUCKETS = {
        Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
        Duration.ofSeconds(30),
    };

    private static final long[] BOUNDS_NANOS = new long[DURATION_BUCKETS.length];

    static {
        for (int i = 0; i < BOUNDS_NANOS.length; i++) {
            BOUNDS_NANOS[i] = DURATION_BUCKETS[i].toNanos();
        }
    }

    // The fields of one stripe; the ones every exchange writes come first.
    static final int DURATION_SUM = 0;
    static final int DURATION_MAX = 1;
    static final int UPSTREAM_COUNT = 2;
    static final int UPSTREAM_SUM = 3;
    static final int UPSTREAM_MAX = 4;
    static final int REQUEST_BYTES = 5;
    static final int RESPONSE_BYTES = 6;
    /** {@link #STATUS_CLASSES} counts. */
    static final int STATUS = 7;
    /** Non-cumulative bucket counts: one per {@link #DURATION_BUCKETS} bound, then +Inf. */
    static final int BUCKETS = STATUS + 5;
    static final int FIELDS = BUCKETS + DURATION_BUCKETS.length + 1;
    /**
     * The maxima are kept per time window of {@code 2^WINDOW_SHIFT} ns (~69 s), in two slots used
     * in turn: slot 0 of a max is its own field, slot 1 is {@link #MAX_SLOT_1} (duration) or
     * {@code MAX_SLOT_1 + 1} (upstream), and {@link #MAX_EPOCH} + slot holds the window a slot is for.
     */
    static final int WINDOW_SHIFT = 36;
    private static final int MAX_SLOT_1 = FIELDS;
    private static final int MAX_EPOCH = FIELDS + 2;
    /** 30 fields padded to four 64-byte lines, so that stripes share no line but at their edges. */
    private static final int STRIDE = 32;

    /** A power of two at least the number of processors (event loops run one per core), at most 8. */
    static final int STRIPES = Math.min(8, Integer.highestOneBit(Math.max(1,
            Runtime.getRuntime().availableProcessors() * 2 - 1)));

    private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] cells = new long[STRIPES * STRIDE];
    final RouteKey key;

    RouteMeters(RouteKey key) {
        this.key = key;
    }

    /** 2xx..5xx to 1..4; no status (0) and anything else to 0. */
    static int classIndex(int status) {
        int c = status / 100;
        return c >= 2 && c <= 5 ? c - 1 : 0;
    }

    /** The bucket of a duration: the first bound it does not exceed (Prometheus {@code le}). */
    static int bucketIndex(long nanos) {
        int i = 0;
        while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
            i++;
        }
        return i;
    }

    /** Event loop: the hot path. */
    void record(ExchangeInfo e) {
        long[] c = cells;
        int s = ((int) Thread.currentThread().getId() & (STRIPES - 1)) * STRIDE;
        long d = Math.max(0, e.durationNanos());
        CELLS.getAndAdd(c, s + DURATION_SUM, d);
        long window = (e.startNanos() + d) >> WINDOW_SHIFT;
        int w = (int) window & 1;
        if ((long) CELLS.getOpaque(c, s + MAX_EPOCH + w) != window) {
            startWindow(c, s, w, window);
        }
        max(c, s + maxCell(DURATION_MAX, w), d);
        long up = e.upstreamResponseNanos();
        if (up >= 0) {
            CELLS.getAndAdd(c, s + UPSTREAM_COUNT, 1L);
            CELLS.getAndAdd(c, s + UPSTREAM_SUM, up);
            max(c, s + maxCell(UPSTREAM_MAX, w), up);
        }
        long in = e.requestBodyBytes();
        if (in > 0) {
            CELLS.getAndAdd(c, s + REQUEST_BYTES, in);
        }
        long out = e.responseBodyBytes();
        if (out > 0) {
            CELLS.getAndAdd(c, s + RESPONSE_BYTES, out);
        }
        CELLS.getAndAdd(c, s + STATUS + classIndex(e.status()), 1L);
        CELLS.getAndAdd(c, s + BUCKETS + bucketIndex(d), 1L);
    }

    /** The cell of slot {@code w} of max field {@code f} ({@link #DURATION_MAX} or {@link #UPSTREAM_MAX}). */
    private static int maxCell(int f, int w) {
        return w == 0 ? f : MAX_SLOT_1 + (f == DURATION_MAX ? 0 : 1);
    }

    /**
     * Slot {@code w} of stripe {@code s} still holds an older window: the thread that claims it
     * clears its maxima. A value another thread of the same stripe writes between the claim and the
     * clearing is lost; the max is a gauge and that race needs two loops on one stripe at a window
     * edge.
     */
    private static void startWindow(long[] c, int s, int w, long window) {
        long old = (long) CELLS.getOpaque(c, s + MAX_EPOCH + w);
        if (old != window && CELLS.compareAndSet(c, s + MAX_EPOCH + w, old, window)) {
            CELLS.setOpaque(c, s + maxCell(DURATION_MAX, w), 0L);
            CELLS.setOpaque(c, s + maxCell(UPSTREAM_MAX, w), 0L);
        }
    }

    private static void max(long[] c, int i, long v) {
        long m = (long) CELLS.getOpaque(c, i);
        while (v > m && !CELLS.weakCompareAndSet(c, i, m, v)) {
            m = (long) CELLS.getOpaque(c, i);
        }
    }

    /** Scrape: field {@code f} summed over the stripes. */
    long sum(int f) {
        long total = 0;
        for (int s = 0; s < STRIPES; s++) {
            total += (long) CELLS.getOpaque(cells, s * STRIDE + f);
        }
        return total;
    }

    /**
     * Scrape: the largest value of max field {@code f} ({@link #DURATION_MAX} or
     * {@link #UPSTREAM_MAX}) recorded in the window of {@code nowNanos} and the one before, that is
     * over the last 69 to 137 s, like Micrometer's timer max (2-minute window). Reading resets
     * nothing, so several scrapers see the same value.
     */
    long windowMax(int f, long nowNanos) {
        long now = nowNanos >> WINDOW_SHIFT;
        long max = 0;
        for (int s = 0; s < STRIPES; s++) {
            int base = s * STRIDE;
            for (int w = 0; w < 2; w++) {
                long window = (long) CELLS.getOpaque(cells, base + MAX_EPOCH + w);
                if (window == now || window == now - 1) {
                    max = Math.max(max, (long) CELLS.getOpaque(cells, base + maxCell(f, w)));
                }
            }
        }
        return max;
    }
}
