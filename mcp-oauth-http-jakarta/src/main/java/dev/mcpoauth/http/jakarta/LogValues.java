package dev.mcpoauth.http.jakarta;

/**
 * Makes request-derived text safe to put in a log line: quoted, bounded, and with every line
 * break, control character and quote escaped, so no value can forge or split a log entry.
 */
final class LogValues {

    static final int MAX_LOGGED_CHARS = 200;

    private LogValues() {
    }

    /** The value quoted and escaped, {@code -} when absent. */
    static String quoted(String value) {
        if (value == null) {
            return "-";
        }
        return '"' + escape(bounded(value, MAX_LOGGED_CHARS)) + '"';
    }

    static String bounded(String value, int maxChars) {
        if (value.length() <= maxChars) {
            return value;
        }
        int end = Character.isHighSurrogate(value.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return value.substring(0, end) + "...";
    }

    static String escape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                            || (Character.isSurrogate(c) && !pairedAt(value, i))) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean pairedAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
