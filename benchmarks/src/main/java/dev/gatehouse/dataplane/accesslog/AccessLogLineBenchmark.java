package dev.gatehouse.dataplane.accesslog;

import dev.gatehouse.dataplane.ExchangeInfo;
import dev.gatehouse.dataplane.ExchangeInfo.Outcome;
import dev.gatehouse.dataplane.table.Backend;
import dev.gatehouse.dataplane.table.Endpoint;
import dev.gatehouse.dataplane.table.PathMatch;
import dev.gatehouse.dataplane.table.Route;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One access log line as the event loop formats it for every exchange ({@link AccessLogLine}; issue
 * #7: with the origin on its own core the access log costs 2.8 µs per request, formatting is the
 * part the event loop pays). In the log's package: the formatter is package-private. The exchange
 * is the one the benchmark harness's h1 scenario produces (numbers of 1 to 7 digits, an IPv4
 * upstream, a 32-character request id), given as the formatting tests give theirs ({@link FakeExchange}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AccessLogLineBenchmark {

    private static final Route ROUTE = new Route(new PathMatch.Prefix("/"), Backend.of("bench/origin:80", List.of()),
            new Route.Origin("bench", "bench", "origin"));
    private static final Endpoint UPSTREAM = Endpoint.ready("127.0.0.1", 9001);

    private final ExchangeInfo exchange = new FakeExchange("127.0.0.1", "HTTP/1.1", "GET", "/", "127.0.0.1", 200,
            Outcome.PROXIED, 0, 6, 0, 680_412, ROUTE, UPSTREAM, -1, 679_187,
            "439655467b394e438e29d6da26b061b8");
    private static final long START_MILLIS = 1_765_051_698_742L;
    private long lines;

    /** A line per call, the millisecond moving every 16 lines as at ~16k requests a second. */
    @Benchmark
    public byte[] format() {
        return AccessLogLine.format(exchange, START_MILLIS + (lines++ >> 4));
    }
}
