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
}
