package dev.gatehouse.dataplane;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the TLS handshake of one connection on the HTTPS listener (after the
 * {@link dev.gatehouse.tls.CertificateSniHandler}) and then builds the rest of the pipeline by the
 * ALPN result (RFC 7301): {@code h2} gets the HTTP/2 handlers ({@link Http2Connections}),
 * {@code http/1.1} or no ALPN the HTTP/1.1 ones with {@code X-Forwarded-Proto: https}.
 *
 * <p>Failures (a bad ClientHello, no common protocol version or cipher, plain HTTP sent to the TLS
 * port, a client slower than the handshake timeout) are counted once per connection and logged
 * at DEBUG: on an Internet-facing port they are routine, and a WARN each would drown the log. A
 * connection that closes before sending a byte is not a failure.
 *
 * <p>One per connection; event loop only.
 */
final class TlsNegotiationHandler extends ChannelInboundHandlerAdapter implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TlsNegotiationHandler.class);

    private final ProxyContext px;
    private final Http2Connections http2;
    private final HttpDecoderConfig decoder;
    private final ClientConnections.Entry connection;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> timeout;
    private boolean finished;

    TlsNegotiationHandler(ProxyContext px, Http2Connections http2, HttpDecoderConfig decoder,
            ClientConnections.Entry connection) {
        this.px = px;
        this.http2 = http2;
        this.decoder = decoder;
        this.connection = connection;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        long millis = px.config.https().handshakeTimeout().toMillis();
        timeout = ctx.executor().schedule(this, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimeout();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent e) {
            if (e.isSuccess()) {
                negotiated(ctx);
            } else {
                fail(ctx, e.cause());
            }
        } else if (evt instanceof SniCompletionEvent e && !e.isSuccess()) {
            fail(ctx, e.cause());
        } else if (evt == DownstreamHandler.DRAIN) {
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    private void negotiated(ChannelHandlerContext ctx) {
        finished = true;
        cancelTimeout();
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        String protocol = ssl == null ? null : ssl.applicationProtocol();
        ChannelPipeline p = ctx.pipeline();
        if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            px.tls.h2.increment();
            http2.configure(p, ListenerInfo.H2);
        } else {
            px.tls.http11.increment();
            // DownstreamHandler decides when to read, as on the plain listener.
            ctx.channel().config().setAutoRead(false);
            new Http1ServerCodec(decoder, null).addLast(p);
            p.addLast("proxy", new DownstreamHandler(px, ListenerInfo.HTTPS, connection));
        }
        p.remove(this);
    }

    /** Handshake timeout. */
    @Override
    public void run() {
        timeout = null;
        if (!finished && ctx.channel().isActive()) {
            fail(ctx, new SslHandshakeTimeoutException("TLS handshake not finished within "
                    + px.config.https().handshakeTimeout().toMillis() + " ms"));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        // The SslHandler reports the handshake before it passes on application data.
        ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        if (!finished) {
            finished = true;
            cancelTimeout();
            px.tls.failures.increment();
            if (log.isDebugEnabled()) {
                log.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), describe(cause));
            }
        }
        ctx.close();
    }

    private static String describe(Throwable cause) {
        Throwable c = cause;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c == cause ? String.valueOf(cause) : cause + " (" + c + ")";
    }

    private void cancelTimeout() {
        ScheduledFuture<?> t = timeout;
        if (t != null) {
            timeout = null;
            t.cancel(false);
        }
    }
}
