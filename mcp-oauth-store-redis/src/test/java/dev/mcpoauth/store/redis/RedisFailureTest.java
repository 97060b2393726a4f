package dev.mcpoauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.core.registry.ClientRegistryException;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import dev.mcpoauth.tests.TcpProxy;
import dev.mcpoauth.tests.TestClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Connection;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

@DisplayName("Redis failures")
class RedisFailureTest {

    @Nested
    @DisplayName("on a real Redis")
    class RealFailures {

        @Test
        @DisplayName("nothing listening on the port: every call is unavailable")
        void nothingListening() throws IOException {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            try (RedisClient client = RedisTestBackend.clientAt(new InetSocketAddress("127.0.0.1", port), 500)) {
                RedisClientRegistry registry = RedisClientRegistry.builder(client).build();
                assertThatThrownBy(() -> registry.findById(TestClients.randomClientId()))
                        .isInstanceOf(ClientRegistryUnavailableException.class)
                        .hasMessageContaining("findById");
                assertThatThrownBy(registry::count).isInstanceOf(ClientRegistryUnavailableException.class);
            }
        }

        @Test
        @DisplayName("a server that accepts but never answers: calls time out as unavailable, within the timeout")
        void silentServer() throws IOException {
            // the kernel completes the handshake into the backlog; nothing ever reads or answers
            try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                    RedisClient client = RedisTestBackend.clientAt(
                            new InetSocketAddress("127.0.0.1", silent.getLocalPort()), 300)) {
                RedisClientRegistry registry = RedisClientRegistry.builder(client).build();
                long started = System.nanoTime();

                assertThatThrownBy(() -> registry.create(TestClients.publicClient().build()))
                        .isInstanceOf(ClientRegistryUnavailableException.class)
                        .hasMessageContaining("create");
                assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            }
        }

        @Test
        @DisplayName("an exhausted connection pool is unavailable, and the registry works once a connection is free")
        void poolExhausted() {
            GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
            pool.setMaxTotal(1);
            pool.setMaxWait(Duration.ofMillis(200));
            try (RedisClient client = RedisClient.builder()
                    .hostAndPort(new HostAndPort(RedisTestBackend.address().getHostString(),
                            RedisTestBackend.address().getPort()))
                    .clientConfig(RedisTestBackend.config(2_000))
                    .poolConfig(pool)
                    .build()) {
                RedisClientRegistry registry = RedisClientRegistry.builder(client)
                        .keyPrefix(RedisTestBackend.prefix("pool")).build();
                String id = TestClients.randomClientId();

                Connection held = client.getPool().getResource();
                try {
                    assertThatThrownBy(() -> registry.findById(id))
                            .isInstanceOf(ClientRegistryUnavailableException.class);
                } finally {
                    held.close();
                }
                assertThat(registry.findById(id)).isEmpty();
            }
        }

        @Test
        @DisplayName("after an outage, the pool's stale idle connections are dropped: the first call once Redis is"
                + " back succeeds")
        void staleConnectionsDroppedAfterAnOutage() throws Exception {
            try (TcpProxy proxy = TcpProxy.start(RedisTestBackend.address());
                    RedisClient client = RedisTestBackend.clientAt(proxy.address(), 2_000)) {
                RedisClientRegistry registry = RedisClientRegistry.builder(client)
                        .keyPrefix(RedisTestBackend.prefix("stale-" + UUID.randomUUID())).build();
                String id = TestClients.randomClientId();
                // four connections opened and returned: four idle ones, as a server has after some traffic
                List<Connection> borrowed = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    borrowed.add(client.getPool().getResource());
                }
                borrowed.forEach(Connection::close);
                assertThat(client.getPool().getNumIdle()).isEqualTo(4);

                proxy.cut();
                assertThatThrownBy(() -> registry.findById(id)).isInstanceOf(ClientRegistryUnavailableException.class);
                assertThat(client.getPool().getNumIdle()).as("idle connections left after the failure").isZero();
                proxy.restore();

                assertThat(registry.findById(id)).isEmpty();
            }
        }

        @Test
        @DisplayName("a foreign value under a client's key is a registry error, not unavailability")
        void wrongType() {
            RedisClient redis = RedisTestBackend.client();
            String prefix = RedisTestBackend.prefix("wrongtype-" + UUID.randomUUID());
            RedisClientRegistry registry = RedisClientRegistry.builder(redis).keyPrefix(prefix).indexShards(1).build();
            String id = TestClients.randomClientId();
            String key = new RedisKeys(prefix, 1).clientKey(id);
            redis.set(key, "not a hash");

            assertThatThrownBy(() -> registry.findById(id))
                    .isInstanceOf(ClientRegistryException.class)
                    .isNotInstanceOf(ClientRegistryUnavailableException.class);
            redis.del(key);
        }

        @Test
        @DisplayName("a stored client missing a required field is reported, naming the field but no value")
        void incompleteClient() {
            RedisClient redis = RedisTestBackend.client();
            String prefix = RedisTestBackend.prefix("incomplete-" + UUID.randomUUID());
            RedisClientRegistry registry = RedisClientRegistry.builder(redis).keyPrefix(prefix).indexShards(1).build();
            var client = TestClients.confidentialClient().build();
            registry.create(client);
            redis.hdel(new RedisKeys(prefix, 1).clientKey(client.clientId()), "redirect_uris");

            assertThatThrownBy(() -> registry.findById(client.clientId()))
                    .isInstanceOf(ClientRegistryException.class)
                    .hasMessageContaining("redirect_uris")
                    .hasMessageNotContaining(client.clientSecretHash().orElseThrow());
            registry.delete(client.clientId());
        }
    }

    @Nested
    @DisplayName("are sorted into unavailable or broken")
    class Translation {

        @Test
        @DisplayName("connection failures, timeouts, pool exhaustion and cluster retries exhausted are unavailable")
        void unavailable() {
            assertThat(RedisFailures.translate("x", new JedisConnectionException("refused")))
                    .isInstanceOf(ClientRegistryUnavailableException.class);
            assertThat(RedisFailures.translate("x", new JedisConnectionException(new SocketTimeoutException())))
                    .isInstanceOf(ClientRegistryUnavailableException.class);
            assertThat(RedisFailures.translate("x",
                    new JedisException("Could not get a resource from the pool", new NoSuchElementException())))
                    .isInstanceOf(ClientRegistryUnavailableException.class);
            assertThat(RedisFailures.translate("x", new JedisClusterOperationException("No more cluster attempts left.")))
                    .isInstanceOf(ClientRegistryUnavailableException.class);
        }

        @Test
        @DisplayName("replies saying the cluster is down, loading or failing over are unavailable")
        void transientReplies() {
            for (String reply : new String[] {"CLUSTERDOWN The cluster is down", "LOADING Redis is loading",
                    "MASTERDOWN Link with MASTER is down", "TRYAGAIN Multiple keys request during rehashing",
                    "READONLY You can't write against a read only replica."}) {
                assertThat(RedisFailures.translate("x", new JedisDataException(reply)))
                        .as(reply).isInstanceOf(ClientRegistryUnavailableException.class);
            }
        }

        @Test
        @DisplayName("other Redis errors are registry errors whose message names only the operation and type")
        void otherErrors() {
            ClientRegistryException e = RedisFailures.translate("create",
                    new JedisDataException("WRONGTYPE Operation against a key holding the wrong kind of value"));
            assertThat(e).isNotInstanceOf(ClientRegistryUnavailableException.class)
                    .hasMessage("Redis create failed: JedisDataException")
                    .hasCauseInstanceOf(JedisDataException.class);
        }
    }
}
