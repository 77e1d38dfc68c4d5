package dev.gatehouse.dataplane;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * A Netty HTTP/2 client for the proxy tests: h2 over TLS (SNI and ALPN chosen by the test) or h2c
 * by prior knowledge, many streams on one connection, exact pseudo-headers, streamed request
 * bodies. Trusts any certificate: what is tested is which one was served.
 */
final class H2Client implements AutoCloseable {

    /** A response; header names lower case, repeated fields joined with {@code ,}. */
    record Response(int status, Map<String, String> headers, List<Integer> interim, byte[] body, long bodyBytes) {
        String header(String name) {
            return headers.get(name);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;
    private final String scheme;

    private H2Client(int port, SslContext tls, String sni) throws Exception {
        this.scheme = tls == null ? "http" : "https";
        Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(sni == null ? tls.newHandler(ch.alloc())
                                    : tls.newHandler(ch.alloc(), sni, port));
                        }
                        // The proxy's header list limit is what tests probe: do not enforce it here.
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().encoderIgnoreMaxHeaderListSize(true)
                                .build());
                        ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                    }
                });
        try {
            channel = b.connect(new InetSocketAddress("127.0.0.1", port)).sync().channel();
            SslHandler ssl = channel.pipeline().get(SslHandler.class);
            if (ssl != null) {
                ssl.handshakeFuture().sync();
                if (!ApplicationProtocolNames.HTTP_2.equals(ssl.applicationProtocol())) {
                    throw new SSLException("ALPN did not select h2: " + ssl.applicationProtocol());
                }
            }
            // Like a browser: a large connection window, so one stream left unread cannot starve the others.
            channel.writeAndFlush(new DefaultHttp2WindowUpdateFrame(16 << 20)).sync();
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** h2 over TLS with SNI {@code sni} ({@code null}: none), offering ALPN h2 only. */
    static H2Client tls(int port, String sni) throws Exception {
        SslContext ctx = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .endpointIdentificationAlgorithm(null)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2))
                .build();
        return new H2Client(port, ctx, sni);
    }

    /** h2c by prior knowledge: the connection starts with the HTTP/2 preface. */
    static H2Client priorKnowledge(int port) throws Exception {
        return new H2Client(port, null, null);
    }

    /** The certificate the server presented. */
    X509Certificate peerCertificate() throws Exception {
        return (X509Certificate) channel.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates()[0];
    }

    boolean isOpen() {
        return channel.isActive();
    }

    CompletableFuture<Response> get(String authority, String path) {
        return send(headers("GET", authority, path), null, 0, false);
    }

    /** A request with extra header fields; {@code body} may be {@code null}. */
    CompletableFuture<Response> send(Http2Headers headers, byte[] body) {
        return send(headers, body, 0, false);
    }

    /** A request with a body and trailers (RFC 9113 §8.1): HEADERS, DATA, HEADERS with END_STREAM. */
    CompletableFuture<Response> sendWithTrailers(Http2Headers headers, byte[] body, Http2Headers trailers) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        StreamHandler handler = new StreamHandler(result, false, 0);
        new Http2StreamChannelBootstrap(channel).handler(handler).open().addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                return;
            }
            Http2StreamChannel stream = (Http2StreamChannel) f.getNow();
            stream.write(new DefaultHttp2HeadersFrame(headers, false));
            stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), false));
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(trailers, true));
        });
        return result;
    }

    /** A POST whose {@code size} generated bytes are written as the stream's window allows. */
    CompletableFuture<Response> postStreamed(String authority, String path, long size) {
        return send(headers("POST", authority, path), null, size, false);
    }

    /** A GET whose response body is counted, not kept. */
    CompletableFuture<Response> download(String authority, String path) {
        return send(headers("GET", authority, path), null, 0, true);
    }

    /**
     * A GET whose response is not read (no WINDOW_UPDATE goes back) until {@link Stalled#resume()}:
     * the stream's flow-control window fills and the sender has to wait.
     */
    Stalled stalledDownload(String authority, String path) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        StreamHandler handler = new StreamHandler(result, true, 0);
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(channel).handler(handler)
                .option(ChannelOption.AUTO_READ, false).open().syncUninterruptibly().getNow();
        stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers("GET", authority, path), true));
        return new Stalled(stream, result);
    }

    /** A request whose head is sent without END_STREAM and whose body never comes. */
    Stalled unfinishedRequest(Http2Headers headers) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(channel).handler(new StreamHandler(result, false, 0))
                .open().syncUninterruptibly().getNow();
        stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers, false));
        return new Stalled(stream, result);
    }

    /** A response being held back by the client. */
    record Stalled(Channel stream, CompletableFuture<Response> result) {
        /** Starts reading the response (and so returning window to the proxy). */
        void resume() {
            stream.config().setAutoRead(true);
            stream.read();
        }
    }

    Http2Headers headers(String method, String authority, String path) {
        Http2Headers h = new DefaultHttp2Headers().method(method).path(path).scheme(scheme);
        if (authority != null) {
            h.authority(authority);
        }
        return h;
    }

    private CompletableFuture<Response> send(Http2Headers headers, byte[] body, long streamed, boolean countOnly) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        StreamHandler handler = new StreamHandler(result, countOnly, streamed);
        new Http2StreamChannelBootstrap(channel).handler(handler).open().addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(f.cause());
                return;
            }
            Http2StreamChannel stream = (Http2StreamChannel) f.getNow();
            boolean bodyless = body == null && streamed == 0;
            stream.write(new DefaultHttp2HeadersFrame(headers, bodyless));
            if (body != null) {
                stream.write(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true));
            }
            stream.flush();
            if (streamed > 0) {
                handler.pump(stream);
            }
        });
        return result;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /** Collects one stream's response; writes a streamed body while the stream is writable. */
    private static final class StreamHandler extends ChannelInboundHandlerAdapter {
        private static final int PIECE = 16 * 1024;
        private final CompletableFuture<Response> result;
        private final boolean countOnly;
        private long toSend;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final List<Integer> interim = new ArrayList<>();
        private final Map<String, String> headers = new TreeMap<>();
        private int status;
        private long bodyBytes;

        StreamHandler(CompletableFuture<Response> result, boolean countOnly, long toSend) {
            this.result = result;
            this.countOnly = countOnly;
            this.toSend = toSend;
        }

        @Override
        public boolean isSharable() {
            return false;
        }

        void pump(Channel stream) {
            while (toSend > 0 && stream.isWritable()) {
                int n = (int) Math.min(PIECE, toSend);
                // Unpooled: the proxy's allocator statistics stay the proxy's own.
                ByteBuf buf = Unpooled.buffer(n);
                buf.writerIndex(n);
                toSend -= n;
                stream.write(new DefaultHttp2DataFrame(buf, toSend == 0));
            }
            stream.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (toSend > 0 && ctx.channel().isWritable()) {
                pump(ctx.channel());
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame h) {
                    CharSequence s = h.headers().status();
                    if (s != null && s.charAt(0) == '1') {
                        interim.add(Integer.parseInt(s.toString()));
                        return;
                    }
                    if (s != null) {
                        status = Integer.parseInt(s.toString());
                    }
                    h.headers().forEach(e -> headers.merge(e.getKey().toString(), e.getValue().toString(),
                            (a, b) -> a + "," + b));
                    if (h.isEndStream()) {
                        finish();
                    }
                } else if (msg instanceof Http2DataFrame d) {
                    bodyBytes += d.content().readableBytes();
                    if (!countOnly) {
                        byte[] bytes = new byte[d.content().readableBytes()];
                        d.content().readBytes(bytes);
                        body.writeBytes(bytes);
                    }
                    if (d.isEndStream()) {
                        finish();
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void finish() {
            result.complete(new Response(status, Map.copyOf(headers), List.copyOf(interim), body.toByteArray(),
                    bodyBytes));
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Http2ResetFrame rst) {
                result.completeExceptionally(new IllegalStateException("RST_STREAM " + rst.errorCode()
                        + " after status " + status));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.completeExceptionally(new IllegalStateException("stream closed before its end, status " + status));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.completeExceptionally(cause);
            ctx.close();
        }
    }
}
