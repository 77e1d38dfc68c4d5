package dev.gatehouse.dataplane;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Turns a {@link FullHttpRequest} into a head and its {@code LastHttpContent}, the streaming form
 * {@link DownstreamHandler} and {@link Exchange} expect. The h2c upgrade handler emits whole
 * requests for any request with an {@code Upgrade} header (it aggregates before it knows whether
 * it will upgrade). Stateless; event loop only.
 */
@Sharable
final class FullRequestSplitter extends ChannelInboundHandlerAdapter {

    static final FullRequestSplitter INSTANCE = new FullRequestSplitter();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FullHttpRequest full) {
            split(ctx, full);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /** Fires the head, then the body and trailers; ownership of {@code full}'s content moves on. */
    private static void split(ChannelHandlerContext ctx, FullHttpRequest full) {
        HttpRequest head = new DefaultHttpRequest(full.protocolVersion(), full.method(), full.uri(), full.headers());
        head.setDecoderResult(full.decoderResult());
        ctx.fireChannelRead(head);
        ctx.fireChannelRead(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
    }
}
