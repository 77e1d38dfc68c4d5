package dev.gatehouse.dataplane;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.PromiseCombiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only handler between an HTTP/2 stream channel and {@link DownstreamHandler}: turns the
 * stream's frames into the HTTP/1.1-shaped messages {@link Exchange} works with, and the
 * exchange's response back into frames. Header translation is Netty's ({@link HttpConversionUtil},
 * the same rules as {@code Http2StreamFrameToHttpObjectCodec}): {@code :authority} becomes
 * {@code Host}, a {@code Host} contradicting it resets the stream (RFC 9113 §8.3.1), cookies are
 * joined, connection-specific fields never reach the client (RFC 9113 §8.2.2).
 *
 * <p>Inbound, in the streaming form of the HTTP/1.1 listener: a request head, body parts, and a
 * last part (with the trailers). A HEADERS frame that ends its stream becomes a head plus an empty
 * last part directly (no aggregated request to split). The {@code x-http2-*} headers the
 * conversion adds are removed: they are not the client's and must not reach a backend.
 *
 * <p>Outbound: an interim (1xx) response is a HEADERS frame without END_STREAM (RFC 9113 §8.1),
 * and the empty end of its message is dropped, else the stream would end after it.
 *
 * <p>One handler instead of a conversion codec plus an adapter: one pipeline hop less for every
 * message of every stream, and no intermediate frame lists. One per stream; event loop only.
 */
final class Http2StreamCodec extends ChannelDuplexHandler {

    private static final Logger log = LoggerFactory.getLogger(Http2StreamCodec.class);
    private static final HttpConversionUtil.ExtensionHeaderNames[] EXTENSIONS =
            HttpConversionUtil.ExtensionHeaderNames.values();

    /** An interim response was written; its (empty) body is not sent. */
    private boolean inInterim;

    // ---------------------------------------------------------------- frames → messages

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Http2Exception {
        if (msg instanceof Http2HeadersFrame frame) {
            readHeaders(ctx, frame);
        } else if (msg instanceof Http2DataFrame data) {
            // The frame's content moves on with the message.
            ctx.fireChannelRead(data.isEndStream()
                    ? new DefaultLastHttpContent(data.content(), true)
                    : new DefaultHttpContent(data.content()));
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private static void readHeaders(ChannelHandlerContext ctx, Http2HeadersFrame frame) throws Http2Exception {
        Http2Headers headers = frame.headers();
        int id = frame.stream() == null ? 0 : frame.stream().id();
        if (frame.isEndStream() && headers.method() == null && headers.status() == null) {
            // Trailers (RFC 9113 §8.1): they end the request.
            LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, true);
            HttpConversionUtil.addHttp2ToHttpHeaders(id, headers, last.trailingHeaders(), HttpVersion.HTTP_1_1,
                    true, true);
            ctx.fireChannelRead(last);
            return;
        }
        HttpRequest request = HttpConversionUtil.toHttpRequest(id, headers, true);
        HttpHeaders h = request.headers();
        for (HttpConversionUtil.ExtensionHeaderNames name : EXTENSIONS) {
            h.remove(name.text());
        }
        if (frame.isEndStream()) {
            ctx.fireChannelRead(request);
            ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
            return;
        }
        if (!HttpUtil.isContentLengthSet(request)) {
            // A body of unannounced length: chunked to the HTTP/1.1 backend.
            h.add(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        ctx.fireChannelRead(request);
    }

    // ---------------------------------------------------------------- messages → frames

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof HttpResponse) && !(msg instanceof HttpContent)) {
            ctx.write(msg, promise);
            return;
        }
        try {
            encode(ctx, msg, promise);
        } catch (RuntimeException e) {
            // E.g. a header the HTTP/2 rules refuse: fail this write, the stream's handler decides.
            ReferenceCountUtil.safeRelease(msg);
            promise.tryFailure(new EncoderException(e));
        }
    }

    private void encode(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpResponse response && response.status().code() < 200) {
            inInterim = !(msg instanceof LastHttpContent);
            Http2Headers headers = HttpConversionUtil.toHttp2Headers(response, true);
            ReferenceCountUtil.release(msg);
            ctx.write(new DefaultHttp2HeadersFrame(headers, false), promise);
            return;
        }
        if (inInterim && msg instanceof HttpContent) {
            inInterim = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            promise.trySuccess();
            return;
        }
        Frames out = new Frames(ctx, promise);
        if (msg instanceof HttpResponse response) {
            boolean ends = msg instanceof FullHttpMessage full
                    && !full.content().isReadable() && full.trailingHeaders().isEmpty();
            out.add(new DefaultHttp2HeadersFrame(HttpConversionUtil.toHttp2Headers(response, true), ends));
            if (ends) {
                ReferenceCountUtil.release(msg);
                out.finish();
                return;
            }
        }
        if (msg instanceof LastHttpContent last) {
            HttpHeaders trailers = last.trailingHeaders();
            // A streamed response needs a frame to carry END_STREAM even when its end is empty.
            boolean filler = !(msg instanceof FullHttpMessage) && trailers.isEmpty();
            Http2Headers trailerFrame = trailers.isEmpty() ? null : HttpConversionUtil.toHttp2Headers(trailers, true);
            if (last.content().isReadable() || filler) {
                out.add(new DefaultHttp2DataFrame(last.content(), trailerFrame == null));
            } else {
                last.release();
            }
            if (trailerFrame != null) {
                out.add(new DefaultHttp2HeadersFrame(trailerFrame, true));
            }
        } else if (msg instanceof HttpContent c) {
            out.add(new DefaultHttp2DataFrame(c.content(), false));
        } else {
            ReferenceCountUtil.release(msg);
        }
        out.finish();
    }

    /**
     * Writes the frames of one message; the message's promise completes when all are written. The
     * last frame is held back so that a single frame (the common case) takes the promise as is.
     */
    private static final class Frames {
        private final ChannelHandlerContext ctx;
        private final ChannelPromise promise;
        private Object held;
        private PromiseCombiner combiner;

        Frames(ChannelHandlerContext ctx, ChannelPromise promise) {
            this.ctx = ctx;
            this.promise = promise;
        }

        void add(Object frame) {
            if (held != null) {
                if (promise.isVoid()) {
                    ctx.write(held, promise);
                } else {
                    if (combiner == null) {
                        combiner = new PromiseCombiner(ctx.executor());
                    }
                    combiner.add(ctx.write(held));
                }
            }
            held = frame;
        }

        void finish() {
            if (held == null) {
                promise.trySuccess();
            } else if (combiner == null) {
                ctx.write(held, promise);
            } else {
                combiner.add(ctx.write(held));
                combiner.finish(promise);
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A malformed request (bad header names, contradicting Host) fails this stream only:
        // RST_STREAM with the error the conversion found (RFC 9113 §8.1.1), else CANCEL.
        log.debug("HTTP/2 stream {} failed", ctx.channel(), cause);
        Throwable c = cause instanceof CodecException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof Http2Exception.StreamException e) {
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(e.error())).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }
}
