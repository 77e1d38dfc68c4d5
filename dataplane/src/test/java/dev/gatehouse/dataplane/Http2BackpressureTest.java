package dev.gatehouse.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.tls.LoadedCertificate;
import io.netty.handler.codec.http2.Http2Headers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 flow control carries backpressure between the client's stream and the upstream
 * connection: bodies stream without being buffered whole, a stalled reader stops the backend,
 * and the announced limits hold. Memory is measured on the proxy's allocator as in
 * {@link StreamingTest}.
 */
class Http2BackpressureTest {

    /** Four times {@link #MEMORY_LIMIT}: a proxy that buffered a body would fail. */
    private static final long BIG = 64L << 20;
    private static final long MEMORY_LIMIT = 16L << 20;
    private static final LoadedCertificate CERT = TlsFixture.certificate("big.example");

    private final TestBackend backend = new TestBackend("a");
    private ProxyServer proxy = ProxyServer.start(TlsFixture.config(TlsFixture.selector(CERT)),
            Tables.catchAll("test/a", backend.port()));
    private final StreamingTest.PeakSampler sampler = new StreamingTest.PeakSampler();

    @AfterEach
    void tearDown() throws InterruptedException {
        sampler.stop();
        proxy.close();
        backend.close();
    }

    @Test
    void largeUploadStreamsWithBoundedMemory() throws Exception {
        try (H2Client c = H2Client.tls(proxy.httpsPort(), "big.example")) {
            H2Client.Response r = c.postStreamed("big.example", "/count", BIG).get(5, TimeUnit.MINUTES);
            assertThat(r.bodyText()).isEqualTo("count=" + BIG);
        }
        assertThat(sampler.peak()).isLessThan(MEMORY_LIMIT);
    }

    @Test
    void stalledReaderStopsTheBackendAndResumes() throws Exception {
        try (H2Client c = H2Client.tls(proxy.httpsPort(), "big.example")) {
            H2Client.Stalled stalled = c.stalledDownload("big.example", "/bytes/" + BIG);
            // The client reads nothing for a while: the proxy must stop reading the backend, not buffer.
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> sampler.peak() < MEMORY_LIMIT);
            // Meanwhile other streams on the same connection still work.
            assertThat(c.get("big.example", "/other").get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            stalled.resume();
            assertThat(stalled.result().get(5, TimeUnit.MINUTES).bodyBytes()).isEqualTo(BIG);
        }
        assertThat(sampler.peak()).isLessThan(MEMORY_LIMIT);
    }

    @Test
    void announcedLimitsHold() throws Exception {
        proxy.close();
        proxy = ProxyServer.start(TlsFixture.config(TlsFixture.selector(CERT))
                .withHttp2(new Http2Limits(true, 4, 8 * 1024, Http2Limits.DEFAULT_WINDOW, 1 << 20)),
                Tables.catchAll("test/a", backend.port()));
        try (H2Client c = H2Client.tls(proxy.httpsPort(), "big.example")) {
            List<CompletableFuture<H2Client.Response>> slow = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                slow.add(c.get("big.example", "/delay/1500"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> backend.requests().size() == 4);
            // A fifth concurrent stream is over SETTINGS_MAX_CONCURRENT_STREAMS.
            CompletableFuture<H2Client.Response> fifth = c.get("big.example", "/fifth");
            assertThat(fifth).failsWithin(Duration.ofSeconds(30));
            for (CompletableFuture<H2Client.Response> f : slow) {
                assertThat(f.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
            }
            // Header fields past SETTINGS_MAX_HEADER_LIST_SIZE: 431, and the connection stays usable.
            Http2Headers big = c.headers("GET", "big.example", "/big-headers").add("x-big", "v".repeat(10_000));
            assertThat(c.send(big, null).get(30, TimeUnit.SECONDS).status()).isEqualTo(431);
            assertThat(c.get("big.example", "/after").get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        assertThat(backend.requests()).extracting(TestBackend.Received::uri).doesNotContain("/fifth", "/big-headers");
    }
}
