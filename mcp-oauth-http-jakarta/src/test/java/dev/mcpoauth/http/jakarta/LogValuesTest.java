package dev.mcpoauth.http.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LogValuesTest {

    @Test
    @DisplayName("line breaks, controls, quotes, backslashes and Unicode line separators are escaped")
    void escapesEverythingThatCouldForgeALine() {
        assertThat(LogValues.quoted("a\r\nb\t\"c\\d\u0000\u001b[31m\u0085\u2028\u2029"))
                .isEqualTo("\"a\\r\\nb\\t\\\"c\\\\d\\u0000\\u001b[31m\\u0085\\u2028\\u2029\"");
    }

    @Test
    @DisplayName("an absent value is a dash, and printable Unicode is kept")
    void absentAndUnicode() {
        assertThat(LogValues.quoted(null)).isEqualTo("-");
        assertThat(LogValues.quoted("Caf\u00e9 \uD83D\uDE00")).isEqualTo("\"Caf\u00e9 \uD83D\uDE00\"");
    }

    @Test
    @DisplayName("an unpaired surrogate is escaped, and a long value is cut without splitting a pair")
    void surrogatesAndBounds() {
        assertThat(LogValues.quoted("x\uD800y")).isEqualTo("\"x\\ud800y\"");
        String longValue = "a".repeat(LogValues.MAX_LOGGED_CHARS - 1) + "\uD83D\uDE00tail";
        assertThat(LogValues.quoted(longValue)).isEqualTo("\"" + "a".repeat(LogValues.MAX_LOGGED_CHARS - 1) + "...\"");
    }
}
