package dev.gatehouse.dataplane.table;

/**
 * What a virtual host asks of the transport, beyond routing: set for hosts listed in an Ingress's
 * {@code spec.tls}.
 *
 * @param httpsRedirect plain-HTTP requests are answered 308 Permanent Redirect to the same URI
 *                      over HTTPS (except ACME HTTP-01 challenges), like ingress-nginx's
 *                      {@code ssl-redirect}
 * @param hsts          HTTPS responses carry {@code Strict-Transport-Security} (RFC 6797), when the
 *                      proxy has HSTS enabled
 */
public record HostPolicy(boolean httpsRedirect, boolean hsts) {

    /** Nothing asked: plain HTTP is served as is, no HSTS. */
    public static final HostPolicy NONE = new HostPolicy(false, false);

    private static final HostPolicy TLS_REDIRECT = new HostPolicy(true, true);
    private static final HostPolicy TLS_NO_REDIRECT = new HostPolicy(false, true);

    /**
     * A TLS host: redirected unless {@code httpsRedirect} is off, and HSTS on HTTPS. One shared
     * instance per value, so a request reading its host's policy finds it in cache.
     */
    public static HostPolicy tls(boolean httpsRedirect) {
        return httpsRedirect ? TLS_REDIRECT : TLS_NO_REDIRECT;
    }
}
