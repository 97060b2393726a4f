package dev.mcpoauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("IsoInstants")
class IsoInstantsTest {

    private static final long YEAR_0 = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long YEAR_10000 = Instant.parse("+10000-01-01T00:00:00Z").getEpochSecond();

    @Test
    @DisplayName("reads back what Instant.toString writes, as Instant.parse does, for 100,000 random instants")
    void readsWhatToStringWrites() {
        SplittableRandom random = new SplittableRandom(20261127);
        int[] nanoSteps = {1_000_000_000, 1_000_000, 1_000, 1}; // no fraction, then 3, 6 and 9 digits
        for (int i = 0; i < 100_000; i++) {
            long second = random.nextLong(YEAR_0, YEAR_10000);
            int step = nanoSteps[i % nanoSteps.length];
            int nano = step == 1_000_000_000 ? 0 : random.nextInt(1_000_000_000 / step) * step;
            Instant instant = Instant.ofEpochSecond(second, nano);
            String text = instant.toString();

            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(instant).isEqualTo(Instant.parse(text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "2026-11-27T19:30:00.5Z",
            "2026-11-27T19:30:00.1234Z", "2026-11-27T23:59:60Z", "1970-01-01T00:00:00.000000000Z",
            "2026-11-27T24:00:00Z", "2026-11-27T19:30:00+01:00"})
    @DisplayName("hands every other accepted form to Instant.parse, with the same result")
    void otherFormsAsInstantParse(String text) {
        assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
            "2026-11-27T19:60:00Z", "2026-11-27 19:30:00Z", "2026-11-27T19:30:00", "2026-1a-27T19:30:00Z",
            "2026-11-27T19:30:00.12aZ", "", "not an instant"})
    @DisplayName("rejects what Instant.parse rejects, with its exception")
    void rejectsAsInstantParse(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoInstants.parse(text)).isInstanceOf(DateTimeParseException.class);
    }
}
