package dev.gatehouse.dataplane.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.dataplane.table.Backend;
import dev.gatehouse.dataplane.table.Endpoint;
import dev.gatehouse.dataplane.table.PathMatch;
import dev.gatehouse.dataplane.table.Route;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON line, parsed back with Jackson field by field. */
class AccessLogLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = Instant.parse("2025-01-31T12:00:00.126Z").toEpochMilli();
    private static final Route ROUTE = new Route(new PathMatch.Prefix("/cart"),
            Backend.of("shop/cart:80", List.of()), new Route.Origin("shop", "web", "cart"));

    private static String line(FakeExchange e) {
        return new String(AccessLogLine.format(e, NOW), StandardCharsets.UTF_8);
    }

    private static JsonNode parse(FakeExchange e) throws Exception {
        String line = line(e);
        assertThat(line).endsWith("}\n").doesNotContain("\n}").hasLineCount(1);
        return JSON.readTree(line);
    }

    @Test
    void everyFieldOfAProxiedExchange() throws Exception {
        JsonNode j = parse(FakeExchange.proxied(ROUTE));
        List<String> names = new ArrayList<>();
        j.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("time", "client", "method", "host", "path", "protocol", "status", "bytes_in",
                "bytes_out", "duration_ms", "upstream", "upstream_connect_ms", "upstream_duration_ms", "request_id",
                "ingress_namespace", "ingress", "service", "outcome");
        // Start time: the end (NOW) minus 3.4 ms, at millisecond precision.
        assertThat(j.get("time").asText()).isEqualTo("2025-01-31T12:00:00.123Z");
        assertThat(j.get("client").asText()).isEqualTo("10.0.0.7");
        assertThat(j.get("method").asText()).isEqualTo("GET");
        assertThat(j.get("host").asText()).isEqualTo("shop.example");
        assertThat(j.get("path").asText()).isEqualTo("/cart?id=1");
        assertThat(j.get("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(j.get("status").isInt()).isTrue();
        assertThat(j.get("status").asInt()).isEqualTo(200);
        assertThat(j.get("bytes_in").asLong()).isZero();
        assertThat(j.get("bytes_out").asLong()).isEqualTo(5120);
        assertThat(j.get("duration_ms").isNumber()).isTrue();
        assertThat(j.get("duration_ms").decimalValue()).isEqualByComparingTo("3.412");
        assertThat(j.get("upstream").asText()).isEqualTo("10.1.2.3:8080");
        assertThat(j.get("upstream_connect_ms").decimalValue()).isEqualByComparingTo("0.512");
        assertThat(j.get("upstream_duration_ms").decimalValue()).isEqualByComparingTo("2.871");
        assertThat(j.get("request_id").asText()).isEqualTo("9f0c0000000000000000000000000001");
        assertThat(j.get("ingress_namespace").asText()).isEqualTo("shop");
        assertThat(j.get("ingress").asText()).isEqualTo("web");
        assertThat(j.get("service").asText()).isEqualTo("cart");
        assertThat(j.get("outcome").asText()).isEqualTo("proxied");
    }

    @Test
    void whatANotForwardedExchangeLacksIsNull() throws Exception {
        JsonNode j = parse(FakeExchange.noRoute());
        assertThat(j.get("client").asText()).isEqualTo("::1");
        assertThat(j.get("method").asText()).isEqualTo("HEAD");
        assertThat(j.get("host").asText()).isEmpty();
        assertThat(j.get("path").asText()).isEqualTo("*");
        assertThat(j.get("protocol").asText()).isEqualTo("HTTP/1.0");
        assertThat(j.get("status").asInt()).isEqualTo(404);
        assertThat(j.get("duration_ms").decimalValue()).isEqualByComparingTo("0.150");
        for (String field : List.of("upstream", "upstream_connect_ms", "upstream_duration_ms", "request_id",
                "ingress_namespace", "ingress", "service")) {
            assertThat(j.get(field).isNull()).as(field).isTrue();
        }
        assertThat(j.get("outcome").asText()).isEqualTo("no_route");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            /a?b=c                         | /a?b=c
            http://shop.example/a/b?c=d    | /a/b?c=d
            http://shop.example            | /
            http://shop.example?x=1        | /?x=1
            https://shop.example:8443/p    | /p
            """)
    void absoluteFormTargetsAreLoggedInOriginForm(String uri, String path) throws Exception {
        assertThat(parse(FakeExchange.proxied(ROUTE).withUri(uri)).get("path").asText()).isEqualTo(path);
    }

    @Test
    void hostileTextIsEscapedAndTheLineStaysOneValidJsonObject() throws Exception {
        // Decoded as ISO-8859-1 by the codec: every char is one byte the client sent.
        String uri = "/\"quoted\"\\back\nslash\r\t\u0000\u001f\u007f\u00e9\u00ff";
        String line = line(FakeExchange.proxied(ROUTE).withUri(uri).withHost("a\"b"));
        assertThat(line.chars()).allMatch(c -> c >= 0x20 && c < 0x7f || c == '\n');
        JsonNode j = JSON.readTree(line);
        assertThat(j.get("path").asText()).isEqualTo(uri);
        assertThat(j.get("host").asText()).isEqualTo("a\"b");
    }

    @Test
    void ipv6UpstreamsAreBracketed() throws Exception {
        JsonNode j = parse(FakeExchange.proxied(ROUTE).withEndpoint(Endpoint.ready("fd00::1", 8080)));
        assertThat(j.get("upstream").asText()).isEqualTo("[fd00::1]:8080");
    }

    @Test
    void timesMatchJavaTimeOverCenturies() {
        Random random = new Random(42);
        JsonBuffer b = new JsonBuffer();
        List<Long> samples = new ArrayList<>(List.of(0L, -1L, 951_782_400_000L /* 2000-02-29 */,
                4_107_542_399_999L /* 2100-02-28T23:59:59.999 */, 253_402_300_799_999L /* 9999-12-31 */));
        for (int i = 0; i < 10_000; i++) {
            samples.add(Math.floorMod(random.nextLong(), 253_402_300_800_000L));
        }
        for (long millis : samples) {
            b.reset();
            b.isoTime(millis);
            String expected = "\"" + Instant.ofEpochMilli(millis).toString() + "\"";
            // Instant prints no fraction when it is zero and drops trailing zeros; ours always has three digits.
            String ours = new String(b.toByteArray(), StandardCharsets.US_ASCII);
            assertThat(Instant.parse(ours.substring(1, ours.length() - 1)).toEpochMilli()).as(expected).isEqualTo(millis);
            assertThat(ours).hasSize(26).matches("\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\"");
        }
    }

    @Test
    void aRepeatedMillisecondIsWrittenFromTheCacheWhereverTheBufferIs() {
        JsonBuffer b = new JsonBuffer();
        long t = 1_764_000_000_123L;
        b.isoTime(t).raw((byte) ' ').isoTime(t).raw((byte) ' ').isoTime(t + 1).raw((byte) ' ').isoTime(t);
        String once = "\"" + Instant.ofEpochMilli(t) + "\"";
        String next = "\"" + Instant.ofEpochMilli(t + 1) + "\"";
        assertThat(new String(b.toByteArray(), StandardCharsets.US_ASCII))
                .isEqualTo(once + " " + once + " " + next + " " + once);
    }

    @Test
    void escapesAnywhereInTextLongerThanTheBufferAreWrittenWhole() {
        JsonBuffer b = new JsonBuffer();
        StringBuilder text = new StringBuilder();
        StringBuilder expected = new StringBuilder("\"");
        for (int i = 0; i < 3000; i++) {
            char c = i % 7 == 0 ? '"' : i % 11 == 0 ? '\u0001' : i % 13 == 0 ? '\u00e9' : (char) ('a' + i % 26);
            text.append(c);
            expected.append(c == '"' ? "\\\"" : c == '\u0001' ? "\\u0001" : c == '\u00e9' ? "\\u00e9" : String.valueOf(c));
        }
        expected.append('"');
        b.string(text);
        assertThat(new String(b.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
        // Nothing but escapes: every character takes six bytes.
        b.reset();
        b.string("\u0002".repeat(1000));
        assertThat(new String(b.toByteArray(), StandardCharsets.US_ASCII))
                .isEqualTo("\"" + "\\u0002".repeat(1000) + "\"");
    }

    @Test
    void numbers() {
        JsonBuffer b = new JsonBuffer();
        for (long v : new long[] {0, 7, 10, Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, 1234567890123L, Long.MAX_VALUE,
                -5, -2_147_483_648L, Long.MIN_VALUE}) {
            b.reset();
            b.number(v);
            assertThat(new String(b.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo(Long.toString(v));
        }
        // Every digit count, at both ends, and numbers written after other bytes.
        for (long p = 1; p <= 1_000_000_000_000L; p *= 10) {
            for (long v : new long[] {p - 1, p, p + 1, 2 * p + 3}) {
                b.reset();
                b.raw((byte) 'x').number(v).raw((byte) 'y');
                assertThat(new String(b.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo("x" + v + "y");
            }
        }
        b.reset();
        b.millis(1_000_999);
        b.raw((byte) ' ').millis(0).raw((byte) ' ').millis(12_345_678_901L);
        assertThat(new String(b.toByteArray(), StandardCharsets.US_ASCII)).isEqualTo("1.000 0.000 12345.678");
    }
}
