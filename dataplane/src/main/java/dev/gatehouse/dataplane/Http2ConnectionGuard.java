package dev.gatehouse.dataplane;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an HTTP/2 client connection (after {@link Http2StreamsHandler}): what belongs to the
 * connection rather than to a stream. It takes over from the HTTP/1.1 handlers when a plain
 * connection switches to h2c, lets the connection read freely (streams are bounded by flow
 * control instead), raises the connection window, closes the connection when it has had no
 * stream and no traffic for {@link ProxyConfig#idleTimeout()}, and at shutdown sends GOAWAY and
 * closes once the streams in progress have finished. Event loop only.
 *
 * <p>It also puts a {@link FlushConsolidationHandler} in front of the codec. Every stream flushes
 * its own response when its backend's read completes; without consolidation each of those flushes
 * is a TLS record and a {@code writev} of its own. With it, the flushes of all streams answered in
 * one event-loop iteration (and those during a read of the client) leave in one write at the end
 * of that iteration: fewer system calls, records and wake-ups of the client.
 */
final class Http2ConnectionGuard extends ChannelInboundHandlerAdapter implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Http2ConnectionGuard.class);
    /**
     * Flushes held back at most before one goes through anyway: bounds the bytes waiting for the
     * end of the loop iteration (the connection's streams are 128 by default).
     */
    private static final int FLUSH_EVERY = 256;

    private final ProxyContext px;
    private final Http2FrameCodec codec;
    private ChannelHandlerContext ctx;
    private long lastActivity;
    private ScheduledFuture<?> idleTimer;
    private boolean draining;

    Http2ConnectionGuard(ProxyContext px, Http2FrameCodec codec) {
        this.px = px;
        this.codec = codec;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        // After h2c the HTTP/1.1 handlers are done; nothing is in flight on them (the upgrade
        // request becomes stream 1, the preface is not a request).
        ChannelHandler h1 = ctx.pipeline().get(DownstreamHandler.class);
        if (h1 != null) {
            ctx.pipeline().remove(h1);
        }
        ChannelHandler splitter = ctx.pipeline().get(FullRequestSplitter.class);
        if (splitter != null) {
            ctx.pipeline().remove(splitter);
        }
        ChannelHandlerContext codecCtx = ctx.pipeline().context(codec);
        ctx.pipeline().addBefore(codecCtx.name(), "h2-flush", new FlushConsolidationHandler(FLUSH_EVERY, true));
        int raise = px.config.http2().connectionWindowSize() - Http2Limits.DEFAULT_WINDOW;
        if (raise > 0) {
            // A WINDOW_UPDATE on stream 0 (RFC 9113 §6.9): SETTINGS cannot change the connection window.
            ctx.write(new DefaultHttp2WindowUpdateFrame(raise));
        }
        lastActivity = System.nanoTime();
        idleTimer = ctx.executor().schedule(this, px.idleTimeoutNanos, TimeUnit.NANOSECONDS);
        ctx.channel().config().setAutoRead(true);
        ctx.flush();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // Connection-level frames (SETTINGS, PING, GOAWAY) the codec has handled already.
        lastActivity = System.nanoTime();
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lastActivity = System.nanoTime();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == DownstreamHandler.DRAIN) {
            drain(ctx);
            return;
        }
        ReferenceCountUtil.release(evt);
    }

    /**
     * Shutdown (RFC 9113 §6.8): GOAWAY now, so the client opens no more streams here, and close
     * once the streams in progress are done. Closing the codec itself would not wait: its graceful
     * shutdown timeout is 0, which keeps every other close (idle, forced) immediate.
     */
    private void drain(ChannelHandlerContext ctx) {
        if (draining) {
            return;
        }
        draining = true;
        ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
        if (codec.connection().numActiveStreams() == 0) {
            ctx.close();
            return;
        }
        codec.connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                if (codec.connection().numActiveStreams() == 0) {
                    ctx.close();
                }
            }
        });
    }

    /** Idle check: no open stream and no frame for the idle timeout. */
    @Override
    public void run() {
        if (!ctx.channel().isActive()) {
            return;
        }
        long idle = px.idleTimeoutNanos;
        long quiet = System.nanoTime() - lastActivity;
        if (codec.connection().numActiveStreams() > 0) {
            lastActivity = System.nanoTime();
            quiet = 0;
        } else if (quiet >= idle) {
            ctx.close();
            return;
        }
        idleTimer = ctx.executor().schedule(this, idle - quiet, TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimer();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("HTTP/2 client connection {} failed", ctx.channel(), cause);
        } else {
            log.warn("HTTP/2 client connection {} failed", ctx.channel(), cause);
        }
        ctx.close();
    }

    private void cancelTimer() {
        ScheduledFuture<?> t = idleTimer;
        if (t != null) {
            idleTimer = null;
            t.cancel(false);
        }
    }
}
