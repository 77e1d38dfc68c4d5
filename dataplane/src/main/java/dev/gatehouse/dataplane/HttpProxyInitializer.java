package dev.gatehouse.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * The pipeline of a plain-listener client connection: {@link Http1ServerCodec}, then
 * {@link DownstreamHandler}. With h2c on ({@link Http2Limits#cleartext()}), a connection that
 * starts with the HTTP/2 preface becomes HTTP/2 at once (prior knowledge, RFC 9113 §3.3,
 * {@link Http1ServerCodec}), and a request with {@code Upgrade: h2c} switches it after a 101
 * (RFC 7540 §3.2); see {@link Http2Connections}. Built by {@link ClientAcceptor} before the
 * connection is registered.
 */
final class HttpProxyInitializer implements ClientAcceptor.Pipeline {

    /** Largest body piece the decoder emits; bigger pieces mean fewer messages per streamed MiB. */
    static final int MAX_CHUNK_SIZE = 64 * 1024;
    /**
     * Largest body of a request carrying an {@code Upgrade} header: the upgrade handler buffers
     * such a request whole (it is answered in HTTP/2 as stream 1). Upgrades are GETs in practice;
     * a larger body gets 413.
     */
    static final int MAX_UPGRADE_BODY = 64 * 1024;

    private final ProxyContext px;
    private final ListenerInfo listener;
    /** Read-only once built: the codec copies what it needs. */
    private final HttpDecoderConfig decoder;
    private final Http2Connections http2;
    private final BiConsumer<ChannelHandlerContext, Http1ServerCodec> upgradeInstaller = this::installUpgrade;
    /** Called only for a connection that opens with the HTTP/2 preface. */
    private final Supplier<ChannelHandler> priorKnowledge;

    HttpProxyInitializer(ProxyContext px, ListenerInfo listener, Http2Connections http2) {
        this.px = px;
        this.listener = listener;
        this.decoder = decoderConfig(px.config);
        this.http2 = px.config.http2().cleartext() ? http2 : null;
        this.priorKnowledge = this.http2 == null ? null : this.http2::priorKnowledge;
    }

    /** The HTTP/1.1 request decoder settings of every listener. */
    static HttpDecoderConfig decoderConfig(ProxyConfig config) {
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(config.maxInitialLineLength())
                .setMaxHeaderSize(config.maxHeaderSize())
                .setMaxChunkSize(MAX_CHUNK_SIZE)
                .setHeadersFactory(HeaderNames.HEADERS);
    }

    @Override
    public void build(Channel ch, ClientConnections.Entry connection) {
        ChannelPipeline p = ch.pipeline();
        if (http2 == null) {
            new Http1ServerCodec(decoder, null).addLast(p);
        } else {
            new Http1ServerCodec(decoder, upgradeInstaller, priorKnowledge).addLast(p);
        }
        p.addLast("proxy", new DownstreamHandler(px, listener, connection));
    }

    /**
     * The first request with an {@code Upgrade} header: from now on Netty's upgrade handler sees
     * every message (it aggregates requests with {@code Upgrade}, answers {@code h2c} with 101 and
     * switches, passes the others on), and the splitter turns what it aggregated back into head
     * and body.
     */
    private void installUpgrade(ChannelHandlerContext decoderContext, Http1ServerCodec codec) {
        ChannelPipeline p = decoderContext.pipeline();
        p.addAfter(Http1ServerCodec.ENCODER, "upgrade",
                new HttpServerUpgradeHandler(codec, http2.upgrades(), MAX_UPGRADE_BODY));
        p.addAfter("upgrade", "split", FullRequestSplitter.INSTANCE);
    }
}
