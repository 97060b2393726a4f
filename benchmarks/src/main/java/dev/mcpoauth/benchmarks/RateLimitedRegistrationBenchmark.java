package dev.mcpoauth.benchmarks;

import dev.mcpoauth.core.ratelimit.InMemoryRegistrationRateLimiter;
import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.core.registration.ClientRegistration;
import dev.mcpoauth.core.registration.RegistrationPolicy;
import dev.mcpoauth.core.registration.RegistrationService;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import dev.mcpoauth.store.redis.RedisRegistrationRateLimiter;
import java.time.Duration;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the registration rate limiter costs (DESIGN §10): mcp-remote's body registered with and
 * without a limiter, in memory (in-memory registry and limiter) and on Redis (Redis registry,
 * and the Redis limiter on the same connection pool). Callers come from 10,000 addresses and the
 * limit is so high that nobody is refused, so every attempt pays for one permit and one
 * registration.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RateLimitedRegistrationBenchmark {

    private static final int ADDRESSES = 10_000;
    /** A permit every 0.3 s per address, 100 million at once: never refuses within a benchmark. */
    private static final RateLimit NEVER_REFUSES = RateLimit.of(100_000_000, Duration.ofDays(365));

    @Param({"memory", "redis"})
    public String store;

    private Backends redis;
    private RegistrationService unlimited;
    private RegistrationService limited;
    private final String[] addresses = new String[ADDRESSES];

    @Setup(Level.Trial)
    public void open() {
        for (int i = 0; i < ADDRESSES; i++) {
            addresses[i] = "198.51." + (i / 250) + "." + (1 + i % 250);
        }
        if (store.equals("redis")) {
            redis = Backends.open("redis", 16);
        }
    }

    /** Fresh services (and, in memory, a fresh registry and limiter) per iteration keep the heap flat. */
    @Setup(Level.Iteration)
    public void services() {
        RegistrationPolicy policy = RegistrationPolicy.builder().enabled(true).build();
        ClientRegistry registry;
        RegistrationRateLimiter limiter;
        if (redis != null) {
            registry = redis.registry;
            limiter = RedisRegistrationRateLimiter.builder(redis.jedis(), NEVER_REFUSES).keyPrefix(redis.keyPrefix())
                    .build();
        } else {
            registry = new InMemoryClientRegistry();
            limiter = new InMemoryRegistrationRateLimiter(NEVER_REFUSES);
        }
        unlimited = RegistrationService.builder(registry, policy).build();
        limited = RegistrationService.builder(registry, policy).rateLimiter(limiter).build();
    }

    @TearDown(Level.Trial)
    public void close() {
        if (redis != null) {
            redis.close();
        }
    }

    @Benchmark
    public ClientRegistration register() {
        return unlimited.register(RegistrationBenchmark.MCP_REMOTE_BODY, Optional.empty(), address());
    }

    @Benchmark
    public ClientRegistration registerRateLimited() {
        return limited.register(RegistrationBenchmark.MCP_REMOTE_BODY, Optional.empty(), address());
    }

    private String address() {
        return addresses[ThreadLocalRandom.current().nextInt(ADDRESSES)];
    }
}
