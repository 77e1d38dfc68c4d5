package dev.gatehouse.benchmarks;

import dev.gatehouse.controller.translate.TranslationConfig;
import dev.gatehouse.controller.translate.Translator;
import dev.gatehouse.dataplane.table.HostNames;
import dev.gatehouse.dataplane.table.Route;
import dev.gatehouse.dataplane.table.RoutingTable;
import dev.gatehouse.dataplane.table.VirtualHost;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link RoutingTable#route} as the proxy calls it, for tables of 1 to 100,000 Ingresses (issue
 * #7: lookup time flat in the number of hosts). The table is the translation of a
 * {@link SyntheticCluster} (about 0.95 virtual hosts per Ingress, 5 paths each), so it has the
 * layout the proxy really serves. Requests are spread uniformly over all virtual hosts and a mix
 * of paths (matching each route kind, and none), with Host headers that are distinct
 * {@code String} instances from the table's keys, as a decoded header is, in upper case and with
 * a port half the time so that the lookup normalises as on the request path.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class RouteLookupBenchmark {

    /**
     * More requests than virtual hosts (95,000 at 100,000 Ingresses), so that every host is
     * visited and the table's working set is the whole table, as with real traffic spread over
     * all hosts. The request arrays are read in order: the hardware prefetcher streams them, as
     * a freshly decoded header would be in cache, so only the table's misses are measured.
     */
    private static final int REQUESTS = 1 << 17;
    private static final String[] PATHS = {"/", "/api/users/42", "/api/v1/status", "/static/app.js", "/assets/x.png",
        "/unknown/deep/path"};

    @Param({"1", "100", "10000", "100000"})
    public int ingresses;

    private RoutingTable table;
    private String[] requestHosts;
    private String[] requestPaths;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        table = Translator.translate(SyntheticCluster.build(ingresses), TranslationConfig.DEFAULTS).table();
        List<VirtualHost> hosts = table.virtualHosts();
        SplittableRandom random = new SplittableRandom(7);
        requestHosts = new String[REQUESTS];
        requestPaths = new String[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            String name = hosts.get(random.nextInt(hosts.size())).name();
            String host = name.startsWith("*.") ? "www" + name.substring(1) : name;
            // A header decoded from a request has characters of its own: new String(host) would
            // share the table key's array, a random cold read a real request does not make.
            requestHosts[i] = random.nextBoolean() ? host.toUpperCase() + ":443" : new String(host.toCharArray());
            requestPaths[i] = PATHS[random.nextInt(PATHS.length)];
        }
    }

    /**
     * Host and path: what the proxy does per request ({@code RequestRouter}): the lookup of the
     * Host header as received, the normalised host for logs and redirects, the host's policy and
     * the route.
     */
    @Benchmark
    public Route route(Blackhole bh) {
        int i = next++ & (REQUESTS - 1);
        String header = requestHosts[i];
        int hostSlot = table.hostSlot(header);
        bh.consume(table.hostName(hostSlot, header));
        bh.consume(table.policy(hostSlot));
        return table.route(hostSlot, requestPaths[i]);
    }

    /** The host part alone: the host table lookup of the Host header, and its virtual host. */
    @Benchmark
    public VirtualHost hostOnly() {
        int i = next++ & (REQUESTS - 1);
        return table.virtualHost(table.hostSlot(requestHosts[i]));
    }

    /**
     * The harness alone: reading the request's host (its characters too, as the lookup hashes
     * them) and path, no table. What the other benchmarks cost beyond this is the lookup; it
     * does not depend on the number of hosts.
     */
    @Benchmark
    public String requestOnly() {
        int i = next++ & (REQUESTS - 1);
        String host = requestHosts[i];
        return host.charAt(host.length() - 1) != 0 ? requestPaths[i] : null;
    }

    /** The route by normalised name, as the proxy called it before {@link RoutingTable#hostSlot}. */
    @Benchmark
    public Route routeByName() {
        int i = next++ & (REQUESTS - 1);
        return table.route(HostNames.normalize(requestHosts[i]), requestPaths[i]);
    }
}
