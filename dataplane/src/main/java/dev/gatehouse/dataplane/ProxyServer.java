package dev.gatehouse.dataplane;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.dataplane.table.RoutingTable;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data plane: a reverse proxy that routes every request by the current {@link RoutingTable}.
 * A plain listener speaks HTTP/1.1 and h2c; an optional TLS listener ({@link ProxyConfig#https()})
 * picks a certificate by SNI and speaks h2 or HTTP/1.1 by ALPN. Every request, whatever the
 * protocol, goes to HTTP/1.1 backends.
 *
 * <p>The table sits in one atomic reference. Each request reads it once and finishes on that
 * table, so {@link #swap} is a single volatile write that never disturbs a connection or a request
 * in flight. Event loops are shared by the listener(s) and the upstream connection pools, which
 * are kept per event loop.
 *
 * <p>Thread-safety: every method may be called from any thread except an event loop of this
 * server; {@link #close(Duration)} blocks.
 */
public final class ProxyServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ProxyServer.class);
    /** How long the final close of the remaining client connections may take. */
    private static final long CLOSE_ALL_MILLIS = 5_000;

    private final ProxyContext px;
    private final EventLoopGroup loops;
    private final Channel httpListener;
    /** {@code null} without a TLS listener. */
    private final Channel httpsListener;
    private final Transport transport;

    private ProxyServer(ProxyContext px, EventLoopGroup loops, Channel httpListener, Channel httpsListener,
            Transport transport) {
        this.px = px;
        this.loops = loops;
        this.httpListener = httpListener;
        this.httpsListener = httpsListener;
        this.transport = transport;
    }

    /** Starts a server with no exchange listener. See {@link #start(ProxyConfig, RoutingTable, ExchangeListener)}. */
    public static ProxyServer start(ProxyConfig config, RoutingTable initial) {
        return start(config, initial, ExchangeListener.NONE);
    }

    /**
     * Binds the HTTP listener (and the HTTPS listener when configured) and starts serving
     * {@code initial}.
     *
     * @param listener told about the end of every exchange, on the event loop
     * @throws IllegalStateException when an address cannot be bound (the message names it)
     */
    public static ProxyServer start(ProxyConfig config, RoutingTable initial, ExchangeListener listener) {
        requireNonNull(config, "config");
        requireNonNull(initial, "initial");
        requireNonNull(listener, "listener");
        Transport transport = Transports.select(config.nativeTransport());
        EventLoopGroup loops = transport.newEventLoopGroup(config.eventLoopThreads(), "gatehouse-io");
        Channel http = null;
        try {
            ProxyContext px = new ProxyContext(config, listener.prepare(initial), listener, loops, transport);
            Http2Connections http2 = new Http2Connections(px);
            // AUTO_READ off: DownstreamHandler reads when the upstream can take more.
            http = bind(loops, px.connections, transport, false, new HttpProxyInitializer(px, ListenerInfo.HTTP, http2),
                    config.httpAddress(), "HTTP");
            Channel https = null;
            if (config.https() != null) {
                // AUTO_READ on until the handshake is done; see HttpsProxyInitializer.
                https = bind(loops, px.connections, transport, true, new HttpsProxyInitializer(px, http2),
                        config.https().address(), "HTTPS");
            }
            ProxyServer server = new ProxyServer(px, loops, http, https, transport);
            log.info("HTTP listener on {}{} ({} event loops, {}; h2c {})", http.localAddress(),
                    https == null ? "" : ", HTTPS listener on " + https.localAddress(), config.eventLoopThreads(),
                    transport.name(), config.http2().cleartext() ? "on" : "off");
            return server;
        } catch (RuntimeException e) {
            if (http != null) {
                http.close().awaitUninterruptibly();
            }
            loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /**
     * A listening socket whose accepted connections {@link ClientAcceptor} sets up; what
     * {@code ServerBootstrap} would do, without its per-connection initializer.
     */
    private static Channel bind(EventLoopGroup loops, ClientConnections connections, Transport transport, boolean autoRead,
            ClientAcceptor.Pipeline pipeline, InetSocketAddress address, String what) {
        Channel listener = new ReflectiveChannelFactory<>(transport.serverChannelType()).newChannel();
        listener.config().setOption(ChannelOption.SO_REUSEADDR, true);
        listener.pipeline().addLast("accept", new ClientAcceptor(loops, connections, pipeline, autoRead,
                transport.armsReadBeforeRegister()));
        ChannelFuture bound = loops.register(listener).awaitUninterruptibly();
        if (bound.isSuccess()) {
            bound = listener.bind(address).awaitUninterruptibly();
        }
        if (!bound.isSuccess()) {
            listener.close().awaitUninterruptibly();
            throw new IllegalStateException("cannot listen for " + what + " on " + address + ": "
                    + bound.cause().getMessage() + " (choose a free address or port)", bound.cause());
        }
        return listener;
    }

    /** The bound HTTP address, with the actual port when port 0 was asked for. */
    public InetSocketAddress httpAddress() {
        return (InetSocketAddress) httpListener.localAddress();
    }

    public int httpPort() {
        return httpAddress().getPort();
    }

    /** The bound HTTPS address, or {@code null} without a TLS listener. */
    public InetSocketAddress httpsAddress() {
        return httpsListener == null ? null : (InetSocketAddress) httpsListener.localAddress();
    }

    /** The bound HTTPS port, or {@code -1} without a TLS listener. */
    public int httpsPort() {
        return httpsListener == null ? -1 : httpsAddress().getPort();
    }

    /**
     * TLS handshakes completed on the HTTPS listener that negotiated {@code protocol}: {@code "h2"},
     * or {@code "http/1.1"} (which counts connections without ALPN too); 0 for anything else.
     */
    public long tlsHandshakes(String protocol) {
        return switch (protocol) {
            case "h2" -> px.tls.h2.sum();
            case "http/1.1" -> px.tls.http11.sum();
            default -> 0;
        };
    }

    /**
     * TLS handshakes that failed after the client sent something (bad ClientHello, no common
     * version or cipher, not TLS at all, timeout). Logged at DEBUG only: count them instead.
     */
    public long tlsHandshakeFailures() {
        return px.tls.failures.sum();
    }

    /** {@code epoll} or {@code nio}. */
    public String transportName() {
        return transport.name();
    }

    /**
     * Publishes a new table (as {@link ExchangeListener#prepare prepared} by the listener);
     * requests that already started finish on the table they read. Serialised, so that tables are
     * prepared and published in the same order.
     */
    public synchronized void swap(RoutingTable table) {
        px.table.set(px.listener.prepare(requireNonNull(table, "table")));
    }

    /** The current table. */
    public RoutingTable table() {
        return px.table.get();
    }

    /** Exchanges in flight (approximate while they change). */
    public long activeRequests() {
        return px.active.sum();
    }

    /** Open client connections (approximate while they change). */
    public int clientConnections() {
        return px.connections.size();
    }

    /** Open upstream connections, idle or busy, over every event loop (approximate while they change). */
    public int upstreamConnections() {
        return px.upstreamConnections();
    }

    /** Idle pooled upstream connections over every event loop (approximate while they change). */
    public int idleUpstreamConnections() {
        return px.idleUpstreamConnections();
    }

    /**
     * Graceful stop: stops accepting, closes idle client connections, lets in-flight exchanges
     * finish (their responses carry {@code Connection: close}) for up to {@code grace}, then closes
     * everything and stops the event loops. Blocks; idempotent.
     */
    public void close(Duration grace) {
        requireNonNull(grace, "grace");
        if (px.draining) {
            return;
        }
        px.draining = true;
        httpListener.close().awaitUninterruptibly();
        if (httpsListener != null) {
            httpsListener.close().awaitUninterruptibly();
        }
        long deadline = System.nanoTime() + grace.toNanos();
        boolean drained = true;
        for (Future<Void> empty : px.connections.drain()) {
            drained &= empty.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        if (!drained && activeRequests() > 0) {
            log.warn("shutdown: {} exchanges still in flight after {}; closing their connections",
                    activeRequests(), grace);
        }
        px.connections.closeAll(CLOSE_ALL_MILLIS);
        loops.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
        log.info("HTTP listener on {}{} stopped", httpListener.localAddress(),
                httpsListener == null ? "" : " and HTTPS listener on " + httpsListener.localAddress());
    }

    /** {@link #close(Duration)} without grace: in-flight exchanges are cut. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
