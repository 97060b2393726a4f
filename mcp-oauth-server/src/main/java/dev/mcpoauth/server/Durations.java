package dev.mcpoauth.server;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the durations an operator types: {@code 90d}, {@code 12h}, {@code 30m}, {@code 45s}. */
final class Durations {

    private static final Pattern AMOUNT_AND_UNIT = Pattern.compile("(\\d{1,9})([dhms])");

    private Durations() {
    }

    /**
     * The duration {@code text} names.
     *
     * @throws IllegalArgumentException unless it is a positive whole number followed by d, h, m or s
     */
    static Duration parse(String text) {
        Matcher m = AMOUNT_AND_UNIT.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException("a positive duration such as 90d, 12h, 30m or 45s");
        }
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "d":
                return Duration.ofDays(amount);
            case "h":
                return Duration.ofHours(amount);
            case "m":
                return Duration.ofMinutes(amount);
            default:
                return Duration.ofSeconds(amount);
        }
    }
}
