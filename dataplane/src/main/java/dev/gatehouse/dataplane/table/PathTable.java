package dev.gatehouse.dataplane.table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The path matches of one virtual host, in {@link Route#PRECEDENCE} order, compiled into flat
 * arrays: {@link #match} answers the index of the route {@link VirtualHost#match} would pick,
 * without walking {@code Route} and {@code PathMatch} objects. Hosts with equal lists of matches
 * (the common case: many Ingresses with the same paths) share one instance, which stays in cache.
 *
 * <p>Why exact paths are looked up first: a matching {@code Exact} path equals the request path,
 * and a matching {@code Prefix} is never longer than the request path, so by precedence (longest
 * first, {@code Exact} before {@code Prefix} at equal length) a matching exact path always wins.
 * Prefixes are then tried longest first, which is their precedence order.
 */
final class PathTable {

    /** Up to this many exact paths are compared one by one; more are hashed. */
    private static final int LINEAR_EXACT = 8;

    private final String[] exact;
    private final int[] exactRoute;
    /** When hashed: open addressing on {@link String#hashCode}, slot = index into {@link #exact} + 1. */
    private final int[] exactSlots;
    private final int[] exactHashes;
    /** {@link PathMatch.Prefix#normalized()}, longest first. */
    private final String[] prefixes;
    private final int[] prefixLengths;
    private final int[] prefixRoute;

    private PathTable(List<String> exactPaths, List<Integer> exactIndexes, List<String> prefixPaths,
            List<Integer> prefixIndexes) {
        int ne = exactPaths.size();
        this.exact = exactPaths.toArray(new String[0]);
        this.exactRoute = toInts(exactIndexes);
        this.exactHashes = new int[ne];
        if (ne > LINEAR_EXACT) {
            int capacity = Integer.highestOneBit(4 * ne - 1);
            this.exactSlots = new int[capacity];
            for (int k = 0; k < ne; k++) {
                int h = exact[k].hashCode();
                exactHashes[k] = h;
                int i = h & (capacity - 1);
                while (exactSlots[i] != 0) {
                    i = (i + 1) & (capacity - 1);
                }
                exactSlots[i] = k + 1;
            }
        } else {
            this.exactSlots = null;
        }
        this.prefixes = prefixPaths.toArray(new String[0]);
        this.prefixRoute = toInts(prefixIndexes);
        this.prefixLengths = new int[prefixes.length];
        for (int k = 0; k < prefixes.length; k++) {
            prefixLengths[k] = prefixes[k].length();
        }
    }

    /**
     * @param matches in {@link Route#PRECEDENCE} order, as {@link VirtualHost#routes()} are;
     *                of two equal exact paths the first is kept, as a scan in that order would
     */
    static PathTable of(List<PathMatch> matches) {
        List<String> exactPaths = new ArrayList<>();
        List<Integer> exactIndexes = new ArrayList<>();
        List<String> prefixPaths = new ArrayList<>();
        List<Integer> prefixIndexes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < matches.size(); k++) {
            PathMatch m = matches.get(k);
            if (m instanceof PathMatch.Exact e) {
                if (seen.add(e.path())) {
                    exactPaths.add(e.path());
                    exactIndexes.add(k);
                }
            } else {
                prefixPaths.add(((PathMatch.Prefix) m).normalized());
                prefixIndexes.add(k);
            }
        }
        return new PathTable(exactPaths, exactIndexes, prefixPaths, prefixIndexes);
    }

    /** The index, in precedence order, of the first match of {@code path}, or {@code -1}. */
    int match(String path) {
        int e = exactIndex(path);
        if (e >= 0) {
            return exactRoute[e];
        }
        int len = path.length();
        String[] ps = prefixes;
        int[] lengths = prefixLengths;
        for (int k = 0; k < ps.length; k++) {
            int n = lengths[k];
            // Element-wise (PathMatch.Prefix): a segment boundary must follow the prefix.
            if (n == 0 || n <= len && path.startsWith(ps[k]) && (n == len || path.charAt(n) == '/')) {
                return prefixRoute[k];
            }
        }
        return -1;
    }

    private int exactIndex(String path) {
        String[] ex = exact;
        int[] slots = exactSlots;
        if (slots == null) {
            for (int k = 0; k < ex.length; k++) {
                if (ex[k].equals(path)) {
                    return k;
                }
            }
            return -1;
        }
        int h = path.hashCode();
        for (int i = h & (slots.length - 1); ; i = (i + 1) & (slots.length - 1)) {
            int k = slots[i] - 1;
            if (k < 0) {
                return -1;
            }
            if (exactHashes[k] == h && ex[k].equals(path)) {
                return k;
            }
        }
    }

    private static int[] toInts(List<Integer> list) {
        int[] a = new int[list.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = list.get(i);
        }
        return a;
    }
}
