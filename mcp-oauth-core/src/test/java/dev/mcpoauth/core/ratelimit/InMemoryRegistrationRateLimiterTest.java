package dev.mcpoauth.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the kit's contract cannot see: the sweep of full buckets and the key rule. */
@DisplayName("InMemoryRegistrationRateLimiter")
class InMemoryRegistrationRateLimiterTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-04T05:06:07Z"));
    final InMemoryRegistrationRateLimiter limiter = new InMemoryRegistrationRateLimiter(RateLimit.parse("2/1m"), clock);

    @Test
    void bucketsThatAreFullAgainAreDroppedWithinAWindow() {
        limiter.tryAcquire("address:192.0.2.1");
        limiter.tryAcquire("address:192.0.2.2");
        assertThat(limiter.size()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(2));
        limiter.tryAcquire("address:192.0.2.3");

        assertThat(limiter.size()).isEqualTo(1);
    }

    @ParameterizedTest(name = "\"{0}\" is not a key")
    @ValueSource(strings = {"", "with space", "line\nbreak", "caf\u00e9"})
    void refusesKeysThatAreNotPrintableAscii(String key) {
        assertThatThrownBy(() -> limiter.tryAcquire(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesKeysLongerThanTheBound() {
        assertThatThrownBy(() -> limiter.tryAcquire("k".repeat(RegistrationRateLimiter.MAX_KEY_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(limiter.tryAcquire("k".repeat(RegistrationRateLimiter.MAX_KEY_LENGTH)).allowed()).isTrue();
    }
}
