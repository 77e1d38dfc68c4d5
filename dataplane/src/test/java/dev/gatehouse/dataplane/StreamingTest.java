package dev.gatehouse.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Large bodies stream through with backpressure: nothing is buffered whole, so the proxy's
 * buffer memory stays small however large the body is.
 *
 * <p>Memory is measured on Netty's default allocator, which only the proxy uses here (the test
 * backend has its own unpooled allocator, the JDK client no Netty at all): its peak during a
 * transfer must stay far below the body size. Default body size 256 MiB; run the 1 GiB
 * check with {@code -Dgatehouse.test.bigBody=1073741824}.
 */
class StreamingTest {

    private static final long BIG = Long.getLong("gatehouse.test.bigBody", 256L << 20);
    /** Far below {@link #BIG}: a proxy that buffered a body would pass it. */
    private static final long MEMORY_LIMIT = 16L << 20;

    private TestBackend backend;
    private ProxyServer proxy;
    private HttpClient http;
    private PeakSampler sampler;

    @BeforeEach
    void start() {
        backend = new TestBackend("a");
        proxy = ProxyServer.start(Tables.config(), Tables.catchAll("test/a", backend.port()));
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        sampler = new PeakSampler();
    }

    @AfterEach
    void stop() throws InterruptedException {
        sampler.stop();
        proxy.close();
        backend.close();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + proxy.httpPort() + path);
    }

    @Test
    void largeUploadWithContentLength() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(uri("/count")).timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(BIG)), BIG))
                .build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("count=" + BIG);
        assertThat(backend.lastRequest().headers().get("content-length")).isEqualTo(Long.toString(BIG));
        assertThat(sampler.peak()).isLessThan(MEMORY_LIMIT);
    }

    @Test
    void largeChunkedUpload() throws Exception {
        long size = BIG / 4;
        HttpRequest req = HttpRequest.newBuilder(uri("/count")).timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Generated(size))).build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("count=" + size);
        assertThat(backend.lastRequest().headers().get("transfer-encoding")).isEqualTo("chunked");
        assertThat(sampler.peak()).isLessThan(MEMORY_LIMIT);
    }

    @Test
    void largeDownloadWithContentLength() throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri("/bytes/" + BIG))
                .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("content-length")).hasValue(Long.toString(BIG));
        assertThat(r.headers().firstValue("transfer-encoding")).isEmpty();
        assertThat(drain(r.body())).isEqualTo(BIG);
        assertThat(sampler.peak()).isLessThan(MEMORY_LIMIT);
    }

    @Test
    void largeChunkedDownload() throws Exception {
        long size = BIG / 4;
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri("/chunked/" + size))
                .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
        assertThat(drain(r.body())).isEqualTo(size);
        assertThat(sampler.peak()).isLessThan(MEMORY_LIMIT);
    }

    @Test
    void stalledClientStopsTheBackend() throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri("/bytes/" + BIG))
                .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofInputStream());
        // The client reads nothing for a while: the proxy must stop reading the backend, not buffer.
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                .until(() -> sampler.peak() < MEMORY_LIMIT);
        assertThat(drain(r.body())).isEqualTo(BIG);
        assertThat(sampler.peak()).isLessThan(MEMORY_LIMIT);
    }

    private static long drain(InputStream in) throws IOException {
        try (in) {
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buf)) != -1; ) {
                total += n;
            }
            return total;
        }
    }

    /** An endless-looking body produced on the fly: no array the size of the body exists. */
    static final class Generated extends InputStream {
        private long remaining;

        Generated(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            if (remaining <= 0) {
                return -1;
            }
            remaining--;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            remaining -= n;
            return n;
        }
    }

    /** Samples the proxy allocator's direct memory every few milliseconds and keeps the peak. */
    static final class PeakSampler {
        private final AtomicLong peak = new AtomicLong();
        private final Thread thread;
        private volatile boolean running = true;

        PeakSampler() {
            ByteBufAllocatorMetricProvider alloc = (ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT;
            thread = new Thread(() -> {
                while (running) {
                    long used = alloc.metric().usedDirectMemory() + alloc.metric().usedHeapMemory();
                    peak.accumulateAndGet(used, Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "memory-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        long peak() {
            return peak.get();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(5000);
        }
    }
}
