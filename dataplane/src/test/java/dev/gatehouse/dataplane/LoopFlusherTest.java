package dev.gatehouse.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link LoopFlusher} alone, on embedded channels (whose loop runs tasks when told to). */
class LoopFlusherTest {

    @Test
    void flushesEveryChannelOnceTheLoopRunsItsTasks() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        LoopFlusher flusher = new LoopFlusher(a.eventLoop());
        a.write("a1");
        b.write("b1");
        flusher.flushLater(a);
        flusher.flushLater(b);
        flusher.flushLater(b);
        assertThat(a.outboundMessages()).isEmpty();
        assertThat(b.outboundMessages()).isEmpty();

        a.runPendingTasks();
        assertThat(a.<String>readOutbound()).isEqualTo("a1");
        assertThat(b.<String>readOutbound()).isEqualTo("b1");

        // The next batch is a new task.
        b.write("b2");
        flusher.flushLater(b);
        a.runPendingTasks();
        assertThat(b.<String>readOutbound()).isEqualTo("b2");
    }

    @Test
    void aChannelAskedForDuringTheFlushIsFlushedInTheSamePass() {
        EmbeddedChannel b = new EmbeddedChannel();
        EmbeddedChannel a = new EmbeddedChannel();
        LoopFlusher flusher = new LoopFlusher(a.eventLoop());
        a.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                b.write("from a's flush");
                flusher.flushLater(b);
                ctx.flush();
            }
        });
        a.write("a1");
        flusher.flushLater(a);
        a.runPendingTasks();
        assertThat(a.<String>readOutbound()).isEqualTo("a1");
        assertThat(b.<String>readOutbound()).isEqualTo("from a's flush");
    }

    @Test
    void manyChannelsInOneBatch() {
        EmbeddedChannel loop = new EmbeddedChannel();
        LoopFlusher flusher = new LoopFlusher(loop.eventLoop());
        EmbeddedChannel[] chs = new EmbeddedChannel[100];
        for (int i = 0; i < chs.length; i++) {
            chs[i] = new EmbeddedChannel();
            chs[i].write(i);
            flusher.flushLater(chs[i]);
        }
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> loop.runPendingTasks());
        for (int i = 0; i < chs.length; i++) {
            assertThat(chs[i].<Integer>readOutbound()).isEqualTo(i);
        }
    }
}
