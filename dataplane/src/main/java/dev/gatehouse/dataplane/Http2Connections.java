package dev.gatehouse.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.AsciiString;

/**
 * Builds the HTTP/2 side of a client connection, however it got there: ALPN {@code h2} after a
 * TLS handshake, the h2c connection preface (prior knowledge), or {@code Upgrade: h2c}.
 *
 * <p>The connection pipeline is {@link Http2FrameCodec} → {@link Http2StreamsHandler} →
 * {@link Http2ConnectionGuard}. Streams are no channels: each is an {@link Http2Downstream} served
 * by the connection's handler, on the connection's event loop (so it uses that loop's upstream
 * pool), with the same {@link Exchange} as HTTP/1.1: routing, header rewriting, error responses
 * and upstream pooling are shared, and every stream is proxied to HTTP/1.1 backends. A stream's
 * WINDOW_UPDATEs follow what its upstream connection takes, so HTTP/2 flow control carries the
 * upstream's backpressure to the client (RFC 9113 §5.2).
 */
final class Http2Connections {

    private final ProxyContext px;
    private final Http2Limits limits;

    Http2Connections(ProxyContext px) {
        this.px = px;
        this.limits = px.config.http2();
    }

    /** Adds the HTTP/2 handlers at the end of {@code pipeline}, whose channel is active. */
    void configure(ChannelPipeline pipeline, ListenerInfo listener) {
        Http2FrameCodec codec = newCodec();
        pipeline.addLast("h2", codec);
        pipeline.addLast("h2-streams", new Http2StreamsHandler(px, listener, codec));
        pipeline.addLast("h2-guard", new Http2ConnectionGuard(px, codec));
    }

    /** For {@code CleartextHttp2ServerUpgradeHandler}: one handler that builds h2c when the preface is seen. */
    ChannelInitializer<Channel> priorKnowledge() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                configure(ch.pipeline(), ListenerInfo.H2C);
            }
        };
    }

    /** For {@link HttpServerUpgradeHandler}: {@code h2c} upgrades (RFC 7540 §3.2), nothing else. */
    HttpServerUpgradeHandler.UpgradeCodecFactory upgrades() {
        return protocol -> {
            if (!AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)) {
                return null;
            }
            Http2FrameCodec codec = newCodec();
            return new Http2ServerUpgradeCodec(codec, new Http2StreamsHandler(px, ListenerInfo.H2C, codec),
                    new Http2ConnectionGuard(px, codec));
        };
    }

    private Http2FrameCodec newCodec() {
        Http2Settings settings = new Http2Settings()
                .maxConcurrentStreams(limits.maxConcurrentStreams())
                .maxHeaderListSize(limits.maxHeaderListSize())
                .initialWindowSize(limits.initialWindowSize());
        return Http2FrameCodecBuilder.forServer()
                .initialSettings(settings)
                .validateHeaders(true)
                .build();
    }
}
