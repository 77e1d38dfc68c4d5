package dev.gatehouse.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves all streams of an HTTP/2 client connection from the connection's pipeline, after
 * {@link Http2FrameCodec}: each request stream is an {@link Http2Downstream} and an
 * {@link Exchange}, found by stream id, with no channel, pipeline or timer of its own. What a
 * stream is not concerned with (SETTINGS, PING, GOAWAY, shutdown, idle connection) goes on to
 * {@link Http2ConnectionGuard}.
 *
 * <p>Inbound, a request is the streaming form of the HTTP/1.1 listener: a head, body parts and a
 * last part (with the trailers). Header translation is Netty's ({@link HttpConversionUtil}):
 * {@code :authority} becomes {@code Host}, a {@code Host} contradicting it resets the stream
 * (RFC 9113 §8.3.1), cookies are joined. The {@code x-http2-*} headers the conversion adds are
 * removed: they are not the client's and must not reach a backend. Body parts received in one
 * read go upstream with one flush per stream at the end of that read.
 *
 * <p>One idle sweep per connection closes streams without traffic for
 * {@link ProxyConfig#idleTimeout()} that are not waiting for their backend. Event loop only.
 */
final class Http2StreamsHandler extends ChannelInboundHandlerAdapter implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Http2StreamsHandler.class);
    private static final HttpConversionUtil.ExtensionHeaderNames[] EXTENSIONS =
            HttpConversionUtil.ExtensionHeaderNames.values();

    private final ProxyContext px;
    private final ListenerInfo listener;
    private final Http2FrameCodec codec;
    private final IntObjectHashMap<Http2Downstream> streams = new IntObjectHashMap<>();
    /** Streams that received something during the current read of the connection. */
    private final ArrayDeque<Http2Downstream> touched = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private ChannelHandlerContext codecCtx;
    /** For writes whose outcome the stream learns otherwise (its close): a failure fires nothing. */
    private ChannelPromise quiet;
    private UpstreamPool pool;
    private String clientIp;
    private AsciiString localPort;
    private ScheduledFuture<?> idleSweep;

    Http2StreamsHandler(ProxyContext px, ListenerInfo listener, Http2FrameCodec codec) {
        this.px = px;
        this.listener = listener;
        this.codec = codec;
    }

    // ---------------------------------------------------------------- for the streams

    ChannelHandlerContext context() {
        return ctx;
    }

    ChannelPromise quietPromise() {
        return quiet;
    }

    ListenerInfo listener() {
        return listener;
    }

    String clientIp() {
        return clientIp;
    }

    AsciiString localPort() {
        return localPort;
    }

    UpstreamPool pool() {
        return pool;
    }

    boolean isWritable(Http2Stream stream) {
        return codec.connection().remote().flowController().isWritable(stream);
    }

    void headers(int id, Http2Headers headers, boolean endStream, ChannelPromise promise) {
        codec.encoder().writeHeaders(codecCtx, id, headers, 0, endStream, promise);
    }

    void data(int id, ByteBuf content, boolean endStream, ChannelPromise promise) {
        codec.encoder().writeData(codecCtx, id, content, 0, endStream, promise);
    }

    void reset(int id, Http2Error error) {
        codec.resetStream(codecCtx, id, error.code(), quiet);
    }

    // ---------------------------------------------------------------- connection events

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.codecCtx = ctx.pipeline().context(codec);
        this.quiet = new VoidChannelPromise(ctx.channel(), false);
        this.pool = px.pool(ctx.channel().eventLoop());
        this.clientIp = DownstreamHandler.hostAddress(ctx.channel().remoteAddress());
        SocketAddress local = ctx.channel().localAddress();
        this.localPort = AsciiString.of(Integer.toString(local instanceof InetSocketAddress a ? a.getPort() : 0));
        idleSweep = ctx.executor().schedule(this, px.idleTimeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelSweep();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2HeadersFrame frame) {
            onHeaders(frame);
        } else if (msg instanceof Http2DataFrame data) {
            onData(data);
        } else if (msg instanceof Http2ResetFrame) {
            // The codec closes the stream next: onClosed tells the exchange.
            ReferenceCountUtil.release(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void onHeaders(Http2HeadersFrame frame) {
        int id = frame.stream().id();
        Http2Headers headers = frame.headers();
        Http2Downstream s = streams.get(id);
        if (s != null) {
            if (frame.isEndStream() && headers.method() == null && headers.status() == null) {
                // Trailers (RFC 9113 §8.1): they end the request.
                LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, true);
                try {
                    HttpConversionUtil.addHttp2ToHttpHeaders(id, headers, last.trailingHeaders(), HttpVersion.HTTP_1_1,
                            true, true);
                } catch (Http2Exception e) {
                    refuse(s, e);
                    return;
                }
                s.onRequestContent(last, 0);
                mark(s);
            } else {
                s.reset(Http2Error.PROTOCOL_ERROR);
                ctx.flush();
            }
            return;
        }
        Http2Stream stream = codec.connection().stream(id);
        if (stream == null) {
            return;
        }
        s = new Http2Downstream(this, frame.stream(), stream);
        streams.put(id, s);
        if (px.draining) {
            // GOAWAY is out or on its way: the client may retry this one elsewhere (RFC 9113 §8.7).
            s.reset(Http2Error.REFUSED_STREAM);
            ctx.flush();
            return;
        }
        HttpRequest request;
        try {
            request = toRequest(id, headers, frame.isEndStream());
        } catch (Http2Exception e) {
            refuse(s, e);
            return;
        }
        Exchange e = new Exchange(px, s, request);
        s.exchange = e;
        e.start();
        if (frame.isEndStream()) {
            e.onRequestContent(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        mark(s);
    }

    /** A malformed request fails its stream only, with the error the conversion found (RFC 9113 §8.1.1). */
    private void refuse(Http2Downstream s, Http2Exception e) {
        log.debug("HTTP/2 stream {} on {} failed", s.id, ctx.channel(), e);
        s.reset(e instanceof Http2Exception.StreamException se ? se.error() : Http2Error.CANCEL);
        ctx.flush();
    }

    private static HttpRequest toRequest(int id, Http2Headers headers, boolean endStream) throws Http2Exception {
        HttpRequest request = HttpConversionUtil.toHttpRequest(id, headers, true);
        HttpHeaders h = request.headers();
        for (HttpConversionUtil.ExtensionHeaderNames name : EXTENSIONS) {
            h.remove(name.text());
        }
        if (!endStream && !HttpUtil.isContentLengthSet(request)) {
            // A body of unannounced length: chunked to the HTTP/1.1 backend.
            h.add(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        return request;
    }

    private void onData(Http2DataFrame data) {
        Http2Downstream s = streams.get(data.stream().id());
        if (s == null || s.exchange == null) {
            // A refused stream's body: its bytes come back to the connection when it closes.
            data.release();
            return;
        }
        // The frame's content moves on with the message.
        s.onRequestContent(data.isEndStream()
                ? new DefaultLastHttpContent(data.content(), true)
                : new DefaultHttpContent(data.content()), data.initialFlowControlledBytes());
        mark(s);
    }

    private void mark(Http2Downstream s) {
        if (!s.marked && s.exchange != null) {
            s.marked = true;
            touched.add(s);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Http2Downstream s;
        while ((s = touched.poll()) != null) {
            s.marked = false;
            s.onReadComplete();
        }
        // The codec flushes after this.
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2FrameStreamEvent e) {
            int id = e.stream().id();
            if (e.type() == Http2FrameStreamEvent.Type.State) {
                if (e.stream().state() == Http2Stream.State.CLOSED) {
                    Http2Downstream s = streams.remove(id);
                    if (s != null) {
                        s.onClosed();
                    }
                }
            } else {
                Http2Downstream s = streams.get(id);
                if (s != null) {
                    s.onWritabilityChanged();
                }
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && !streams.isEmpty()) {
            for (Http2Downstream s : new ArrayList<>(streams.values())) {
                s.onWritabilityChanged();
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2FrameStreamException e) {
            // A malformed frame on one stream (the codec has not reset it): that stream only.
            log.debug("HTTP/2 stream {} on {} failed", e.stream().id(), ctx.channel(), cause);
            Http2Downstream s = streams.get(e.stream().id());
            if (s != null) {
                s.reset(e.error());
            } else {
                reset(e.stream().id(), e.error());
            }
            ctx.flush();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelSweep();
        // The codec closes every stream before this; anything left is told here.
        if (!streams.isEmpty()) {
            List<Http2Downstream> left = new ArrayList<>(streams.values());
            streams.clear();
            for (Http2Downstream s : left) {
                s.onClosed();
            }
        }
        ctx.fireChannelInactive();
    }

    /** Idle sweep: resets streams without traffic for the idle timeout that no backend is answering. */
    @Override
    public void run() {
        if (!ctx.channel().isActive()) {
            return;
        }
        long idle = px.idleTimeoutNanos;
        if (!streams.isEmpty()) {
            long now = System.nanoTime();
            List<Http2Downstream> quietStreams = null;
            for (Http2Downstream s : streams.values()) {
                Exchange e = s.exchange;
                if (now - s.lastActivity >= idle && (e == null || !e.awaitingResponse())) {
                    if (quietStreams == null) {
                        quietStreams = new ArrayList<>();
                    }
                    quietStreams.add(s);
                }
            }
            if (quietStreams != null) {
                for (Http2Downstream s : quietStreams) {
                    s.reset(Http2Error.CANCEL);
                }
                ctx.flush();
            }
        }
        // Streams are checked at least every half timeout: closed between 1 and 1.5 timeouts idle.
        idleSweep = ctx.executor().schedule(this, Math.max(idle / 2, 1), TimeUnit.NANOSECONDS);
    }

    private void cancelSweep() {
        ScheduledFuture<?> t = idleSweep;
        if (t != null) {
            idleSweep = null;
            t.cancel(false);
        }
    }
}
