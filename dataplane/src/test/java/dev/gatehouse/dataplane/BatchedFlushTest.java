package dev.gatehouse.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Writes are flushed at the end of the event loop iteration ({@link LoopFlusher}), over real
 * sockets: whatever the batching, every response arrives complete, and a lone request on an idle
 * proxy is answered without waiting for other traffic.
 */
class BatchedFlushTest {

    private final TestBackend a = new TestBackend("a");
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        a.close();
    }

    private ProxyServer proxy() {
        ProxyServer p = ProxyServer.start(Tables.config(), Tables.catchAll("test/a", a.port()));
        closeables.add(p);
        return p;
    }

    private RawClient client(ProxyServer p) throws Exception {
        RawClient c = new RawClient(p.httpPort());
        closeables.add(c);
        return c;
    }

    /** The body size request {@code i} of a connection expects; see {@link #pipeline}. */
    private static int expectedSize(int i) {
        return switch (i % 4) {
            case 0 -> 1 + i;
            case 1 -> "count=5".length();
            case 2 -> 100_000 + i;
            default -> "hello from a".length();
        };
    }

    /** Small, with a body, large (more than one write buffer's worth), plain. */
    private static String pipeline(int requests, boolean closeAtEnd) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < requests; i++) {
            String close = closeAtEnd && i == requests - 1 ? "Connection: close\r\n" : "";
            switch (i % 4) {
                case 0 -> s.append("GET /bytes/").append(1 + i).append(" HTTP/1.1\r\nHost: h\r\n").append(close);
                case 1 -> s.append("POST /count HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n").append(close)
                        .append("\r\nhello");
                case 2 -> s.append("GET /bytes/").append(100_000 + i).append(" HTTP/1.1\r\nHost: h\r\n").append(close);
                default -> s.append("GET /plain HTTP/1.1\r\nHost: h\r\n").append(close);
            }
            if (i % 4 != 1) {
                s.append("\r\n");
            }
        }
        return s.toString();
    }

    @Test
    void pipelinedRequestsOnManyConnectionsAllGetCompleteResponses() throws Exception {
        ProxyServer p = proxy();
        int connections = 12;
        int requests = 24;
        List<RawClient> clients = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            clients.add(client(p));
        }
        // Everything is sent before anything is read: the proxy sees many ready connections at once.
        for (int c = 0; c < connections; c++) {
            clients.get(c).send(pipeline(requests, c % 3 == 0));
        }
        // RawClient reads with a 30 s socket timeout: a response left unflushed fails the test.
        for (int c = 0; c < connections; c++) {
            RawClient client = clients.get(c);
            for (int i = 0; i < requests; i++) {
                RawClient.Response r = client.read();
                assertThat(r.status()).as("connection %d request %d", c, i).isEqualTo(200);
                assertThat(r.body()).as("connection %d request %d", c, i).hasSize(expectedSize(i));
            }
            if (c % 3 == 0) {
                assertThat(client.readToEnd()).as("connection %d closed after its last response", c).isEmpty();
            }
        }
    }

    @Test
    void aLoneRequestOnAnIdleProxyIsAnswered() throws Exception {
        ProxyServer p = proxy();
        RawClient first = client(p);
        assertThat(first.get("/warm", "").read().status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> p.idleUpstreamConnections() == 1);
        // Nothing else happens on the proxy's loop: only the end of the loop iteration can flush
        // the request to the backend and then the response to the client.
        RawClient c = client(p);
        RawClient.Response r = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> c.get("/lone", "").read());
        assertThat(r.bodyText()).isEqualTo("hello from a");
        RawClient.Response again = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> first.get("/again", "").read());
        assertThat(again.bodyText()).isEqualTo("hello from a");
    }
}
