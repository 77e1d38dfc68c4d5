package dev.gatehouse.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.tls.LoadedCertificate;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the HTTP/2 stream path must keep whatever the plumbing underneath (stream codec, flush
 * consolidation): every stream of a busy connection gets its own response, a reset stream
 * disturbs no sibling, and trailers pass both ways.
 */
class Http2StreamsTest {

    private static final LoadedCertificate CERT = TlsFixture.certificate("streams.example");

    private final TestBackend backend = new TestBackend("a");
    private final ProxyServer proxy = ProxyServer.start(TlsFixture.config(TlsFixture.selector(CERT)),
            Tables.catchAll("test/a", backend.port()));

    @AfterEach
    void tearDown() {
        proxy.close();
        backend.close();
    }

    private static <T> T await60(CompletableFuture<T> f) throws Exception {
        return f.get(60, TimeUnit.SECONDS);
    }

    @Test
    void eachOfManyConcurrentStreamsGetsItsOwnResponse() throws Exception {
        try (H2Client c = H2Client.tls(proxy.httpsPort(), "streams.example")) {
            List<CompletableFuture<H2Client.Response>> downloads = new ArrayList<>();
            List<CompletableFuture<H2Client.Response>> uploads = new ArrayList<>();
            // Responses of different sizes and request bodies of different sizes, all in flight at
            // once: responses that leave together must not be mixed up between streams.
            for (int i = 0; i < 60; i++) {
                downloads.add(c.download("streams.example", "/bytes/" + (i * 997 + 1)));
                Http2Headers post = c.headers("POST", "streams.example", "/count")
                        .add("content-length", Integer.toString(i + 1));
                uploads.add(c.send(post, new byte[i + 1]));
            }
            for (int i = 0; i < 60; i++) {
                H2Client.Response d = await60(downloads.get(i));
                assertThat(d.status()).isEqualTo(200);
                assertThat(d.header("content-length")).isEqualTo(Integer.toString(i * 997 + 1));
                assertThat(d.bodyBytes()).as("stream %d", i).isEqualTo(i * 997 + 1);
                H2Client.Response u = await60(uploads.get(i));
                assertThat(u.bodyText()).as("stream %d", i).isEqualTo("count=" + (i + 1));
            }
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void aResetStreamLeavesItsSiblingsAlone() throws Exception {
        try (H2Client c = H2Client.tls(proxy.httpsPort(), "streams.example")) {
            List<CompletableFuture<H2Client.Response>> siblings = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                siblings.add(c.get("streams.example", "/delay/300"));
            }
            // A large response the client stops reading, then cancels mid-body.
            H2Client.Stalled big = c.stalledDownload("streams.example", "/bytes/" + (64 << 20));
            await().atMost(Duration.ofSeconds(30)).until(() -> backend.requests().size() >= 11);
            big.stream().close().syncUninterruptibly();
            assertThat(big.result()).failsWithin(Duration.ofSeconds(30));
            for (CompletableFuture<H2Client.Response> f : siblings) {
                H2Client.Response r = await60(f);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.bodyText()).isEqualTo("hello from a");
            }
            assertThat(await60(c.get("streams.example", "/after")).bodyText()).isEqualTo("hello from a");
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void aClientResetMidResponseClosesItsUpstreamConnection() throws Exception {
        try (H2Client c = H2Client.tls(proxy.httpsPort(), "streams.example")) {
            H2Client.Stalled big = c.stalledDownload("streams.example", "/bytes/" + (64 << 20));
            await().atMost(Duration.ofSeconds(30)).until(() -> backend.openConnections() == 1);
            // RST_STREAM mid-body: the half-sent response cannot go back to the pool, its
            // connection is closed instead of being left to stall.
            big.stream().close().syncUninterruptibly();
            await().atMost(Duration.ofSeconds(30)).until(() -> backend.openConnections() == 0);
            assertThat(await60(c.get("streams.example", "/after")).bodyText()).isEqualTo("hello from a");
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void aStreamWhoseBackendFailsGetsItsErrorWhileSiblingsComplete() throws Exception {
        try (H2Client c = H2Client.tls(proxy.httpsPort(), "streams.example")) {
            List<CompletableFuture<H2Client.Response>> siblings = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                siblings.add(c.get("streams.example", "/delay/300"));
            }
            CompletableFuture<H2Client.Response> reset = c.get("streams.example", "/reset");
            CompletableFuture<H2Client.Response> garbage = c.get("streams.example", "/garbage");
            for (int i = 0; i < 10; i++) {
                siblings.add(c.get("streams.example", "/delay/300"));
            }
            assertThat(await60(reset).status()).isEqualTo(502);
            assertThat(await60(garbage).status()).isEqualTo(502);
            for (CompletableFuture<H2Client.Response> f : siblings) {
                H2Client.Response r = await60(f);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.bodyText()).isEqualTo("hello from a");
            }
            assertThat(c.isOpen()).isTrue();
        }
    }

    @Test
    void aStreamWithoutTrafficIsResetAfterTheIdleTimeout() throws Exception {
        try (ProxyServer p = ProxyServer.start(TlsFixture.config(TlsFixture.selector(CERT))
                .withIdleTimeout(Duration.ofMillis(300)), Tables.catchAll("test/a", backend.port()));
             H2Client c = H2Client.tls(p.httpsPort(), "streams.example")) {
            // A body announced and never sent: nothing is waiting for the backend.
            H2Client.Stalled upload = c.unfinishedRequest(c.headers("POST", "streams.example", "/count")
                    .add("content-length", "10"));
            assertThat(upload.result()).failsWithin(Duration.ofSeconds(30));
            assertThat(backend.requests()).extracting(TestBackend.Received::uri).containsExactly("/count");
        }
    }

    @Test
    void trailersPassBothWays() throws Exception {
        try (H2Client c = H2Client.tls(proxy.httpsPort(), "streams.example")) {
            Http2Headers trailers = new DefaultHttp2Headers().add("x-digest", "abc");
            H2Client.Response up = await60(c.sendWithTrailers(c.headers("POST", "streams.example", "/count"),
                    "hello".getBytes(StandardCharsets.UTF_8), trailers));
            assertThat(up.status()).isEqualTo(200);
            assertThat(up.bodyText()).isEqualTo("count=5");
            // Without a length the body went chunked, which is how HTTP/1.1 carries trailers.
            assertThat(backend.lastRequest().headers().get("transfer-encoding")).isEqualTo("chunked");

            H2Client.Response down = await60(c.get("streams.example", "/trailers"));
            assertThat(down.status()).isEqualTo(200);
            assertThat(down.bodyText()).isEqualTo("with trailers");
            assertThat(down.header("x-checksum")).isEqualTo("count=0");
        }
    }
}
