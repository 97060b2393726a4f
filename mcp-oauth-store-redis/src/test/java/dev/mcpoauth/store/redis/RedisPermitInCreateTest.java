package dev.mcpoauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.ratelimit.InMemoryRegistrationRateLimiter;
import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import dev.mcpoauth.core.registry.DuplicateClientException;
import dev.mcpoauth.tests.SettableClock;
import dev.mcpoauth.tests.TestClients;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.ClusterConnectionProvider;

/**
 * The registry taking its own limiter's permit in the create script
 * ({@link RedisClientRegistry#createWithPermit}): one round trip, exact across callers, nothing
 * stored when refused, no permit taken for a taken id; and never tried where one script cannot
 * reach both keys (Cluster).
 */
@DisplayName("RedisClientRegistry: the rate-limit permit taken in the create script")
class RedisPermitInCreateTest {

    private static final Instant START = Instant.parse("2031-05-06T07:08:09Z");

    private final String prefix = RedisTestBackend.prefix("permit-in-create-" + UUID.randomUUID());
    private final SettableClock clock = new SettableClock(START);
    private final RedisClientRegistry registry = RedisClientRegistry.builder(RedisTestBackend.client())
            .keyPrefix(prefix).build();

    private RedisRegistrationRateLimiter limiter(String limit) {
        return RedisRegistrationRateLimiter.builder(RedisTestBackend.client(), RateLimit.parse(limit)).keyPrefix(prefix)
                .clock(clock).build();
    }

    private static String newKey() {
        return "address:permit-" + UUID.randomUUID();
    }

    @Test
    @DisplayName("takes the permits of a Redis limiter on the same connection only")
    void whichLimiters() {
        assertThat(registry.takesPermitsOf(limiter("2/1h"))).isTrue();
        assertThat(registry.takesPermitsOf(new InMemoryRegistrationRateLimiter(RateLimit.parse("2/1h"), clock))).isFalse();
        try (RedisClient other = RedisTestBackend.clientAt(RedisTestBackend.address(), 1_000)) {
            RedisRegistrationRateLimiter elsewhere = RedisRegistrationRateLimiter.builder(other, RateLimit.parse("2/1h"))
                    .build();
            assertThat(registry.takesPermitsOf(elsewhere)).isFalse();
            assertThatThrownBy(() -> registry.createWithPermit(TestClients.publicClient().build(), elsewhere, newKey()))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    @DisplayName("stores the client as create does while permits last, counting down; then refuses and stores nothing")
    void storesWhilePermitsLast() {
        RedisRegistrationRateLimiter limiter = limiter("2/10s");
        String key = newKey();
        RegisteredClient first = TestClients.fullyPopulatedClient().build();

        RateLimitDecision decision = registry.createWithPermit(first, limiter, key);

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.remaining()).isEqualTo(1);
        assertThat(registry.findById(first.clientId())).contains(first);
        assertThat(registry.createWithPermit(TestClients.publicClient().build(), limiter, key).remaining()).isZero();
        RegisteredClient refused = TestClients.publicClient().build();
        RateLimitDecision refusal = registry.createWithPermit(refused, limiter, key);

        assertThat(refusal.allowed()).isFalse();
        assertThat(refusal.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(registry.findById(refused.clientId())).isEmpty();
        assertThat(registry.count()).isEqualTo(2);
    }

    @Test
    @DisplayName("a taken id takes no permit and overwrites nothing")
    void duplicateTakesNoPermit() {
        RedisRegistrationRateLimiter limiter = limiter("1/1h");
        String key = newKey();
        RegisteredClient stored = TestClients.publicClient().build();
        registry.create(stored);
        RegisteredClient sameId = TestClients.confidentialClient().clientId(stored.clientId()).build();

        assertThatThrownBy(() -> registry.createWithPermit(sameId, limiter, key))
                .isInstanceOf(DuplicateClientException.class);

        assertThat(registry.findById(stored.clientId())).contains(stored);
        assertThat(limiter.tryAcquire(key).allowed()).as("the one permit is still there").isTrue();
    }

    @Test
    @DisplayName("shares the bucket with the limiter's own script, and its refusals become the limiter's known refusals")
    void oneBucket() {
        RedisRegistrationRateLimiter limiter = limiter("2/10s");
        String key = newKey();
        limiter.tryAcquire(key);
        limiter.tryAcquire(key);
        assertThat(limiter.knownRefusal(key)).as("empty, but not refused yet").isEmpty();
        assertThat(limiter.tryAcquire(key).allowed()).isFalse();
        assertThat(limiter.knownRefusal(key)).isPresent();
        RedisTestBackend.client().del(limiter.bucketKey(key)); // an operator resetting the bucket
        clock.advance(Duration.ofSeconds(5));

        assertThat(limiter.knownRefusal(key)).as("the next permit is due").isEmpty();
        assertThat(registry.createWithPermit(TestClients.publicClient().build(), limiter, key).allowed()).isTrue();
        assertThat(registry.createWithPermit(TestClients.publicClient().build(), limiter, key).allowed()).isTrue();
        RateLimitDecision refusal = registry.createWithPermit(TestClients.publicClient().build(), limiter, key);

        assertThat(refusal.allowed()).isFalse();
        assertThat(limiter.knownRefusal(key)).get().extracting(RateLimitDecision::retryAfter)
                .isEqualTo(refusal.retryAfter());
        assertThat(limiter.tryAcquire(key).allowed()).isFalse();
    }

    @Test
    @DisplayName("exact under contention: 16 threads x 10 creates on one caller at one instant store exactly the 25 permits")
    void exactUnderContention() throws Exception {
        RedisRegistrationRateLimiter limiter = limiter("25/1h");
        String key = newKey();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                Callable<List<String>> contender = () -> {
                    start.await();
                    List<String> stored = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        RegisteredClient client = TestClients.publicClient().build();
                        if (registry.createWithPermit(client, limiter, key).allowed()) {
                            stored.add(client.clientId());
                        }
                    }
                    return stored;
                };
                results.add(pool.submit(contender));
            }
            start.countDown();
            List<String> stored = new ArrayList<>();
            for (Future<List<String>> result : results) {
                stored.addAll(result.get(60, TimeUnit.SECONDS));
            }

            assertThat(stored).hasSize(25);
            assertThat(registry.count()).isEqualTo(25);
            assertThat(stored).allSatisfy(id -> assertThat(registry.findById(id)).isPresent());
        } finally {
            pool.shutdownNow();
        }
    }

    @Nested
    @DisplayName("on a 3-master Redis Cluster")
    class OnACluster {

        @RegisterExtension
        static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

        private static RedisClusterClient client;

        private static synchronized RedisClusterClient client() {
            if (client == null) {
                client = CLUSTER.cluster().newClient();
            }
            return client;
        }

        @AfterAll
        static void closeClient() {
            if (client != null) {
                client.close();
            }
        }

        @Test
        @DisplayName("a Cluster client's registry does not take permits: the client's keys and the bucket are in different slots")
        void clusterClientTakesNone() {
            RedisClientRegistry clustered = RedisClientRegistry.builder(client()).keyPrefix(prefix).build();
            RedisRegistrationRateLimiter limiter = RedisRegistrationRateLimiter.builder(client(), RateLimit.parse("2/1h"))
                    .keyPrefix(prefix).clock(clock).build();
            assertThat(clustered.takesPermitsOf(limiter)).isFalse();
        }

        @Test
        @DisplayName("a plain UnifiedJedis over a cluster provider: the first cross-slot refusal switches to permit-then-create, still exact")
        @SuppressWarnings("deprecation") // the deprecated constructor is the case under test
        void plainUnifiedJedisFallsBack() {
            try (UnifiedJedis plain = new UnifiedJedis(
                    new ClusterConnectionProvider(CLUSTER.cluster().nodes(), LocalRedisCluster.clientConfig()),
                    3, Duration.ofSeconds(5))) {
                RedisClientRegistry clustered = RedisClientRegistry.builder(plain).keyPrefix(prefix).build();
                RedisRegistrationRateLimiter limiter = RedisRegistrationRateLimiter.builder(plain, RateLimit.parse("2/1h"))
                        .keyPrefix(prefix).clock(clock).build();
                String key = newKey();
                assertThat(clustered.takesPermitsOf(limiter)).isTrue();
                RegisteredClient first = TestClients.publicClient().build();

                assertThat(clustered.createWithPermit(first, limiter, key).allowed()).isTrue();

                assertThat(clustered.takesPermitsOf(limiter)).as("after the cross-slot refusal").isFalse();
                assertThat(clustered.findById(first.clientId())).contains(first);
                assertThat(clustered.createWithPermit(TestClients.publicClient().build(), limiter, key).allowed()).isTrue();
                RegisteredClient third = TestClients.publicClient().build();
                assertThat(clustered.createWithPermit(third, limiter, key).allowed()).isFalse();
                assertThat(clustered.findById(third.clientId())).isEmpty();
            }
        }
    }
}
