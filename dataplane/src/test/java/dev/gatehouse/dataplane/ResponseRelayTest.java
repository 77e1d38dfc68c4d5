package dev.gatehouse.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Responses relayed over HTTP/1.1 however the backend's bytes arrive: head and body in one read
 * (sent on as one message), head first and body later (the head must not wait for the body),
 * chunked with trailers, bodiless (HEAD, 204, 304), ended by a close; plus the client-side codec's
 * rules (Connection: close, h2c upgrade on a later request, header names checked).
 */
class ResponseRelayTest {

    private ScriptedBackend backend;
    private ProxyServer proxy;
    private RawClient client;

    @BeforeEach
    void start() throws Exception {
        backend = new ScriptedBackend();
        proxy = ProxyServer.start(Tables.config(), Tables.catchAll("test/a", backend.port()));
        client = new RawClient(proxy.httpPort());
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        proxy.close();
        backend.close();
    }

    @Test
    void headAndBodyInOneReadArriveWholeWithTheProxyHeaders() throws Exception {
        backend.then(ScriptedBackend.whole("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Origin: 9001\r\n"
                        + "Connection: keep-alive\r\nContent-Length: 6\r\n\r\nhello\n"))
                .then(ScriptedBackend.whole("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"));
        RawClient.Response r = client.get("/", "").read();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("hello\n");
        assertThat(r.header("content-length")).isEqualTo("6");
        assertThat(r.header("content-type")).isEqualTo("text/plain");
        assertThat(r.header("x-origin")).isEqualTo("9001");
        assertThat(r.header("server")).isEqualTo("gatehouse");
        assertThat(r.header("date")).isNotBlank();
        assertThat(r.header("connection")).isNull();
        // The same client and backend connections carry the next exchange.
        assertThat(client.get("/", "").read().bodyText()).isEqualTo("abc");
        String forwarded = backend.requests.poll(30, TimeUnit.SECONDS);
        assertThat(forwarded).contains("x-forwarded-for: 127.0.0.1").contains("x-request-id: ");
    }

    @Test
    void headIsRelayedBeforeTheBodyArrives() throws Exception {
        CountDownLatch headSeen = new CountDownLatch(1);
        backend.then((head, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(headSeen.await(30, TimeUnit.SECONDS)).isTrue();
            out.write("later".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return true;
        });
        client.get("/", "");
        RawClient.Response head = client.readHead();
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("content-length")).isEqualTo("5");
        headSeen.countDown();
        assertThat(new String(client.readBytes(5), StandardCharsets.US_ASCII)).isEqualTo("later");
    }

    @Test
    void chunkedBodyWithTrailersInOneReadStaysChunked() throws Exception {
        backend.then(ScriptedBackend.whole("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n"))
                .then(ScriptedBackend.whole("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        client.get("/", "");
        RawClient.Response head = client.readHead();
        assertThat(head.header("transfer-encoding")).isEqualTo("chunked");
        assertThat(new String(client.readBytes("5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n".length()),
                StandardCharsets.US_ASCII)).isEqualTo("5\r\nhello\r\n0\r\nX-Checksum: abc\r\n\r\n");
        assertThat(client.get("/", "").read().bodyText()).isEqualTo("ok");
    }

    @Test
    void bodilessResponsesKeepTheConnectionsInStep() throws Exception {
        backend.then(ScriptedBackend.whole("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"))
                .then(ScriptedBackend.whole("HTTP/1.1 204 No Content\r\n\r\n"))
                .then(ScriptedBackend.whole("HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n"))
                .then(ScriptedBackend.whole("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nlast"));
        client.send("HEAD / HTTP/1.1\r\nHost: test.local\r\n\r\n");
        RawClient.Response head = client.read(true);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("content-length")).isEqualTo("100");
        assertThat(client.get("/", "").read().status()).isEqualTo(204);
        RawClient.Response notModified = client.get("/", "").read();
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.header("content-length")).isEqualTo("50");
        // Had any of them carried a body, this would read its bytes instead.
        assertThat(client.get("/", "").read().bodyText()).isEqualTo("last");
        assertThat(backend.requests).hasSize(4);
    }

    @Test
    void bodyEndedByTheBackendClosingIsChunkedToTheClient() throws Exception {
        backend.then((head, out) -> {
            out.write("HTTP/1.1 200 OK\r\n\r\nuntil close".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return false;
        }).then(ScriptedBackend.whole("HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext"));
        RawClient.Response r = client.get("/", "").read();
        assertThat(r.header("transfer-encoding")).isEqualTo("chunked");
        assertThat(r.bodyText()).isEqualTo("until close");
        assertThat(client.get("/", "").read().bodyText()).isEqualTo("next");
    }

    @Test
    void pipelinedRequestsGetTheirResponsesInOrder() throws Exception {
        for (int i = 0; i < 20; i++) {
            String body = "r" + i;
            backend.then((head, out) -> {
                // A response to HEAD announces the body it does not send (RFC 9110 §9.3.2).
                String bytes = "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n"
                        + (head.startsWith("HEAD") ? "" : body);
                out.write(bytes.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return true;
            });
        }
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            all.append(i % 3 == 0 ? "HEAD" : "GET").append(" /").append(i).append(" HTTP/1.1\r\nHost: h\r\n\r\n");
        }
        client.send(all.toString());
        for (int i = 0; i < 20; i++) {
            RawClient.Response r = client.read(i % 3 == 0);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo(i % 3 == 0 ? "" : "r" + i);
        }
    }

    @Test
    void connectionCloseGetsTheWholeResponseThenTheClose() throws Exception {
        backend.then(ScriptedBackend.whole("HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nhello\n"));
        RawClient.Response r = client.get("/", "Connection: close\r\n").read();
        assertThat(r.bodyText()).isEqualTo("hello\n");
        assertThat(r.header("connection")).isEqualTo("close");
        assertThat(client.closedByPeer()).isTrue();
    }

    @Test
    void h2cUpgradeOnALaterRequestStillSwitches() throws Exception {
        backend.then(ScriptedBackend.whole("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nh1"));
        assertThat(client.get("/", "").read().bodyText()).isEqualTo("h1");
        client.get("/", "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n");
        RawClient.Response switched = client.readHead();
        assertThat(switched.status()).isEqualTo(101);
        assertThat(switched.header("upgrade")).isEqualTo("h2c");
    }

    @Test
    void invalidHeaderNamesAreStillRefused() throws Exception {
        RawClient.Response r = client.get("/", "Bad\u0001Name: x\r\n").read();
        assertThat(r.status()).isEqualTo(400);
        assertThat(client.closedByPeer()).isTrue();
        assertThat(backend.requests).isEmpty();
    }
}
