package dev.gatehouse.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open client connections of one {@link ProxyServer}, kept per event loop, and their idle
 * timeout. Each loop owns a plain doubly-linked list of {@link Entry}s (no lock, no hashing: an
 * accepted connection costs one link, its close one unlink) and one periodic sweep that closes
 * the connections idle for longer than {@link ProxyConfig#idleTimeout()}. This replaces a
 * {@code ChannelGroup} (a concurrent map and a close listener per connection) and a scheduled
 * timer per connection, as nginx does with one timer structure per worker.
 *
 * <p>The sweep runs every {@code min(idleTimeout / 8, 1 s)}: an idle connection is closed after
 * the timeout and at most one sweep interval later.
 *
 * <p>Thread-safety: {@link Entry} methods and the lists are event loop only; {@link #size()},
 * {@link #drain()} and {@link #closeAll} may be called from any thread.
 */
final class ClientConnections {

    private static final Logger log = LoggerFactory.getLogger(ClientConnections.class);
    private static final long MAX_SWEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** What the sweep asks about a connection; implemented by the connection's last handler. */
    interface IdleCheck {
        /** Closes the connection if it has been idle for {@code idleNanos} at {@code now}. */
        void closeIfIdle(long now, long idleNanos);
    }

    private final Map<EventExecutor, Loop> loops;
    private final long idleNanos;
    private final long sweepNanos;

    ClientConnections(EventExecutorGroup group, long idleNanos) {
        this.idleNanos = idleNanos;
        this.sweepNanos = Math.max(1, Math.min(idleNanos / 8, MAX_SWEEP_NANOS));
        Map<EventExecutor, Loop> byLoop = new IdentityHashMap<>();
        for (EventExecutor loop : group) {
            byLoop.put(loop, new Loop((EventLoop) loop));
        }
        this.loops = byLoop;
    }

    /** The sweep interval (for tests and logs). */
    long sweepNanos() {
        return sweepNanos;
    }

    /** A new, untracked entry for an accepted connection; it tracks itself once the connection is registered. */
    Entry newEntry(Channel ch) {
        return new Entry(this, ch);
    }

    private void add(Entry e) {
        Loop loop = loops.get(e.channel.eventLoop());
        if (loop == null) {
            throw new IllegalStateException("event loop " + e.channel.eventLoop() + " does not belong to this proxy");
        }
        loop.link(e);
    }

    /** Open client connections over every loop; any thread (approximate while they change). */
    int size() {
        int sum = 0;
        for (Loop l : loops.values()) {
            sum += l.size;
        }
        return sum;
    }

    /**
     * Fires {@link DownstreamHandler#DRAIN} at every open connection, on its loop, and returns a
     * future per loop that completes once that loop has no connection left. Any thread.
     */
    List<Future<Void>> drain() {
        List<Future<Void>> empty = new ArrayList<>(loops.size());
        for (Loop l : loops.values()) {
            Promise<Void> p = l.loop.newPromise();
            l.loop.execute(() -> l.drain(p));
            empty.add(p);
        }
        return empty;
    }

    /** Closes every open connection, on its loop, and waits up to {@code millis} for them to close. */
    void closeAll(long millis) {
        List<Future<Void>> empty = new ArrayList<>(loops.size());
        for (Loop l : loops.values()) {
            Promise<Void> p = l.loop.newPromise();
            l.loop.execute(() -> l.closeAll(p));
            empty.add(p);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Future<Void> f : empty) {
            f.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /**
     * One connection in its loop's list. It listens to the channel's registration future (then it
     * links itself into the list of the channel's loop) and then to its close future (then it
     * unlinks itself): one object per connection, no other listener. The handler that knows when
     * the connection is idle attaches itself with {@link #watchIdle}.
     */
    static final class Entry implements ChannelFutureListener {
        private final ClientConnections owner;
        private final Channel channel;
        private boolean registered;
        private Loop loop;
        private Entry prev;
        private Entry next;
        private IdleCheck idle;

        private Entry(ClientConnections owner, Channel channel) {
            this.owner = owner;
            this.channel = channel;
        }

        /** {@code check} is asked by every sweep from now on; {@code null} stops it. Event loop only. */
        void watchIdle(IdleCheck check) {
            idle = check;
        }

        @Override
        public void operationComplete(ChannelFuture future) {
            if (!registered) {
                registered = true;
                if (!future.isSuccess()) {
                    log.warn("failed to register an accepted connection {}", channel, future.cause());
                    channel.unsafe().closeForcibly();
                    return;
                }
                owner.add(this);
                // Called at once if the channel closed already.
                channel.closeFuture().addListener(this);
                return;
            }
            Loop l = loop;
            if (l != null) {
                l.unlink(this);
            }
        }
    }

    /** The connections of one event loop. Event loop only, except {@link #size}. */
    private final class Loop implements Runnable {
        private final EventLoop loop;
        private Entry head;
        /** Written by the loop only; read by {@link ClientConnections#size()} from anywhere. */
        private volatile int size;
        private boolean sweeping;
        /** Completed when the list becomes empty; set by a drain or a close-all. */
        private Promise<Void> whenEmpty;

        Loop(EventLoop loop) {
            this.loop = loop;
        }

        void link(Entry e) {
            e.loop = this;
            e.next = head;
            if (head != null) {
                head.prev = e;
            }
            head = e;
            size = size + 1;
            if (!sweeping) {
                sweeping = true;
                loop.scheduleAtFixedRate(this, sweepNanos, sweepNanos, TimeUnit.NANOSECONDS);
            }
        }

        void unlink(Entry e) {
            if (e.loop != this) {
                return;
            }
            e.loop = null;
            if (e.prev != null) {
                e.prev.next = e.next;
            } else {
                head = e.next;
            }
            if (e.next != null) {
                e.next.prev = e.prev;
            }
            e.prev = null;
            e.next = null;
            e.idle = null;
            size = size - 1;
            if (head == null && whenEmpty != null) {
                whenEmpty.trySuccess(null);
            }
        }

        /** The idle sweep. */
        @Override
        public void run() {
            long now = System.nanoTime();
            Entry e = head;
            while (e != null) {
                // Read before the check: closing unlinks e.
                Entry next = e.next;
                IdleCheck check = e.idle;
                if (check != null) {
                    check.closeIfIdle(now, idleNanos);
                }
                e = next;
            }
        }

        void drain(Promise<Void> p) {
            whenEmpty = p;
            for (Entry e = head; e != null; ) {
                Entry next = e.next;
                e.channel.pipeline().fireUserEventTriggered(DownstreamHandler.DRAIN);
                e = next;
            }
            if (head == null) {
                p.trySuccess(null);
            }
        }

        void closeAll(Promise<Void> p) {
            whenEmpty = p;
            List<Channel> open = new ArrayList<>(size);
            for (Entry e = head; e != null; e = e.next) {
                open.add(e.channel);
            }
            for (Channel ch : open) {
                ch.close();
            }
            if (head == null) {
                p.trySuccess(null);
            }
        }
    }
}
