package dev.mcpoauth.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link RegistrationRateLimiter} must have: a token bucket per key that
 * holds {@link RateLimit#permits()} and refills one permit per interval, time read from the
 * injected clock only, and exactness under concurrency. A limiter proves itself with a tiny
 * subclass that supplies {@link #limiter(RateLimit, Clock)}; backend outage is covered by
 * {@link RegistrationRateLimiterOutageContract}, added as a {@code @Nested} class.
 *
 * <p>Every test uses fresh random keys, so limiters may share one backend across tests and
 * runs. Assertion messages name the limiter under test ({@code toString()}), and the tests are
 * plain methods grouped by their display names ("burst: …"), so surefire reports them under each
 * implementation's own class.
 */
public abstract class RegistrationRateLimiterContract {

    private static final Instant START = Instant.parse("2031-05-06T07:08:09.123456Z");
    private static final int THREADS = 16;

    private final List<RegistrationRateLimiter> built = new ArrayList<>();

    /** A limiter enforcing {@code limit} with time from {@code clock}, on the backend under test. */
    protected abstract RegistrationRateLimiter limiter(RateLimit limit, Clock clock);

    /**
     * Whether two limiters from {@link #limiter} count against the same buckets, as limiters on
     * one shared store must; true by default. An in-memory limiter answers false.
     */
    protected boolean limitersShareBuckets() {
        return true;
    }

    /** Releases what {@link #limiter} opened; nothing by default. */
    protected void closeLimiter(RegistrationRateLimiter limiter) {
    }

    @AfterEach
    void closeLimiters() {
        built.forEach(this::closeLimiter);
        built.clear();
    }

    private RegistrationRateLimiter open(RateLimit limit, Clock clock) {
        RegistrationRateLimiter limiter = limiter(limit, clock);
        built.add(limiter);
        return limiter;
    }

    private static String newKey() {
        return "address:contract-" + UUID.randomUUID();
    }


    @Test
    @DisplayName("burst: a fresh key gets exactly the limit's permits at once, counting down, then a refusal")
    void freshKeyGetsTheWholeBucket() {
        SettableClock clock = new SettableClock(START);
        RegistrationRateLimiter limiter = open(RateLimit.parse("5/10s"), clock);
        String key = newKey();

        for (int i = 1; i <= 5; i++) {
            RateLimitDecision decision = limiter.tryAcquire(key);
            assertThat(decision.allowed()).as("%s: attempt %d of 5", limiter, i).isTrue();
            assertThat(decision.remaining()).as("%s: permits left after attempt %d", limiter, i).isEqualTo(5 - i);
            assertThat(decision.limit()).isEqualTo(RateLimit.parse("5/10s"));
        }
        RateLimitDecision refused = limiter.tryAcquire(key);

        assertThat(refused.allowed()).as("%s: the sixth attempt", limiter).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfter()).as("%s: wait for the next permit", limiter).isEqualTo(Duration.ofSeconds(2));
        assertThat(refused.resetAfter()).as("%s: time until full", limiter).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    @DisplayName("burst: refused attempts take nothing: retrying while refused does not push the next permit back")
    void refusalsCostNothing() {
        SettableClock clock = new SettableClock(START);
        RegistrationRateLimiter limiter = open(RateLimit.parse("2/10s"), clock);
        String key = newKey();
        limiter.tryAcquire(key);
        limiter.tryAcquire(key);
        for (int i = 0; i < 20; i++) {
            assertThat(limiter.tryAcquire(key).allowed()).as("%s: retry %d while empty", limiter, i).isFalse();
        }

        clock.advance(Duration.ofSeconds(5));

        assertThat(limiter.tryAcquire(key).allowed()).as("%s: after one interval", limiter).isTrue();
    }

    @Test
    @DisplayName("known refusals: only what tryAcquire would answer, with the same wait, taking nothing, gone when the permit is due")
    void knownRefusalsAreExact() {
        SettableClock clock = new SettableClock(START);
        RegistrationRateLimiter limiter = open(RateLimit.parse("2/10s"), clock);
        String key = newKey();
        assertThat(limiter.knownRefusal(key)).as("%s: a fresh key", limiter).isEmpty();
        limiter.tryAcquire(key);
        assertThat(limiter.knownRefusal(key)).as("%s: a key with a permit left", limiter).isEmpty();
        limiter.tryAcquire(key);
        RateLimitDecision refused = limiter.tryAcquire(key);
        assertThat(refused.allowed()).isFalse();

        clock.advance(Duration.ofSeconds(2));
        limiter.knownRefusal(key).ifPresent(known -> {
            assertThat(known.allowed()).as("%s: a known refusal", limiter).isFalse();
            assertThat(known.retryAfter()).as("%s: the known refusal's wait, 2 s later", limiter)
                    .isEqualTo(Duration.ofSeconds(3));
            assertThat(known.resetAfter()).isEqualTo(Duration.ofSeconds(8));
        });
        assertThat(limiter.tryAcquire(key).retryAfter()).as("%s: the backend's wait, 2 s later", limiter)
                .isEqualTo(Duration.ofSeconds(3));

        clock.advance(Duration.ofSeconds(3));
        assertThat(limiter.knownRefusal(key)).as("%s: once the next permit is due", limiter).isEmpty();
        assertThat(limiter.tryAcquire(key).allowed()).as("%s: that permit", limiter).isTrue();
        assertThat(limiter.tryAcquire(key).allowed()).as("%s: and no other", limiter).isFalse();
    }

    @Test
    @DisplayName("burst: a limit of one permit allows one attempt per window")
    void onePermit() {
        SettableClock clock = new SettableClock(START);
        RegistrationRateLimiter limiter = open(RateLimit.parse("1/1h"), clock);
        String key = newKey();
        assertThat(limiter.tryAcquire(key).allowed()).as("%s: first", limiter).isTrue();
        RateLimitDecision refused = limiter.tryAcquire(key);
        assertThat(refused.allowed()).as("%s: second", limiter).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofHours(1));
    }


    @Test
    @DisplayName("refill: one permit comes back per interval, not before")
    void onePermitPerInterval() {
        SettableClock clock = new SettableClock(START);
        RegistrationRateLimiter limiter = open(RateLimit.parse("4/8s"), clock);
        String key = newKey();
        for (int i = 0; i < 4; i++) {
            limiter.tryAcquire(key);
        }

        clock.advance(Duration.ofMillis(1_999));
        RateLimitDecision early = limiter.tryAcquire(key);
        assertThat(early.allowed()).as("%s: 1 ms before the interval", limiter).isFalse();
        assertThat(early.retryAfter()).as("%s: wait left", limiter).isEqualTo(Duration.ofMillis(1));

        clock.advance(Duration.ofMillis(1));
        assertThat(limiter.tryAcquire(key).allowed()).as("%s: at the interval", limiter).isTrue();
        assertThat(limiter.tryAcquire(key).allowed()).as("%s: only one came back", limiter).isFalse();
    }

    @Test
    @DisplayName("refill: after a whole window the bucket is full again, and no fuller")
    void fullAfterAWindow() {
        SettableClock clock = new SettableClock(START);
        RegistrationRateLimiter limiter = open(RateLimit.parse("3/1m"), clock);
        String key = newKey();
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire(key);
        }

        clock.advance(Duration.ofHours(5));

        for (int i = 1; i <= 3; i++) {
            assertThat(limiter.tryAcquire(key).allowed()).as("%s: attempt %d after a long pause", limiter, i)
                    .isTrue();
        }
        assertThat(limiter.tryAcquire(key).allowed()).as("%s: the bucket holds 3, not more", limiter).isFalse();
    }


    @Test
    @DisplayName("keys: an empty bucket for one key leaves every other key untouched")
    void keysAreIndependent() {
        SettableClock clock = new SettableClock(START);
        RegistrationRateLimiter limiter = open(RateLimit.parse("2/1h"), clock);
        String spent = newKey();
        limiter.tryAcquire(spent);
        limiter.tryAcquire(spent);
        assertThat(limiter.tryAcquire(spent).allowed()).isFalse();

        for (int i = 0; i < 5; i++) {
            String other = newKey();
            assertThat(limiter.tryAcquire(other).allowed()).as("%s: another key", limiter).isTrue();
            assertThat(limiter.tryAcquire(other).remaining()).as("%s: another key's own count", limiter).isZero();
        }
    }

    @ParameterizedTest(name = "key shape {0}")
    @ValueSource(strings = {"address:203.0.113.7", "address:2001:db8:1:2::/64", "token:Zm9vYmFy_-",
        "address:{tag}with}braces{", "address:unknown"})
    @DisplayName("keys: keys of every shape the service makes are kept apart, also with braces and colons")
    void keyShapes(String shape) {
        SettableClock clock = new SettableClock(START);
        RegistrationRateLimiter limiter = open(RateLimit.parse("1/1h"), clock);
        String key = shape + ":" + UUID.randomUUID();
        assertThat(limiter.tryAcquire(key).allowed()).as("%s: %s", limiter, key).isTrue();
        assertThat(limiter.tryAcquire(key).allowed()).as("%s: %s again", limiter, key).isFalse();
        assertThat(limiter.tryAcquire(key + "x").allowed()).as("%s: a longer key", limiter).isTrue();
    }

    @Test
    @DisplayName("keys: the longest allowed key works")
    void longestKey() {
        SettableClock clock = new SettableClock(START);
        RegistrationRateLimiter limiter = open(RateLimit.parse("1/1h"), clock);
        String key = (newKey() + "k".repeat(RegistrationRateLimiter.MAX_KEY_LENGTH))
                .substring(0, RegistrationRateLimiter.MAX_KEY_LENGTH);
        assertThat(limiter.tryAcquire(key).allowed()).as("%s", limiter).isTrue();
        assertThat(limiter.tryAcquire(key).allowed()).as("%s", limiter).isFalse();
    }


    @ParameterizedTest(name = "at {0}")
    @ValueSource(strings = {"2001-01-01T00:00:00Z", "2099-12-31T23:59:59.999999Z"})
    @DisplayName("clock: time is the injected clock's, not the backend's: far past and far future behave alike")
    void timeComesFromTheClock(String at) {
        SettableClock clock = new SettableClock(Instant.parse(at));
        RegistrationRateLimiter limiter = open(RateLimit.parse("2/1m"), clock);
        String key = newKey();
        assertThat(limiter.tryAcquire(key).allowed()).as("%s at %s", limiter, at).isTrue();
        assertThat(limiter.tryAcquire(key).allowed()).as("%s at %s", limiter, at).isTrue();
        assertThat(limiter.tryAcquire(key).allowed()).as("%s at %s", limiter, at).isFalse();

        clock.advance(Duration.ofSeconds(30));

        assertThat(limiter.tryAcquire(key).allowed()).as("%s 30 s later", limiter).isTrue();
    }

    @Test
    @DisplayName("clock: two limiters on one shared backend count against one bucket per key (as two server processes do)")
    void twoLimitersOnOneBackend() {
        SettableClock clock = new SettableClock(START);
        RegistrationRateLimiter first = open(RateLimit.parse("3/1h"), clock);
        RegistrationRateLimiter second = open(RateLimit.parse("3/1h"), clock);
        String key = newKey();
        assertThat(first.tryAcquire(key).allowed()).isTrue();
        assertThat(second.tryAcquire(key).allowed()).isTrue();
        assertThat(first.tryAcquire(key).allowed()).isTrue();
        assertThat(second.tryAcquire(key).allowed()).as("%s: the fourth attempt across two limiters", second)
                .isEqualTo(!limitersShareBuckets());
    }


    @Test
    @DisplayName("concurrency: 16 threads x 10 attempts on one key at one instant: exactly the 25 permits succeed")
    void exactUnderContention() throws Exception {
        SettableClock clock = new SettableClock(START);
        RegistrationRateLimiter limiter = open(RateLimit.parse("25/1h"), clock);
        String key = newKey();
        assertThat(race(limiter, List.of(key), 10)).as("%s: allowed attempts", limiter).isEqualTo(25);
        assertThat(limiter.tryAcquire(key).allowed()).as("%s: afterwards", limiter).isFalse();
    }

    @Test
    @DisplayName("concurrency: contended keys stay exact each: 4 keys x 16 threads x 5 attempts give 4 x 7")
    void exactPerKeyUnderContention() throws Exception {
        SettableClock clock = new SettableClock(START);
        RegistrationRateLimiter limiter = open(RateLimit.parse("7/1h"), clock);
        List<String> keys = List.of(newKey(), newKey(), newKey(), newKey());
        assertThat(race(limiter, keys, 5)).as("%s: allowed attempts", limiter).isEqualTo(4 * 7);
    }

    /** Every thread makes {@code attempts} attempts on every key; returns how many were allowed. */
    private int race(RegistrationRateLimiter limiter, List<String> keys, int attempts) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                Callable<Integer> contender = () -> {
                    start.await();
                    int allowed = 0;
                    for (int i = 0; i < attempts; i++) {
                        for (int k = 0; k < keys.size(); k++) {
                            if (limiter.tryAcquire(keys.get((k + offset) % keys.size())).allowed()) {
                                allowed++;
                            }
                        }
                    }
                    return allowed;
                };
                results.add(pool.submit(contender));
            }
            start.countDown();
            int allowed = 0;
            for (Future<Integer> result : results) {
                allowed += result.get(60, TimeUnit.SECONDS);
            }
            return allowed;
        } finally {
            pool.shutdownNow();
        }
    }
}
