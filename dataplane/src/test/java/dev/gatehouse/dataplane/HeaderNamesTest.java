package dev.gatehouse.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderNamesTest {

    private static AsciiString shared(String line, int start, int length) {
        return HeaderNames.shared(line.getBytes(StandardCharsets.ISO_8859_1), start, length);
    }

    @Test
    void sharesOnlyExactSpellings() {
        Object a = shared("xxContent-Length: 5", 2, 14);
        assertThat(a).isNotNull().hasToString("Content-Length");
        assertThat((Object) shared("Content-Length", 0, 14)).isSameAs(a);
        assertThat((Object) shared("content-length", 0, 14)).isNull();
        assertThat((Object) shared("Content-Lengtx", 0, 14)).isNull();
        assertThat((Object) shared("X-Unknown-Field", 0, 15)).isNull();
        assertThat((Object) shared("A-very-long-header-name-beyond-the-table", 0, 40)).isNull();
    }

    @Test
    void headersStillRefuseInvalidNames() {
        HttpHeaders h = HeaderNames.HEADERS.newHeaders();
        h.add(shared("Host", 0, 4), "a");
        h.add(ProxyHeaders.X_FORWARDED_FOR, "10.0.0.1");
        h.add("x-custom", "b");
        assertThat(h.get("host")).isEqualTo("a");
        assertThatThrownBy(() -> h.add("bad name", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.add(AsciiString.of("bad:name"), "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.add("", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
