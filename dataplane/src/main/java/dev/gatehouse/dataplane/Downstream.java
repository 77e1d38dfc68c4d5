package dev.gatehouse.dataplane;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.util.AsciiString;

/**
 * The client side of one {@link Exchange}: what the exchange needs from wherever its request came
 * from. Implemented once for an HTTP/1.x connection ({@link DownstreamHandler}) and once for an
 * HTTP/2 stream ({@link Http2Downstream}), so the exchange never needs a channel of its own per
 * request. Messages are HTTP/1.1-shaped ({@code HttpResponse}, {@code HttpContent}); an HTTP/2
 * stream turns them into frames. Event loop only.
 */
interface Downstream {

    /** The client's connection: TLS facts (SNI certificate), allocator, event loop. */
    Channel channel();

    ByteBufAllocator alloc();

    ListenerInfo listener();

    String clientIp();

    AsciiString localPort();

    /** The upstream pool of the connection's event loop. */
    UpstreamPool pool();

    /** Writes part of the response (not flushed). */
    void write(Object msg);

    /**
     * Writes the end of the response (not flushed). With {@code close}, the client must not send
     * anything more in this exchange's place: the connection (HTTP/1.x) or the stream (HTTP/2,
     * reset unless it has ended both ways) closes once the write is done.
     */
    void writeLast(Object msg, boolean close);

    void flush();

    /**
     * Flushes {@code ch}, the client's connection or an upstream connection of its event loop, at
     * the end of this loop iteration ({@link LoopFlusher}).
     */
    void flushLater(Channel ch);

    /** Whether the client takes more response bytes now (socket buffer, HTTP/2 flow control). */
    boolean isWritable();

    /** The exchange wants more of the request body. */
    void readRequestBody();

    /** The response cannot be completed: close the connection (HTTP/1.x) or reset the stream. */
    void abort();

    /** Traffic for the exchange happened on the upstream side: the client is not idle. */
    void touch();

    /** Called by {@code e} when its response is complete, or it failed. */
    void exchangeFinished(Exchange e);
}
