package dev.gatehouse.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The HTTP/1.x server codec of a client connection: what Netty's {@code HttpServerCodec} does (a
 * response to {@code HEAD} has no body, at most {@value #MAX_PIPELINE_DEPTH} pipelined requests
 * awaiting their responses, close after a response to a request that had both
 * {@code Transfer-Encoding} and {@code Content-Length}), but as two plain handlers instead of one
 * {@code CombinedChannelDuplexHandler}, whose delegating contexts were 6–9% of the HTTP/1.1 profile
 * (every message, every write and every {@code alloc()} went through an extra indirection).
 *
 * <p>With h2c on, the decoder installs Netty's {@link HttpServerUpgradeHandler} the first time a
 * request carries {@code Upgrade} (see {@link #onUpgradeRequest}); before that the handler would
 * only have passed every message through, at the cost of a message-to-message step per message.
 *
 * <p>With h2c on, the decoder also recognises a connection that opens with the HTTP/2 connection
 * preface (prior knowledge, RFC 9113 §3.3): both handlers then leave and the HTTP/2 handlers take
 * their place, with the bytes read so far. This used to be a handler of its own, added and
 * removed on every connection; the decoder checks the first bytes at no extra pipeline step.
 *
 * <p>One per connection; event loop only.
 */
final class Http1ServerCodec implements HttpServerUpgradeHandler.SourceCodec {

    static final String DECODER = "http-decoder";
    static final String ENCODER = "http-encoder";
    /** As {@code HttpServerCodec}: more pipelined requests than this awaiting a response fail the connection. */
    static final int MAX_PIPELINE_DEPTH = 128;

    private static final ByteBuf PREFACE = Unpooled.unreleasableBuffer(Http2CodecUtil.connectionPrefaceBuf())
            .asReadOnly();
    private static final byte HEAD = 1;
    private static final byte CONNECT = 2;
    private static final byte OTHER = 3;
    /** Two bits per request in {@link #methods}: 32 requests before the overflow queue is needed. */
    private static final int INLINE_CAPACITY = Long.SIZE / 2;

    private final RequestDecoder decoder;
    private final ResponseEncoder encoder = new ResponseEncoder();
    /**
     * Called once, with the decoder's context and this codec, for the first request with an
     * {@code Upgrade} header; or {@code null}.
     */
    private BiConsumer<ChannelHandlerContext, Http1ServerCodec> onUpgradeRequest;
    /** Makes the HTTP/2 handler for a connection that starts with the preface; {@code null} once decided, or off. */
    private Supplier<ChannelHandler> priorKnowledge;

    private long methods;
    private int methodCount;
    private ArrayDeque<Byte> overflow;
    private boolean mustCloseAfterResponse;

    /**
     * @param onUpgradeRequest installs the upgrade handler after the {@link #ENCODER} (h2c on), or
     *                         {@code null} (h2c off, or TLS: upgrades are for cleartext only)
     */
    Http1ServerCodec(HttpDecoderConfig config, BiConsumer<ChannelHandlerContext, Http1ServerCodec> onUpgradeRequest) {
        this(config, onUpgradeRequest, null);
    }

    /**
     * @param priorKnowledge makes the handler that builds HTTP/2 when the connection starts with
     *                       the connection preface (h2c on), or {@code null}
     */
    Http1ServerCodec(HttpDecoderConfig config, BiConsumer<ChannelHandlerContext, Http1ServerCodec> onUpgradeRequest,
            Supplier<ChannelHandler> priorKnowledge) {
        this.decoder = new RequestDecoder(config);
        this.onUpgradeRequest = onUpgradeRequest;
        this.priorKnowledge = priorKnowledge;
    }

    /** Adds the decoder and the encoder at the end of {@code p}. */
    void addLast(ChannelPipeline p) {
        p.addLast(DECODER, decoder);
        p.addLast(ENCODER, encoder);
    }

    /** Removes both handlers: the connection switched to HTTP/2. */
    @Override
    public void upgradeFrom(ChannelHandlerContext ctx) {
        ChannelPipeline p = ctx.pipeline();
        p.remove(decoder);
        p.remove(encoder);
    }

    private boolean enqueue(HttpMethod method) {
        int depth = methodCount + (overflow != null ? overflow.size() : 0);
        if (depth >= MAX_PIPELINE_DEPTH) {
            return false;
        }
        byte flag = HttpMethod.HEAD.equals(method) ? HEAD : HttpMethod.CONNECT.equals(method) ? CONNECT : OTHER;
        if (overflow != null) {
            overflow.add(flag);
        } else if (methodCount < INLINE_CAPACITY) {
            methods |= (long) flag << (methodCount << 1);
            methodCount++;
        } else {
            overflow = new ArrayDeque<>(4);
            overflow.add(flag);
        }
        return true;
    }

    private byte poll() {
        if (methodCount != 0) {
            byte flag = (byte) (methods & 0x3L);
            methods >>>= 2;
            methodCount--;
            return flag;
        }
        ArrayDeque<Byte> q = overflow;
        if (q != null) {
            Byte flag = q.poll();
            if (q.isEmpty()) {
                overflow = null;
            }
            return flag != null ? flag : OTHER;
        }
        return OTHER;
    }

    private final class RequestDecoder extends HttpRequestDecoder {

        private boolean discard;

        RequestDecoder(HttpDecoderConfig config) {
            super(config);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
            if (discard) {
                buffer.skipBytes(buffer.readableBytes());
                return;
            }
            if (priorKnowledge != null && !isHttp1(ctx, buffer)) {
                return;
            }
            int oldSize = out.size();
            super.decode(ctx, buffer, out);
            int size = out.size();
            for (int i = oldSize; i < size; i++) {
                if (out.get(i) instanceof HttpRequest request) {
                    if (!enqueue(request.method())) {
                        mustCloseAfterResponse = true;
                        discard = true;
                        for (int j = i; j < size; j++) {
                            ReferenceCountUtil.release(out.get(j));
                        }
                        out.clear();
                        throw new IllegalStateException("maxPipelineDepth exceeded: " + MAX_PIPELINE_DEPTH);
                    }
                    BiConsumer<ChannelHandlerContext, Http1ServerCodec> upgrade = onUpgradeRequest;
                    if (upgrade != null && request.headers().contains(HttpHeaderNames.UPGRADE)) {
                        // Installed before the messages in `out` are fired: this request is its first.
                        onUpgradeRequest = null;
                        upgrade.accept(ctx, Http1ServerCodec.this);
                    }
                }
            }
        }

        /**
         * Whether the connection goes on as HTTP/1.1: {@code false} while the bytes so far are a
         * prefix of the HTTP/2 preface (wait for more), or when the whole preface is there: then
         * both codec handlers leave and the HTTP/2 handler comes in after this decoder, whose
         * removal passes the unread bytes, preface first, on to it.
         */
        private boolean isHttp1(ChannelHandlerContext ctx, ByteBuf in) {
            int length = PREFACE.readableBytes();
            int n = Math.min(in.readableBytes(), length);
            if (!ByteBufUtil.equals(PREFACE, PREFACE.readerIndex(), in, in.readerIndex(), n)) {
                priorKnowledge = null;
                return true;
            }
            if (n == length) {
                ChannelHandler http2 = priorKnowledge.get();
                priorKnowledge = null;
                ChannelPipeline p = ctx.pipeline();
                // The encoder leaves first: the HTTP/2 handlers write their SETTINGS as they are added.
                p.remove(encoder);
                p.addAfter(ctx.name(), null, http2);
                p.remove(this);
            }
            return false;
        }

        @Override
        protected AsciiString splitHeaderName(byte[] sb, int start, int length) {
            AsciiString shared = HeaderNames.shared(sb, start, length);
            return shared != null ? shared : super.splitHeaderName(sb, start, length);
        }

        @Override
        protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
            super.handleTransferEncodingChunkedWithContentLength(message);
            mustCloseAfterResponse = true;
        }
    }

    private final class ResponseEncoder extends HttpResponseEncoder {

        private byte method;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (mustCloseAfterResponse && msg instanceof LastHttpContent) {
                mustCloseAfterResponse = false;
                promise = promise.unvoid().addListener(ChannelFutureListener.CLOSE);
            }
            super.write(ctx, msg, promise);
        }

        @Override
        protected void sanitizeHeadersBeforeEncode(HttpResponse msg, boolean isAlwaysEmpty) {
            // RFC 9110 §9.3.6: a 2xx to CONNECT has no framing (CONNECT is refused today; kept as the codec had it).
            if (!isAlwaysEmpty && method == CONNECT && msg.status().codeClass() == HttpStatusClass.SUCCESS) {
                msg.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
                return;
            }
            super.sanitizeHeadersBeforeEncode(msg, isAlwaysEmpty);
        }

        @Override
        protected boolean isContentAlwaysEmpty(HttpResponse msg) {
            if (msg.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                // Interim responses do not answer a request of the queue.
                return super.isContentAlwaysEmpty(msg);
            }
            method = poll();
            return method == HEAD || super.isContentAlwaysEmpty(msg);
        }
    }
}
