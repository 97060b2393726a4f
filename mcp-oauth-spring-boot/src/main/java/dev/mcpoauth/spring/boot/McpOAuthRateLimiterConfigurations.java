package dev.mcpoauth.spring.boot;

import dev.mcpoauth.core.ratelimit.InMemoryRegistrationRateLimiter;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.store.jdbc.JdbcRegistrationRateLimiter;
import dev.mcpoauth.store.redis.RedisRegistrationRateLimiter;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import redis.clients.jedis.UnifiedJedis;

/**
 * The rate limiter per store, imported by {@link McpOAuthAbuseControlAutoConfiguration} in this
 * order; each defines the {@link RegistrationRateLimiter} only when there is none yet. (Not member
 * classes of the auto-configuration: Spring would process those before its imports, in no set order.)
 */
final class McpOAuthRateLimiterConfigurations {

    private McpOAuthRateLimiterConfigurations() {
    }

    /** Matches unless {@code mcp.oauth.registration.rate-limit} is {@code 0}. */
    static final class RateLimitOn extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String property = McpOAuthAbuseControlAutoConfiguration.RATE_LIMIT_PROPERTY;
            String value = context.getEnvironment()
                    .getProperty(property, McpOAuthAbuseControlAutoConfiguration.DEFAULT_RATE_LIMIT).trim();
            return value.equals("0") ? ConditionOutcome.noMatch(property + " is 0")
                    : ConditionOutcome.match(property + " is " + value);
        }
    }

    /** {@code jdbc}: a table in the application's {@code DataSource}, created with the clients' when asked. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(RateLimitOn.class)
    @ConditionalOnClass(JdbcRegistrationRateLimiter.class)
    @ConditionalOnProperty(name = McpOAuthStoreConfigurations.STORE_PROPERTY, havingValue = "jdbc", matchIfMissing = true)
    @ConditionalOnSingleCandidate(DataSource.class)
    @EnableConfigurationProperties(JdbcStoreProperties.class)
    static class Jdbc {

        @Bean
        @ConditionalOnMissingBean(RegistrationRateLimiter.class)
        JdbcRegistrationRateLimiter mcpOAuthRegistrationRateLimiter(ObjectProvider<DataSource> dataSources,
                McpOAuthProperties properties, JdbcStoreProperties jdbc) {
            JdbcRegistrationRateLimiter limiter = JdbcRegistrationRateLimiter.builder(dataSources.getObject(),
                    McpOAuthAbuseControlAutoConfiguration.requiredRateLimit(properties)).build();
            if (jdbc.isCreateSchema()) {
                limiter.createSchemaIfMissing();
            }
            return limiter;
        }
    }

    /** {@code redis}: keys under the store's key prefix, on the same Jedis client as the clients. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(RateLimitOn.class)
    @ConditionalOnClass(RedisRegistrationRateLimiter.class)
    @ConditionalOnProperty(name = McpOAuthStoreConfigurations.STORE_PROPERTY, havingValue = "redis")
    @ConditionalOnSingleCandidate(UnifiedJedis.class)
    @EnableConfigurationProperties(RedisStoreProperties.class)
    static class Redis {

        @Bean
        @ConditionalOnMissingBean(RegistrationRateLimiter.class)
        RedisRegistrationRateLimiter mcpOAuthRegistrationRateLimiter(ObjectProvider<UnifiedJedis> jedis,
                McpOAuthProperties properties, RedisStoreProperties redis) {
            return RedisRegistrationRateLimiter.builder(jedis.getObject(),
                    McpOAuthAbuseControlAutoConfiguration.requiredRateLimit(properties))
                    .keyPrefix(redis.getKeyPrefix()).build();
        }
    }

    /**
     * {@code memory}, and any store the limiter has no table for (the application's own
     * {@code ClientRegistry} without a {@code DataSource}): this process's memory.
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(RateLimitOn.class)
    static class Memory {

        private static final Logger LOG = LoggerFactory.getLogger(Memory.class);

        @Bean
        @ConditionalOnMissingBean(RegistrationRateLimiter.class)
        InMemoryRegistrationRateLimiter mcpOAuthRegistrationRateLimiter(McpOAuthProperties properties,
                Environment environment) {
            String store = environment.getProperty(McpOAuthStoreConfigurations.STORE_PROPERTY, "jdbc");
            if (!store.equals("memory")) {
                LOG.warn("the registration rate limit is kept in this process's memory ({}={} has no shared limiter"
                        + " here): each node limits on its own. Define a RegistrationRateLimiter bean to share it",
                        McpOAuthStoreConfigurations.STORE_PROPERTY, store);
            }
            return new InMemoryRegistrationRateLimiter(
                    McpOAuthAbuseControlAutoConfiguration.requiredRateLimit(properties));
        }
    }

    /** Deletes the JDBC limiter's rows of full buckets every {@code reap-interval}, as the server's reaper does. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JdbcRegistrationRateLimiter.class)
    @ConditionalOnBean(type = "dev.mcpoauth.store.jdbc.JdbcRegistrationRateLimiter")
    static class JdbcHousekeeping {

        static final String BEAN = "mcpOAuthRateLimiterHousekeeping";

        @Bean(BEAN)
        @ConditionalOnMissingBean(name = BEAN)
        PeriodicTask mcpOAuthRateLimiterHousekeeping(JdbcRegistrationRateLimiter limiter,
                McpOAuthProperties properties) {
            Duration interval = McpOAuthAbuseControlAutoConfiguration.reapInterval(properties);
            return new PeriodicTask("mcp-oauth-rate-limit-housekeeping", interval, interval, limiter::deleteExpired);
        }
    }
}
