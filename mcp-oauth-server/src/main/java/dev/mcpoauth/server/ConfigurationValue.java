package dev.mcpoauth.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The text of one key, and the syntax the server owns: numbers, booleans, choices, lists,
 * seconds. Each reader throws {@link IllegalArgumentException} saying what is wrong; the binder
 * turns that into an {@link InvalidConfigurationException} naming the key. Whether a parsed value
 * is acceptable is the business of the builder it feeds, not of this class.
 */
final class ConfigurationValue {

    private static final Pattern LIST_SEPARATOR = Pattern.compile("\\s*,\\s*");
    private static final Pattern WORD_SEPARATOR = Pattern.compile("[\\s,]+");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)?");

    private final String text;

    ConfigurationValue(String text) {
        this.text = text;
    }

    /** The text without surrounding white space; may be empty. */
    String text() {
        return text.trim();
    }

    /** The text without surrounding white space, or empty when it is blank. */
    Optional<String> optional() {
        return text.isBlank() ? Optional.empty() : Optional.of(text.trim());
    }

    /** The text without surrounding white space, which must not be blank. */
    String required() {
        return optional().orElseThrow(() -> new IllegalArgumentException("must not be empty"));
    }

    /** A whole number in {@code int} range. */
    int integer() {
        try {
            return Integer.parseInt(text());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a whole number");
        }
    }

    /** A whole number of seconds. */
    Duration seconds() {
        try {
            return Duration.ofSeconds(Long.parseLong(text()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a whole number of seconds");
        }
    }

    /**
     * A duration: a whole number with a unit {@code ms}, {@code s}, {@code m}, {@code h} or
     * {@code d} ({@code 90d}, {@code 1h}, {@code 2s}), or a bare number of seconds; {@code 0} is zero.
     */
    Duration duration() {
        java.util.regex.Matcher m = DURATION.matcher(text().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return fail("is not a duration such as 90d, 12h, 30m, 2s or 500ms");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** {@code true} or {@code false}, in any case; nothing else. */
    boolean bool() {
        return isBoolean() ? Boolean.parseBoolean(text()) : fail("must be true or false");
    }

    /** Whether the text is {@code true} or {@code false} in any case. */
    boolean isBoolean() {
        return text().equalsIgnoreCase("true") || text().equalsIgnoreCase("false");
    }

    /** One of the enum's constants, named in any case. */
    <E extends Enum<E>> E choice(Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text())) {
                return constant;
            }
            names.add(constant.name().toLowerCase(Locale.ROOT));
        }
        return fail("must be one of " + String.join(", ", names));
    }

    /** Comma-separated items, trimmed, duplicates dropped; empty text is the empty list. */
    List<String> list() {
        if (text().isEmpty()) {
            return List.of();
        }
        List<String> items = Arrays.asList(LIST_SEPARATOR.split(text()));
        if (items.stream().anyMatch(String::isEmpty)) {
            fail("has an empty item in its comma-separated list");
        }
        return List.copyOf(new LinkedHashSet<>(items));
    }

    /** {@link #list()} as a set, in the order written. */
    Set<String> set() {
        return new LinkedHashSet<>(list());
    }

    /** Items separated by commas and/or white space; empty text is the empty set. */
    Set<String> words() {
        return text().isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(WORD_SEPARATOR.split(text())));
    }

    /** Throws the problem unless {@code condition} holds: for the few rules only the server owns. */
    static void require(boolean condition, String problem) {
        if (!condition) {
            fail(problem);
        }
    }

    private static <T> T fail(String problem) {
        throw new IllegalArgumentException(problem);
    }
}
