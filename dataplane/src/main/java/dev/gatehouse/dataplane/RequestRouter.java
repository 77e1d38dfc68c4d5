package dev.gatehouse.dataplane;

import dev.gatehouse.dataplane.ExchangeInfo.Outcome;
import dev.gatehouse.dataplane.table.Backend;
import dev.gatehouse.dataplane.table.Route;
import dev.gatehouse.dataplane.table.RoutingTable;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Where a request goes: its route in one table snapshot, and the endpoint the route's backend
 * picks. The host is the {@code Host} header, or the authority of an absolute-form target; the
 * path is the target without its query.
 */
final class RequestRouter {

    private RequestRouter() {
    }

    /**
     * Sets {@code facts.host}, {@code facts.policy}, {@code facts.route} and {@code facts.endpoint}.
     *
     * @return {@code null} when an endpoint was chosen, else {@link Outcome#NO_ROUTE} or
     *         {@link Outcome#NO_ENDPOINT}
     */
    static Outcome route(RoutingTable table, HttpRequest request, ExchangeFacts facts) {
        String uri = request.uri();
        String host;
        String path;
        if (RequestTarget.isAbsoluteForm(uri)) {
            host = RequestTarget.authority(uri);
            path = RequestTarget.path(RequestTarget.originForm(uri));
        } else {
            host = request.headers().get(HttpHeaderNames.HOST);
            path = RequestTarget.path(uri);
        }
        // The table normalises while it looks up; an exact host's name is the normalised host.
        // Host name, policy and route come from the host's slot: no VirtualHost is read.
        int hostSlot = table.hostSlot(host);
        facts.host = table.hostName(hostSlot, host);
        facts.policy = table.policy(hostSlot);
        Route route = table.route(hostSlot, path);
        facts.route = route;
        if (route == null) {
            return Outcome.NO_ROUTE;
        }
        facts.endpoint = route.backend().nextEndpoint();
        return facts.endpoint == null ? Outcome.NO_ENDPOINT : null;
    }

    /** The 503 text: which backend, and why it has no endpoints when that is known. */
    static String noEndpointDetail(Backend backend) {
        String reason = backend.unavailableReason();
        return "backend " + backend.name() + " has no usable endpoints" + (reason.isEmpty() ? "" : " (" + reason + ")");
    }
}
