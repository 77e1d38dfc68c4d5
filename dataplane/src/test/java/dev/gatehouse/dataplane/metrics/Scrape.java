package dev.gatehouse.dataplane.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Reads series out of the Prometheus text a registry serves, as /metrics does. */
public final class Scrape {

    private Scrape() {
    }

    /**
     * The value of the series {@code family{labels}} ({@code labels} as printed: sorted, quoted),
     * or {@code NaN} when the scrape has no such series.
     */
    public static double value(PrometheusMeterRegistry registry, String family, String labels) {
        String prefix = family + "{" + labels + "} ";
        for (String line : registry.scrape().split("\n")) {
            if (line.startsWith(prefix)) {
                return Double.parseDouble(line.substring(prefix.length()).trim());
            }
        }
        return Double.NaN;
    }

    /** The labels of a route's series: {@code host}, {@code ingress}, {@code ingress_namespace}, {@code service}. */
    public static String route(String host, String namespace, String ingress, String service) {
        return "host=\"" + host + "\",ingress=\"" + ingress + "\",ingress_namespace=\"" + namespace
                + "\",service=\"" + service + "\"";
    }

    /** How many series of {@code family} carry {@code labelsPart} (a substring of the label set). */
    public static long count(PrometheusMeterRegistry registry, String family, String labelsPart) {
        return registry.scrape().lines()
                .filter(l -> l.startsWith(family + "{") && l.contains(labelsPart))
                .count();
    }
}
