package dev.mcpoauth.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import dev.mcpoauth.core.ratelimit.RateLimiterUnavailableException;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a limiter on a store does when the store goes away and comes back: a typed
 * {@link RateLimiterUnavailableException} within a bound (never a silent "allowed"), and
 * working again once the store is back. A limiter's contract test adds it as
 * {@code @Nested class BackendOutage extends RegistrationRateLimiterOutageContract}; the kit puts
 * a {@link TcpProxy} between limiter and store and cuts it.
 */
public abstract class RegistrationRateLimiterOutageContract {

    /** The longest a single attempt may take while the backend is cut. */
    protected static final Duration OPERATION_BOUND = Duration.ofSeconds(30);
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
    private static final RateLimit LIMIT = RateLimit.parse("2/1h");

    private TcpProxy proxy;
    private RegistrationRateLimiter limiter;
    private final SettableClock clock = new SettableClock(Instant.parse("2031-05-06T07:08:09Z"));

    /** Where the real backend listens. */
    protected abstract InetSocketAddress backendAddress();

    /** A limiter on the same backend whose connections go to {@code proxyAddress} instead. */
    protected abstract RegistrationRateLimiter limiterThrough(InetSocketAddress proxyAddress, RateLimit limit,
            Clock clock);

    /** Releases the limiter built by {@link #limiterThrough}; nothing by default. */
    protected void closeLimiter(RegistrationRateLimiter limiter) {
    }

    @BeforeEach
    void startProxy() {
        proxy = TcpProxy.start(backendAddress());
        limiter = limiterThrough(proxy.address(), LIMIT, clock);
    }

    @AfterEach
    void stopProxy() {
        try {
            closeLimiter(limiter);
        } finally {
            proxy.close();
        }
    }

    @Test
    @DisplayName("while the connection is cut, an attempt fails with RateLimiterUnavailableException, never 'allowed'")
    void cutBackendIsATypedFailure() {
        String key = "address:outage-" + UUID.randomUUID();
        assertThat(limiter.tryAcquire(key).allowed()).as("%s before the cut", limiter).isTrue();

        proxy.cut();

        assertTimeoutPreemptively(OPERATION_BOUND, () -> {
            assertThatThrownBy(() -> limiter.tryAcquire(key))
                    .as("%s with the backend cut", limiter)
                    .isInstanceOf(RateLimiterUnavailableException.class)
                    .hasMessageNotContaining(key);
        }, "an attempt on a cut backend must fail within " + OPERATION_BOUND);
    }

    @Test
    @DisplayName("after the connection is restored, the same limiter works again and kept its count")
    void recoversAfterRestore() {
        String key = "address:outage-" + UUID.randomUUID();
        assertThat(limiter.tryAcquire(key).allowed()).isTrue();
        proxy.cut();
        assertTimeoutPreemptively(OPERATION_BOUND, () -> {
            assertThatThrownBy(() -> limiter.tryAcquire(key)).isInstanceOf(RateLimiterUnavailableException.class);
        });

        proxy.restore();

        RateLimitDecision second = eventually(key);
        assertThat(second.allowed()).as("%s: the second permit after recovery", limiter).isTrue();
        assertThat(second.remaining()).as("%s: the count survived the outage", limiter).isZero();
        assertThat(limiter.tryAcquire(key).allowed()).as("%s: the third attempt", limiter).isFalse();
    }

    private RateLimitDecision eventually(String key) {
        long deadline = System.nanoTime() + RECOVERY_BOUND.toNanos();
        while (true) {
            try {
                return limiter.tryAcquire(key);
            } catch (RateLimiterUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(limiter + " did not recover within " + RECOVERY_BOUND, e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
    }
}
