package dev.gatehouse.dataplane;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

/**
 * One HTTP/2 stream as the {@link Downstream} of its {@link Exchange}: no channel of its own, the
 * connection's {@link Http2StreamsHandler} feeds it frames and it writes frames through the
 * connection's HTTP/2 encoder.
 *
 * <p>Outbound, the exchange's HTTP/1.1-shaped messages become frames (Netty's
 * {@link HttpConversionUtil}: connection-specific fields never reach the client, RFC 9113
 * §8.2.2). An interim (1xx) response is a HEADERS frame without END_STREAM (§8.1) and the empty end
 * of its message is dropped, else the stream would end after it.
 *
 * <p>Inbound flow control: a request body part goes to the exchange at once (it holds it until
 * the upstream connection is ready), but its bytes go back to the client's window (WINDOW_UPDATE)
 * only while the exchange wants more body, i.e. while the upstream connection is writable. So a
 * slow backend stops the client after one window (RFC 9113 §5.2), as a stream channel reading
 * only on demand did. Event loop only.
 */
final class Http2Downstream implements Downstream {

    private final Http2StreamsHandler conn;
    private final Http2FrameStream frameStream;
    private final Http2Stream stream;
    final int id;
    Exchange exchange;
    long lastActivity;
    /** In the connection's list of streams to flush upstream at the end of its read. */
    boolean marked;

    /** The stream is closed (ended both ways or reset). */
    private boolean closed;
    /** The exchange wrote its last frame or gave up: a close of the stream is no news to it. */
    private boolean ended;
    /** An interim response was written; its (empty) body is not sent. */
    private boolean inInterim;
    /** Request body bytes the exchange took but the client's window has not had back yet. */
    private int unconsumed;

    Http2Downstream(Http2StreamsHandler conn, Http2FrameStream frameStream, Http2Stream stream) {
        this.conn = conn;
        this.frameStream = frameStream;
        this.stream = stream;
        this.id = frameStream.id();
        this.lastActivity = System.nanoTime();
    }

    // ---------------------------------------------------------------- from the connection

    /** A request body part; {@code flowControlled} counts toward the client's window. */
    void onRequestContent(HttpContent c, int flowControlled) {
        lastActivity = System.nanoTime();
        unconsumed += flowControlled;
        exchange.onRequestContent(c);
    }

    /** End of the connection's read: what this stream's exchange took goes upstream in one flush. */
    void onReadComplete() {
        Exchange e = exchange;
        e.flushUpstream();
        if (unconsumed > 0 && (e.isDone() || e.requestReceived() || e.wantsRequestBody())) {
            returnBytes();
        }
    }

    /** The stream closed: ended both ways, reset by either side, or the connection went away. */
    void onClosed() {
        closed = true;
        Exchange e = exchange;
        if (!ended && e != null && !e.isDone()) {
            e.onDownstreamClosed();
        }
    }

    void onWritabilityChanged() {
        Exchange e = exchange;
        if (e != null && !closed && isWritable()) {
            e.onDownstreamWritable();
        }
    }

    /**
     * Resets the stream (RST_STREAM), e.g. for a malformed request or an idle one. The exchange,
     * if any, learns of it when the reset is written and the stream closes ({@link #onClosed}).
     */
    void reset(Http2Error error) {
        if (!closed) {
            conn.reset(id, error);
        }
    }

    private void returnBytes() {
        int n = unconsumed;
        unconsumed = 0;
        if (!closed) {
            conn.context().write(new DefaultHttp2WindowUpdateFrame(n).stream(frameStream), conn.quietPromise());
        }
    }

    // ---------------------------------------------------------------- Downstream

    @Override
    public Channel channel() {
        return conn.context().channel();
    }

    @Override
    public ByteBufAllocator alloc() {
        return conn.context().alloc();
    }

    @Override
    public ListenerInfo listener() {
        return conn.listener();
    }

    @Override
    public String clientIp() {
        return conn.clientIp();
    }

    @Override
    public AsciiString localPort() {
        return conn.localPort();
    }

    @Override
    public UpstreamPool pool() {
        return conn.pool();
    }

    @Override
    public void write(Object msg) {
        send(msg, null);
    }

    @Override
    public void writeLast(Object msg, boolean close) {
        ended = true;
        if (!close) {
            send(msg, null);
            return;
        }
        // The client may still be sending a body nobody reads: reset the stream once the
        // response is out, unless it has ended both ways by then.
        ChannelPromise p = conn.context().newPromise();
        p.addListener((ChannelFutureListener) this::afterLastWrite);
        send(msg, p);
    }

    private void afterLastWrite(ChannelFuture f) {
        if (!closed) {
            conn.reset(id, Http2Error.CANCEL);
            conn.context().flush();
        }
    }

    @Override
    public void flush() {
        conn.context().flush();
    }

    @Override
    public void flushLater(Channel ch) {
        conn.pool().flusher.flushLater(ch);
    }

    @Override
    public boolean isWritable() {
        return conn.context().channel().isWritable() && conn.isWritable(stream);
    }

    @Override
    public void readRequestBody() {
        if (unconsumed > 0) {
            returnBytes();
            conn.context().flush();
        }
    }

    @Override
    public void abort() {
        ended = true;
        reset(Http2Error.CANCEL);
        conn.context().flush();
    }

    @Override
    public void touch() {
        lastActivity = System.nanoTime();
    }

    @Override
    public void exchangeFinished(Exchange e) {
        // Nothing else waits on this stream: body parts still coming are dropped (and their bytes
        // returned) by onRequestContent → the exchange, and the stream closes when both sides end.
    }

    // ---------------------------------------------------------------- messages → frames

    /** @param last the promise of the message's last frame, or {@code null} */
    private void send(Object msg, ChannelPromise last) {
        if (closed) {
            ReferenceCountUtil.release(msg);
            if (last != null) {
                last.trySuccess();
            }
            return;
        }
        try {
            encode(msg, last == null ? conn.quietPromise() : last);
        } catch (RuntimeException e) {
            // E.g. a header the HTTP/2 rules refuse (the conversion comes before any content is
            // handed on): this stream fails, later and in its own task, as a stream channel did.
            ReferenceCountUtil.safeRelease(msg);
            failed();
        }
    }

    private void failed() {
        Exchange e = exchange;
        ended = true;
        reset(Http2Error.INTERNAL_ERROR);
        conn.context().flush();
        conn.context().executor().execute(() -> {
            if (!e.isDone()) {
                e.onDownstreamClosed();
            }
        });
    }

    private void encode(Object msg, ChannelPromise last) {
        ChannelPromise quiet = conn.quietPromise();
        if (msg instanceof HttpResponse response && response.status().code() < 200) {
            inInterim = !(msg instanceof LastHttpContent);
            Http2Headers headers = HttpConversionUtil.toHttp2Headers(response, true);
            ReferenceCountUtil.release(msg);
            conn.headers(id, headers, false, last);
            return;
        }
        if (inInterim && msg instanceof HttpContent) {
            inInterim = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            last.trySuccess();
            return;
        }
        if (msg instanceof HttpResponse response) {
            boolean ends = msg instanceof FullHttpMessage full
                    && !full.content().isReadable() && full.trailingHeaders().isEmpty();
            Http2Headers headers = HttpConversionUtil.toHttp2Headers(response, true);
            if (ends) {
                ReferenceCountUtil.release(msg);
                conn.headers(id, headers, true, last);
                return;
            }
            if (!(msg instanceof LastHttpContent)) {
                conn.headers(id, headers, false, last);
                return;
            }
            conn.headers(id, headers, false, quiet);
        }
        if (msg instanceof LastHttpContent lastContent) {
            HttpHeaders trailers = lastContent.trailingHeaders();
            Http2Headers trailerFrame = trailers.isEmpty() ? null : HttpConversionUtil.toHttp2Headers(trailers, true);
            // A streamed response needs a frame to carry END_STREAM even when its end is empty.
            boolean filler = !(msg instanceof FullHttpMessage) && trailerFrame == null;
            if (lastContent.content().isReadable() || filler) {
                conn.data(id, lastContent.content(), trailerFrame == null, trailerFrame == null ? last : quiet);
            } else {
                lastContent.release();
            }
            if (trailerFrame != null) {
                conn.headers(id, trailerFrame, true, last);
            }
        } else if (msg instanceof HttpContent c) {
            conn.data(id, c.content(), false, last);
        } else {
            ReferenceCountUtil.release(msg);
            last.trySuccess();
        }
    }
}
