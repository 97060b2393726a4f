package dev.mcpoauth.store.jdbc;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.tests.TestClients;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Baseline latency of {@code create} and {@code findById}, one caller, per database: not a test
 * (surefire ignores it), a harness whose figures go in {@code docs/stores/jdbc.md}. Run it with
 * {@code mvn -B -pl mcp-oauth-store-jdbc -am -Pbaseline test-compile} (arguments:
 * {@code -Dbaseline.args="1000 h2-mem h2-file mariadb postgresql"}).
 *
 * <p>Each database gets a fresh table, a warm-up of 5,000 creates and finds, then the measured
 * calls, each timed alone with {@link System#nanoTime()}; it prints median, p90 and p99.
 */
public final class RegistryBaseline {

    private static final int WARM_UP_CALLS = 5_000;

    private RegistryBaseline() {
    }

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        List<String> names = args.length > 1
                ? Arrays.asList(args).subList(1, args.length)
                : List.of("h2-mem", "h2-file", "mariadb", "postgresql");
        System.out.printf(Locale.ROOT,
                "JdbcClientRegistry baseline: %d calls each, single thread, Java %s, %d cores, load average %.1f%n",
                calls, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "%-11s %-9s %10s %10s %10s%n", "database", "operation", "median µs", "p90 µs", "p99 µs");
        for (String name : names) {
            TestBackend backend = backend(name);
            try {
                run(name, backend.registry(), calls);
            } finally {
                backend.close();
            }
        }
        System.out.printf(Locale.ROOT, "load average at the end %.1f%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static TestBackend backend(String name) {
        return switch (name) {
            case "h2-mem" -> H2Backend.inMemory();
            case "h2-file" -> H2Backend.inFile();
            case "mariadb" -> ServerBackend.mariaDb();
            case "postgresql" -> ServerBackend.postgres();
            default -> throw new IllegalArgumentException("unknown database " + name
                    + " (h2-mem, h2-file, mariadb, postgresql)");
        };
    }

    private static void run(String name, JdbcClientRegistry registry, int calls) {
        // enough calls for the JIT to compile jOOQ's and the driver's paths before anything is timed
        List<RegisteredClient> warmUp = clients(Math.max(WARM_UP_CALLS, calls));
        List<RegisteredClient> measured = clients(calls);
        warmUp.forEach(registry::create);
        shuffled(warmUp).forEach(c -> registry.findById(c.clientId()));

        long[] creates = new long[calls];
        for (int i = 0; i < calls; i++) {
            RegisteredClient client = measured.get(i);
            creates[i] = time(() -> {
                registry.create(client);
                return null;
            });
        }
        List<RegisteredClient> order = shuffled(measured);
        long[] finds = new long[calls];
        for (int i = 0; i < calls; i++) {
            String id = order.get(i).clientId();
            finds[i] = time(() -> registry.findById(id).orElseThrow());
        }
        print(name, "create", creates);
        print(name, "findById", finds);
    }

    private static List<RegisteredClient> clients(int n) {
        List<RegisteredClient> clients = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            clients.add(i % 2 == 0 ? TestClients.publicClient().build() : TestClients.confidentialClient().build());
        }
        return clients;
    }

    private static List<RegisteredClient> shuffled(List<RegisteredClient> clients) {
        List<RegisteredClient> copy = new ArrayList<>(clients);
        Collections.shuffle(copy, new Random(42));
        return copy;
    }

    private static long time(Supplier<?> call) {
        long start = System.nanoTime();
        call.get();
        return System.nanoTime() - start;
    }

    private static void print(String database, String operation, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "%-11s %-9s %10.1f %10.1f %10.1f%n", database, operation,
                micros(sorted, 0.50), micros(sorted, 0.90), micros(sorted, 0.99));
    }

    private static double micros(long[] sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1_000.0;
    }
}
