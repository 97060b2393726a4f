package dev.mcpoauth.store.jdbc;

import java.time.Instant;

/**
 * Instants as nanoseconds since the epoch in a {@code BIGINT}: exact to the nanosecond, free of
 * any JVM, session or server time zone, and comparable with an index. A {@code long} covers
 * 1677-09-21 to 2262-04-11.
 */
final class EpochNanos {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    static final Instant MIN = Instant.ofEpochSecond(0, Long.MIN_VALUE);
    static final Instant MAX = Instant.ofEpochSecond(0, Long.MAX_VALUE);

    private EpochNanos() {
    }

    static long of(Instant instant) {
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw new IllegalArgumentException(
                    "instant outside the range the JDBC store keeps (" + MIN + " to " + MAX + "): " + instant);
        }
        return instant.getEpochSecond() * NANOS_PER_SECOND + instant.getNano();
    }

    /** Like {@link #of}, but an instant outside the range becomes its nearest end; for comparisons. */
    static long clamped(Instant instant) {
        if (instant.isBefore(MIN)) {
            return Long.MIN_VALUE;
        }
        if (instant.isAfter(MAX)) {
            return Long.MAX_VALUE;
        }
        return of(instant);
    }

    static Instant toInstant(long epochNanos) {
        return Instant.ofEpochSecond(
                Math.floorDiv(epochNanos, NANOS_PER_SECOND), Math.floorMod(epochNanos, NANOS_PER_SECOND));
    }
}
