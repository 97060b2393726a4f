package dev.mcpoauth.store.redis;

import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.tests.RegistrationRateLimiterContract;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClusterClient;

@DisplayName("RedisRegistrationRateLimiter on a 3-master Redis Cluster")
class RedisClusterRegistrationRateLimiterContractTest extends RegistrationRateLimiterContract {

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

    private static RedisClusterClient client;

    @Override
    protected RegistrationRateLimiter limiter(RateLimit limit, Clock clock) {
        synchronized (RedisClusterRegistrationRateLimiterContractTest.class) {
            if (client == null) {
                client = CLUSTER.cluster().newClient();
            }
        }
        return RedisRegistrationRateLimiter.builder(client, limit).keyPrefix(RedisTestBackend.prefix("cluster-limiter"))
                .clock(clock).build();
    }

    @AfterAll
    static void closeClient() {
        if (client != null) {
            client.close();
        }
    }
}
