package dev.mcpoauth.core.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("RateLimit and RateLimitDecision")
class RateLimitTest {

    @Nested
    @DisplayName("parse")
    class Parse {

        @ParameterizedTest(name = "{0} is {1} permits per {2}")
        @CsvSource({"20/1h, 20, PT1H", "100/d, 100, PT24H", "5/30s, 5, PT30S", "1/500ms, 1, PT0.5S",
            "3 / 2m, 3, PT2M", "20/1H, 20, PT1H"})
        void readsCountAndWindow(String text, int permits, Duration window) {
            RateLimit limit = RateLimit.parse(text);
            assertThat(limit.permits()).isEqualTo(permits);
            assertThat(limit.window()).isEqualTo(window);
        }

        @ParameterizedTest(name = "\"{0}\" is refused")
        @ValueSource(strings = {"", "20", "20/", "/1h", "0/1h", "20/0h", "-1/1h", "20/1y", "20/1h/2", "x/1h",
            "1000000/1ms", "20/400d"})
        void refusesAnythingElse(String text) {
            assertThatThrownBy(() -> RateLimit.parse(text)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void printsInAFormItCanReadBack() {
            RateLimit limit = RateLimit.parse("20/1h");
            assertThat(RateLimit.parse(limit.toString())).isEqualTo(limit);
            assertThat(RateLimit.parse(RateLimit.parse("7/1500ms").toString())).isEqualTo(RateLimit.parse("7/1500ms"));
        }
    }

    @Test
    void aWindowRefillsOnePermitPerInterval() {
        RateLimit limit = RateLimit.parse("20/1h");
        assertThat(limit.intervalMicros()).isEqualTo(180_000_000L);
        assertThat(limit.toleranceMicros()).isEqualTo(3_600_000_000L - 180_000_000L);
    }

    @Test
    void epochMicrosKeepsWholeMicroseconds() {
        assertThat(RateLimit.epochMicros(Instant.ofEpochSecond(2, 3_456_789))).isEqualTo(2_003_456L);
    }

    @Nested
    @DisplayName("decisions from an arrival time")
    class Decisions {

        final RateLimit limit = RateLimit.parse("10/10s");

        @Test
        void anAllowedAttemptCountsThePermitsLeft() {
            RateLimitDecision decision = RateLimitDecision.fromArrivalTime(limit, 0, 3_000_000, true);
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.remaining()).isEqualTo(7);
            assertThat(decision.retryAfter()).isZero();
            assertThat(decision.resetAfter()).isEqualTo(Duration.ofSeconds(3));
        }

        @Test
        void aRefusedAttemptWaitsUntilTheNextPermit() {
            RateLimitDecision decision = RateLimitDecision.fromArrivalTime(limit, 0, 10_000_000 - 250_000, false);
            assertThat(decision.allowed()).isFalse();
            assertThat(decision.remaining()).isZero();
            assertThat(decision.retryAfter()).isEqualTo(Duration.ofMillis(750));
            assertThat(decision.retryAfterSeconds()).isEqualTo(1);
        }

        @Test
        void anAllowedDecisionHasNoRetryAfterHeader() {
            RateLimitDecision decision = RateLimitDecision.fromArrivalTime(limit, 0, 1_000_000, true);
            assertThatThrownBy(decision::retryAfterSeconds).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
