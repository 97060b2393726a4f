package dev.mcpoauth.tests;

import dev.mcpoauth.core.ratelimit.InMemoryRegistrationRateLimiter;
import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import java.time.Clock;
import org.junit.jupiter.api.DisplayName;

/** The kit's own proof: the in-memory limiter passes the contract. */
@DisplayName("InMemoryRegistrationRateLimiter")
class InMemoryRegistrationRateLimiterContractTest extends RegistrationRateLimiterContract {

    @Override
    protected RegistrationRateLimiter limiter(RateLimit limit, Clock clock) {
        return new InMemoryRegistrationRateLimiter(limit, clock);
    }

    @Override
    protected boolean limitersShareBuckets() {
        return false;
    }
}
