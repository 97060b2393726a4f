package dev.mcpoauth.core.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one definition of a client's last activity, which every store reaps by. */
@DisplayName("RegisteredClient's last activity")
class RegisteredClientActivityTest {

    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

    private static RegisteredClient.Builder client() {
        return RegisteredClient.builder().clientId("activity-test").clientIdIssuedAt(ISSUED)
                .metadata(ClientMetadata.builder().redirectUris(List.of("http://127.0.0.1:9/cb")).build());
    }

    @Test
    @DisplayName("is the issue time of a client never used")
    void neverUsedIsIssueTime() {
        assertThat(client().build().lastActivity()).isEqualTo(ISSUED);
    }

    @Test
    @DisplayName("is the last use once there is one, even if updated since")
    void lastUseOnceUsed() {
        Instant used = ISSUED.plusSeconds(3600).plusNanos(7);
        RegisteredClient client = client().lastUsedAt(Optional.of(used)).updatedAt(used.plusSeconds(60)).build();
        assertThat(client.lastActivity()).isEqualTo(used);
    }

    @Test
    @DisplayName("makes a client unused since a cutoff strictly after it, to the nanosecond")
    void unusedSinceIsStrict() {
        Instant used = ISSUED.plusSeconds(10).plusNanos(5);
        RegisteredClient client = client().lastUsedAt(Optional.of(used)).build();
        assertThat(client.unusedSince(used.plusNanos(1))).isTrue();
        assertThat(client.unusedSince(used)).isFalse();
        assertThat(client.unusedSince(ISSUED.plusSeconds(5))).as("the issue time no longer counts once used")
                .isFalse();
        assertThat(client().build().unusedSince(ISSUED.plusNanos(1))).isTrue();
    }
}
