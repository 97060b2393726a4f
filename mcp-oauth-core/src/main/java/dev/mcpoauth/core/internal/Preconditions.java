package dev.mcpoauth.core.internal;

/** Argument and state checks with formatted messages, for programming errors only. */
public final class Preconditions {

    private Preconditions() {
    }

    public static void requireArgument(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalArgumentException(String.format(format, args));
        }
    }

    public static void requireState(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new IllegalStateException(String.format(format, args));
        }
    }
}
