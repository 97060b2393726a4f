package dev.mcpoauth.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.tests.TestClients;
import dev.mcpoauth.core.client.JsonValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        // the stored format: 18 digits of offset epoch seconds, then 9 of nanoseconds
        assertThat(RedisClientCodec.activityKey(Instant.EPOCH.plusNanos(1))).isEqualTo("100000000000000000000000001");
        assertThat(RedisClientCodec.activityKey(Instant.MIN)).isEqualTo("068442985832780800000000000");
        assertThat(RedisClientCodec.activityKey(Instant.MAX)).isEqualTo("131556889864403199999999999");
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
    @DisplayName("JWK Set numbers keep their value and kind: big integers, decimals, exponents, negatives")
    void jwksNumbersRoundTrip() {
        Map<String, Object> jwks = new LinkedHashMap<>();
        jwks.put("int", 65537);
        jwks.put("long", 1_900_000_000_000L);
        jwks.put("big", new BigInteger("1180591620717411303424"));
        jwks.put("decimal", new BigDecimal("0.1000000000000000055511151231257827"));
        jwks.put("exponent", new BigDecimal("1.5E-300"));
        jwks.put("negative", -2.5);
        jwks.put("nested", List.of(Map.of("n", 0), JsonValues.NULL, true, "text"));
        RegisteredClient client = TestClients.publicClient()
                .metadata(TestClients.publicClient().build().metadata().toBuilder().jwks(Optional.of(jwks)).build())
                .build();

        RegisteredClient read = codec.fromHash(client.clientId(), codec.toHash(client));

        assertThat(read.metadata().jwks()).isEqualTo(client.metadata().jwks());
        assertThat(read).isEqualTo(client);
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
