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

/** {@link HostTable}: open addressing, hash collisions, probing, case-insensitive regions, wildcard keys. */
class HostTableTest {

    private static final HostTable<String> SMALL = table("foo.com", "bar.foo.com", "xan.example", "xc0.example",
            "127.0.0.1", "[::1]", "\u00e4.example", "*.foo.com", "*.xan.example", "");

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
        int slot = SMALL.slot(host, start, end);
        assertThat(slot < 0 ? "-" : SMALL.value(slot)).isEqualTo(expected);
    }

    /** A wildcard lookup is the key {@code "*."} + region: the one-label wildcard above a name. */
    @ParameterizedTest(name = "[{index}] \"{0}\"[{1}, {2}) -> {3}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            x.foo.com            | 2  | 9  | *.foo.com
            X.FOO.COM:443        | 2  | 9  | *.foo.com
            a.XAN.example        | 2  | 13 | *.xan.example
            a.xc0.example        | 2  | 13 | -
            a.bar.foo.com        | 2  | 13 | -
            *.foo.com            | 2  | 9  | *.foo.com
            x.foo.co             | 2  | 8  | -
            x.                   | 2  | 2  | -
            """)
    void wildcardLookups(String host, int start, int end, String expected) {
        int slot = SMALL.wildcardSlot(host, start, end);
        assertThat(slot < 0 ? "-" : SMALL.value(slot)).isEqualTo(expected);
    }

    @Test
    void theEmptyNameHasASlotLookupsNeverReturn() {
        assertThat(SMALL.value(SMALL.fallbackSlot())).isEmpty();
        assertThat(SMALL.slot("", 0, 0)).isEqualTo(-1);
        assertThat(table("a.com").fallbackSlot()).isEqualTo(-1);
    }

    @Test
    void eachSlotCarriesItsNamesInts() {
        List<String> names = List.of("a.com", "", "*.b.com");
        HostTable<String> t = new HostTable<>(names, names, new int[] {7, 8, 9}, new int[] {-1, 0, Integer.MAX_VALUE});
        int a = t.slot("A.com", 0, 5);
        int b = t.wildcardSlot("x.b.com", 2, 7);
        assertThat(new int[] {t.first(a), t.second(a)}).containsExactly(7, -1);
        assertThat(new int[] {t.first(t.fallbackSlot()), t.second(t.fallbackSlot())}).containsExactly(8, 0);
        assertThat(new int[] {t.first(b), t.second(b)}).containsExactly(9, Integer.MAX_VALUE);

        HostTable<Integer> other = t.withValues(List.of("*.b.com", "a.com", ""), List.of(1, 2, 3));
        assertThat(List.of(other.value(a), other.value(t.fallbackSlot()), other.value(b))).containsExactly(2, 3, 1);
        assertThat(other.first(b)).isEqualTo(9);
        assertThatThrownBy(() -> t.withValues(List.of("c.com"), List.of(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"c.com\" is not in this table");
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
        int hash = HostTable.hash(0, colliding.get(0), 0, colliding.get(0).length());
        for (String name : colliding) {
            assertThat(HostTable.hash(0, name, 0, name.length())).as(name).isEqualTo(hash);
        }
        // Every other name in; the others probe through the whole chain and miss.
        List<String> stored = new ArrayList<>();
        for (int k = 0; k < colliding.size(); k += 2) {
            stored.add(colliding.get(k));
        }
        HostTable<String> t = table(stored.toArray(new String[0]));
        for (int k = 0; k < colliding.size(); k++) {
            String name = colliding.get(k);
            String expected = k % 2 == 0 ? name : null;
            assertThat(value(t, t.slot(name, 0, name.length()))).as(name).isEqualTo(expected);
            assertThat(value(t, t.slot(name.toUpperCase(), 0, name.length()))).as(name).isEqualTo(expected);
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
        List<Integer> values = new ArrayList<>();
        for (String name : names) {
            values.add(reference.get(name));
        }
        HostTable<Integer> t = new HostTable<>(names, values, new int[size], new int[size]);
        for (String name : names) {
            assertThat(t.value(t.slot(name, 0, name.length()))).isEqualTo(reference.get(name));
            String header = "X" + name.toUpperCase() + ":443";
            assertThat(t.value(t.slot(header, 1, header.length() - 4))).isEqualTo(reference.get(name));
        }
        for (int k = 0; k < 2000; k++) {
            String other = randomName(random);
            assertThat(value(t, t.slot(other, 0, other.length()))).isEqualTo(reference.get(other));
        }
    }

    @Test
    void repeatedNamesAreRefused() {
        List<String> names = List.of("a.com", "b.com", "a.com");
        assertThatThrownBy(() -> new HostTable<>(names, names, new int[3], new int[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("virtual host \"a.com\" given twice");
        List<String> twoEmpty = List.of("", "a.com", "");
        assertThatThrownBy(() -> new HostTable<>(twoEmpty, twoEmpty, new int[3], new int[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(host-less rules) given twice");
    }

    @Test
    void emptyTableFindsNothing() {
        HostTable<String> t = table();
        assertThat(t.slot("a.com", 0, 5)).isEqualTo(-1);
        assertThat(t.wildcardSlot("a.com", 2, 5)).isEqualTo(-1);
        assertThat(t.fallbackSlot()).isEqualTo(-1);
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

    private static <V> V value(HostTable<V> t, int slot) {
        return slot < 0 ? null : t.value(slot);
    }

    private static HostTable<String> table(String... names) {
        return new HostTable<>(List.of(names), List.of(names), new int[names.length], new int[names.length]);
    }
}
