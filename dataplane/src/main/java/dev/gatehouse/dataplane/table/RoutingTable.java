package dev.gatehouse.dataplane.table;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * The immutable table the proxy routes by. It is published through one atomic reference; a
 * request reads it once and finishes on that instance.
 *
 * <p>Host semantics (networking.k8s.io/v1): names compare case-insensitively; an exact host wins
 * over a wildcard; {@code *.foo.com} covers exactly one label; rules without a host
 * ({@link VirtualHost#ANY_HOST}) answer every host no named virtual host claims. A host that is
 * claimed but has no matching path does not fall through to the host-less rules: it goes to the
 * table-wide default backend, and without one the proxy answers 404.
 *
 * <p>Lookup is O(1) in the number of hosts: one hash lookup for the exact name, one for the
 * wildcard suffix, then the host's paths. The structures requests read are built here, once per
 * table ({@link RouteIndex}), for few dependent cache misses when traffic is spread over more
 * hosts than the caches hold.
 */
public final class RoutingTable {

    public static final RoutingTable EMPTY = new RoutingTable(List.of(), null, (Route) null);

    private final List<VirtualHost> virtualHosts;
    private final Backend defaultBackend;
    private final Route defaultRoute;
    /** What requests read; see {@link RouteIndex}. */
    private final RouteIndex index;

    private RoutingTable(Collection<VirtualHost> hosts, Backend defaultBackend, Route.Origin defaultOrigin) {
        this(hosts, defaultBackend, defaultBackend == null ? null
                : new Route(new PathMatch.Prefix("/"), defaultBackend, defaultOrigin));
    }

    private RoutingTable(Collection<VirtualHost> hosts, Backend defaultBackend, Route defaultRoute) {
        this.virtualHosts = List.copyOf(hosts);
        this.defaultBackend = defaultBackend;
        this.defaultRoute = defaultRoute;
        this.index = RouteIndex.of(virtualHosts);
    }

    /** {@link #withTelemetry}: the same hosts and matches, so the host and path tables are kept. */
    private RoutingTable(RoutingTable routing, List<VirtualHost> hosts, Route defaultRoute) {
        this.virtualHosts = List.copyOf(hosts);
        this.defaultBackend = routing.defaultBackend;
        this.defaultRoute = defaultRoute;
        this.index = routing.index.withRoutes(virtualHosts);
    }

    /**
     * @param hosts          virtual hosts, names unique
     * @param defaultBackend answers requests no route matches; {@code null} for a plain 404
     */
    public static RoutingTable of(Collection<VirtualHost> hosts, Backend defaultBackend) {
        return of(hosts, defaultBackend, Route.Origin.NONE);
    }

    /**
     * @param defaultOrigin the Ingress (and Service) the default backend comes from, so that
     *                      requests it answers are logged and measured under that Ingress
     */
    public static RoutingTable of(Collection<VirtualHost> hosts, Backend defaultBackend, Route.Origin defaultOrigin) {
        return new RoutingTable(requireNonNull(hosts, "hosts"), defaultBackend,
                requireNonNull(defaultOrigin, "defaultOrigin"));
    }

    /**
     * The virtual host for an already normalised host name (lower case, no port, no trailing
     * dot; see {@link HostNames#normalize}), or {@code null}. Compares ASCII case-insensitively.
     */
    public VirtualHost virtualHost(String host) {
        return index.virtualHost(index.find(host, 0, host.length()));
    }

    /**
     * Where this table keeps the virtual host that claims a {@code Host} header value (or
     * {@code :authority}) as received, or {@code -1} when none does: the port, one trailing dot
     * and ASCII case are ignored as {@link HostNames#normalize} ignores them, but nothing is
     * allocated. This is the lookup requests use; the slot is only meaningful to this table's
     * {@link #virtualHost(int)} and {@link #route(int, String)}.
     *
     * @param hostHeader the header value, or {@code null} when the request has none
     */
    public int hostSlot(String hostHeader) {
        return hostHeader == null ? index.find("", 0, 0) : index.findHeader(hostHeader);
    }

    /** The virtual host in {@code hostSlot} (from {@link #hostSlot}); {@code null} for {@code -1}. */
    public VirtualHost virtualHost(int hostSlot) {
        return index.virtualHost(hostSlot);
    }

    /**
     * {@link HostNames#normalize(String) HostNames.normalize(hostHeader)}, without allocating when
     * the header named a virtual host exactly: the lookup compared the two, so the virtual host's
     * name is the normalised header. A header that is already normal (the usual lower-case name
     * without a port) is returned itself: it was just read, whereas the virtual host's name (and
     * its characters, which the access log copies) would be one or two cache misses more per
     * request in a table of many hosts. Neither the name's characters nor the virtual host are
     * read here.
     *
     * @param hostSlot   {@link #hostSlot hostSlot(hostHeader)} of this table
     * @param hostHeader the header value, or {@code null}
     */
    public String hostName(int hostSlot, String hostHeader) {
        if (!index.isExactName(hostSlot)) {
            return HostNames.normalize(hostHeader);
        }
        return isNormalName(hostHeader) ? hostHeader : index.name(hostSlot);
    }

    /**
     * Whether {@code header}, which matched an exact name ignoring ASCII case, port and one
     * trailing dot, is that name: it has no upper-case ASCII letter, no port and no trailing dot.
     */
    private static boolean isNormalName(String header) {
        int len = header.length();
        if (len == 0 || header.charAt(len - 1) == '.') {
            return false;
        }
        for (int i = 0; i < len; i++) {
            char c = header.charAt(i);
            if (c == ':' || c >= 'A' && c <= 'Z') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code virtualHost(hostSlot).policy()}, or {@link HostPolicy#NONE} for {@code -1}, read from
     * the slot rather than the {@code VirtualHost} (one cache miss less per request). The instance
     * may differ; the value is equal.
     */
    public HostPolicy policy(int hostSlot) {
        return index.policy(hostSlot);
    }

    /**
     * The route for a request whose virtual host was found with {@link #hostSlot}: its matching
     * path, else the default backend's route, else {@code null} (answer 404). The same answer as
     * {@link #route(VirtualHost, String)} with {@link #virtualHost(int) virtualHost(hostSlot)},
     * from flat arrays.
     *
     * @param hostSlot from {@link #hostSlot} of this table, or {@code -1}
     * @param path     the request path without the query string
     */
    public Route route(int hostSlot, String path) {
        if (hostSlot >= 0) {
            Route r = index.route(hostSlot, path);
            if (r != null) {
                return r;
            }
        }
        return defaultRoute;
    }

    /**
     * The route for a request: the matching path of its virtual host, else the default backend's
     * route, else {@code null} (answer 404).
     *
     * @param host normalised host name (see {@link HostNames#normalize})
     * @param path the request path without the query string
     */
    public Route route(String host, String path) {
        return route(index.find(host, 0, host.length()), path);
    }

    /**
     * The route for a request whose virtual host was already looked up with
     * {@link #virtualHost(String)} (e.g. to read its {@link HostPolicy} first): its matching path,
     * else the default backend's route, else {@code null}.
     *
     * @param vh the virtual host of this table, or {@code null} when none claims the host
     */
    public Route route(VirtualHost vh, String path) {
        if (vh != null) {
            Route r = vh.match(path);
            if (r != null) {
                return r;
            }
        }
        return defaultRoute;
    }

    /** Every virtual host, in the order given. */
    public List<VirtualHost> virtualHosts() {
        return virtualHosts;
    }

    /** The route of the table-wide default backend ({@link Route.Origin#NONE}), or {@code null}. */
    public Route defaultRoute() {
        return defaultRoute;
    }

    /**
     * This table with {@link Route#telemetry()} of every route, the default route included, set to
     * {@code telemetry.apply(virtualHost, route)} ({@code virtualHost} is {@code null} for the
     * default route). Routing is unchanged and the result {@linkplain #equals equals} this table.
     * Meant for publication time, not for requests: it rebuilds every virtual host.
     */
    public RoutingTable withTelemetry(BiFunction<VirtualHost, Route, Object> telemetry) {
        requireNonNull(telemetry, "telemetry");
        List<VirtualHost> hosts = new ArrayList<>(virtualHosts.size());
        for (VirtualHost vh : virtualHosts) {
            List<Route> routes = new ArrayList<>(vh.routes().size());
            for (Route r : vh.routes()) {
                routes.add(r.withTelemetry(telemetry.apply(vh, r)));
            }
            hosts.add(vh.withRoutes(routes));
        }
        Route dr = defaultRoute == null ? null : defaultRoute.withTelemetry(telemetry.apply(null, defaultRoute));
        return new RoutingTable(this, hosts, dr);
    }

    /** The table-wide default backend, or {@code null}. */
    public Backend defaultBackend() {
        return defaultBackend;
    }

    /** Where the default backend comes from; {@link Route.Origin#NONE} when unknown or absent. */
    public Route.Origin defaultOrigin() {
        return defaultRoute == null ? Route.Origin.NONE : defaultRoute.origin();
    }

    /** Equal virtual hosts (in any order), default backend and default origin. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RoutingTable t)
                || virtualHosts.size() != t.virtualHosts.size()
                || !Objects.equals(defaultBackend, t.defaultBackend)
                || !defaultOrigin().equals(t.defaultOrigin())) {
            return false;
        }
        for (VirtualHost vh : virtualHosts) {
            if (!vh.equals(t.index.virtualHost(t.index.byName(vh.name())))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hashCode(defaultBackend);
        for (VirtualHost vh : virtualHosts) {
            h += vh.hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        return "RoutingTable[" + virtualHosts.size() + " hosts, default=" + defaultBackend + "]";
    }
}
