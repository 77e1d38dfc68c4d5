package dev.gatehouse.dataplane;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import java.util.List;

/**
 * First handler of a plain connection with h2c on: a connection that opens with the HTTP/2
 * connection preface is HTTP/2 by prior knowledge (RFC 9113 §3.3); the HTTP/1.1 codec goes and
 * {@code http2} takes its place. On the first byte that is not the preface it removes itself
 * (what it buffered goes on to the HTTP/1.1 decoder). The logic of Netty's
 * {@link CleartextHttp2ServerUpgradeHandler}, for the two-handler {@link Http1ServerCodec}; its
 * {@code PriorKnowledgeUpgradeEvent} is not fired (no handler here listens for it).
 */
final class H2cPriorKnowledge extends ByteToMessageDecoder {

    private static final ByteBuf PREFACE = Unpooled.unreleasableBuffer(Http2CodecUtil.connectionPrefaceBuf())
            .asReadOnly();

    private final Http1ServerCodec codec;
    private final ChannelHandler http2;

    H2cPriorKnowledge(Http1ServerCodec codec, ChannelHandler http2) {
        this.codec = codec;
        this.http2 = http2;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int length = PREFACE.readableBytes();
        int n = Math.min(in.readableBytes(), length);
        ChannelPipeline p = ctx.pipeline();
        if (!ByteBufUtil.equals(PREFACE, PREFACE.readerIndex(), in, in.readerIndex(), n)) {
            p.remove(this);
        } else if (n == length) {
            codec.upgradeFrom(ctx);
            p.addAfter(ctx.name(), null, http2);
            p.remove(this);
        }
    }
}
