package dev.gatehouse.dataplane;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its response, from the decoded request head to the last byte relayed back.
 * Lives on the client connection's event loop; the upstream connection is on the same loop, so
 * nothing here is shared between threads.
 *
 * <p>Flow: route on the table read once → pick an endpoint → take a pooled connection or open one
 * → write the head and stream the body (the client is read again only while the upstream is
 * writable) → relay 1xx responses → relay the response head and body (the backend is read again
 * only while the client is writable) → return the connection to the pool when both sides ended
 * cleanly. Every failure before the response started becomes a small error response; after
 * that, the client connection is closed because the response cannot be repaired.
 */
final class Exchange extends ExchangeFacts implements ChannelFutureListener {

    private static final Logger log = LoggerFactory.getLogger(Exchange.class);

    private final ProxyContext px;
    private final Downstream down;
    private final HttpRequest request;
    private final boolean clientKeepAlive;
    private final boolean http10Client;
    private final boolean head;
    private final boolean requestHasBody;

    private UpstreamHandler up;
    private boolean reusedConnection;
    private boolean retried;
    /** Body parts that arrived before the upstream connection was ready. */
    private ArrayDeque<HttpContent> pending;
    /**
     * {@link System#nanoTime()} by which the response head must arrive; 0 when not armed. Checked
     * by the pool's periodic sweep ({@link #checkResponseDeadline}) rather than by a timer per
     * request: no allocation and no timer-queue work on the hot path.
     */
    private long responseDeadline;

    private boolean requestReceived;
    private boolean requestSent;
    private boolean informational;
    private boolean informationalSeen;
    private boolean responseStarted;
    private boolean keepAlive;
    private boolean upstreamReusable;
    private boolean done;
    /**
     * A final response head not written yet (HTTP/1.x clients only): if its whole body follows in
     * the same upstream read, head and body go out as one {@link FullHttpResponse}, which the
     * encoder writes as one buffer (one encoder pass, one buffer to the socket instead of two);
     * otherwise it is written before the first body part, or at the end of the read.
     */
    private HttpResponse heldHead;

    Exchange(ProxyContext px, Downstream down, HttpRequest request) {
        super(request.method().name(), request.uri());
        this.px = px;
        this.down = down;
        this.request = request;
        this.clientAddress = down.clientIp();
        this.protocol = request.protocolVersion().text();
        this.clientKeepAlive = HttpUtil.isKeepAlive(request);
        this.http10Client = request.protocolVersion() == HttpVersion.HTTP_1_0;
        this.head = HttpMethod.HEAD.equals(request.method());
        // Only a head the decoder accepted has a Content-Length worth parsing.
        this.requestHasBody = request.decoderResult().isSuccess() && (HttpUtil.isTransferEncodingChunked(request)
                || request.headers().contains(HttpHeaderNames.CONTENT_LENGTH) && HttpUtil.getContentLength(request, 0L) > 0);
        px.active.increment();
    }

    // ---------------------------------------------------------------- request side

    /** Validates, routes and starts forwarding; may end at once with the proxy's own response. */
    void start() {
        RequestFraming.Rejection rejection = RequestFraming.check(request);
        if (rejection != null) {
            // The decoder stops after a bad message; whatever follows cannot be trusted: close.
            ReferenceCountUtil.release(request);
            requestReceived = true;
            respondLocally(rejection.status(), Outcome.REJECTED, rejection.reason(), true);
            return;
        }
        // The table is read once: this request finishes on this snapshot whatever swaps happen.
        Outcome miss = RequestRouter.route(px.table.get(), request, this);
        if (answeredByHttpsRules()) {
            return;
        }
        if (miss == Outcome.NO_ROUTE) {
            respondLocally(HttpResponseStatus.NOT_FOUND, miss, "no route for this host and path", false);
            return;
        }
        if (miss == Outcome.NO_ENDPOINT) {
            respondLocally(HttpResponseStatus.SERVICE_UNAVAILABLE, miss, RequestRouter.noEndpointDetail(route.backend()),
                    false);
            return;
        }
        String absoluteAuthority = RequestTarget.isAbsoluteForm(uri) ? RequestTarget.authority(uri) : null;
        requestId = ProxyHeaders.prepareRequest(request, absoluteAuthority, down.clientIp(),
                down.listener().scheme(), down.localPort());
        UpstreamHandler pooled = down.pool().acquire(endpoint);
        if (pooled != null) {
            reusedConnection = true;
            // Called from the client's channelRead: its channelReadComplete flushes and reads on.
            bind(pooled, false);
        } else {
            connect();
        }
    }

    /**
     * 421 Misdirected Request and the HTTPS redirect of TLS hosts come before any routing outcome:
     * neither depends on the route, and a redirect must not reveal whether a path exists.
     */
    private boolean answeredByHttpsRules() {
        ListenerInfo l = down.listener();
        if (HttpsRules.isMisdirected(px.certificates, l, down.channel(), host)) {
            respondLocally(HttpResponseStatus.MISDIRECTED_REQUEST, Outcome.MISDIRECTED, "the certificate of this"
                    + " connection does not cover " + host + "; send the request on a new connection", false, null);
            return true;
        }
        if (policy.httpsRedirect() && !l.secure()) {
            String target = RequestTarget.isAbsoluteForm(uri) ? RequestTarget.originForm(uri) : uri;
            String location = HttpsRules.redirectLocation(l, policy, host, RequestTarget.path(target), target,
                    px.config.httpsRedirectPort());
            if (location != null) {
                respondLocally(HttpResponseStatus.PERMANENT_REDIRECT, Outcome.REDIRECTED, "use " + location, false,
                        location);
                return true;
            }
        }
        return false;
    }

    private void connect() {
        connectStartNanos = System.nanoTime();
        ChannelFuture f = down.pool().connect(endpoint);
        if (f == null) {
            respondLocally(HttpResponseStatus.BAD_GATEWAY, Outcome.CONNECT_FAILED,
                    "backend endpoint address is not an IP literal", false);
            return;
        }
        f.addListener(this);
    }

    /** Connect completion (on the same event loop). */
    @Override
    public void operationComplete(ChannelFuture f) {
        if (done) {
            if (f.isSuccess()) {
                // Nobody needs it any more; a fresh connection is still good for the next request.
                UpstreamHandler h = f.channel().pipeline().get(UpstreamHandler.class);
                h.endpoint = endpoint;
                down.pool().release(h);
            }
            return;
        }
        connectNanos = System.nanoTime() - connectStartNanos;
        if (!f.isSuccess()) {
            log.debug("connect to {} failed", endpoint.authority(), f.cause());
            respondLocally(HttpResponseStatus.BAD_GATEWAY, Outcome.CONNECT_FAILED, "could not connect to the backend",
                    false);
            return;
        }
        UpstreamHandler h = f.channel().pipeline().get(UpstreamHandler.class);
        h.endpoint = endpoint;
        bind(h, true);
    }

    private void bind(UpstreamHandler h, boolean outsideClientRead) {
        up = h;
        h.attach(this);
        Channel ch = h.channel();
        upstreamSentNanos = System.nanoTime();
        ch.write(request, ch.voidPromise());
        if (retried) {
            // Only bodiless requests are retried: the whole request is the head plus this.
            writeUpstream(LastHttpContent.EMPTY_LAST_CONTENT);
        } else if (pending != null) {
            HttpContent c;
            while ((c = pending.poll()) != null) {
                writeUpstream(c);
            }
        }
        if (!reusedConnection) {
            ch.read();
        }
        if (outsideClientRead) {
            down.flushLater(ch);
            if (wantsRequestBody()) {
                down.readRequestBody();
            }
        }
    }

    private void writeUpstream(HttpContent c) {
        Channel ch = up.channel();
        ch.write(c, ch.voidPromise());
        if (c instanceof LastHttpContent) {
            requestSent = true;
            responseDeadline = System.nanoTime() + px.responseTimeoutNanos;
        }
    }

    /** A body part from the client (never a request head). */
    void onRequestContent(HttpContent c) {
        if (c.decoderResult().isFailure()) {
            c.release();
            onMalformedBody();
            return;
        }
        requestBytes += c.content().readableBytes();
        if (c instanceof LastHttpContent) {
            requestReceived = true;
        }
        if (done) {
            c.release();
        } else if (up == null) {
            if (pending == null) {
                pending = new ArrayDeque<>(4);
            }
            pending.add(c);
        } else {
            writeUpstream(c);
        }
    }

    private void onMalformedBody() {
        requestReceived = true;
        if (done) {
            down.abort();
            return;
        }
        closeUpstream();
        if (!responseStarted) {
            // The head was at most buffered or partly sent: the backend sees an incomplete request.
            respondLocally(RequestFraming.MALFORMED_BODY.status(), Outcome.REJECTED,
                    RequestFraming.MALFORMED_BODY.reason(), true);
        } else {
            down.abort();
            finish(Outcome.REJECTED);
        }
    }

    /**
     * The client's channelReadComplete: push what it read to the backend in one flush, at the end
     * of this loop iteration (with the other connections' writes; see {@link LoopFlusher}).
     */
    void flushUpstream() {
        if (up != null && !done) {
            down.flushLater(up.channel());
        }
    }

    /** Whether more of the request body should be read from the client now. */
    boolean wantsRequestBody() {
        return !requestReceived && (done || up != null && up.channel().isWritable());
    }

    void onUpstreamWritable() {
        if (!done && !requestReceived) {
            down.readRequestBody();
        }
    }

    // ---------------------------------------------------------------- response side

    void onResponseHead(HttpResponse response) {
        if (done) {
            ReferenceCountUtil.release(response);
            return;
        }
        if (response.decoderResult().isFailure()) {
            ReferenceCountUtil.release(response);
            upstreamFailed("the backend sent an invalid response");
            return;
        }
        int code = response.status().code();
        if (code < 200) {
            if (code == 101) {
                // The proxy strips Upgrade (RFC 9110 §7.8), so a switch was never asked for.
                upstreamFailed("the backend switched protocols unasked");
                return;
            }
            // RFC 9110 §15.2: relay 1xx (e.g. 100 Continue for an Expect the proxy forwarded),
            // except to HTTP/1.0 clients, which do not understand them.
            informational = true;
            informationalSeen = true;
            if (!http10Client) {
                ProxyHeaders.prepareInformational(response);
                down.write(response);
            }
            return;
        }
        cancelResponseTimer();
        upstreamResponseNanos = System.nanoTime() - upstreamSentNanos;
        status = code;
        upstreamReusable = requestSent && HttpUtil.isKeepAlive(response);
        boolean bodyless = head || code == 204 || code == 304;
        boolean selfDelimited = ProxyHeaders.prepareResponse(response, bodyless, http10Client);
        // A response that starts before the request body is fully read leaves the client
        // connection in an unknown state: close it afterwards.
        keepAlive = clientKeepAlive && requestReceived && selfDelimited && !px.draining;
        ProxyHeaders.setConnection(response, keepAlive, http10Client);
        HttpsRules.addHsts(px, down.listener(), policy, response.headers());
        responseStarted = true;
        if (down.listener().http2()) {
            // An HTTP/2 stream turns messages into frames: head and body stay separate frames.
            down.write(response);
        } else {
            heldHead = response;
        }
    }

    /** Writes the held response head, if any (not flushed). */
    private void writeHeldHead() {
        HttpResponse h = heldHead;
        if (h != null) {
            heldHead = null;
            down.write(h);
        }
    }

    void onResponseContent(HttpContent c) {
        if (informational) {
            if (c instanceof LastHttpContent) {
                informational = false;
            }
            if (http10Client) {
                c.release();
            } else {
                down.write(c);
            }
            return;
        }
        if (done || !responseStarted) {
            c.release();
            return;
        }
        if (c.decoderResult().isFailure()) {
            // E.g. the backend closed before Content-Length bytes: the client must see a failure.
            c.release();
            closeUpstream();
            down.abort();
            finish(Outcome.UPSTREAM_ABORTED);
            return;
        }
        responseBytes += c.content().readableBytes();
        if (c instanceof LastHttpContent last) {
            if (keepAlive && px.draining) {
                keepAlive = false;
            }
            Object out = c;
            HttpResponse h = heldHead;
            if (h != null) {
                heldHead = null;
                out = new DefaultFullHttpResponse(h.protocolVersion(), h.status(), last.content(), h.headers(),
                        last.trailingHeaders());
            }
            down.writeLast(out, !keepAlive);
            down.flushLater(down.channel());
            releaseUpstream();
            finish(Outcome.PROXIED);
        } else {
            writeHeldHead();
            down.write(c);
        }
    }

    /** The backend connection's channelReadComplete: deliver, then read on if the client keeps up. */
    void onUpstreamReadComplete() {
        down.touch();
        writeHeldHead();
        down.flushLater(down.channel());
        if (up != null && down.isWritable()) {
            up.channel().read();
        }
    }

    void onDownstreamWritable() {
        if (!done && up != null) {
            up.channel().read();
        }
    }

    /** The upstream connection closed while attached (the handler has already detached). */
    void onUpstreamClosed(UpstreamHandler h) {
        if (done || h != up) {
            return;
        }
        up = null;
        if (responseStarted) {
            down.abort();
            finish(Outcome.UPSTREAM_ABORTED);
        } else if (canRetry()) {
            // RFC 9112 §9.3.1: a pooled connection the backend closed just as it was reused; the
            // bodiless idempotent request can be sent again on a fresh connection.
            retried = true;
            reusedConnection = false;
            requestSent = false;
            cancelResponseTimer();
            connect();
        } else {
            respondLocally(HttpResponseStatus.BAD_GATEWAY, Outcome.UPSTREAM_RESET,
                    "the backend closed the connection before responding", false);
        }
    }

    private boolean canRetry() {
        return reusedConnection && !retried && !requestHasBody && requestSent && !informationalSeen
                && isIdempotent(request.method());
    }

    private static boolean isIdempotent(HttpMethod m) {
        // RFC 9110 §9.2.2
        return HttpMethod.GET.equals(m) || HttpMethod.HEAD.equals(m) || HttpMethod.OPTIONS.equals(m)
                || HttpMethod.TRACE.equals(m) || HttpMethod.PUT.equals(m) || HttpMethod.DELETE.equals(m);
    }

    private void upstreamFailed(String detail) {
        closeUpstream();
        if (responseStarted) {
            down.abort();
            finish(Outcome.UPSTREAM_ABORTED);
        } else {
            respondLocally(HttpResponseStatus.BAD_GATEWAY, Outcome.UPSTREAM_RESET, detail, false);
        }
    }

    /**
     * Called by the upstream pool's sweep: answers 504 once the backend has had the whole request
     * for {@link ProxyConfig#responseTimeout()} without sending a response head.
     */
    void checkResponseDeadline(long now) {
        long deadline = responseDeadline;
        if (deadline == 0 || now - deadline < 0 || done || responseStarted) {
            return;
        }
        responseDeadline = 0;
        closeUpstream();
        respondLocally(HttpResponseStatus.GATEWAY_TIMEOUT, Outcome.UPSTREAM_TIMEOUT,
                "the backend did not respond within " + px.config.responseTimeout().toMillis() + " ms", false);
    }

    /** Whether the response deadline, not the client idle timer, is watching this exchange. */
    boolean awaitingResponse() {
        return !done && requestSent && !responseStarted;
    }

    /** The client connection closed (or was closed) before this exchange ended. */
    void onDownstreamClosed() {
        if (done) {
            return;
        }
        closeUpstream();
        finish(Outcome.CLIENT_ABORTED);
    }

    // ---------------------------------------------------------------- endings

    /**
     * Sends the proxy's own response. The connection stays open only if the client wants it and
     * the request body was read completely (or there is none), so the next request starts on a
     * clean message boundary.
     */
    private void respondLocally(HttpResponseStatus s, Outcome o, String detail, boolean forceClose) {
        respondLocally(s, o, detail, forceClose, null);
    }

    /** @param location the {@code Location} of a redirect, else {@code null} */
    private void respondLocally(HttpResponseStatus s, Outcome o, String detail, boolean forceClose, String location) {
        keepAlive = !forceClose && clientKeepAlive && !px.draining && (requestReceived || !requestHasBody);
        status = s.code();
        responseStarted = true;
        var response = ErrorResponses.of(down.alloc(), s, detail, keepAlive, http10Client);
        if (location != null) {
            response.headers().set(HttpHeaderNames.LOCATION, location);
        }
        HttpsRules.addHsts(px, down.listener(), policy, response.headers());
        down.writeLast(response, !keepAlive);
        down.flush();
        finish(o);
    }

    private void releaseUpstream() {
        UpstreamHandler h = up;
        up = null;
        h.detach();
        if (upstreamReusable) {
            down.pool().release(h);
        } else {
            h.channel().close();
        }
    }

    private void closeUpstream() {
        UpstreamHandler h = up;
        if (h != null) {
            up = null;
            h.detach();
            h.channel().close();
        }
    }

    private void cancelResponseTimer() {
        responseDeadline = 0;
    }

    private void finish(Outcome o) {
        done = true;
        // A head still held belongs to a response that ends in a close: it is never sent.
        heldHead = null;
        outcome = o;
        endNanos = System.nanoTime();
        cancelResponseTimer();
        if (pending != null) {
            HttpContent c;
            while ((c = pending.poll()) != null) {
                c.release();
            }
        }
        px.active.decrement();
        try {
            px.listener.onExchangeEnd(this);
        } catch (RuntimeException e) {
            log.warn("exchange listener failed", e);
        }
        down.exchangeFinished(this);
    }

    boolean isDone() {
        return done;
    }

    boolean requestReceived() {
        return requestReceived;
    }

    boolean keepAlive() {
        return keepAlive;
    }
}
