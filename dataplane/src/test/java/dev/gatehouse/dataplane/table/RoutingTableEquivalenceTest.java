package dev.gatehouse.dataplane.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The compiled lookup ({@link RoutingTable#hostSlot}, {@link RoutingTable#route(int, String)})
 * against a straightforward reference written from the javadoc: normalise the header, look the
 * name up among exact names, then the one-label wildcard, then the host-less rules; among the
 * host's routes the best by {@link Route#PRECEDENCE} that {@link PathMatch#matches}; else the
 * default route. Random tables of thousands of hosts and random requests, from small alphabets so
 * that names, wildcards, hashes and paths overlap.
 */
class RoutingTableEquivalenceTest {

    private static final String[] LABELS = {"a", "b", "an", "c0", "xan", "xc0", "www", "api"};
    private static final String[] SEGMENTS = {"a", "b", "ab", "api", "v1"};

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {1, 2, 3, 4})
    void compiledLookupEqualsReference(int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, VirtualHost> byName = new LinkedHashMap<>();
        int target = 500 + random.nextInt(3000);
        for (int attempt = 0; byName.size() < target && attempt < 20 * target; attempt++) {
            String name = switch (random.nextInt(10)) {
                case 0 -> "*." + hostName(random);
                case 1 -> attempt % 50 == 0 ? VirtualHost.ANY_HOST : hostName(random);
                default -> hostName(random);
            };
            HostPolicy policy = new HostPolicy(random.nextBoolean(), random.nextBoolean());
            byName.putIfAbsent(name, new VirtualHost(name, routes(random, name), policy));
        }
        List<VirtualHost> hosts = new ArrayList<>(byName.values());
        Backend defaultBackend = random.nextBoolean() ? Backend.unavailable("default", "test") : null;
        RoutingTable table = RoutingTable.of(hosts, defaultBackend);
        for (int k = 0; k < 20_000; k++) {
            String header = hostHeader(random);
            String path = path(random);
            String normalized = HostNames.normalize(header);
            VirtualHost expectedHost = referenceHost(hosts, normalized);
            Route expected = referenceRoute(expectedHost, table.defaultRoute(), path);

            int slot = table.hostSlot(header);
            String what = "Host: " + header + ", path " + path;
            assertThat(table.virtualHost(slot)).as(what).isSameAs(expectedHost);
            assertThat(table.route(slot, path)).as(what).isSameAs(expected);
            assertThat(table.hostName(slot, header)).as(what).isEqualTo(normalized);
            assertThat(table.policy(slot)).as(what)
                    .isEqualTo(expectedHost == null ? HostPolicy.NONE : expectedHost.policy());
            assertThat(table.route(normalized, path)).as(what).isSameAs(expected);
        }
        RoutingTable withTelemetry = table.withTelemetry((vh, r) -> r);
        for (int k = 0; k < 2_000; k++) {
            String header = hostHeader(random);
            String path = path(random);
            assertThat(withTelemetry.route(withTelemetry.hostSlot(header), path))
                    .isEqualTo(table.route(table.hostSlot(header), path));
        }
    }

    @Test
    void exactNamesWinOverOneLabelWildcardsAtScale() {
        List<VirtualHost> hosts = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            hosts.add(host("h" + i + ".example.com"));
            if (i % 2 == 0) {
                hosts.add(host("*.h" + i + ".example.com"));
            }
            if (i % 3 == 0) {
                hosts.add(host("www.h" + i + ".example.com"));
            }
        }
        RoutingTable table = RoutingTable.of(hosts, null);
        for (int i = 0; i < 10_000; i++) {
            String expected = i % 3 == 0 ? "www.h" + i + ".example.com" : i % 2 == 0 ? "*.h" + i + ".example.com" : null;
            VirtualHost www = table.virtualHost(table.hostSlot("WWW.H" + i + ".Example.com:443"));
            assertThat(www == null ? null : www.name()).isEqualTo(expected);
            assertThat(table.virtualHost(table.hostSlot("h" + i + ".example.com.")).name())
                    .isEqualTo("h" + i + ".example.com");
            assertThat(table.hostSlot("a.www.h" + i + ".example.com")).isEqualTo(-1);
            assertThat(table.route(table.hostSlot("h" + i + ".example.com"), "/x").backend().name())
                    .isEqualTo("h" + i + ".example.com");
        }
    }

    private static VirtualHost host(String name) {
        return new VirtualHost(name, List.of(new Route(new PathMatch.Prefix("/"), Backend.unavailable(name, "test"),
                Route.Origin.NONE)));
    }

    private static VirtualHost referenceHost(List<VirtualHost> hosts, String normalized) {
        VirtualHost wildcard = null;
        VirtualHost any = null;
        int dot = normalized.indexOf('.');
        String wildcardName = dot > 0 ? "*." + normalized.substring(dot + 1) : null;
        for (VirtualHost vh : hosts) {
            if (!normalized.isEmpty() && vh.name().equals(normalized)) {
                return vh;
            }
            if (vh.name().equals(wildcardName)) {
                wildcard = vh;
            }
            if (vh.name().isEmpty()) {
                any = vh;
            }
        }
        return wildcard != null ? wildcard : any;
    }

    private static Route referenceRoute(VirtualHost vh, Route defaultRoute, String path) {
        Route best = null;
        if (vh != null) {
            for (Route r : vh.routes()) {
                if (r.match().matches(path) && (best == null || Route.PRECEDENCE.compare(r, best) < 0)) {
                    best = r;
                }
            }
        }
        return best != null ? best : defaultRoute;
    }

    private static String hostName(SplittableRandom random) {
        StringBuilder sb = new StringBuilder(LABELS[random.nextInt(LABELS.length)]);
        for (int l = random.nextInt(3); l > 0; l--) {
            sb.append('.').append(LABELS[random.nextInt(LABELS.length)]);
        }
        return sb.toString();
    }

    /** Mostly names of the alphabet, in mixed case, with ports, trailing dots and IP literals now and then. */
    private static String hostHeader(SplittableRandom random) {
        int kind = random.nextInt(40);
        if (kind == 0) {
            return null;
        }
        if (kind == 1) {
            return "";
        }
        if (kind == 2) {
            return random.nextBoolean() ? "[::1]:8080" : "127.0.0.1";
        }
        String name = hostName(random);
        if (kind == 3) {
            // Odd forms: where the name ends must be found as HostNames.normalize finds it.
            String[] odd = {"[" + name + "]:80", "[" + name + "]", "[" + name, name + ":", name + ":1:2",
                "[" + name + ".]:1", name + ".:", name + "..", ":" + name, name + "]:8", "[" + name + ":1"};
            return odd[random.nextInt(odd.length)];
        }
        if (random.nextInt(4) == 0) {
            name = name.toUpperCase();
        }
        if (random.nextInt(8) == 0) {
            name = name + ".";
        }
        if (random.nextInt(16) == 0) {
            name = name + ".";
        }
        if (random.nextInt(4) == 0) {
            name = name + ":" + random.nextInt(65536);
        }
        return random.nextInt(20) == 0 ? "." + name : name;
    }

    private static List<Route> routes(SplittableRandom random, String host) {
        List<Route> routes = new ArrayList<>();
        for (int k = random.nextInt(12); k >= 0; k--) {
            String p = path(random);
            PathMatch m = random.nextBoolean() ? new PathMatch.Exact(p) : new PathMatch.Prefix(p);
            routes.add(new Route(m, Backend.unavailable(host + " " + PathMatchTest.describe(m) + " " + k, "test"),
                    Route.Origin.NONE));
        }
        return routes;
    }

    private static String path(SplittableRandom random) {
        StringBuilder sb = new StringBuilder();
        for (int s = random.nextInt(4); s > 0; s--) {
            sb.append('/').append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
        }
        int slashes = random.nextInt(6) == 0 ? 1 + random.nextInt(2) : 0;
        sb.append("/".repeat(slashes));
        return sb.isEmpty() ? "/" : sb.toString();
    }
}
