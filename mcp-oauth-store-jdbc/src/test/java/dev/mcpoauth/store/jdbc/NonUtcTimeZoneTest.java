package dev.mcpoauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.tests.TestClients;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs in its own JVM whose default time zone is America/St_Johns (UTC-3:30, with daylight
 * saving): see the {@code non-utc-time-zone} surefire execution in this module's POM, which
 * starts drivers and pools in that zone from the first class loaded. The
 * instants sit in St John's daylight-saving gap and overlap, where a store that passed local
 * date-times through the JVM zone would shift or confuse them.
 */
@DisplayName("JdbcClientRegistry in a JVM whose default time zone is not UTC")
class NonUtcTimeZoneTest {

    private static final TestBackend H2 = H2Backend.inMemory();
    private static final TestBackend MARIADB = ServerBackend.mariaDb();
    private static final TestBackend POSTGRESQL = ServerBackend.postgres();

    /** 03:15 local in St John's, a quarter hour after the clocks jumped from 02:00 to 03:00. */
    private static final Instant IN_THE_GAP = Instant.parse("2021-03-14T05:45:00.123456789Z");
    /** 01:30 local in St John's, an hour of local time that happened twice that night. */
    private static final Instant IN_THE_OVERLAP = Instant.parse("2021-11-07T04:00:00.987654321Z");

    static Stream<TestBackend> backends() {
        return Stream.of(H2, MARIADB, POSTGRESQL);
    }

    private static final TimeZone ST_JOHNS = TimeZone.getTimeZone("America/St_Johns");
    private static TimeZone original;

    @BeforeAll
    static void jvmRunsInANonUtcZone() {
        // normally already so (-Duser.timezone); set here too when the class is run alone with -Dtest
        original = TimeZone.getDefault();
        TimeZone.setDefault(ST_JOHNS);
        assertThat(ZoneId.systemDefault().getRules().getOffset(IN_THE_GAP).getTotalSeconds()).isNotZero();
    }

    @AfterAll
    static void dropTablesAndRestoreZone() {
        try {
            backends().forEach(TestBackend::close);
        } finally {
            TimeZone.setDefault(original);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    @DisplayName("instants in the local zone's daylight-saving gap and overlap round-trip exactly, stored as UTC")
    void instantsRoundTripExactly(TestBackend backend) throws SQLException {
        JdbcClientRegistry registry = backend.registry();
        RegisteredClient client = TestClients.publicClient()
                .clientIdIssuedAt(IN_THE_GAP)
                .createdAt(IN_THE_GAP)
                .updatedAt(IN_THE_OVERLAP)
                .build();

        registry.create(client);
        registry.touch(client.clientId(), IN_THE_OVERLAP.plusNanos(1));

        RegisteredClient expected = client.toBuilder().lastUsedAt(Optional.of(IN_THE_OVERLAP.plusNanos(1))).build();
        assertThat(registry.findById(client.clientId())).contains(expected);
        assertThat(JdbcClientRegistryTest.rawLong(backend, "created_at_ns", client.clientId()))
                .isEqualTo(1_615_700_700_123_456_789L);
        assertThat(JdbcClientRegistryTest.rawLong(backend, "client_id_issued_at", client.clientId()))
                .isEqualTo(1_615_700_700L);
        assertThat(JdbcClientRegistryTest.rawLong(backend, "last_used_at_ns", client.clientId()))
                .isEqualTo(1_636_257_600_987_654_322L);
    }
}
