package dev.gatehouse.dataplane.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Path matching of one {@link PathMatch}, and the precedence among several in a
 * {@link VirtualHost}. The first test reproduces every row of the Ingress spec's
 * "Examples" table (https://kubernetes.io/docs/concepts/services-networking/ingress/#examples).
 */
class PathMatchTest {

    /**
     * One row per request of the spec table. {@code paths} is a comma-separated list of
     * {@code Kind:path}; {@code expected} is the path that answers, or {@code -} for no match
     * (the request goes to the default backend).
     */
    @ParameterizedTest(name = "[{index}] {0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Prefix:/                                | /                | Prefix:/
            Prefix:/                                | /anything/at/all | Prefix:/
            Exact:/foo                              | /foo             | Exact:/foo
            Exact:/foo                              | /bar             | -
            Exact:/foo                              | /foo/            | -
            Exact:/foo/                             | /foo             | -
            Prefix:/foo                             | /foo             | Prefix:/foo
            Prefix:/foo                             | /foo/            | Prefix:/foo
            Prefix:/foo/                            | /foo             | Prefix:/foo/
            Prefix:/foo/                            | /foo/            | Prefix:/foo/
            Prefix:/aaa/bb                          | /aaa/bbb         | -
            Prefix:/aaa/bbb                         | /aaa/bbb         | Prefix:/aaa/bbb
            Prefix:/aaa/bbb/                        | /aaa/bbb         | Prefix:/aaa/bbb/
            Prefix:/aaa/bbb                         | /aaa/bbb/        | Prefix:/aaa/bbb
            Prefix:/aaa/bbb                         | /aaa/bbb/ccc     | Prefix:/aaa/bbb
            Prefix:/aaa/bbb                         | /aaa/bbbxyz      | -
            Prefix:/, Prefix:/aaa                   | /aaa/ccc         | Prefix:/aaa
            Prefix:/, Prefix:/aaa, Prefix:/aaa/bbb  | /aaa/bbb         | Prefix:/aaa/bbb
            Prefix:/, Prefix:/aaa, Prefix:/aaa/bbb  | /ccc             | Prefix:/
            Prefix:/aaa                             | /ccc             | -
            Prefix:/foo, Exact:/foo                 | /foo             | Exact:/foo
            """)
    void ingressSpecExamples(String paths, String request, String expected) {
        assertThat(winner(paths, request)).isEqualTo(expected);
    }

    /** Rules beyond the spec table: case, segments, query strings, precedence ties. */
    @ParameterizedTest(name = "[{index}] {0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            Exact:/Foo                              | /foo             | -
            Prefix:/Foo                             | /foo             | -
            Prefix:/foo                             | /foobar          | -
            Prefix:/foo                             | /fo              | -
            Prefix:/foo/bar                         | /foo             | -
            Prefix:/foo//                           | /foo             | Prefix:/foo//
            Exact:/foo                              | /foo?x=1         | -
            Prefix:/foo                             | /foo?x=1         | -
            Prefix:/, Exact:/                       | /                | Exact:/
            Prefix:/, Exact:/                       | /x               | Prefix:/
            Exact:/foo/, Prefix:/foo                | /foo/            | Exact:/foo/
            Exact:/foo, Prefix:/foo/                | /foo             | Exact:/foo
            Exact:/foo, Prefix:/foo/                | /foo/x           | Prefix:/foo/
            Prefix:/a, Prefix:/a/b, Prefix:/a/b/c   | /a/b/c/d         | Prefix:/a/b/c
            Prefix:/a/b/c, Prefix:/a/b, Prefix:/a   | /a/b/x           | Prefix:/a/b
            Exact:/a/b, Prefix:/a                   | /a/b/            | Prefix:/a
            Exact:/a/b/c, Prefix:/a/b               | /a/b/c           | Exact:/a/b/c
            Prefix:/foo/, Prefix:/foo               | /foo             | Prefix:/foo
            """)
    void matchingAndPrecedence(String paths, String request, String expected) {
        // The query string never takes part: a caller that forgets to strip it gets no match
        // for "/foo?x=1" against Exact or Prefix "/foo", which these rows pin down.
        assertThat(winner(paths, request)).isEqualTo(expected);
    }

    /** Precedence must not depend on the order the routes were given in. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Prefix:/, Prefix:/aaa, Prefix:/aaa/bbb, Exact:/aaa, Exact:/aaa/bbb/
            Exact:/foo, Prefix:/foo, Prefix:/foo/, Exact:/foo/, Prefix:/
            """)
    void routeOrderIsIndependentOfInputOrder(String paths) {
        List<Route> forward = routes(paths);
        List<Route> backward = new ArrayList<>(forward);
        Collections.reverse(backward);
        assertThat(new VirtualHost("h", backward).routes()).isEqualTo(new VirtualHost("h", forward).routes());
    }

    @ParameterizedTest(name = "[{index}] Prefix {0} -> normalized \"{1}\", precedence {2}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            /         | ''       | 0
            /foo      | /foo     | 4
            /foo/     | /foo     | 4
            /foo///   | /foo     | 4
            /a/b      | /a/b     | 4
            """)
    void prefixNormalization(String path, String normalized, int precedence) {
        PathMatch.Prefix p = new PathMatch.Prefix(path);
        assertThat(p.normalized()).isEqualTo(normalized);
        assertThat(p.precedenceLength()).isEqualTo(precedence);
        assertThat(p.path()).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "foo", "*", "foo/bar"})
    void pathsMustStartWithSlash(String path) {
        assertThatThrownBy(() -> new PathMatch.Exact(path)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: starts with '/'");
        assertThatThrownBy(() -> new PathMatch.Prefix(path)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: starts with '/'");
    }

    @Test
    void prefixRejectsInconsistentNormalizedForm() {
        assertThatThrownBy(() -> new PathMatch.Prefix("/foo/", "/foo/"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected: /foo");
    }

    static PathMatch parse(String spec) {
        String s = spec.trim();
        int colon = s.indexOf(':');
        String kind = s.substring(0, colon);
        String path = s.substring(colon + 1);
        return switch (kind) {
            case "Exact" -> new PathMatch.Exact(path);
            case "Prefix" -> new PathMatch.Prefix(path);
            default -> throw new IllegalArgumentException("kind: " + kind + " (expected: Exact or Prefix)");
        };
    }

    static List<Route> routes(String paths) {
        List<Route> routes = new ArrayList<>();
        for (String p : paths.split(",")) {
            PathMatch m = parse(p);
            routes.add(new Route(m, Backend.unavailable(describe(m), "test"), Route.Origin.NONE));
        }
        return routes;
    }

    static String describe(PathMatch m) {
        return (m instanceof PathMatch.Exact ? "Exact:" : "Prefix:") + m.path();
    }

    /** The winner by {@link VirtualHost#match}, checked to be the table's compiled answer too. */
    private static String winner(String paths, String request) {
        VirtualHost vh = new VirtualHost("h", routes(paths));
        Route r = vh.match(request);
        RoutingTable table = RoutingTable.of(List.of(vh), null);
        assertThat(table.route(table.hostSlot("h"), request)).as("compiled PathTable").isSameAs(r);
        return r == null ? "-" : r.backend().name();
    }
}
