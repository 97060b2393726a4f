package dev.mcpoauth.store.redis;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.tests.TestClients;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import redis.clients.jedis.UnifiedJedis;

/**
 * Not a test: measures the median latency of {@code create} and {@code findById} (and of
 * {@code count}) over 1,000 calls each, one thread, on the single-node Redis of the tests and
 * on a local 3-master cluster it starts. Run it as {@code docs/stores/redis.md} shows; it
 * cleans up the clients it made.
 */
public final class RedisLatencyHarness {

    private static final int CALLS = 1_000;
    private static final int WARM_UP = 2_000;

    private RedisLatencyHarness() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        out.println("Redis latency, " + CALLS + " sequential calls each, one thread, publicClient() fixture");
        try (UnifiedJedis single = RedisTestBackend.client()) {
            measure(out, "single node " + RedisTestBackend.address(), single);
            memory(out, single);
        }
        if (args.length == 0 || !args[0].equals("--single-only")) {
            try (LocalRedisCluster cluster = LocalRedisCluster.start();
                    UnifiedJedis client = cluster.newClient()) {
                measure(out, "3-master cluster " + cluster.nodes(), client);
            }
        }
    }

    private static void measure(PrintStream out, String label, UnifiedJedis jedis) {
        RedisClientRegistry registry = RedisClientRegistry.builder(jedis)
                .keyPrefix(RedisTestBackend.prefix("latency"))
                .build();
        run(registry, WARM_UP);
        Result r = run(registry, CALLS);
        out.printf(Locale.ROOT, "%s%n  create   median %6.1f µs  p90 %6.1f µs%n  findById median %6.1f µs  p90 %6.1f µs%n"
                        + "  count    median %6.1f µs  (256 shards)%n",
                label, r.create.median(), r.create.p90(), r.find.median(), r.find.p90(), r.count.median());
    }

    /** {@code MEMORY USAGE} of one client's hash, and of index entries in small and large shards. */
    private static void memory(PrintStream out, UnifiedJedis jedis) {
        // as long as the default "mcp-oauth:", since MEMORY USAGE counts the key name too
        String prefix = "m" + UUID.randomUUID().toString().substring(0, 8) + ":";
        RedisClientRegistry oneShard = RedisClientRegistry.builder(jedis).keyPrefix(prefix).indexShards(1).build();
        RedisKeys keys = new RedisKeys(prefix, 1);
        out.println("memory (MEMORY USAGE key SAMPLES 0)");
        for (var fixture : List.of(
                new Object[] {"publicClient", TestClients.publicClient().build()},
                new Object[] {"confidentialClient", TestClients.confidentialClient().build()},
                new Object[] {"fullyPopulatedClient", TestClients.fullyPopulatedClient().build()})) {
            RegisteredClient client = (RegisteredClient) fixture[1];
            oneShard.create(client);
            out.printf(Locale.ROOT, "  %-22s hash %6d bytes%n", fixture[0],
                    jedis.memoryUsage(keys.clientKey(client.clientId()), 0));
            oneShard.delete(client.clientId());
        }
        for (int clients : new int[] {100, 10_000}) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                RegisteredClient client = TestClients.publicClient().build();
                oneShard.create(client);
                ids.add(client.clientId());
            }
            long index = jedis.memoryUsage(keys.indexKey(0), 0);
            out.printf(Locale.ROOT, "  index, %6d entries in one shard: %6.1f bytes per entry (%s)%n", clients,
                    (double) index / clients, jedis.objectEncoding(keys.indexKey(0)));
            ids.forEach(oneShard::delete);
        }
    }

    private static Result run(RedisClientRegistry registry, int calls) {
        List<RegisteredClient> clients = new ArrayList<>(calls);
        for (int i = 0; i < calls; i++) {
            clients.add(TestClients.publicClient().build());
        }
        long[] create = new long[calls];
        long[] find = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            registry.create(clients.get(i));
            create[i] = System.nanoTime() - t0;
        }
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            registry.findById(clients.get(i).clientId()).orElseThrow();
            find[i] = System.nanoTime() - t0;
        }
        long[] count = new long[Math.max(1, calls / 20)];
        for (int i = 0; i < count.length; i++) {
            long t0 = System.nanoTime();
            registry.count();
            count[i] = System.nanoTime() - t0;
        }
        clients.forEach(c -> registry.delete(c.clientId()));
        return new Result(new Stats(create), new Stats(find), new Stats(count));
    }

    private record Result(Stats create, Stats find, Stats count) {
    }

    private record Stats(long[] nanos) {
        Stats {
            nanos = nanos.clone();
            Arrays.sort(nanos);
        }

        double median() {
            return nanos[nanos.length / 2] / 1_000.0;
        }

        double p90() {
            return nanos[(int) (nanos.length * 0.9)] / 1_000.0;
        }
    }
}
