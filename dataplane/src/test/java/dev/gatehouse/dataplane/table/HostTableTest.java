package dev.gatehouse.dataplane.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link HostTable}: open addressing, hash collisions, probing and case-insensitive regions. */
class HostTableTest {

    private static final List<String> NAMES_OF_SMALL = List.of("foo.com", "bar.foo.com", "xan.example",
            "xc0.example", "127.0.0.1", "[::1]", "\u00e4.example");
    private static final HostTable SMALL = table(NAMES_OF_SMALL.toArray(new String[0]));

    @ParameterizedTest(name = "[{index}] \"{0}\"[{1}, {2}) -> {3}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            foo.com              | 0  | 7  | foo.com
            FOO.Com              | 0  | 7  | foo.com
            foo.com:8080         | 0  | 7  | foo.com
            x.foo.com            | 2  | 9  | foo.com
            BAR.FOO.COM.         | 0  | 11 | bar.foo.com
            bar.foo.com          | 4  | 11 | foo.com
            foo.co               | 0  | 6  | -
            foo.comm             | 0  | 8  | -
            xan.example          | 0  | 11 | xan.example
            XC0.EXAMPLE          | 0  | 11 | xc0.example
            xbn.example          | 0  | 11 | -
            127.0.0.1:80         | 0  | 9  | 127.0.0.1
            [::1]:80             | 0  | 5  | [::1]
            \u00e4.example       | 0  | 9  | \u00e4.example
            \u00c4.example       | 0  | 9  | -
            ''                   | 0  | 0  | -
            foo.com              | 3  | 3  | -
            """)
    void lookups(String host, int start, int end, String expected) {
        int value = SMALL.get(host, start, end);
        assertThat(value < 0 ? "-" : NAMES_OF_SMALL.get(value)).isEqualTo(expected);
    }

    /**
     * "an" and "c0" add the same to a polynomial hash at any position (31 × 'a' + 'n' = 31 × 'c'
     * + '0'), so every word of such blocks collides: 2⁶ names with one hash, one probe chain.
     */
    @Test
    void keysWithOneHashAreToldApartByTheirCharacters() {
        List<String> colliding = new ArrayList<>();
        for (int bits = 0; bits < 64; bits++) {
            StringBuilder sb = new StringBuilder();
            for (int b = 0; b < 6; b++) {
                sb.append((bits >> b & 1) == 0 ? "an" : "c0");
            }
            colliding.add(sb.append(".example").toString());
        }
        int hash = HostTable.hash(colliding.get(0), 0, colliding.get(0).length());
        for (String name : colliding) {
            assertThat(HostTable.hash(name, 0, name.length())).as(name).isEqualTo(hash);
        }
        // Every other name in; the others probe through the whole chain and miss.
        List<String> stored = new ArrayList<>();
        for (int k = 0; k < colliding.size(); k += 2) {
            stored.add(colliding.get(k));
        }
        HostTable t = table(stored.toArray(new String[0]));
        for (int k = 0; k < colliding.size(); k++) {
            String name = colliding.get(k);
            int expected = k % 2 == 0 ? k / 2 : -1;
            assertThat(t.get(name, 0, name.length())).as(name).isEqualTo(expected);
            assertThat(t.get(name.toUpperCase(), 0, name.length())).as(name).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0} hosts")
    @ValueSource(ints = {1, 2, 3, 7, 8, 9, 1000, 50_000})
    void everyKeyIsFoundAndOthersAreNot(int size) {
        SplittableRandom random = new SplittableRandom(size);
        Map<String, Integer> reference = new HashMap<>();
        while (reference.size() < size) {
            reference.putIfAbsent(randomName(random), reference.size());
        }
        List<String> names = new ArrayList<>(reference.keySet());
        int[] values = new int[names.size()];
        for (int k = 0; k < values.length; k++) {
            values[k] = reference.get(names.get(k));
        }
        HostTable t = new HostTable(names, values, "");
        for (String name : names) {
            assertThat(t.get(name, 0, name.length())).isEqualTo(reference.get(name));
            String header = "X" + name.toUpperCase() + ":443";
            assertThat(t.get(header, 1, header.length() - 4)).isEqualTo(reference.get(name));
        }
        for (int k = 0; k < 2000; k++) {
            String other = randomName(random);
            assertThat(t.get(other, 0, other.length())).isEqualTo(reference.getOrDefault(other, -1));
        }
    }

    @Test
    void repeatedOrEmptyKeysAreRefused() {
        assertThatThrownBy(() -> new HostTable(List.of("a.com", "b.com", "a.com"), new int[3], "*."))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("virtual host \"*.a.com\" given twice");
        assertThatThrownBy(() -> new HostTable(List.of("a.com", ""), new int[2], ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: a host name");
    }

    @Test
    void emptyTableFindsNothing() {
        assertThat(HostTable.EMPTY.get("a.com", 0, 5)).isEqualTo(-1);
        assertThat(HostTable.EMPTY.get("", 0, 0)).isEqualTo(-1);
    }

    /** Short labels from a small alphabet, so that names share prefixes, suffixes and hashes. */
    static String randomName(SplittableRandom random) {
        StringBuilder sb = new StringBuilder();
        int labels = 1 + random.nextInt(4);
        for (int l = 0; l < labels; l++) {
            if (l > 0) {
                sb.append('.');
            }
            int len = 1 + random.nextInt(6);
            for (int c = 0; c < len; c++) {
                sb.append("abcn0-".charAt(random.nextInt(6)));
            }
        }
        return sb.toString();
    }

    private static HostTable table(String... names) {
        int[] values = new int[names.length];
        for (int k = 0; k < values.length; k++) {
            values[k] = k;
        }
        return new HostTable(List.of(names), values, "");
    }
}
