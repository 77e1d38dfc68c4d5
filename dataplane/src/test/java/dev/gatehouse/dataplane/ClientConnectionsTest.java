package dev.gatehouse.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ClientConnections} through a running proxy: the per-loop idle sweep closes idle client
 * connections (never before the timeout, and not while traffic flows), the open-connection count
 * follows accepts and closes, and a graceful close finds and closes every idle connection while
 * letting in-flight requests finish.
 */
class ClientConnectionsTest {

    private final TestBackend a = new TestBackend("a");
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        a.close();
    }

    private ProxyServer proxy(ProxyConfig config) {
        ProxyServer p = ProxyServer.start(config, Tables.catchAll("test/a", a.port()));
        closeables.add(p);
        return p;
    }

    private RawClient client(ProxyServer p) throws Exception {
        RawClient c = new RawClient(p.httpPort());
        closeables.add(c);
        return c;
    }

    @Test
    void theSweepClosesAnIdleConnectionAfterTheTimeoutNotBefore() throws Exception {
        Duration timeout = Duration.ofMillis(400);
        ProxyServer p = proxy(Tables.config().withIdleTimeout(timeout));
        RawClient c = client(p);
        assertThat(c.get("/", "").read().status()).isEqualTo(200);
        long answered = System.nanoTime();
        assertThat(c.closedByPeer()).isTrue();
        assertThat(System.nanoTime() - answered).isGreaterThanOrEqualTo(timeout.toNanos() - TimeUnit.MILLISECONDS.toNanos(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> p.clientConnections() == 0);
    }

    @Test
    void aConnectionWithTrafficStaysOpen() throws Exception {
        ProxyServer p = proxy(Tables.config().withIdleTimeout(Duration.ofMillis(600)));
        RawClient c = client(p);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        int requests = 0;
        while (System.nanoTime() < end) {
            // Pacing only: each gap is far below the timeout.
            Thread.sleep(50);
            assertThat(c.get("/", "").read().status()).isEqualTo(200);
            requests++;
        }
        assertThat(requests).isGreaterThan(3);
        assertThat(p.clientConnections()).isEqualTo(1);
    }

    @Test
    void theCountFollowsOpenAndClosedConnections() throws Exception {
        ProxyServer p = proxy(Tables.config());
        List<RawClient> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RawClient c = client(p);
            assertThat(c.get("/", "").read().status()).isEqualTo(200);
            open.add(c);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> p.clientConnections() == 5);
        for (RawClient c : open) {
            c.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> p.clientConnections() == 0);
        RawClient last = client(p);
        assertThat(last.get("/", "Connection: close\r\n").read().status()).isEqualTo(200);
        assertThat(last.closedByPeer()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> p.clientConnections() == 0);
    }

    @Test
    void gracefulCloseClosesEveryIdleConnectionAndFinishesInFlightOnes() throws Exception {
        ProxyServer p = ProxyServer.start(Tables.config(), Tables.catchAll("test/a", a.port()));
        List<RawClient> idle = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // Spread over both event loops.
            RawClient c = client(p);
            assertThat(c.get("/warm", "").read().status()).isEqualTo(200);
            idle.add(c);
        }
        RawClient busy = client(p);
        busy.get("/delay/500", "");
        await().atMost(Duration.ofSeconds(10)).until(() -> p.activeRequests() == 1);
        CompletableFuture<Void> closed = CompletableFuture.runAsync(() -> p.close(Duration.ofSeconds(20)));
        for (RawClient c : idle) {
            assertThat(c.closedByPeer()).isTrue();
        }
        RawClient.Response r = busy.read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("connection")).isEqualTo("close");
        assertThat(busy.closedByPeer()).isTrue();
        closed.get(30, TimeUnit.SECONDS);
        assertThat(p.clientConnections()).isZero();
        assertThat(p.activeRequests()).isZero();
    }

    @Test
    void gracefulCloseCutsWhatIsStillInFlightAfterTheGrace() throws Exception {
        ProxyServer p = ProxyServer.start(Tables.config(), Tables.catchAll("test/a", a.port()));
        RawClient busy = client(p);
        busy.get("/delay/5000", "");
        await().atMost(Duration.ofSeconds(10)).until(() -> p.activeRequests() == 1);
        long start = System.nanoTime();
        p.close(Duration.ofMillis(200));
        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(4));
        assertThat(busy.closedByPeer()).isTrue();
        assertThat(p.clientConnections()).isZero();
    }
}
