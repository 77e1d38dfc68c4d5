package dev.gatehouse.dataplane.table;

import java.util.List;

/**
 * An immutable map from host names to ints, laid out for lookups that miss the CPU caches (a
 * table of 100,000 hosts does not fit in them): built once when a {@link RoutingTable} is made,
 * read by requests.
 *
 * <p>Open addressing with linear probing in one {@code int[]}: each slot holds the key's hash,
 * where its characters start in one shared {@code char[]}, its length and the value, so a probe
 * reads one cache line and compares hashes and lengths before touching any key; a hit then reads
 * the key's characters once. There are no per-entry objects ({@code HashMap} nodes, key
 * {@code String}s and their arrays), each of which would be one more dependent cache miss.
 *
 * <p>Lookups take a region of the request's {@code Host} value and compare it ASCII
 * case-insensitively with the stored keys, which are lower case: the request's name is never
 * copied into a lower-cased {@code String}. Non-ASCII characters compare as they are, which is
 * what {@link HostNames#normalize} followed by {@code equals} does.
 */
final class HostTable {

    static final HostTable EMPTY = new HostTable(List.of(), new int[0], "");

    /** Ints per slot: hash, key offset, key length (0 = free slot), value. */
    private static final int STRIDE = 4;

    private final int[] slots;
    private final char[] keys;
    private final int shift;
    private final int mask;

    /**
     * @param names  non-empty, distinct keys; compared as given, so lower-case them first
     * @param values the value of each name
     * @param shownPrefix put before a name in error messages ({@code "*."} for wildcard suffixes)
     * @throws IllegalArgumentException for an empty or repeated name
     */
    HostTable(List<String> names, int[] values, String shownPrefix) {
        int n = names.size();
        // At most half full: a hit takes ~1.5 probes, a miss ~2.5, nearly always in one cache line.
        int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, 2 * n - 1)));
        int capacity = 1 << bits;
        this.shift = 32 - bits;
        this.mask = capacity - 1;
        this.slots = new int[capacity * STRIDE];
        int total = 0;
        for (String name : names) {
            total += name.length();
        }
        this.keys = new char[total];
        int offset = 0;
        for (int k = 0; k < n; k++) {
            String name = names.get(k);
            int len = name.length();
            if (len == 0) {
                throw new IllegalArgumentException("virtual host \"" + shownPrefix + "\" (expected: a host name)");
            }
            if (get(name, 0, len) >= 0) {
                throw new IllegalArgumentException("virtual host \"" + shownPrefix + name + "\" given twice");
            }
            name.getChars(0, len, keys, offset);
            int h = hash(name, 0, len);
            int i = index(h);
            while (slots[i * STRIDE + 2] != 0) {
                i = (i + 1) & mask;
            }
            int s = i * STRIDE;
            slots[s] = h;
            slots[s + 1] = offset;
            slots[s + 2] = len;
            slots[s + 3] = values[k];
            offset += len;
        }
    }

    /**
     * The value of the key equal to {@code host[start, end)} with ASCII letters lower-cased, or
     * {@code -1}. Allocates nothing.
     */
    int get(String host, int start, int end) {
        int len = end - start;
        if (len <= 0) {
            return -1;
        }
        int h = hash(host, start, end);
        int[] sl = slots;
        for (int i = index(h); ; i = (i + 1) & mask) {
            int s = i * STRIDE;
            int keyLength = sl[s + 2];
            if (keyLength == 0) {
                return -1;
            }
            if (sl[s] == h && keyLength == len && regionMatches(host, start, sl[s + 1], len)) {
                return sl[s + 3];
            }
        }
    }

    /** {@link String#hashCode}'s polynomial over the region with ASCII letters lower-cased. */
    static int hash(String s, int start, int end) {
        int h = 0;
        for (int i = start; i < end; i++) {
            h = 31 * h + lower(s.charAt(i));
        }
        return h;
    }

    /** Fibonacci hashing: the top bits of hash × 2³²/φ, so that similar names spread. */
    private int index(int hash) {
        return (hash * 0x9E3779B9) >>> shift & mask;
    }

    private boolean regionMatches(String host, int start, int keyOffset, int len) {
        char[] k = keys;
        for (int j = 0; j < len; j++) {
            if (lower(host.charAt(start + j)) != k[keyOffset + j]) {
                return false;
            }
        }
        return true;
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
