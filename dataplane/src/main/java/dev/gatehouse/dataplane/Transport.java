package dev.gatehouse.dataplane;

import static java.util.Objects.requireNonNull;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * One Netty I/O transport: how event loops poll and which channel classes go with them.
 * Obtain it from {@link Transports#select(boolean)}.
 *
 * @param name              {@code epoll} or {@code nio}, for logs
 * @param ioHandlerFactory  builds the per-loop poller
 * @param serverChannelType listener sockets
 * @param channelType       accepted and outgoing sockets
 */
public record Transport(
        String name,
        IoHandlerFactory ioHandlerFactory,
        Class<? extends ServerSocketChannel> serverChannelType,
        Class<? extends SocketChannel> channelType) {

    public Transport {
        requireNonNull(name, "name");
        requireNonNull(ioHandlerFactory, "ioHandlerFactory");
        requireNonNull(serverChannelType, "serverChannelType");
        requireNonNull(channelType, "channelType");
    }

    /**
     * Whether an accepted socket may be given read interest before it is registered with its event
     * loop, so that it joins the poller readable in one step (epoll: one {@code epoll_ctl(ADD)}
     * with {@code EPOLLIN} instead of {@code ADD} then {@code MOD}). NIO needs its selection key first.
     */
    public boolean armsReadBeforeRegister() {
        return EpollServerSocketChannel.class.equals(serverChannelType);
    }

    /** A new group of {@code threads} event loops, threads named {@code threadPrefix-N}. */
    public MultiThreadIoEventLoopGroup newEventLoopGroup(int threads, String threadPrefix) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadPrefix), ioHandlerFactory);
    }
}
