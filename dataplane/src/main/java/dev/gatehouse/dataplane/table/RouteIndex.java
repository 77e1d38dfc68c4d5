package dev.gatehouse.dataplane.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a request reads in a {@link RoutingTable}, built once per table: host tables that give the
 * index of a virtual host, and per host index its compiled paths and where its routes start in one
 * flat {@code Route[]}.
 *
 * <p>With traffic spread over tens of thousands of hosts most lookups miss the caches, so the
 * layout counts the dependent misses of a lookup: the host slot ({@link HostTable}), then, in
 * parallel as they depend only on the index, the key's characters, the host's {@link PathTable}
 * (shared, usually cached) and its route offset, then the {@code Route}. The object graph walk it
 * replaces (map node, key {@code String}, its bytes, {@code VirtualHost}, route list, its array,
 * each {@code Route} and {@code PathMatch} scanned) took about ten.
 */
final class RouteIndex {

    private final HostTable exact;
    /** Keyed by the suffix after {@code "*."}: {@code *.foo.com} is stored as {@code foo.com}. */
    private final HostTable wildcard;
    private final int anyHost;
    private final PathTable[] paths;
    private final int[] routeBase;
    private final Route[] routes;

    private RouteIndex(HostTable exact, HostTable wildcard, int anyHost, PathTable[] paths, int[] routeBase,
            Route[] routes) {
        this.exact = exact;
        this.wildcard = wildcard;
        this.anyHost = anyHost;
        this.paths = paths;
        this.routeBase = routeBase;
        this.routes = routes;
    }

    /** @throws IllegalArgumentException when two virtual hosts have the same name */
    static RouteIndex of(List<VirtualHost> hosts) {
        int n = hosts.size();
        List<String> exactNames = new ArrayList<>(n);
        int[] exactValues = new int[n];
        List<String> wildcardNames = new ArrayList<>();
        int[] wildcardValues = new int[n];
        int any = -1;
        for (int i = 0; i < n; i++) {
            VirtualHost vh = hosts.get(i);
            String name = vh.name();
            if (name.equals(VirtualHost.ANY_HOST)) {
                if (any >= 0) {
                    throw new IllegalArgumentException("virtual host \"\" (host-less rules) given twice");
                }
                any = i;
            } else if (vh.isWildcard()) {
                wildcardValues[wildcardNames.size()] = i;
                wildcardNames.add(name.substring(2));
            } else {
                exactValues[exactNames.size()] = i;
                exactNames.add(name);
            }
        }
        HostTable ex = exactNames.isEmpty() ? HostTable.EMPTY : new HostTable(exactNames, exactValues, "");
        HostTable wc = wildcardNames.isEmpty() ? HostTable.EMPTY : new HostTable(wildcardNames, wildcardValues, "*.");
        PathTable[] paths = new PathTable[n];
        int[] base = new int[n];
        // Hosts with the same matches share one PathTable: fewer objects, and the shared ones stay cached.
        Map<List<PathMatch>, PathTable> shared = new HashMap<>();
        int total = 0;
        for (int i = 0; i < n; i++) {
            List<Route> rs = hosts.get(i).routes();
            List<PathMatch> matches = new ArrayList<>(rs.size());
            for (Route r : rs) {
                matches.add(r.match());
            }
            paths[i] = shared.computeIfAbsent(matches, PathTable::of);
            base[i] = total;
            total += rs.size();
        }
        return new RouteIndex(ex, wc, any, paths, base, flatten(hosts, total));
    }

    /**
     * This index for {@code hosts} that have the names and matches of the ones it was built from,
     * in the same order, and other routes (telemetry attached): only the routes are copied.
     */
    RouteIndex withRoutes(List<VirtualHost> hosts) {
        return new RouteIndex(exact, wildcard, anyHost, paths, routeBase, flatten(hosts, routes.length));
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
     * The index of the virtual host that claims {@code host[start, end)}, a host name without
     * port or trailing dot in any ASCII case: the exact name, else the one-label wildcard, else
     * the host-less rules; {@code -1} when none does.
     */
    int find(String host, int start, int end) {
        int i = exact.get(host, start, end);
        if (i >= 0) {
            return i;
        }
        if (wildcard != HostTable.EMPTY) {
            int dot = host.indexOf('.', start);
            if (dot > start && dot < end) {
                i = wildcard.get(host, dot + 1, end);
                if (i >= 0) {
                    return i;
                }
            }
        }
        return anyHost;
    }

    /** The index of the virtual host named {@code name} ({@code *.suffix}, or "" for host-less), or {@code -1}. */
    int byName(String name) {
        if (name.equals(VirtualHost.ANY_HOST)) {
            return anyHost;
        }
        return name.startsWith("*.") ? wildcard.get(name, 2, name.length()) : exact.get(name, 0, name.length());
    }

    /** The route of host {@code hostIndex} that matches {@code path}, or {@code null}. */
    Route route(int hostIndex, String path) {
        int k = paths[hostIndex].match(path);
        return k < 0 ? null : routes[routeBase[hostIndex] + k];
    }
}
