package dev.mcpoauth.spring.boot;

import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import dev.mcpoauth.store.jdbc.JdbcClientRegistry;
import dev.mcpoauth.store.redis.RedisClientRegistry;
import java.net.URI;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * One configuration per value of {@code mcp.oauth.store}, imported in this order; each defines the
 * {@link ClientRegistry} only when the application has none.
 */
final class McpOAuthStoreConfigurations {

    static final String STORE_PROPERTY = "mcp.oauth.store";

    private McpOAuthStoreConfigurations() {
    }

    /** {@code mcp.oauth.store=jdbc} (the default): the application's {@code DataSource}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JdbcClientRegistry.class)
    @ConditionalOnProperty(name = STORE_PROPERTY, havingValue = "jdbc", matchIfMissing = true)
    @EnableConfigurationProperties(JdbcStoreProperties.class)
    static class Jdbc {

        @Bean
        @ConditionalOnMissingBean(ClientRegistry.class)
        JdbcClientRegistry mcpOAuthClientRegistry(ObjectProvider<DataSource> dataSources, JdbcStoreProperties jdbc) {
            DataSource dataSource = dataSources.getIfUnique();
            if (dataSource == null) {
                throw new IllegalStateException(STORE_PROPERTY + "=jdbc (the default) needs one DataSource bean:"
                        + " add spring-boot-starter-jdbc and spring.datasource.url, or set " + STORE_PROPERTY
                        + "=redis or memory");
            }
            JdbcClientRegistry registry = JdbcClientRegistry.builder(dataSource).tableName(jdbc.getTableName()).build();
            if (jdbc.isCreateSchema()) {
                registry.createSchemaIfMissing();
            }
            return registry;
        }
    }

    /** {@code mcp.oauth.store=redis}: the application's {@code UnifiedJedis}, or one from the properties. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RedisClientRegistry.class)
    @ConditionalOnProperty(name = STORE_PROPERTY, havingValue = "redis")
    @EnableConfigurationProperties(RedisStoreProperties.class)
    static class Redis {

        /** Short enough that an unreachable Redis fails a request (and the health check) within seconds. */
        private static final Duration TIMEOUT = Duration.ofSeconds(2);

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(UnifiedJedis.class)
        RedisClient mcpOAuthJedis(RedisStoreProperties redis) {
            URI url = URI.create(redis.getUrl());
            DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis((int) TIMEOUT.toMillis())
                    .socketTimeoutMillis((int) TIMEOUT.toMillis())
                    .ssl(JedisURIHelper.isRedisSSLScheme(url))
                    .clientName("mcp-oauth");
            if (JedisURIHelper.getUser(url) != null) {
                client.user(JedisURIHelper.getUser(url));
            }
            if (JedisURIHelper.getPassword(url) != null) {
                client.password(JedisURIHelper.getPassword(url));
            }
            if (JedisURIHelper.hasDbIndex(url)) {
                client.database(JedisURIHelper.getDBIndex(url));
            }
            return RedisClient.builder().hostAndPort(JedisURIHelper.getHostAndPort(url))
                    .clientConfig(client.build()).build();
        }

        @Bean
        @ConditionalOnMissingBean(ClientRegistry.class)
        RedisClientRegistry mcpOAuthClientRegistry(ObjectProvider<UnifiedJedis> jedis, RedisStoreProperties redis) {
            return RedisClientRegistry.builder(jedis.getObject()).keyPrefix(redis.getKeyPrefix()).build();
        }
    }

    /** {@code mcp.oauth.store=memory}: for tests and demos; registrations are lost at shutdown. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = STORE_PROPERTY, havingValue = "memory")
    static class Memory {

        private static final Logger LOG = LoggerFactory.getLogger(Memory.class);

        @Bean
        @ConditionalOnMissingBean(ClientRegistry.class)
        InMemoryClientRegistry mcpOAuthClientRegistry() {
            LOG.warn("mcp-oauth clients are kept in memory: they are lost at shutdown and not shared between nodes");
            return new InMemoryClientRegistry();
        }
    }

    /** Reached only when no store above applied: a wrong value, or the store's module missing. */
    @Configuration(proxyBeanMethods = false)
    static class Unavailable {

        @Bean
        @ConditionalOnMissingBean(ClientRegistry.class)
        ClientRegistry mcpOAuthClientRegistry(Environment environment) {
            String store = environment.getProperty(STORE_PROPERTY, "jdbc");
            String module = switch (store) {
                case "jdbc" -> "dev.mcpoauth:mcp-oauth-store-jdbc";
                case "redis" -> "dev.mcpoauth:mcp-oauth-store-redis";
                default -> null;
            };
            throw new IllegalStateException(module == null
                    ? STORE_PROPERTY + "=" + store + " is not a store: use jdbc, redis or memory"
                    : STORE_PROPERTY + "=" + store + " needs " + module + " on the class path");
        }
    }
}
