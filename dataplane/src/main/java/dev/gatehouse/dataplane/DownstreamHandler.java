package dev.gatehouse.dataplane;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a client connection: turns decoded messages into {@link Exchange}s, one at
 * a time, and owns what belongs to the connection rather than to a request: reading (AUTO_READ
 * is off; this handler decides when the next read happens), pipelined requests that arrive
 * early, the idle timeout, and closing. Event loop only.
 */
final class DownstreamHandler extends ChannelInboundHandlerAdapter
        implements Downstream, ClientConnections.IdleCheck {

    private static final Logger log = LoggerFactory.getLogger(DownstreamHandler.class);

    /** User event fired at shutdown: close when idle, else after the current response. */
    static final Object DRAIN = new Object();

    /** The last port text made, shared by the connections of a listener (immutable, so safe to race on). */
    private static PortText lastPort = new PortText(-1, AsciiString.EMPTY_STRING);

    private final ProxyContext px;
    private final ListenerInfo listener;
    /** The connection's entry, whose loop's sweep enforces the idle timeout; {@code null}: own timer (HTTP/2 streams). */
    private final ClientConnections.Entry connection;
    private ChannelHandlerContext ctx;
    private UpstreamPool pool;
    private String clientIp;
    private AsciiString localPort;

    private Exchange current;
    /** Messages of pipelined requests that arrived while {@link #current} was still answering. */
    private ArrayDeque<Object> queued;
    private boolean closing;
    private long lastActivity;
    private boolean begun;

    /** Without a {@link ClientConnections} entry (no idle sweep): for tests on an embedded channel. */
    DownstreamHandler(ProxyContext px, ListenerInfo listener) {
        this(px, listener, null);
    }

    DownstreamHandler(ProxyContext px, ListenerInfo listener, ClientConnections.Entry connection) {
        this.px = px;
        this.listener = listener;
        this.connection = connection;
    }

    // ---------------------------------------------------------------- Downstream (the current exchange)

    @Override
    public Channel channel() {
        return ctx.channel();
    }

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    public void write(Object msg) {
        ctx.write(msg, ctx.voidPromise());
    }

    @Override
    public void writeLast(Object msg, boolean close) {
        if (close) {
            ctx.write(msg).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.write(msg, ctx.voidPromise());
        }
    }

    @Override
    public void flush() {
        ctx.flush();
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    @Override
    public void readRequestBody() {
        ctx.read();
    }

    @Override
    public void abort() {
        ctx.close();
    }

    /** The upstream pool of this connection's event loop (looked up once, on first use). */
    @Override
    public UpstreamPool pool() {
        UpstreamPool p = pool;
        if (p == null) {
            p = px.pool(ctx.channel().eventLoop());
            pool = p;
        }
        return p;
    }

    @Override
    public void flushLater(Channel ch) {
        pool().flusher.flushLater(ch);
    }

    @Override
    public String clientIp() {
        return clientIp;
    }

    @Override
    public AsciiString localPort() {
        return localPort;
    }

    @Override
    public ListenerInfo listener() {
        return listener;
    }

    @Override
    public void touch() {
        lastActivity = System.nanoTime();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // Added after TLS negotiation picked HTTP/1.1: the channel is active already and
        // channelActive will not come again.
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            begin(ctx);
        }
    }

    /** Removed when the connection switches to HTTP/2 (h2c): its streams have their own handlers. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stopIdleTimeout();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        begin(ctx);
        ctx.fireChannelActive();
    }

    private void begin(ChannelHandlerContext ctx) {
        if (begun) {
            return;
        }
        begun = true;
        clientIp = hostAddress(ctx.channel().remoteAddress());
        SocketAddress local = ctx.channel().localAddress();
        localPort = portText(local instanceof InetSocketAddress a ? a.getPort() : 0);
        lastActivity = System.nanoTime();
        if (connection != null) {
            connection.watchIdle(this);
        }
        if (px.draining) {
            ctx.close();
            return;
        }
        ctx.read();
    }

    private static AsciiString portText(int port) {
        PortText last = lastPort;
        if (last.port != port) {
            last = new PortText(port, AsciiString.of(Integer.toString(port)));
            lastPort = last;
        }
        return last.text;
    }

    private record PortText(int port, AsciiString text) {
    }

    static String hostAddress(SocketAddress address) {
        return address instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : String.valueOf(address);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
        } else if (current != null && !current.requestReceived()
                || current == null && (queued == null || queued.isEmpty())) {
            handle(msg);
        } else {
            if (queued == null) {
                queued = new ArrayDeque<>(4);
            }
            queued.add(msg);
        }
    }

    /** Gives {@code msg} to the current exchange (body) or starts a new one (head). */
    private void handle(Object msg) {
        Exchange e = current;
        if (e != null) {
            if (msg instanceof HttpContent c && !(msg instanceof HttpRequest)) {
                e.onRequestContent(c);
                if (e == current && e.isDone() && e.requestReceived() && !closing) {
                    retire();
                }
            } else {
                // The decoder never starts a head inside a body; if it did, framing is lost.
                ReferenceCountUtil.release(msg);
                ctx.close();
            }
        } else if (msg instanceof HttpRequest request) {
            e = new Exchange(px, this, request);
            current = e;
            e.start();
        } else {
            // Remains of a message already answered (e.g. after a rejected head).
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lastActivity = System.nanoTime();
        Exchange e = current;
        if (e != null) {
            e.flushUpstream();
        }
        if (wantsRead()) {
            ctx.read();
        }
    }

    /**
     * Whether to read the client now. While a response is awaited, one read stays outstanding as
     * long as nothing is queued: it notices a client that goes away, and it saves re-arming read
     * interest for every request (with epoll, two {@code epoll_ctl} calls). What it brings is queued,
     * so at most one socket read per connection is ever held.
     */
    private boolean wantsRead() {
        if (closing) {
            return false;
        }
        Exchange e = current;
        if (e != null && !e.requestReceived()) {
            return e.wantsRequestBody();
        }
        return queued == null || queued.isEmpty();
    }

    @Override
    public void exchangeFinished(Exchange e) {
        if (e != current) {
            return;
        }
        if (!e.keepAlive()) {
            // The exchange wrote its last bytes with a close listener.
            closing = true;
            releaseQueued();
        } else if (e.requestReceived()) {
            retire();
        }
        // Else a bodiless request's end marker is still on its way: handle() retires then.
    }

    /** The current exchange is over on both sides: go on with pipelined requests, or read. */
    private void retire() {
        current = null;
        if (px.draining) {
            closing = true;
            releaseQueued();
            ctx.close();
            return;
        }
        while (queued != null && !queued.isEmpty() && !closing
                && (current == null || !current.requestReceived())) {
            handle(queued.poll());
        }
        if (current != null) {
            // Not inside this connection's read: nothing else will flush what was just written.
            current.flushUpstream();
        }
        if (wantsRead()) {
            ctx.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Exchange e = current;
        if (e != null && ctx.channel().isWritable()) {
            e.onDownstreamWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == DRAIN) {
            if (current == null) {
                closing = true;
                ctx.close();
            }
            return;
        }
        ReferenceCountUtil.release(evt);
    }

    /**
     * The sweep of the connection's loop ({@link ClientConnections}): close a connection without
     * traffic for {@link ProxyConfig#idleTimeout()}, unless it waits for a response (the response
     * timeout covers that).
     */
    @Override
    public void closeIfIdle(long now, long idleNanos) {
        Exchange e = current;
        if (now - lastActivity >= idleNanos && (e == null || !e.awaitingResponse()) && ctx.channel().isActive()) {
            closing = true;
            ctx.close();
        }
    }

    private void stopIdleTimeout() {
        if (connection != null) {
            connection.watchIdle(null);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        stopIdleTimeout();
        releaseQueued();
        Exchange e = current;
        if (e != null) {
            current = null;
            e.onDownstreamClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException || cause instanceof DecoderException) {
            // Resets and garbage (e.g. a failed TLS handshake) are the client's: no stack trace.
            log.debug("client connection {} failed", ctx.channel(), cause);
        } else {
            log.warn("client connection {} failed", ctx.channel(), cause);
        }
        closing = true;
        ctx.close();
    }

    private void releaseQueued() {
        if (queued != null) {
            Object m;
            while ((m = queued.poll()) != null) {
                ReferenceCountUtil.release(m);
            }
        }
    }
}
