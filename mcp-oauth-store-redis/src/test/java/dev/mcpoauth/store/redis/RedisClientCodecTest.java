package dev.mcpoauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.tests.TestClients;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RedisClientCodec")
class RedisClientCodecTest {

    private final RedisClientCodec codec = new RedisClientCodec();

    @Test
    @DisplayName("activity keys sort as text in the order of their instants, to the nanosecond")
    void activityKeysSortByTime() {
        List<Instant> instants = List.of(Instant.MIN, Instant.parse("1969-12-31T23:59:59.999999999Z"),
                Instant.EPOCH, Instant.EPOCH.plusNanos(1), Instant.parse("1999-01-01T00:00:00.123Z"),
                Instant.parse("2026-11-27T16:00:00Z"), Instant.parse("2026-11-27T16:00:00.000000001Z"), Instant.MAX);
        List<String> keys = new ArrayList<>();
        instants.forEach(i -> keys.add(RedisClientCodec.activityKey(i)));

        assertThat(keys).isSorted().doesNotHaveDuplicates();
        assertThat(keys.stream().map(String::length).distinct()).containsExactly(27);
    }

    @Test
    @DisplayName("a client's index entry is its last use, or its issue time if never used, then its id")
    void indexEntry() {
        RegisteredClient never = TestClients.publicClient().build();
        RegisteredClient used = TestClients.fullyPopulatedClient().build();

        assertThat(RedisClientCodec.indexEntry(never))
                .isEqualTo(RedisClientCodec.activityKey(never.clientIdIssuedAt()) + "|" + never.clientId());
        assertThat(RedisClientCodec.indexEntry(used))
                .isEqualTo(RedisClientCodec.activityKey(used.lastUsedAt().orElseThrow()) + "|" + used.clientId());
    }

    @Test
    @DisplayName("a fully populated client maps to a hash and back unchanged, nanoseconds included")
    void roundTrip() {
        RegisteredClient client = TestClients.fullyPopulatedClient()
                .updatedAt(Instant.parse("2026-01-02T03:04:05.123456789Z"))
                .build();

        assertThat(codec.fromHash(client.clientId(), codec.toHash(client))).isEqualTo(client);
    }
}
