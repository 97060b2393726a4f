package dev.mcpoauth.core.internal;

/** Makes untrusted values safe to put in an error description or a log line. */
public final class SafeText {

    private static final int MAX_PREFIX = 64;

    private SafeText() {
    }

    /** A quoted, bounded prefix of {@code value} with control and non-ASCII characters escaped. */
    public static String quote(String value) {
        StringBuilder sb = new StringBuilder(MAX_PREFIX + 16).append('"');
        int limit = Math.min(value.length(), MAX_PREFIX);
        appendEscaped(sb, value, limit);
        if (value.length() > limit) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }

    /** {@code value} with every character outside printable ASCII, and quotes and backslashes, escaped. */
    public static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 8);
        appendEscaped(sb, value, value.length());
        return sb.toString();
    }

    private static void appendEscaped(StringBuilder sb, String value, int limit) {
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
    }
}
