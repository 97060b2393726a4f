package dev.mcpoauth.benchmarks;

import dev.mcpoauth.core.client.RegisteredClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The lookup on the hot path of every {@code /authorize} and {@code /token}: Redis
 * {@code findById} with 32 concurrent callers sharing one pool of 32 connections. The sample
 * mode reports p50/p99 per call.
 *
 * <p>{@code rawHgetall} is its floor: the same 32 callers, the same pool, the same stored
 * clients, but a bare {@code HGETALL} of a client's hash, with nothing decoded. What
 * {@code findById} adds to it is the store's own cost; what the floor itself shows is the
 * machine (32 callers and Redis sharing its cores).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(32)
@Fork(1)
public class RedisLookupBenchmark {

    private Backends backend;
    private List<String> ids;
    private List<String> clientKeys;

    @Setup(Level.Trial)
    public void open() {
        backend = Backends.open("redis", 32);
        ids = backend.preload(10_000);
        clientKeys = backend.redisKeys(":client:");
        if (clientKeys.size() != ids.size()) {
            throw new IllegalStateException("found " + clientKeys.size() + " client hashes for " + ids.size() + " clients");
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        backend.close();
    }

    @Benchmark
    public Optional<RegisteredClient> findById() {
        return backend.registry.findById(ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
    }

    @Benchmark
    public Map<String, String> rawHgetall() {
        return backend.jedis().hgetAll(clientKeys.get(ThreadLocalRandom.current().nextInt(clientKeys.size())));
    }
}
