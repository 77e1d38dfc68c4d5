package dev.gatehouse.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handler of a listening socket: what Netty's {@code ServerBootstrap} acceptor does with an
 * accepted connection, minus its per-connection costs. The child's pipeline is built directly,
 * before the child is registered with its event loop (no {@code ChannelInitializer} added and
 * removed per connection, no child options applied one system call each: Netty's socket channels
 * have {@code TCP_NODELAY} on from their constructor), and the connection is tracked in
 * {@link ClientConnections} once registered.
 *
 * <p>With epoll, read interest is set before the registration, so the socket joins the epoll set
 * with {@code EPOLLIN} in one {@code epoll_ctl(ADD)} instead of an {@code ADD} followed by a
 * {@code MOD} at the first read. Every pipeline reads at once anyway: {@link DownstreamHandler}
 * asks for the request, the TLS listener reads the handshake with AUTO_READ on.
 *
 * <p>Runs on the listening socket's event loop.
 */
final class ClientAcceptor extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ClientAcceptor.class);

    /** Builds a new connection's pipeline; called before the connection is registered. */
    interface Pipeline {
        void build(Channel ch, ClientConnections.Entry connection);
    }

    private final EventLoopGroup loops;
    private final ClientConnections connections;
    private final Pipeline pipeline;
    private final boolean autoRead;
    private final boolean armReadBeforeRegister;

    /**
     * @param autoRead              the connection's AUTO_READ setting
     * @param armReadBeforeRegister set read interest before registering (epoll only: the NIO
     *                              transport needs its selection key first)
     */
    ClientAcceptor(EventLoopGroup loops, ClientConnections connections, Pipeline pipeline, boolean autoRead,
            boolean armReadBeforeRegister) {
        this.loops = loops;
        this.connections = connections;
        this.pipeline = pipeline;
        this.autoRead = autoRead;
        this.armReadBeforeRegister = armReadBeforeRegister;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        try {
            if (!autoRead) {
                child.config().setAutoRead(false);
            }
            ClientConnections.Entry entry = connections.newEntry(child);
            pipeline.build(child, entry);
            if (armReadBeforeRegister) {
                // Before registration this only records EPOLLIN in the ops the registration submits.
                child.unsafe().beginRead();
            }
            // The entry tracks the child once it is registered (on the child's loop), see Entry.
            loops.register(child).addListener(entry);
        } catch (Throwable t) {
            log.warn("failed to set up an accepted connection {}", child, t);
            child.unsafe().closeForcibly();
        }
    }

    /**
     * An accept failed (e.g. too many open files): as Netty's {@code ServerBootstrap} does, the
     * listener pauses for a second instead of closing, or spinning on the same error.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Channel listener = ctx.channel();
        if (listener.config().isAutoRead()) {
            listener.config().setAutoRead(false);
            listener.eventLoop().schedule(() -> listener.config().setAutoRead(true), 1, TimeUnit.SECONDS);
        }
        log.warn("accepting a connection on {} failed; pausing accepts for 1 s", listener.localAddress(), cause);
    }
}
