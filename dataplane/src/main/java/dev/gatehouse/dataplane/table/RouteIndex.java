package dev.gatehouse.dataplane.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a request reads in a {@link RoutingTable}, built once per table: one {@link HostTable} of
 * every virtual host name (exact names as they are, wildcards as {@code *.suffix}, the host-less
 * rules in its fallback slot) whose slots carry the host's {@link VirtualHost}, where its routes
 * start in one flat {@code Route[]}, and its compiled paths. A request holds the slot of its host.
 *
 * <p>With traffic spread over tens of thousands of hosts most lookups miss the caches, so the
 * layout counts the dependent misses of a lookup: the host's slot (holding its policy; the key's
 * characters and the name loaded in parallel), then the {@code Route}; the {@link PathTable}s are
 * shared between hosts with the same paths and stay cached. The object graph walk it replaces (map
 * node, key {@code String}, its bytes, {@code VirtualHost}, route list, its array, each
 * {@code Route} and {@code PathMatch} scanned) was up to ten dependent misses.
 */
final class RouteIndex {

    /** Bits of a slot's second int below the path table id: wildcard (1), {@link HostPolicy#bits()} (2). */
    private static final int KIND_BITS = 3;
    private static final int WILDCARD = 1;

    private final HostTable<VirtualHost> hosts;
    private final boolean hasWildcards;
    private final PathTable[] paths;
    private final Route[] routes;
    /**
     * By slot: the host's first route in precedence order (its only one for the common
     * single-path host), so that a request whose path matches it loads the {@code Route} at an
     * address known from the slot's index, in parallel with the slot, instead of waiting for the
     * slot's ints to find it in {@link #routes}: one dependent cache miss less.
     */
    private final Route[] firstRoutes;

    private RouteIndex(HostTable<VirtualHost> hosts, boolean hasWildcards, PathTable[] paths, Route[] routes) {
        this.hosts = hosts;
        this.hasWildcards = hasWildcards;
        this.paths = paths;
        this.routes = routes;
        this.firstRoutes = new Route[hosts.slotCount()];
        for (int slot = 0; slot < firstRoutes.length; slot++) {
            VirtualHost vh = hosts.value(slot);
            if (vh != null && !vh.routes().isEmpty()) {
                firstRoutes[slot] = routes[hosts.first(slot)];
            }
        }
    }

    /** @throws IllegalArgumentException when two virtual hosts have the same name */
    static RouteIndex of(List<VirtualHost> virtualHosts) {
        int n = virtualHosts.size();
        List<String> names = new ArrayList<>(n);
        int[] routeBase = new int[n];
        int[] pathIds = new int[n];
        // Hosts with the same matches share one PathTable: fewer objects, and the shared ones stay cached.
        Map<List<PathMatch>, Integer> ids = new HashMap<>();
        List<PathTable> distinct = new ArrayList<>();
        boolean wildcards = false;
        int total = 0;
        for (int i = 0; i < n; i++) {
            VirtualHost vh = virtualHosts.get(i);
            names.add(vh.name());
            wildcards |= vh.isWildcard();
            List<Route> rs = vh.routes();
            List<PathMatch> matches = new ArrayList<>(rs.size());
            for (Route r : rs) {
                matches.add(r.match());
            }
            Integer id = ids.get(matches);
            if (id == null) {
                id = distinct.size();
                ids.put(matches, id);
                distinct.add(PathTable.of(matches));
            }
            // The low bits say "wildcard" and hold the policy, so that a request learns them from
            // the slot, without reading the VirtualHost or its name.
            pathIds[i] = id << KIND_BITS | (vh.isWildcard() ? WILDCARD : 0) | vh.policy().bits() << 1;
            routeBase[i] = total;
            total += rs.size();
        }
        return new RouteIndex(new HostTable<>(names, virtualHosts, routeBase, pathIds), wildcards,
                distinct.toArray(new PathTable[0]), flatten(virtualHosts, total));
    }

    /**
     * This index for {@code virtualHosts} that have the names and matches of the ones it was
     * built from, in the same order, and other routes (telemetry attached): the host table's slots
     * and the path tables are shared.
     */
    RouteIndex withRoutes(List<VirtualHost> virtualHosts) {
        List<String> names = new ArrayList<>(virtualHosts.size());
        for (VirtualHost vh : virtualHosts) {
            names.add(vh.name());
        }
        return new RouteIndex(hosts.withValues(names, virtualHosts), hasWildcards, paths,
                flatten(virtualHosts, routes.length));
    }

    private static Route[] flatten(List<VirtualHost> hosts, int total) {
        Route[] all = new Route[total];
        int k = 0;
        for (VirtualHost vh : hosts) {
            for (Route r : vh.routes()) {
                all[k++] = r;
            }
        }
        return all;
    }

    /**
     * The slot of the virtual host that claims {@code host[start, end)}, a host name without port
     * or trailing dot in any ASCII case: the exact name, else the one-label wildcard, else the
     * host-less rules; {@code -1} when none does.
     */
    int find(String host, int start, int end) {
        return find(host, start, end, HostTable.hash(0, host, start, end));
    }

    /**
     * {@link #find} of a {@code Host} header value as received, in one pass over it: the port (or
     * what follows an IPv6 literal's {@code ]}) and one trailing dot are dropped as
     * {@link HostNames#normalize} drops them, and the name is hashed while the pass looks for
     * where it ends.
     */
    int findHeader(String header) {
        int len = header.length();
        boolean literal = len > 0 && header.charAt(0) == '[';
        int end = len;
        int h = 0;          // hash of header[0, i)
        int previous = 0;   // hash of header[0, i - 1)
        int hashAtEnd = 0;
        int hashBeforeEnd = 0;
        for (int i = 0; i < len; i++) {
            char c = header.charAt(i);
            if (c == ':' && !literal) {
                // The last colon starts the port.
                end = i;
                hashAtEnd = h;
                hashBeforeEnd = previous;
            }
            previous = h;
            h = 31 * h + HostTable.lower(c);
            if (c == ']' && literal) {
                end = i + 1;
                hashAtEnd = h;
                hashBeforeEnd = previous;
                break;
            }
        }
        if (end == len) {
            hashAtEnd = h;
            hashBeforeEnd = previous;
        }
        if (end > 0 && header.charAt(end - 1) == '.') {
            end--;
            hashAtEnd = hashBeforeEnd;
        }
        return find(header, 0, end, hashAtEnd);
    }

    private int find(String host, int start, int end, int hash) {
        int slot = hosts.slot(host, start, end, hash);
        if (slot >= 0) {
            return slot;
        }
        if (hasWildcards) {
            int dot = host.indexOf('.', start);
            if (dot > start && dot < end) {
                slot = hosts.wildcardSlot(host, dot + 1, end);
                if (slot >= 0) {
                    return slot;
                }
            }
        }
        return hosts.fallbackSlot();
    }

    /** The slot of the virtual host named {@code name} ({@code *.suffix}, or "" for host-less), or {@code -1}. */
    int byName(String name) {
        return name.isEmpty() ? hosts.fallbackSlot() : hosts.slot(name, 0, name.length());
    }

    /** The virtual host in {@code slot}, or {@code null} for {@code -1}. */
    VirtualHost virtualHost(int slot) {
        return slot < 0 ? null : hosts.value(slot);
    }

    /** Whether {@code slot} holds a virtual host with an exact name (not a wildcard, not host-less). */
    boolean isExactName(int slot) {
        return slot >= 0 && slot != hosts.fallbackSlot() && (hosts.second(slot) & WILDCARD) == 0;
    }

    /** The name of the virtual host in {@code slot}, read from the slot's parallel array. */
    String name(int slot) {
        return hosts.name(slot);
    }

    /** The policy of the virtual host in {@code slot}; {@link HostPolicy#NONE} for {@code -1}. */
    HostPolicy policy(int slot) {
        return slot < 0 ? HostPolicy.NONE : HostPolicy.ofBits(hosts.second(slot) >>> 1);
    }

    /** The route of the host in {@code slot} that matches {@code path}, or {@code null}. */
    Route route(int slot, String path) {
        int k = paths[hosts.second(slot) >>> KIND_BITS].match(path);
        if (k == 0) {
            return firstRoutes[slot];
        }
        return k < 0 ? null : routes[hosts.first(slot) + k];
    }
}
