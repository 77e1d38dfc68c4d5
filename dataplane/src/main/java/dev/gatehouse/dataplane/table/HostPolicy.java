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
    /** Every value, by {@link #bits()}. */
    private static final HostPolicy[] BY_BITS = {NONE, new HostPolicy(true, false), TLS_NO_REDIRECT, TLS_REDIRECT};

    /**
     * A TLS host: redirected unless {@code httpsRedirect} is off, and HSTS on HTTPS. One shared
     * instance per value, so a request reading its host's policy finds it in cache.
     */
    public static HostPolicy tls(boolean httpsRedirect) {
        return httpsRedirect ? TLS_REDIRECT : TLS_NO_REDIRECT;
    }

    /** This policy in two bits (1 = HTTPS redirect, 2 = HSTS), for tables that keep it in an int. */
    int bits() {
        return (httpsRedirect ? 1 : 0) | (hsts ? 2 : 0);
    }

    /** The policy of {@link #bits()}: an instance shared by every host with that policy. */
    static HostPolicy ofBits(int bits) {
        return BY_BITS[bits & 3];
    }
}
