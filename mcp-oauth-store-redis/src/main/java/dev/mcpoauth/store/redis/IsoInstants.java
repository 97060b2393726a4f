package dev.mcpoauth.store.redis;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the instants the codec writes. {@link Instant#parse} goes through a general
 * {@code DateTimeFormatter}, which was half of the cost of reading a stored client back (profile
 * in {@code docs/performance.md}); the text {@link Instant#toString()} writes for years 0000 to
 * 9999 — {@code uuuu-MM-ddTHH:mm:ssZ}, with 3, 6 or 9 fraction digits before the {@code Z} when
 * the nanoseconds are not zero — is read here directly. Anything else, including every text
 * this reader refuses, goes to {@link Instant#parse}, which accepts or rejects it exactly as
 * before.
 */
final class IsoInstants {

    private static final int SECONDS_PER_DAY = 86_400;

    private IsoInstants() {
    }

    static Instant parse(String text) {
        Instant fast = parseCanonical(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** The instant, or null when the text is not in the canonical form or not a valid time. */
    private static Instant parseCanonical(String t) {
        int n = t.length();
        boolean shape = (n == 20 || n == 24 || n == 27 || n == 30)
                && t.charAt(4) == '-' && t.charAt(7) == '-' && t.charAt(10) == 'T'
                && t.charAt(13) == ':' && t.charAt(16) == ':' && t.charAt(n - 1) == 'Z'
                && (n == 20 || t.charAt(19) == '.');
        if (!shape) {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        int nano = n == 20 ? 0 : digits(t, 20, n - 1);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59 || nano < 0) {
            return null;
        }
        for (int scale = n - 21; scale < 9; scale++) {
            nano *= 10;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            return Instant.ofEpochSecond(epochDay * SECONDS_PER_DAY + hour * 3_600L + minute * 60L + second, nano);
        } catch (DateTimeException e) {
            return null; // for example 30 February: Instant.parse says why
        }
    }

    /** The decimal value of {@code t[from, to)}, or -1 if any of it is not an ASCII digit. */
    private static int digits(String t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
