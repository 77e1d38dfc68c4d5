package dev.gatehouse.dataplane.table;

import dev.gatehouse.tls.HostPatterns;

/** Turns a {@code Host} header (or {@code :authority}) into the key {@link RoutingTable} uses. */
public final class HostNames {

    private HostNames() {
    }

    /**
     * Lower-cases ASCII, strips the port and one trailing dot. Returns the input itself when it is
     * already normal, so the common case allocates nothing. {@code [::1]:8080} becomes
     * {@code [::1]}. {@code null} becomes {@code ""}.
     */
    public static String normalize(String host) {
        if (host == null) {
            return "";
        }
        int end = host.length();
        if (end > 0 && host.charAt(0) == '[') {
            int close = host.indexOf(']');
            end = close < 0 ? end : close + 1;
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0) {
                end = colon;
            }
        }
        // Case and the trailing dot follow the same rule as certificate names and SNI.
        return HostPatterns.normalize(end == host.length() ? host : host.substring(0, end));
    }

    /**
     * {@link #normalize(String) normalize(host)}, taken from the virtual host that claims
     * {@code host} when that is an exact name: the lookup compared the two, so its name is the
     * normalised host and nothing is allocated. For a wildcard, host-less or no virtual host the
     * header is normalised.
     *
     * @param claimedBy the virtual host {@link RoutingTable#hostSlot} found for {@code host}, or
     *                  {@code null}
     */
    public static String normalize(String host, VirtualHost claimedBy) {
        if (claimedBy != null && !claimedBy.name().isEmpty() && !claimedBy.isWildcard()) {
            return claimedBy.name();
        }
        return normalize(host);
    }
}
