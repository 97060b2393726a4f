package dev.mcpoauth.core.ratelimit;

import static dev.mcpoauth.core.internal.Preconditions.requireArgument;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many registrations one caller may make: {@link #permits()} per {@link #window()}, as a
 * token bucket that holds {@code permits} and refills one permit every
 * {@code window / permits}. So {@code 20/1h} lets a caller register 20 times at once, then once
 * every three minutes; a caller that stops for an hour has its 20 back. Immutable.
 *
 * <p>Limiters keep time in whole microseconds; {@link #intervalMicros()} is the refill interval
 * rounded down, and a limit whose interval would be under one microsecond is refused.
 */
public final class RateLimit {

    private static final Pattern TEXT = Pattern.compile("(\\d{1,9})\\s*/\\s*(\\d{0,9})\\s*(ms|s|m|h|d)");

    private final int permits;
    private final Duration window;
    private final long windowMicros;
    private final long intervalMicros;

    private RateLimit(int permits, Duration window) {
        requireArgument(permits > 0, "a rate limit needs at least one permit: %s", permits);
        Objects.requireNonNull(window, "window");
        requireArgument(!window.isNegative() && !window.isZero(), "a rate limit needs a positive window: %s", window);
        requireArgument(window.compareTo(Duration.ofDays(366)) <= 0, "a rate limit window is at most 366 days: %s",
                window);
        this.permits = permits;
        this.window = window;
        this.windowMicros = window.toNanos() / 1_000;
        this.intervalMicros = windowMicros / permits;
        requireArgument(intervalMicros >= 1, "%d permits per %s refill faster than once per microsecond", permits,
                window);
    }

    /** {@code permits} per {@code window}. */
    public static RateLimit of(int permits, Duration window) {
        return new RateLimit(permits, window);
    }

    /**
     * Reads {@code <permits>/<window>}: a count, a slash and a duration with a unit {@code ms},
     * {@code s}, {@code m}, {@code h} or {@code d}, the number optional ({@code 20/1h},
     * {@code 100/d}, {@code 5/30s}).
     *
     * @throws IllegalArgumentException for any other text, a zero count or a zero window
     */
    public static RateLimit parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = TEXT.matcher(text.trim().toLowerCase(Locale.ROOT));
        requireArgument(m.matches(), "not a rate limit (count/window such as 20/1h): %s", text);
        long amount = m.group(2).isEmpty() ? 1 : Long.parseLong(m.group(2));
        Duration unit = switch (m.group(3)) {
            case "ms" -> Duration.ofMillis(1);
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
        };
        requireArgument(amount > 0 && amount <= 366L * 24 * 3600 * 1000, "not a rate limit window: %s", text);
        return new RateLimit(Integer.parseInt(m.group(1)), unit.multipliedBy(amount));
    }

    /** How many registrations a caller may make at once, and per window. */
    public int permits() {
        return permits;
    }

    /** The time in which a caller's spent permits all come back. */
    public Duration window() {
        return window;
    }

    /** {@link #window()} in microseconds. */
    public long windowMicros() {
        return windowMicros;
    }

    /** The time in which one permit comes back, in microseconds (rounded down). */
    public long intervalMicros() {
        return intervalMicros;
    }

    /**
     * How far ahead of now a bucket's theoretical arrival time may be before the next attempt is
     * refused: {@code window - interval}, in microseconds (the GCRA's burst tolerance).
     */
    public long toleranceMicros() {
        return windowMicros - intervalMicros;
    }

    /** An instant in whole microseconds since the epoch, the unit limiters keep time in. */
    public static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RateLimit other && permits == other.permits && window.equals(other.window);
    }

    @Override
    public int hashCode() {
        return Objects.hash(permits, window);
    }

    /** The {@link #parse} form, with the window in seconds: {@code 20/3600s}. */
    @Override
    public String toString() {
        return window.toMillis() % 1000 == 0 ? permits + "/" + window.toSeconds() + "s"
                : permits + "/" + window.toMillis() + "ms";
    }
}
