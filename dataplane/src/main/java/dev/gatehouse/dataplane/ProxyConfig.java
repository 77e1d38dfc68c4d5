package dev.gatehouse.dataplane;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Settings of one {@link ProxyServer}. Immutable; start from {@link #defaults()} and change what
 * differs with the {@code with*} methods.
 *
 * @param httpAddress            where the plain HTTP/1.1 listener binds; port 0 picks a free port
 *                               (read it back with {@link ProxyServer#httpPort()})
 * @param eventLoopThreads       I/O threads shared by listeners and upstream connections
 * @param nativeTransport        use epoll when it is available (NIO otherwise, see {@link Transports})
 * @param connectTimeout         limit for opening a connection to an endpoint; past it: 502
 * @param responseTimeout        limit between the request being fully sent upstream and the response
 *                               headers arriving; past it: 504
 * @param idleTimeout            a client connection with no traffic for this long is closed (between
 *                               requests, or while a body stalls); a sweep per event loop checks every
 *                               {@code min(idleTimeout / 8, 1 s)}, so the close comes at most that late
 * @param upstreamIdleTimeout    a pooled upstream connection unused for this long is closed
 * @param maxIdlePerEndpoint     idle upstream connections kept per endpoint and event loop; more are closed
 * @param maxInitialLineLength   longest request line / status line accepted, in bytes
 * @param maxHeaderSize          largest header section accepted, in bytes
 * @param https                  the TLS listener, or {@code null} for none
 * @param http2                  HTTP/2 limits, and whether h2c is offered on the plain listener
 * @param hsts                   the {@code Strict-Transport-Security} header of TLS hosts' HTTPS responses
 * @param httpsRedirectPort      the port in the {@code Location} of HTTPS redirects (308) of TLS hosts;
 *                               443 is left out of the URI. This is the port clients reach the TLS
 *                               listener on from outside (a Service maps 443 to {@code --https-port}),
 *                               not necessarily the port it binds
 */
public record ProxyConfig(
        InetSocketAddress httpAddress,
        int eventLoopThreads,
        boolean nativeTransport,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration idleTimeout,
        Duration upstreamIdleTimeout,
        int maxIdlePerEndpoint,
        int maxInitialLineLength,
        int maxHeaderSize,
        HttpsListener https,
        Http2Limits http2,
        Hsts hsts,
        int httpsRedirectPort) {

    public ProxyConfig {
        requireNonNull(httpAddress, "httpAddress");
        requirePositive(eventLoopThreads, "eventLoopThreads");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(responseTimeout, "responseTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(upstreamIdleTimeout, "upstreamIdleTimeout");
        requirePositive(maxIdlePerEndpoint, "maxIdlePerEndpoint");
        requirePositive(maxInitialLineLength, "maxInitialLineLength");
        requirePositive(maxHeaderSize, "maxHeaderSize");
        requireNonNull(http2, "http2");
        requireNonNull(hsts, "hsts");
        if (httpsRedirectPort <= 0 || httpsRedirectPort > 65535) {
            throw new IllegalArgumentException("httpsRedirectPort: " + httpsRedirectPort + " (expected: 1..65535)");
        }
        if (connectTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("connectTimeout: " + connectTimeout + " (expected: < 24 days)");
        }
    }

    /**
     * Port 8080 on every interface, one event loop per available processor, epoll if possible,
     * connect 5 s, response 60 s, client idle 60 s, upstream idle 60 s, 1024 idle upstream
     * connections per endpoint and event loop, 8 KiB request line, 16 KiB headers; no TLS listener,
     * {@link Http2Limits#defaults()}, {@link Hsts#defaults()}, redirects to port 443.
     */
    public static ProxyConfig defaults() {
        return new ProxyConfig(new InetSocketAddress(8080), Runtime.getRuntime().availableProcessors(), true,
                Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60),
                1024, 8192, 16384, null, Http2Limits.defaults(), Hsts.defaults(), 443);
    }

    public ProxyConfig withHttpAddress(InetSocketAddress address) {
        return new ProxyConfig(address, eventLoopThreads, nativeTransport, connectTimeout, responseTimeout,
                idleTimeout, upstreamIdleTimeout, maxIdlePerEndpoint, maxInitialLineLength, maxHeaderSize, https, http2, hsts,
                httpsRedirectPort);
    }

    public ProxyConfig withEventLoopThreads(int threads) {
        return new ProxyConfig(httpAddress, threads, nativeTransport, connectTimeout, responseTimeout,
                idleTimeout, upstreamIdleTimeout, maxIdlePerEndpoint, maxInitialLineLength, maxHeaderSize, https, http2, hsts,
                httpsRedirectPort);
    }

    public ProxyConfig withNativeTransport(boolean enabled) {
        return new ProxyConfig(httpAddress, eventLoopThreads, enabled, connectTimeout, responseTimeout,
                idleTimeout, upstreamIdleTimeout, maxIdlePerEndpoint, maxInitialLineLength, maxHeaderSize, https, http2, hsts,
                httpsRedirectPort);
    }

    public ProxyConfig withConnectTimeout(Duration timeout) {
        return new ProxyConfig(httpAddress, eventLoopThreads, nativeTransport, timeout, responseTimeout,
                idleTimeout, upstreamIdleTimeout, maxIdlePerEndpoint, maxInitialLineLength, maxHeaderSize, https, http2, hsts,
                httpsRedirectPort);
    }

    public ProxyConfig withResponseTimeout(Duration timeout) {
        return new ProxyConfig(httpAddress, eventLoopThreads, nativeTransport, connectTimeout, timeout,
                idleTimeout, upstreamIdleTimeout, maxIdlePerEndpoint, maxInitialLineLength, maxHeaderSize, https, http2, hsts,
                httpsRedirectPort);
    }

    public ProxyConfig withIdleTimeout(Duration timeout) {
        return new ProxyConfig(httpAddress, eventLoopThreads, nativeTransport, connectTimeout, responseTimeout,
                timeout, upstreamIdleTimeout, maxIdlePerEndpoint, maxInitialLineLength, maxHeaderSize, https, http2, hsts,
                httpsRedirectPort);
    }

    public ProxyConfig withUpstreamIdleTimeout(Duration timeout) {
        return new ProxyConfig(httpAddress, eventLoopThreads, nativeTransport, connectTimeout, responseTimeout,
                idleTimeout, timeout, maxIdlePerEndpoint, maxInitialLineLength, maxHeaderSize, https, http2, hsts,
                httpsRedirectPort);
    }

    public ProxyConfig withMaxIdlePerEndpoint(int max) {
        return new ProxyConfig(httpAddress, eventLoopThreads, nativeTransport, connectTimeout, responseTimeout,
                idleTimeout, upstreamIdleTimeout, max, maxInitialLineLength, maxHeaderSize, https, http2, hsts,
                httpsRedirectPort);
    }

    public ProxyConfig withHeaderLimits(int maxInitialLine, int maxHeaders) {
        return new ProxyConfig(httpAddress, eventLoopThreads, nativeTransport, connectTimeout, responseTimeout,
                idleTimeout, upstreamIdleTimeout, maxIdlePerEndpoint, maxInitialLine, maxHeaders, https, http2, hsts,
                httpsRedirectPort);
    }

    /** These settings with a TLS listener ({@code null}: none). */
    public ProxyConfig withHttps(HttpsListener listener) {
        return new ProxyConfig(httpAddress, eventLoopThreads, nativeTransport, connectTimeout, responseTimeout,
                idleTimeout, upstreamIdleTimeout, maxIdlePerEndpoint, maxInitialLineLength, maxHeaderSize, listener,
                http2, hsts, httpsRedirectPort);
    }

    public ProxyConfig withHttp2(Http2Limits limits) {
        return new ProxyConfig(httpAddress, eventLoopThreads, nativeTransport, connectTimeout, responseTimeout,
                idleTimeout, upstreamIdleTimeout, maxIdlePerEndpoint, maxInitialLineLength, maxHeaderSize, https,
                limits, hsts, httpsRedirectPort);
    }

    public ProxyConfig withHsts(Hsts policy) {
        return new ProxyConfig(httpAddress, eventLoopThreads, nativeTransport, connectTimeout, responseTimeout,
                idleTimeout, upstreamIdleTimeout, maxIdlePerEndpoint, maxInitialLineLength, maxHeaderSize, https,
                http2, policy, httpsRedirectPort);
    }

    /** The port HTTPS redirects name (see {@code httpsRedirectPort} above). */
    public ProxyConfig withHttpsRedirectPort(int port) {
        return new ProxyConfig(httpAddress, eventLoopThreads, nativeTransport, connectTimeout, responseTimeout,
                idleTimeout, upstreamIdleTimeout, maxIdlePerEndpoint, maxInitialLineLength, maxHeaderSize, https,
                http2, hsts, port);
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }

    private static void requirePositive(Duration value, String name) {
        requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
        }
    }
}
