package dev.gatehouse.dataplane.metrics;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.dataplane.table.Route;
import dev.gatehouse.dataplane.table.VirtualHost;

/**
 * What one set of per-route meters is keyed by: the virtual host and where the route came from.
 * Routes of one host with the same origin (several paths of one Ingress to one Service) share
 * their meters. The host is the virtual host's name, never the request's {@code Host} header, so
 * the number of series is bounded by the table, whatever clients send.
 *
 * @param host   the virtual host name; {@link #ANY_HOST} for rules without a host and the
 *               table's default backend, {@link #NO_ROUTE_HOST} for requests no route answered
 * @param origin the route's Ingress and Service
 */
record RouteKey(String host, Route.Origin origin) {

    /** Host label of rules without a host and of the default backend (as {@code /routes} shows them). */
    static final String ANY_HOST = "*";
    /** Host label of requests that matched no route or were rejected; not a valid Ingress host. */
    static final String NO_ROUTE_HOST = "_";

    static final RouteKey NO_ROUTE = new RouteKey(NO_ROUTE_HOST, Route.Origin.NONE);

    RouteKey {
        requireNonNull(host, "host");
        requireNonNull(origin, "origin");
    }

    /** The key of {@code route} in {@code vh} ({@code null} for the table's default route). */
    static RouteKey of(VirtualHost vh, Route route) {
        String host = vh == null || vh.name().equals(VirtualHost.ANY_HOST) ? ANY_HOST : vh.name();
        return new RouteKey(host, route.origin());
    }
}
