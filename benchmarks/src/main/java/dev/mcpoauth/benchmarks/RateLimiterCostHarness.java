package dev.mcpoauth.benchmarks;

import dev.mcpoauth.core.ratelimit.InMemoryRegistrationRateLimiter;
import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.core.registration.RegistrationPolicy;
import dev.mcpoauth.core.registration.RegistrationService;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import dev.mcpoauth.store.redis.RedisRegistrationRateLimiter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The rate limiter's cost measured as CPU time of the calling thread as well as wall time, for
 * machines too busy for JMH's wall-clock figures to mean anything: registrations without and
 * with the limiter, alternating in rounds so both see the same background load, medians
 * reported. Same set-up as {@link RateLimitedRegistrationBenchmark} (10,000 addresses, a limit
 * that never refuses). On Redis, a third variant takes the permit before the body with its own
 * round trip ({@code permitsInWrite(false)}), beside the default that takes it in the create script.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.mcpoauth.benchmarks.RateLimiterCostHarness [memory|redis] [rounds] [per round]</pre>
 */
public final class RateLimiterCostHarness {

    private static final RateLimit NEVER_REFUSES = RateLimit.of(100_000_000, Duration.ofDays(365));
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private RateLimiterCostHarness() {
    }

    public static void main(String[] args) {
        String store = args.length > 0 ? args[0] : "memory";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int perRound = args.length > 2 ? Integer.parseInt(args[2]) : 5_000;
        String[] addresses = new String[10_000];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = "198.51." + (i / 250) + "." + (1 + i % 250);
        }
        RegistrationPolicy policy = RegistrationPolicy.builder().enabled(true).build();
        try (Backends redis = store.equals("redis") ? Backends.open("redis", 4) : null) {
            double[][] cpu = new double[3][rounds];
            double[][] wall = new double[3][rounds];
            for (int round = -3; round < rounds; round++) {
                ClientRegistry registry = redis != null ? redis.registry : new InMemoryClientRegistry();
                RegistrationRateLimiter limiter = redis != null
                        ? RedisRegistrationRateLimiter.builder(redis.jedis(), NEVER_REFUSES).keyPrefix(redis.keyPrefix())
                                .build()
                        : new InMemoryRegistrationRateLimiter(NEVER_REFUSES);
                RegistrationService[] services = {
                    RegistrationService.builder(registry, policy).build(),
                    RegistrationService.builder(registry, policy).rateLimiter(limiter).build(),
                    RegistrationService.builder(registry, policy).rateLimiter(limiter).permitsInWrite(false).build()};
                int variants = services[1].permitsInWrite() ? 3 : 2;
                for (int variant = 0; variant < variants; variant++) {
                    long cpuStart = THREADS.getCurrentThreadCpuTime();
                    long wallStart = System.nanoTime();
                    for (int i = 0; i < perRound; i++) {
                        services[variant].register(RegistrationBenchmark.MCP_REMOTE_BODY, Optional.empty(),
                                addresses[Math.floorMod(i * 7919 + round, addresses.length)]);
                    }
                    if (round >= 0) {
                        cpu[variant][round] = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1_000.0 / perRound;
                        wall[variant][round] = (System.nanoTime() - wallStart) / 1_000.0 / perRound;
                    }
                }
            }
            report(store, "without limiter", cpu[0], wall[0]);
            boolean inWrite = redis != null;
            report(store, inWrite ? "with limiter, permit in the write" : "with limiter", cpu[1], wall[1]);
            System.out.printf(Locale.ROOT, "%s: limiter overhead, median CPU %+.1f%%, median wall %+.1f%%%n", store,
                    100 * (median(cpu[1]) / median(cpu[0]) - 1), 100 * (median(wall[1]) / median(wall[0]) - 1));
            if (inWrite) {
                report(store, "with limiter, permit before the body", cpu[2], wall[2]);
                System.out.printf(Locale.ROOT, "%s: limiter overhead (permit before the body), median CPU %+.1f%%,"
                        + " median wall %+.1f%%%n", store, 100 * (median(cpu[2]) / median(cpu[0]) - 1),
                        100 * (median(wall[2]) / median(wall[0]) - 1));
            }
        }
    }

    private static void report(String store, String variant, double[] cpu, double[] wall) {
        System.out.printf(Locale.ROOT, "%s %s: CPU %.2f us/registration (median of %d rounds), wall %.2f us%n",
                store, variant, median(cpu), cpu.length, median(wall));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
