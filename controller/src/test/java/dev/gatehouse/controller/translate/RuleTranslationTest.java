package dev.gatehouse.controller.translate;

import static dev.gatehouse.controller.translate.Fixtures.assertTable;
import static dev.gatehouse.controller.translate.Fixtures.backend;
import static dev.gatehouse.controller.translate.Fixtures.echo;
import static dev.gatehouse.controller.translate.Fixtures.exact;
import static dev.gatehouse.controller.translate.Fixtures.host;
import static dev.gatehouse.controller.translate.Fixtures.ingress;
import static dev.gatehouse.controller.translate.Fixtures.p;
import static dev.gatehouse.controller.translate.Fixtures.path;
import static dev.gatehouse.controller.translate.Fixtures.prefix;
import static dev.gatehouse.controller.translate.Fixtures.route;
import static dev.gatehouse.controller.translate.Fixtures.snapshot;
import static dev.gatehouse.controller.translate.Fixtures.svc;
import static dev.gatehouse.controller.translate.Fixtures.table;
import static dev.gatehouse.controller.translate.Fixtures.warning;
import static dev.gatehouse.controller.translate.Fixtures.x;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.controller.model.IngressInfo;
import dev.gatehouse.controller.model.ObjectRef;
import dev.gatehouse.dataplane.table.Backend;
import dev.gatehouse.dataplane.table.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hosts, paths and path types become virtual hosts and routes (issue #3 §2 "Rules"). */
class RuleTranslationTest {

    private static final Backend A = backend("default/a:80", "10.0.0.1:8080");
    private static final Backend B = backend("default/b:80", "10.0.0.2:8080");

    private static Fixtures.SnapshotBuilder world() {
        return snapshot().with(echo("default/a", "10.0.0.1")).with(echo("default/b", "10.0.0.2"));
    }

    @Test
    void hostsPathsAndKindsBecomeTheTable() {
        TranslationResult r = world()
                .with(ingress("default/web")
                        .rule("foo.com", prefix("/", svc("a", 80)), exact("/login", svc("b", 80)))
                        .rule("*.bar.com", prefix("/api", svc("b", 80)))
                        .rule(null, prefix("/", svc("a", 80))))
                .translate();

        assertTable(r.table(), table(null,
                host("foo.com", route(p("/"), A, "default/web"), route(x("/login"), B, "default/web")),
                host("*.bar.com", route(p("/api"), B, "default/web")),
                host("", route(p("/"), A, "default/web"))));
        assertThat(r.warnings()).isEmpty();
    }

    /** Routes of many Ingresses share one instance of each namespace and Service name (equal values). */
    @Test
    void originsShareTheirNamespaceAndServiceNames() {
        TranslationResult r = world()
                .with(ingress("default/one").rule("one.com", prefix("/", svc(new String("a"), 80))),
                        ingress("default/two").rule("two.com", prefix("/", svc(new String("a"), 80))))
                .translate();

        Route.Origin one = r.table().virtualHost("one.com").routes().get(0).origin();
        Route.Origin two = r.table().virtualHost("two.com").routes().get(0).origin();
        assertThat(one).isEqualTo(new Route.Origin("default", "one", "a"));
        assertThat(two).isEqualTo(new Route.Origin("default", "two", "a"));
        assertThat(two.namespace()).isSameAs(one.namespace());
        assertThat(two.service()).isSameAs(one.service());
    }

    @Test
    void hostsAreLowerCased() {
        TranslationResult r = world().with(ingress("default/web").rule("Foo.COM", prefix("/", svc("a", 80)))
                .rule("*.Bar.com", prefix("/", svc("a", 80)))).translate();

        assertTable(r.table(), table(null, host("foo.com", route(p("/"), A, "default/web")),
                host("*.bar.com", route(p("/"), A, "default/web"))));
    }

    @Test
    void emptyHostIsNoHost() {
        TranslationResult r = world().with(ingress("default/web").rule("", prefix("/", svc("a", 80)))).translate();

        assertTable(r.table(), table(null, host("", route(p("/"), A, "default/web"))));
    }

    @Test
    void sameHostAcrossIngressesMergesIntoOneVirtualHost() {
        TranslationResult r = world()
                .with(ingress("default/one").rule("foo.com", prefix("/a", svc("a", 80))),
                        ingress("team/two").rule("FOO.com", prefix("/b", svc("b", 80))))
                .with(echo("team/b", "10.1.0.2"))
                .translate();

        assertTable(r.table(), table(null, host("foo.com",
                route(p("/a"), A, "default/one"),
                route(p("/b"), backend("team/b:80", "10.1.0.2:8080"), "team/two"))));
    }

    @Test
    void implementationSpecificIsPrefix() {
        TranslationResult r = world()
                .with(ingress("default/web").rule("foo.com",
                        path("ImplementationSpecific", "/api", svc("a", 80)),
                        path("ImplementationSpecific", null, svc("b", 80))))
                .translate();

        assertTable(r.table(), table(null, host("foo.com",
                route(p("/api"), A, "default/web"), route(p("/"), B, "default/web"))));
    }

    @Test
    void ruleWithoutHttpAddsNothing() {
        TranslationResult r = world().with(ingress("default/web").rule("foo.com")).translate();

        assertTable(r.table(), table(null));
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void pathWithoutBackendIsDropped() {
        TranslationResult r = world().with(ingress("default/web")
                .rule("foo.com", new IngressInfo.Path("/x", "Prefix", null), prefix("/", svc("a", 80)))).translate();

        assertTable(r.table(), table(null, host("foo.com", route(p("/"), A, "default/web"))));
        assertThat(r.warnings()).containsExactly(warning("default/web", "InvalidBackend",
                "ingress default/web: spec.rules[0].http.paths[0] has no backend, so the path is ignored;"
                        + " set spec.rules[0].http.paths[0].backend.service"));
    }

    /**
     * An invalid host drops its rule (and only it): {@code good.com} of the same Ingress and
     * {@code other.com} of another still work.
     */
    @ParameterizedTest(name = "[{index}] host \"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            a.com:8080     | contains a port or is an IPv6 address, so the rule is ignored; write the DNS name alone (the port of the Host header is never compared)
            [::1]          | contains a port or is an IPv6 address, so the rule is ignored; write the DNS name alone (the port of the Host header is never compared)
            10.0.0.1       | is an IP address, so the rule is ignored; use a DNS name, or remove the host to answer every host
            foo_bar.com    | is not a DNS name, so the rule is ignored; use lower-case letters, digits, '-' and '.' (at most 253), or a wildcard such as "*.example.com"
            *              | is not a DNS name, so the rule is ignored; use lower-case letters, digits, '-' and '.' (at most 253), or a wildcard such as "*.example.com"
            *.             | is not a DNS name, so the rule is ignored; use lower-case letters, digits, '-' and '.' (at most 253), or a wildcard such as "*.example.com"
            foo.*.com      | is not a DNS name, so the rule is ignored; use lower-case letters, digits, '-' and '.' (at most 253), or a wildcard such as "*.example.com"
            *.*.com        | is not a DNS name, so the rule is ignored; use lower-case letters, digits, '-' and '.' (at most 253), or a wildcard such as "*.example.com"
            -a.com         | is not a DNS name, so the rule is ignored; use lower-case letters, digits, '-' and '.' (at most 253), or a wildcard such as "*.example.com"
            a..com         | is not a DNS name, so the rule is ignored; use lower-case letters, digits, '-' and '.' (at most 253), or a wildcard such as "*.example.com"
            a.com.         | is not a DNS name, so the rule is ignored; use lower-case letters, digits, '-' and '.' (at most 253), or a wildcard such as "*.example.com"
            a b.com        | is not a DNS name, so the rule is ignored; use lower-case letters, digits, '-' and '.' (at most 253), or a wildcard such as "*.example.com"
            """)
    void invalidHostDropsTheRule(String badHost, String message) {
        TranslationResult r = world()
                .with(ingress("default/web").rule("good.com", prefix("/", svc("a", 80)))
                        .rule(badHost, prefix("/", svc("a", 80))))
                .with(ingress("default/other").rule("other.com", prefix("/", svc("b", 80))))
                .translate();

        assertTable(r.table(), table(null,
                host("good.com", route(p("/"), A, "default/web")),
                host("other.com", route(p("/"), B, "default/other"))));
        assertThat(r.warnings()).containsExactly(warning("default/web", "InvalidHost",
                "ingress default/web: spec.rules[1].host \"" + badHost + "\" " + message));
    }

    @Test
    void hostLongerThan253IsInvalid() {
        String longHost = ("a".repeat(60) + ".").repeat(4) + "com"; // 247 characters: fine
        String tooLong = "abcdefg." + longHost;                     // 255 characters
        TranslationResult r = world().with(ingress("default/web").rule(longHost, prefix("/", svc("a", 80)))
                .rule(tooLong, prefix("/", svc("a", 80)))).translate();

        assertThat(r.table().virtualHosts()).extracting(v -> v.name()).containsExactly(longHost);
        assertThat(r.warnings()).extracting(Warning::reason).containsExactly("InvalidHost");
    }

    /**
     * An invalid path drops that path only: {@code /ok} of the same rule and the other Ingress
     * still work. {@code -} is a missing value.
     */
    @ParameterizedTest(name = "[{index}] {0} \"{1}\"")
    @CsvSource(delimiter = '|', nullValues = "-", emptyValue = "", textBlock = """
            -                      | /x       | spec.rules[0].http.paths[0] has no pathType, so the path is ignored; set spec.rules[0].http.paths[0].pathType to Exact, Prefix or ImplementationSpecific
            ''                     | /x       | spec.rules[0].http.paths[0] has no pathType, so the path is ignored; set spec.rules[0].http.paths[0].pathType to Exact, Prefix or ImplementationSpecific
            Regex                  | /x.*     | spec.rules[0].http.paths[0].pathType "Regex" is not supported, so the path is ignored; use Exact, Prefix or ImplementationSpecific
            prefix                 | /x       | spec.rules[0].http.paths[0].pathType "prefix" is not supported, so the path is ignored; use Exact, Prefix or ImplementationSpecific
            Exact                  | -        | spec.rules[0].http.paths[0].path is required for pathType Exact, so the path is ignored; set it, e.g. to "/"
            Prefix                 | ''       | spec.rules[0].http.paths[0].path is required for pathType Prefix, so the path is ignored; set it, e.g. to "/"
            Prefix                 | foo      | spec.rules[0].http.paths[0].path "foo" is not an absolute path, so the path is ignored; start it with '/', e.g. "/foo"
            Exact                  | *        | spec.rules[0].http.paths[0].path "*" is not an absolute path, so the path is ignored; start it with '/', e.g. "/*"
            ImplementationSpecific | foo      | spec.rules[0].http.paths[0].path "foo" is not an absolute path, so the path is ignored; start it with '/', e.g. "/foo"
            Prefix                 | /a//b    | spec.rules[0].http.paths[0].path "/a//b" contains "//", so the path is ignored; write the path in normal form, without "//"
            Exact                  | /a/./b   | spec.rules[0].http.paths[0].path "/a/./b" contains "/./", so the path is ignored; write the path in normal form, without "/./"
            Prefix                 | /a/../b  | spec.rules[0].http.paths[0].path "/a/../b" contains "/../", so the path is ignored; write the path in normal form, without "/../"
            Prefix                 | /a%2fb   | spec.rules[0].http.paths[0].path "/a%2fb" contains "%2f", so the path is ignored; write the path in normal form, without "%2f"
            Exact                  | /a%2Fb   | spec.rules[0].http.paths[0].path "/a%2Fb" contains "%2F", so the path is ignored; write the path in normal form, without "%2F"
            Prefix                 | /a/..    | spec.rules[0].http.paths[0].path "/a/.." ends with "/..", so the path is ignored; write the path in normal form, without a trailing "/.."
            Exact                  | /a/.     | spec.rules[0].http.paths[0].path "/a/." ends with "/.", so the path is ignored; write the path in normal form, without a trailing "/."
            """)
    void invalidPathDropsThePath(String pathType, String badPath, String message) {
        TranslationResult r = world()
                .with(ingress("default/web").rule("foo.com", path(pathType, badPath, svc("a", 80)),
                        prefix("/ok", svc("a", 80))))
                .with(ingress("default/other").rule("other.com", prefix("/", svc("b", 80))))
                .translate();

        assertTable(r.table(), table(null,
                host("foo.com", route(p("/ok"), A, "default/web")),
                host("other.com", route(p("/"), B, "default/other"))));
        assertThat(r.warnings()).containsExactly(warning("default/web", "InvalidPath",
                "ingress default/web: " + message));
        assertThat(r.reports().get(ObjectRef.parse("default/other")).warnings())
                .isEmpty();
    }

    /** Paths the API server accepts for ImplementationSpecific, kept as Prefix. */
    @ParameterizedTest(name = "[{index}] ImplementationSpecific \"{0}\" -> Prefix \"{1}\"")
    @CsvSource(delimiter = '|', nullValues = "-", emptyValue = "", textBlock = """
            -        | /
            ''       | /
            /        | /
            /a//b    | /a//b
            /a/      | /a/
            """)
    void implementationSpecificPaths(String path, String expected) {
        TranslationResult r = world()
                .with(ingress("default/web").rule("foo.com", path("ImplementationSpecific", path, svc("a", 80))))
                .translate();

        assertTable(r.table(), table(null, host("foo.com", route(p(expected), A, "default/web"))));
        assertThat(r.warnings()).isEmpty();
    }

    /** An Ingress without spec (possible in a folder, never through the API server) is named in a warning. */
    @Test
    void ingressWithNeitherRulesNorDefaultBackendIsWarned() {
        TranslationResult r = world()
                .with(ingress("default/empty"))
                .with(ingress("default/web").rule("foo.com", prefix("/", svc("a", 80))))
                .translate();

        assertTable(r.table(), table(null, host("foo.com", route(p("/"), A, "default/web"))));
        assertThat(r.warnings()).containsExactly(warning("default/empty", "NoRules", "ingress default/empty: it has"
                + " neither spec.rules nor spec.defaultBackend (is spec missing?), so it routes nothing; add"
                + " spec.rules[].http.paths or spec.defaultBackend"));
        assertThat(r.reports().get(ObjectRef.parse("default/web")).warnings()).isEmpty();
    }
}
