package dev.mcpoauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.tests.RegistrationRateLimiterContract;
import dev.mcpoauth.tests.RegistrationRateLimiterOutageContract;
import dev.mcpoauth.tests.SettableClock;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

@DisplayName("RedisRegistrationRateLimiter on a single Redis node")
class RedisRegistrationRateLimiterContractTest extends RegistrationRateLimiterContract {

    private static final String PREFIX = RedisTestBackend.prefix("limiter");

    @Override
    protected RegistrationRateLimiter limiter(RateLimit limit, Clock clock) {
        return RedisRegistrationRateLimiter.builder(RedisTestBackend.client(), limit).keyPrefix(PREFIX).clock(clock)
                .build();
    }

    @Test
    @DisplayName("a bucket key expires when the bucket would be full again, and is never written on a refusal")
    void bucketKeysExpire() {
        SettableClock clock = new SettableClock(Instant.parse("2031-05-06T07:08:09Z"));
        RedisRegistrationRateLimiter limiter = RedisRegistrationRateLimiter
                .builder(RedisTestBackend.client(), RateLimit.parse("2/10s")).keyPrefix(PREFIX).clock(clock).build();
        String key = "address:ttl-" + UUID.randomUUID();
        String bucket = limiter.bucketKey(key);

        limiter.tryAcquire(key);
        assertThat(RedisTestBackend.client().pttl(bucket)).isBetween(4_000L, 5_000L);
        limiter.tryAcquire(key);
        assertThat(RedisTestBackend.client().pttl(bucket)).isBetween(9_000L, 10_000L);
        String stored = RedisTestBackend.client().get(bucket);
        limiter.tryAcquire(key);
        assertThat(RedisTestBackend.client().get(bucket)).isEqualTo(stored);
        assertThat(bucket).startsWith(PREFIX + "ratelimit:{address:ttl-").endsWith("}");
    }

    @Nested
    @DisplayName("when the connection to Redis is cut")
    class BackendOutage extends RegistrationRateLimiterOutageContract {

        private final Map<RegistrationRateLimiter, RedisClient> clients = new IdentityHashMap<>();

        @Override
        protected InetSocketAddress backendAddress() {
            return RedisTestBackend.address();
        }

        @Override
        protected RegistrationRateLimiter limiterThrough(InetSocketAddress proxyAddress, RateLimit limit, Clock clock) {
            RedisClient client = RedisTestBackend.clientAt(proxyAddress, 1_000);
            RegistrationRateLimiter limiter = RedisRegistrationRateLimiter.builder(client, limit)
                    .keyPrefix(RedisTestBackend.prefix("limiter-outage")).clock(clock).build();
            clients.put(limiter, client);
            return limiter;
        }

        @Override
        protected void closeLimiter(RegistrationRateLimiter limiter) {
            RedisClient client = clients.remove(limiter);
            if (client != null) {
                client.close();
            }
        }
    }
}
