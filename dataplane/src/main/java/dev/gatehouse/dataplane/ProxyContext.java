package dev.gatehouse.dataplane;

import dev.gatehouse.dataplane.table.RoutingTable;
import dev.gatehouse.tls.CertificateSelector;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.AsciiString;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every listener, handler and exchange of one {@link ProxyServer} shares: the table
 * reference, the settings, the per-event-loop upstream pools and the client channels. A TLS
 * listener added later shares the same instance.
 */
final class ProxyContext {

    final ProxyConfig config;
    final AtomicReference<RoutingTable> table;
    final ExchangeListener listener;
    /** In-flight exchanges; a striped counter because every event loop updates it. */
    final LongAdder active = new LongAdder();
    /** Open client connections per event loop, for their idle timeout and for draining at shutdown. */
    final ClientConnections connections;
    final long responseTimeoutNanos;
    final long idleTimeoutNanos;
    /** Set once at shutdown: finish in-flight exchanges, keep no connection alive. */
    volatile boolean draining;
    /** The TLS listener's certificates (for 421 Misdirected Request), or {@code null} without one. */
    final CertificateSelector certificates;
    /** {@code Strict-Transport-Security} value for TLS hosts' HTTPS responses, or {@code null}: off. */
    final AsciiString hsts;
    final TlsCounters tls = new TlsCounters();

    private final Map<EventExecutor, UpstreamPool> pools;

    ProxyContext(ProxyConfig config, RoutingTable initial, ExchangeListener listener, EventExecutorGroup loops,
            Transport transport) {
        this.config = config;
        this.table = new AtomicReference<>(initial);
        this.listener = listener;
        this.responseTimeoutNanos = config.responseTimeout().toNanos();
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
        this.connections = new ClientConnections(loops, idleTimeoutNanos);
        this.certificates = config.https() == null ? null : config.https().certificates();
        this.hsts = config.hsts().headerValue();
        Map<EventExecutor, UpstreamPool> byLoop = new IdentityHashMap<>();
        for (EventExecutor loop : loops) {
            byLoop.put(loop, new UpstreamPool((EventLoop) loop, transport, config));
        }
        this.pools = byLoop;
    }

    /** The upstream pool of the given event loop: connections opened and reused on that loop only. */
    UpstreamPool pool(EventLoop loop) {
        UpstreamPool pool = pools.get(loop);
        if (pool == null) {
            throw new IllegalStateException("event loop " + loop + " does not belong to this proxy");
        }
        return pool;
    }

    /** Open upstream connections over every loop; safe from any thread (approximate while busy). */
    int upstreamConnections() {
        int sum = 0;
        for (UpstreamPool pool : pools.values()) {
            sum += pool.openCount();
        }
        return sum;
    }

    /** Idle upstream connections over every loop; safe from any thread (approximate while busy). */
    int idleUpstreamConnections() {
        int sum = 0;
        for (UpstreamPool pool : pools.values()) {
            sum += pool.idleCount();
        }
        return sum;
    }
}
