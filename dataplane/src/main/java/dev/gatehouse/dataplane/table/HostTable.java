package dev.gatehouse.dataplane.table;

import java.util.List;

/**
 * An immutable map from host names to a value and two ints, laid out for lookups that miss the
 * CPU caches (a table of 100,000 hosts does not fit in them): built once when a
 * {@link RoutingTable} is made, read by requests.
 *
 * <p>Open addressing with linear probing in one {@code int[]}: a slot holds the key's hash, where
 * its characters start in one shared {@code char[]}, and the two ints, so a probe reads one cache
 * line, compares hashes before touching any key, and a hit has the ints without another miss. The
 * value and the name sit at the same position of parallel arrays, so their loads do not wait for
 * the probe.
 * There are no per-entry objects ({@code HashMap} nodes, key {@code String}s and their arrays),
 * each of which would be one more dependent cache miss. A lookup answers the slot; the caller
 * reads what it needs from it.
 *
 * <p>Lookups take a region of the request's {@code Host} value and compare it ASCII
 * case-insensitively with the stored keys, which are lower case: the request's name is never
 * copied into a lower-cased {@code String}. Non-ASCII characters compare as they are, which is
 * what {@link HostNames#normalize} followed by {@code equals} does.
 *
 * @param <V> the value type
 */
final class HostTable<V> {

    /** Ints per slot: hash, key offset + 1 (0 = free slot), first int, second int. */
    private static final int STRIDE = 4;
    /** {@code hash("*.")}: a wildcard lookup hashes this prefix, then the request's suffix. */
    private static final int WILDCARD_PREFIX_HASH = 31 * '*' + '.';

    private final int[] slots;
    private final V[] values;
    /** The names as given, by slot: a reference a caller may keep without reading the characters. */
    private final String[] names;
    /** Per key: its length, then its characters. */
    private final char[] keys;
    private final int shift;
    private final int mask;
    private final int fallbackSlot;

    /**
     * @param names  distinct keys, lower case, at most 65,535 characters; the empty name is kept in
     *               a slot of its own that lookups never return, see {@link #fallbackSlot()}
     * @param values the value of each name
     * @param first  the first int of each name
     * @param second the second int of each name
     * @throws IllegalArgumentException for a repeated or too long name
     */
    @SuppressWarnings("unchecked")
    HostTable(List<String> names, List<V> values, int[] first, int[] second) {
        int n = names.size();
        // At most half full: a hit takes ~1.5 probes, a miss ~2.5, nearly always in one cache line.
        int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, 2 * n - 1)));
        int capacity = 1 << bits;
        this.shift = 32 - bits;
        this.mask = capacity - 1;
        this.slots = new int[(capacity + 1) * STRIDE];
        this.values = (V[]) new Object[capacity + 1];
        this.names = new String[capacity + 1];
        int total = 0;
        for (String name : names) {
            total += 1 + name.length();
        }
        this.keys = new char[total];
        int fallback = -1;
        int offset = 0;
        for (int k = 0; k < n; k++) {
            String name = names.get(k);
            int len = name.length();
            if (len > Character.MAX_VALUE) {
                throw new IllegalArgumentException("virtual host \"" + name.substring(0, 64) + "...\" is " + len
                        + " characters long (expected: at most 65,535; a DNS name has at most 253)");
            }
            int i;
            if (len == 0) {
                if (fallback >= 0) {
                    throw new IllegalArgumentException("virtual host \"\" (host-less rules) given twice");
                }
                i = capacity;
                fallback = capacity;
            } else {
                if (slot(name, 0, len) >= 0) {
                    throw new IllegalArgumentException("virtual host \"" + name + "\" given twice");
                }
                int h = hash(0, name, 0, len);
                i = index(h);
                while (slots[i * STRIDE + 1] != 0) {
                    i = (i + 1) & mask;
                }
                slots[i * STRIDE] = h;
            }
            keys[offset] = (char) len;
            name.getChars(0, len, keys, offset + 1);
            int s = i * STRIDE;
            slots[s + 1] = offset + 1;
            slots[s + 2] = first[k];
            slots[s + 3] = second[k];
            this.values[i] = values.get(k);
            this.names[i] = name;
            offset += 1 + len;
        }
        this.fallbackSlot = fallback;
    }

    private HostTable(HostTable<?> keysOf, V[] values) {
        this.slots = keysOf.slots;
        this.keys = keysOf.keys;
        this.names = keysOf.names;
        this.shift = keysOf.shift;
        this.mask = keysOf.mask;
        this.fallbackSlot = keysOf.fallbackSlot;
        this.values = values;
    }

    /**
     * This table with other values and the same keys and ints, which it shares.
     *
     * @param names  every key of this table
     * @param values the new value of each
     */
    @SuppressWarnings("unchecked")
    <W> HostTable<W> withValues(List<String> names, List<W> values) {
        W[] vs = (W[]) new Object[this.values.length];
        for (int k = 0; k < names.size(); k++) {
            String name = names.get(k);
            int slot = name.isEmpty() ? fallbackSlot : slot(name, 0, name.length());
            if (slot < 0) {
                throw new IllegalArgumentException("virtual host \"" + name + "\" is not in this table");
            }
            vs[slot] = values.get(k);
        }
        return new HostTable<>(this, vs);
    }

    /**
     * The slot of the key equal to {@code host[start, end)} with ASCII letters lower-cased, or
     * {@code -1}. Allocates nothing.
     */
    int slot(String host, int start, int end) {
        if (end <= start) {
            return -1;
        }
        return probe(hash(0, host, start, end), host, start, end, false);
    }

    /** {@link #slot(String, int, int)} with {@code hash == hash(0, host, start, end)} already known. */
    int slot(String host, int start, int end, int hash) {
        if (end <= start) {
            return -1;
        }
        return probe(hash, host, start, end, false);
    }

    /**
     * The slot of the key {@code "*."} followed by {@code host[start, end)} with ASCII letters
     * lower-cased, or {@code -1}: the one-label wildcard covering a name whose first label ends
     * at {@code start - 1}.
     */
    int wildcardSlot(String host, int start, int end) {
        if (end <= start) {
            return -1;
        }
        return probe(hash(WILDCARD_PREFIX_HASH, host, start, end), host, start, end, true);
    }

    /** The slot of the empty name, or {@code -1} when there is none. */
    int fallbackSlot() {
        return fallbackSlot;
    }

    V value(int slot) {
        return values[slot];
    }

    /** Slots, free ones included: valid slots are {@code 0 <= slot < slotCount()}. */
    int slotCount() {
        return values.length;
    }

    /** The name in {@code slot}, as given to the constructor. */
    String name(int slot) {
        return names[slot];
    }

    int first(int slot) {
        return slots[slot * STRIDE + 2];
    }

    int second(int slot) {
        return slots[slot * STRIDE + 3];
    }

    private int probe(int h, String host, int start, int end, boolean wildcard) {
        int[] sl = slots;
        for (int i = index(h); ; i = (i + 1) & mask) {
            int s = i * STRIDE;
            int key = sl[s + 1];
            if (key == 0) {
                return -1;
            }
            if (sl[s] == h && keyMatches(key, host, start, end, wildcard)) {
                return i;
            }
        }
    }

    /** {@link String#hashCode}'s polynomial, continued from {@code h}, with ASCII letters lower-cased. */
    static int hash(int h, String s, int start, int end) {
        for (int i = start; i < end; i++) {
            h = 31 * h + lower(s.charAt(i));
        }
        return h;
    }

    /** Fibonacci hashing: the top bits of hash × 2³²/φ, so that similar names spread. */
    private int index(int hash) {
        return (hash * 0x9E3779B9) >>> shift & mask;
    }

    private boolean keyMatches(int key, String host, int start, int end, boolean wildcard) {
        char[] k = keys;
        int len = end - start;
        if (wildcard) {
            if (k[key - 1] != len + 2 || k[key] != '*' || k[key + 1] != '.') {
                return false;
            }
            key += 2;
        } else if (k[key - 1] != len) {
            return false;
        }
        for (int j = 0; j < len; j++) {
            if (lower(host.charAt(start + j)) != k[key + j]) {
                return false;
            }
        }
        return true;
    }

    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
