package dev.gatehouse.dataplane;

import dev.gatehouse.dataplane.table.Endpoint;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.util.NetUtil;
import io.netty.util.collection.IntObjectHashMap;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Idle keep-alive connections to endpoints, owned by ONE event loop: every connection is opened
 * on that loop and only ever used by client connections of that loop, so no method here needs a
 * lock and no byte crosses threads. Not thread-safe: call only from {@link #loop}.
 *
 * <p>Connections are keyed by endpoint address and port and reused last-in first-out, so that
 * rarely needed extra connections age out. An idle connection keeps a read pending: when the
 * backend closes it, the close is seen at once and the connection leaves the pool; a connection
 * that is no longer active is never handed out.
 *
 * <p>A periodic sweep closes connections idle longer than {@link ProxyConfig#upstreamIdleTimeout()}
 * and enforces the response deadline of exchanges waiting on a busy connection (so timeouts cost
 * no timer per request; they fire up to one sweep period late).
 */
final class UpstreamPool {

    private final EventLoop loop;
    /** Flushes the writes of this loop's client and upstream connections once per loop iteration. */
    final LoopFlusher flusher;
    private final Bootstrap bootstrap;
    private final long idleNanos;
    private final int maxIdle;
    /** address, then port, then idle connections (most recently used first). */
    private final Map<String, IntObjectHashMap<ArrayDeque<UpstreamHandler>>> idle = new HashMap<>();
    /** Every open (connected) connection of this loop, idle or busy. */
    private final Set<UpstreamHandler> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private volatile int idleCount;
    /** {@code open.size()}, readable from other threads (metrics); written by the loop only. */
    private volatile int openCount;

    UpstreamPool(EventLoop loop, Transport transport, ProxyConfig config) {
        this.loop = loop;
        this.flusher = new LoopFlusher(loop);
        this.idleNanos = config.upstreamIdleTimeout().toNanos();
        this.maxIdle = config.maxIdlePerEndpoint();
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxInitialLineLength())
                .setMaxHeaderSize(Math.max(config.maxHeaderSize(), 32 * 1024))
                .setMaxChunkSize(HttpProxyInitializer.MAX_CHUNK_SIZE)
                .setHeadersFactory(HeaderNames.HEADERS);
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.channelType())
                .disableResolver()
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) config.connectTimeout().toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        new UpstreamCodec(decoder).addLast(ch.pipeline());
                        ch.pipeline().addLast("upstream", new UpstreamHandler(UpstreamPool.this));
                    }
                });
        long shortest = Math.min(idleNanos, config.responseTimeout().toNanos());
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(shortest / 4, TimeUnit.SECONDS.toNanos(1)));
        loop.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.NANOSECONDS);
    }

    /** An idle, open connection to {@code endpoint}, taken out of the pool; {@code null} if none. */
    UpstreamHandler acquire(Endpoint endpoint) {
        IntObjectHashMap<ArrayDeque<UpstreamHandler>> byPort = idle.get(endpoint.address());
        if (byPort == null) {
            return null;
        }
        ArrayDeque<UpstreamHandler> queue = byPort.get(endpoint.port());
        if (queue == null) {
            return null;
        }
        UpstreamHandler h;
        while ((h = queue.pollFirst()) != null) {
            idleCount--;
            h.pooled = false;
            if (h.channel().isActive()) {
                return h;
            }
            h.channel().close();
        }
        return null;
    }

    /**
     * Opens a new connection to {@code endpoint} on this loop. Its {@link UpstreamHandler} is in the
     * pipeline once the future succeeds. {@code null} when the address is not an IP literal (the
     * table never holds names: resolving one here would block the event loop).
     */
    ChannelFuture connect(Endpoint endpoint) {
        InetAddress ip = NetUtil.createInetAddressFromIpAddressString(endpoint.address());
        if (ip == null) {
            return null;
        }
        return bootstrap.connect(new InetSocketAddress(ip, endpoint.port()));
    }

    /** Puts a connection whose last exchange completed cleanly back for reuse, or closes it. */
    void release(UpstreamHandler h) {
        Channel ch = h.channel();
        if (!ch.isActive()) {
            ch.close();
            return;
        }
        Endpoint ep = h.endpoint;
        IntObjectHashMap<ArrayDeque<UpstreamHandler>> byPort = idle.get(ep.address());
        if (byPort == null) {
            byPort = new IntObjectHashMap<>(4);
            idle.put(ep.address(), byPort);
        }
        ArrayDeque<UpstreamHandler> queue = byPort.get(ep.port());
        if (queue == null) {
            queue = new ArrayDeque<>(8);
            byPort.put(ep.port(), queue);
        }
        if (queue.size() >= maxIdle) {
            ch.close();
            return;
        }
        h.idleSince = System.nanoTime();
        h.pooled = true;
        queue.addFirst(h);
        idleCount++;
        // Keep a read pending so that a close by the backend is noticed while the connection idles.
        ch.read();
    }

    /** Called when a pooled connection closed (backend closed it, or it sent unsolicited bytes). */
    void remove(UpstreamHandler h) {
        if (!h.pooled) {
            return;
        }
        h.pooled = false;
        IntObjectHashMap<ArrayDeque<UpstreamHandler>> byPort = idle.get(h.endpoint.address());
        ArrayDeque<UpstreamHandler> queue = byPort == null ? null : byPort.get(h.endpoint.port());
        if (queue != null && queue.remove(h)) {
            idleCount--;
        }
    }

    int idleCount() {
        return idleCount;
    }

    /** A connection of this loop became active (its {@link UpstreamHandler} calls this once). */
    void opened(UpstreamHandler h) {
        if (open.add(h)) {
            openCount++;
        }
    }

    /** A connection of this loop that was active closed. */
    void closed(UpstreamHandler h) {
        if (open.remove(h)) {
            openCount--;
        }
    }

    int openCount() {
        return openCount;
    }

    private void sweep() {
        long now = System.nanoTime();
        expireIdle(now);
        List<Exchange> waiting = null;
        for (UpstreamHandler h : open) {
            Exchange e = h.exchange();
            if (e != null && e.awaitingResponse()) {
                if (waiting == null) {
                    waiting = new ArrayList<>();
                }
                waiting.add(e);
            }
        }
        if (waiting != null) {
            // Outside the loop over connections: a timeout closes one.
            for (Exchange e : waiting) {
                e.checkResponseDeadline(now);
            }
        }
    }

    private void expireIdle(long now) {
        List<String> emptyAddresses = null;
        for (Map.Entry<String, IntObjectHashMap<ArrayDeque<UpstreamHandler>>> e : idle.entrySet()) {
            IntObjectHashMap<ArrayDeque<UpstreamHandler>> byPort = e.getValue();
            Iterator<ArrayDeque<UpstreamHandler>> queues = byPort.values().iterator();
            while (queues.hasNext()) {
                ArrayDeque<UpstreamHandler> queue = queues.next();
                UpstreamHandler oldest;
                while ((oldest = queue.peekLast()) != null && now - oldest.idleSince >= idleNanos) {
                    queue.pollLast();
                    idleCount--;
                    oldest.pooled = false;
                    oldest.channel().close();
                }
                if (queue.isEmpty()) {
                    queues.remove();
                }
            }
            if (byPort.isEmpty()) {
                if (emptyAddresses == null) {
                    emptyAddresses = new ArrayList<>();
                }
                emptyAddresses.add(e.getKey());
            }
        }
        if (emptyAddresses != null) {
            for (String address : emptyAddresses) {
                idle.remove(address);
            }
        }
    }
}
