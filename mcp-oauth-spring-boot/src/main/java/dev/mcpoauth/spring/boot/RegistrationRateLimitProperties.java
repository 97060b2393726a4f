package dev.mcpoauth.spring.boot;

import dev.mcpoauth.core.registration.RateLimitKey;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code mcp.oauth.registration.rate-limit.*}: what the registration rate limit counts against and
 * what happens while its store is down. The limit itself is {@code mcp.oauth.registration.rate-limit}
 * ({@link McpOAuthProperties.Registration#getRateLimit()}); these live in a class of their own
 * because one property name cannot be both a value and a group in a single properties class.
 */
@ConfigurationProperties(prefix = "mcp.oauth.registration.rate-limit")
public class RegistrationRateLimitProperties {

    /**
     * What an attempt is counted against: address (the caller's address, IPv6 by /64) or token (a
     * valid initial access token when one was presented, else the address).
     */
    private RateLimitKey key = RateLimitKey.ADDRESS;

    /**
     * Whether registrations go through (with a warning) while the limiter's store is down; false
     * answers 503, so an outage never switches the limit off.
     */
    private boolean failOpen;

    /**
     * Whether the permit is taken in the store's write when the store can (Redis with its own
     * limiter: one round trip per registration instead of two); false takes it before the body on
     * every attempt.
     */
    private boolean permitInWrite = true;

    public RateLimitKey getKey() {
        return key;
    }

    public void setKey(RateLimitKey key) {
        this.key = key;
    }

    public boolean isFailOpen() {
        return failOpen;
    }

    public void setFailOpen(boolean failOpen) {
        this.failOpen = failOpen;
    }

    public boolean isPermitInWrite() {
        return permitInWrite;
    }

    public void setPermitInWrite(boolean permitInWrite) {
        this.permitInWrite = permitInWrite;
    }
}
