package dev.gatehouse.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import java.util.function.BiConsumer;

/**
 * The pipeline of a plain-listener client connection: {@link Http1ServerCodec}, then
 * {@link DownstreamHandler}. With h2c on ({@link Http2Limits#cleartext()}), a connection that
 * starts with the HTTP/2 preface becomes HTTP/2 at once (prior knowledge, RFC 9113 §3.3,
 * {@link H2cPriorKnowledge}), and a request with {@code Upgrade: h2c} switches it after a 101
 * (RFC 7540 §3.2); see {@link Http2Connections}.
 */
final class HttpProxyInitializer extends ChannelInitializer<Channel> {

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

    HttpProxyInitializer(ProxyContext px, ListenerInfo listener, Http2Connections http2) {
        this.px = px;
        this.listener = listener;
        this.decoder = decoderConfig(px.config);
        this.http2 = px.config.http2().cleartext() ? http2 : null;
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
    protected void initChannel(Channel ch) {
        px.clientChannels.add(ch);
        ChannelPipeline p = ch.pipeline();
        if (http2 == null) {
            new Http1ServerCodec(decoder, null).addLast(p);
        } else {
            Http1ServerCodec codec = new Http1ServerCodec(decoder, upgradeInstaller);
            // Leaves on the first byte that is not the preface.
            p.addLast("h2c", new H2cPriorKnowledge(codec, http2.priorKnowledge()));
            codec.addLast(p);
        }
        p.addLast("proxy", new DownstreamHandler(px, listener));
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
