package dev.mcpoauth.spring.boot;

import dev.mcpoauth.core.event.RegistrationEventListener;
import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.core.registration.ClientReaper;
import dev.mcpoauth.core.registry.ClientRegistry;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;

/**
 * The registration rate limit ({@code mcp.oauth.registration.rate-limit}, {@code 20/1h} unless
 * set; {@code 0} turns it off) as a {@link RegistrationRateLimiter} bean on the same store as the
 * clients, so that every node sharing the store shares the limits: a table beside the clients'
 * in the {@code DataSource} for {@code jdbc} (its expired rows deleted every
 * {@code mcp.oauth.registration.reap-interval}), keys under the key prefix for {@code redis}, this
 * process's memory for {@code memory}. The registration service takes whatever
 * {@code RegistrationRateLimiter} bean there is, the application's own included.
 *
 * <p>Reaping: a {@link ClientReaper} bean (the core use case, publishing to every
 * {@code RegistrationEventListener} bean), and with {@code mcp.oauth.registration.reap-unused-after}
 * set (off by default) a background task that runs it every {@code mcp.oauth.registration.reap-interval}
 * ({@code 1h}), starting and stopping with the application context.
 */
@AutoConfiguration(after = McpOAuthAutoConfiguration.class)
@ConditionalOnBean(ClientRegistry.class)
@Import({McpOAuthRateLimiterConfigurations.Jdbc.class, McpOAuthRateLimiterConfigurations.Redis.class,
        McpOAuthRateLimiterConfigurations.Memory.class, McpOAuthRateLimiterConfigurations.JdbcHousekeeping.class})
public class McpOAuthAbuseControlAutoConfiguration {

    /** Bean name of the scheduled reaping task, to replace it. */
    public static final String REAPING = "mcpOAuthReaping";

    static final String RATE_LIMIT_PROPERTY = "mcp.oauth.registration.rate-limit";
    static final String DEFAULT_RATE_LIMIT = "20/1h";

    /** The configured limit; empty when it is {@code 0}. */
    static Optional<RateLimit> rateLimit(McpOAuthProperties properties) {
        String text = properties.getRegistration().getRateLimit();
        String value = text == null ? "" : text.trim();
        if (value.equals("0")) {
            return Optional.empty();
        }
        try {
            return Optional.of(RateLimit.parse(value));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(RATE_LIMIT_PROPERTY, text,
                    "Use <count>/<window> such as 20/1h, 100/d or 5/30s (ms, s, m, h, d), or 0 for no limit.");
        }
    }

    /** The time between maintenance runs, which must be positive. */
    static Duration reapInterval(McpOAuthProperties properties) {
        Duration interval = properties.getRegistration().getReapInterval();
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new InvalidConfigurationPropertyValueException("mcp.oauth.registration.reap-interval", interval,
                    "Use a positive duration such as 1h.");
        }
        return interval;
    }

    static RateLimit requiredRateLimit(McpOAuthProperties properties) {
        return rateLimit(properties).orElseThrow(() -> new IllegalStateException(RATE_LIMIT_PROPERTY + " is 0"));
    }

    @Bean
    @ConditionalOnMissingBean
    ClientReaper mcpOAuthClientReaper(ClientRegistry registry, ObjectProvider<RegistrationEventListener> listeners,
            ObjectProvider<ClientRegistryDecorator> decorators) {
        return ClientReaper.builder(McpOAuthAutoConfiguration.decorated(registry, decorators))
                .listeners(listeners.orderedStream().toList())
                .build();
    }

    @Bean(REAPING)
    @ConditionalOnMissingBean(name = REAPING)
    @Conditional(McpOAuthReaping.On.class)
    PeriodicTask mcpOAuthReaping(ClientReaper reaper, McpOAuthProperties properties) {
        Duration unusedAfter = properties.getRegistration().getReapUnusedAfter();
        if (unusedAfter == null || unusedAfter.isNegative() || unusedAfter.isZero()) {
            throw new InvalidConfigurationPropertyValueException(McpOAuthReaping.UNUSED_AFTER_PROPERTY, unusedAfter,
                    "Use a positive duration such as 90d, or 0 to turn reaping off.");
        }
        Duration interval = reapInterval(properties);
        return new PeriodicTask("mcp-oauth-reaper", interval, interval, new McpOAuthReaping(reaper, unusedAfter));
    }
}
