package dev.gatehouse.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flushes channels at the end of the event loop's current iteration rather than at once, so that
 * the writes of every connection handled in one batch of I/O events reach the kernel together.
 * Owned by ONE event loop; not thread-safe: call only from {@link #loop}.
 *
 * <p>Why: on loopback each flush wakes the peer (the backend or the client). Flushed from inside
 * a read, the first request of a batch wakes the backend while the proxy still has the rest of
 * the batch to read; flushed together, the backend finds several requests per wake-up.
 *
 * <p>When: the first channel of an iteration submits this as a task. Netty's I/O loop processes
 * all ready channels first and runs its task queue after them ({@code SingleThreadIoEventLoop}:
 * {@code runIo()}, then {@code runAllTasks()}), and a task submitted from the loop itself needs
 * no wake-up. A lone request therefore waits for nothing but the end of its own iteration; a
 * channel asked for from inside a task is flushed in the same round of tasks.
 */
final class LoopFlusher implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(LoopFlusher.class);

    private final EventLoop loop;
    /** Channels to flush, {@code [0, size)}; the same channel may appear more than once. */
    private Channel[] channels = new Channel[32];
    private int size;

    LoopFlusher(EventLoop loop) {
        this.loop = loop;
    }

    /** Flushes {@code ch} (which must belong to this loop) at the end of this loop iteration. */
    void flushLater(Channel ch) {
        int n = size;
        if (n == 0) {
            loop.execute(this);
        } else if (channels[n - 1] == ch) {
            return;
        }
        if (n == channels.length) {
            channels = Arrays.copyOf(channels, n * 2);
        }
        channels[n] = ch;
        size = n + 1;
    }

    @Override
    public void run() {
        // A flush may lead to more flushLater calls (listeners): they are flushed in this pass.
        for (int i = 0; i < size; i++) {
            Channel ch = channels[i];
            channels[i] = null;
            try {
                ch.flush();
            } catch (RuntimeException e) {
                log.warn("flush of {} failed", ch, e);
            }
        }
        size = 0;
    }
}
