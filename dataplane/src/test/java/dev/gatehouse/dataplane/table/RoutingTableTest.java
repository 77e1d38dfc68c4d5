package dev.gatehouse.dataplane.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Host selection and the fall-back to the default backend. Every route's backend is named
 * {@code host:Kind:path}, so a row states which virtual host and path answered.
 */
class RoutingTableTest {

    /**
     * One table for every row: exact hosts, a wildcard, a wildcard shadowed by an exact host,
     * host-less rules, and a default backend.
     */
    private static final RoutingTable TABLE = table(true,
            "foo.bar.com    = Prefix:/",
            "*.foo.com      = Prefix:/",
            "*.bar.com      = Prefix:/, Exact:/wild",
            "exact.bar.com  = Exact:/only",
            "               = Prefix:/any");

    private static final RoutingTable NO_DEFAULT = table(false,
            "foo.bar.com    = Exact:/only",
            "               = Prefix:/any");

    @ParameterizedTest(name = "[{index}] Host: {0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            foo.bar.com          | /x         | foo.bar.com:Prefix:/
            FOO.Bar.COM          | /x         | foo.bar.com:Prefix:/
            foo.bar.com:8080     | /x         | foo.bar.com:Prefix:/
            foo.bar.com.         | /x         | foo.bar.com:Prefix:/
            bar.foo.com          | /x         | *.foo.com:Prefix:/
            BAR.FOO.COM:443      | /x         | *.foo.com:Prefix:/
            baz.bar.foo.com      | /any/x     | :Prefix:/any
            foo.com              | /any/x     | :Prefix:/any
            .foo.com             | /any/x     | :Prefix:/any
            x.bar.com            | /wild      | *.bar.com:Exact:/wild
            foo.bar.com          | /wild      | foo.bar.com:Prefix:/
            exact.bar.com        | /only      | exact.bar.com:Exact:/only
            exact.bar.com        | /wild      | default
            exact.bar.com        | /any       | default
            unclaimed.example    | /any       | :Prefix:/any
            unclaimed.example    | /any/deep  | :Prefix:/any
            unclaimed.example    | /other     | default
            127.0.0.1:8080       | /any       | :Prefix:/any
            [::1]:8080           | /any       | :Prefix:/any
            [::1]:8080           | /x         | default
            ''                   | /any       | :Prefix:/any
            """)
    void hostsAndDefault(String hostHeader, String path, String expected) {
        Route r = TABLE.route(HostNames.normalize(hostHeader), path);
        // The request path: the header as received, normalised by the lookup itself.
        int slot = TABLE.hostSlot(hostHeader);
        assertThat(TABLE.route(slot, path)).isSameAs(r);
        assertThat(TABLE.hostName(slot, hostHeader)).isEqualTo(HostNames.normalize(hostHeader));
        assertThat(r).isNotNull();
        assertThat(r.backend().name()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] Host: {0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            foo.bar.com          | /only      | foo.bar.com:Exact:/only
            foo.bar.com          | /any       | -
            other.example        | /any       | :Prefix:/any
            other.example        | /x         | -
            """)
    void noDefaultBackendMeans404(String hostHeader, String path, String expected) {
        Route r = NO_DEFAULT.route(HostNames.normalize(hostHeader), path);
        assertThat(NO_DEFAULT.route(NO_DEFAULT.hostSlot(hostHeader), path)).isSameAs(r);
        assertThat(r == null ? "-" : r.backend().name()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            foo.bar.com       | foo.bar.com
            a.bar.com         | *.bar.com
            exact.bar.com     | exact.bar.com
            a.b.bar.com       | ''
            bar.com           | ''
            """)
    void virtualHostSelection(String host, String expected) {
        assertThat(TABLE.virtualHost(host).name()).isEqualTo(expected);
        assertThat(TABLE.virtualHost(TABLE.hostSlot(host))).isSameAs(TABLE.virtualHost(host));
        assertThat(TABLE.virtualHost(TABLE.hostSlot(host.toUpperCase() + ".:80"))).isSameAs(TABLE.virtualHost(host));
    }

    @Test
    void aRequestWithoutHostGoesToTheHostLessRules() {
        assertThat(TABLE.virtualHost(TABLE.hostSlot(null)).name()).isEmpty();
        assertThat(NO_DEFAULT.route(NO_DEFAULT.hostSlot(null), "/any").backend().name()).isEqualTo(":Prefix:/any");
        assertThat(table(false, "a.com = Prefix:/").hostSlot(null)).isEqualTo(-1);
    }

    /**
     * An exact host's name is the normalised header: the request allocates no lower-cased copy. A
     * header that is already the name is answered itself (it is in cache; the table's name may
     * not be), any other spelling of an exact name with the table's instance of the name.
     */
    @ParameterizedTest(name = "[{index}] Host: {0} -> {1} ({2})")
    @CsvSource(delimiter = '|', textBlock = """
            foo.bar.com          | foo.bar.com    | header
            FOO.bar.com:8080     | foo.bar.com    | name
            foo.bar.com.         | foo.bar.com    | name
            foo.bar.com:80       | foo.bar.com    | name
            X.bar.com:443        | x.bar.com      | new
            nobody.example       | nobody.example | header
            """)
    void hostNameIsTheExactVirtualHostsName(String header, String expected, String instance) {
        String fresh = new String(header);
        int slot = TABLE.hostSlot(fresh);
        String name = TABLE.hostName(slot, fresh);
        assertThat(name).isEqualTo(expected);
        assertThat(name == TABLE.virtualHost(slot).name()).isEqualTo(instance.equals("name"));
        assertThat(name == fresh).isEqualTo(instance.equals("header"));
        assertThat(TABLE.hostName(-1, "A.b:1")).isEqualTo("a.b");
        assertThat(TABLE.hostName(-1, null)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"false, false", "true, false", "false, true", "true, true"})
    void policiesAreReadFromTheSlot(boolean redirect, boolean hsts) {
        HostPolicy policy = new HostPolicy(redirect, hsts);
        RoutingTable t = RoutingTable.of(List.of(new VirtualHost("a.com", List.of(), policy),
                new VirtualHost("*.a.com", List.of(), policy), new VirtualHost("", List.of(), policy)), null);
        for (String host : List.of("A.com", "x.a.com:80", "other.example")) {
            assertThat(t.policy(t.hostSlot(host))).as(host).isEqualTo(policy);
        }
        assertThat(table(false, "a.com = Prefix:/").policy(-1)).isSameAs(HostPolicy.NONE);
        assertThat(HostPolicy.ofBits(policy.bits())).isEqualTo(policy);
    }

    @Test
    void noVirtualHostSlotMeansTheDefaultRoute() {
        RoutingTable t = table(true, "a.com = Prefix:/");
        assertThat(t.hostSlot("b.com")).isEqualTo(-1);
        assertThat(t.virtualHost(-1)).isNull();
        assertThat(t.route(-1, "/")).isSameAs(t.defaultRoute());
        assertThat(RoutingTable.EMPTY.route(RoutingTable.EMPTY.hostSlot("a.com"), "/")).isNull();
    }

    @Test
    void withoutHostLessRulesAnUnclaimedHostHasNoVirtualHost() {
        RoutingTable t = table(false, "a.com = Prefix:/");
        assertThat(t.virtualHost("b.com")).isNull();
        assertThat(t.route("b.com", "/")).isNull();
    }

    @Test
    void defaultRouteIsPrefixSlashWithoutOrigin() {
        Route r = TABLE.route("nobody.example", "/nothing");
        assertThat(r.match()).isEqualTo(new PathMatch.Prefix("/"));
        assertThat(r.origin()).isEqualTo(Route.Origin.NONE);
        assertThat(r.backend()).isSameAs(TABLE.defaultBackend());
    }

    @Test
    void emptyTableAnswersNothing() {
        assertThat(RoutingTable.EMPTY.route("a.com", "/")).isNull();
        assertThat(RoutingTable.EMPTY.virtualHosts()).isEmpty();
        assertThat(RoutingTable.EMPTY.defaultBackend()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.com|A.com", "*.a.com|*.A.COM", "|"})
    void duplicateHostsAreRejected(String pair) {
        String[] names = pair.split("\\|", -1);
        List<VirtualHost> hosts = List.of(new VirtualHost(names[0], List.of()), new VirtualHost(names[1], List.of()));
        assertThatThrownBy(() -> RoutingTable.of(hosts, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("given twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "*.", "**.a.com", "*a.com", "*.a.*.com"})
    void malformedWildcardsAreRejected(String name) {
        assertThatThrownBy(() -> new VirtualHost(name, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: a host or *.suffix");
    }

    @Test
    void virtualHostNamesAreLowerCased() {
        assertThat(new VirtualHost("Foo.COM", List.of()).name()).isEqualTo("foo.com");
        assertThat(new VirtualHost("*.Foo.COM", List.of()).isWildcard()).isTrue();
    }

    @Test
    void tablesWithEqualContentAreEqualWhateverTheHostOrder() {
        RoutingTable a = table(true, "a.com = Prefix:/", "*.b.com = Exact:/x", " = Prefix:/");
        RoutingTable b = table(true, " = Prefix:/", "*.b.com = Exact:/x", "a.com = Prefix:/");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(table(false, "a.com = Prefix:/", "*.b.com = Exact:/x", " = Prefix:/"));
        assertThat(a).isNotEqualTo(table(true, "a.com = Prefix:/", "*.b.com = Exact:/y", " = Prefix:/"));
    }

    @Test
    void telemetryIsAttachedToEveryRouteAndChangesNeitherRoutingNorEquality() {
        RoutingTable t = TABLE.withTelemetry((vh, r) -> (vh == null ? "default" : vh.name()) + " " + r.match().path());
        assertThat(t).isEqualTo(TABLE).hasSameHashCodeAs(TABLE);
        assertThat(t.route("foo.bar.com", "/x").telemetry()).isEqualTo("foo.bar.com /");
        assertThat(t.route("x.bar.com", "/wild").telemetry()).isEqualTo("*.bar.com /wild");
        assertThat(t.route(t.hostSlot("X.bar.com:80"), "/wild").telemetry()).isEqualTo("*.bar.com /wild");
        assertThat(t.route(t.hostSlot("foo.bar.com"), "/x").telemetry()).isEqualTo("foo.bar.com /");
        assertThat(t.route("exact.bar.com", "/nothing").telemetry()).isEqualTo("default /");
        assertThat(t.route("x.bar.com", "/wild")).isEqualTo(TABLE.route("x.bar.com", "/wild"));
        assertThat(t.route("x.bar.com", "/wild").toString()).doesNotContain("telemetry");
        assertThat(TABLE.route("x.bar.com", "/wild").telemetry()).isNull();
    }

    /** Builds a table from {@code "host = Kind:path, Kind:path"} lines ({@code host} empty = host-less). */
    static RoutingTable table(boolean withDefault, String... lines) {
        List<VirtualHost> hosts = new ArrayList<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            String host = line.substring(0, eq).trim();
            List<Route> routes = new ArrayList<>();
            for (String p : line.substring(eq + 1).split(",")) {
                PathMatch m = PathMatchTest.parse(p);
                routes.add(new Route(m, Backend.unavailable(host + ":" + PathMatchTest.describe(m), "test"),
                        Route.Origin.NONE));
            }
            hosts.add(new VirtualHost(host, routes));
        }
        return RoutingTable.of(hosts, withDefault ? Backend.unavailable("default", "test") : null);
    }
}
