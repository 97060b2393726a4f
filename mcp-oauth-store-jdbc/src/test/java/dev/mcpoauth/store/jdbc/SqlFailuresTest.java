package dev.mcpoauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.registry.ClientRegistryException;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** How driver, pool and jOOQ failures become the port's exceptions. */
@DisplayName("SqlFailures")
class SqlFailuresTest {

    static Stream<SQLException> outages() {
        return Stream.of(
                new SQLTransientConnectionException("pool: Connection is not available, request timed out after 1000ms"),
                new SQLNonTransientConnectionException("connection refused"),
                new SQLTimeoutException("statement cancelled due to timeout"),
                new SQLException("Communications link failure", "08S01"),
                new SQLException("An I/O error occurred while sending to the backend", "08006"),
                new SQLException("canceling statement due to user request", "57014"),
                new SQLException("terminating connection due to administrator command", "57P01"),
                new SQLException("IO Exception: \"java.io.EOFException\"", "90028", 90028),
                new SQLException("read failed", null, 0, new SocketTimeoutException("Read timed out")));
    }

    static Stream<SQLException> errors() {
        return Stream.of(
                new SQLSyntaxErrorException("Table 'test.nope' doesn't exist", "42S02", 1146),
                new SQLException("null value in column \"version\" violates not-null constraint", "23502"),
                new SQLException("permission denied for table", "42501"));
    }

    @Nested
    @DisplayName("an unreachable or timed-out database")
    class Outages {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.mcpoauth.store.jdbc.SqlFailuresTest#outages")
        @DisplayName("is unavailable, with the driver's exception as cause, also when jOOQ wraps it")
        void outageIsUnavailable(SQLException driverFailure) {
            DataAccessException wrapped = new DataAccessException("SQL [select ...]; failed", driverFailure);

            ClientRegistryException translated = SqlFailures.translate("findById", wrapped);

            assertThat(translated).isInstanceOf(ClientRegistryUnavailableException.class).hasCause(wrapped);
            assertThat(SqlFailures.isDuplicateKey(wrapped)).isFalse();
        }
    }

    @Nested
    @DisplayName("any other failure")
    class Errors {

        @ParameterizedTest(name = "{0}")
        @MethodSource("dev.mcpoauth.store.jdbc.SqlFailuresTest#errors")
        @DisplayName("is a plain ClientRegistryException and not a duplicate")
        void errorIsNotAnOutage(SQLException driverFailure) {
            DataAccessException wrapped = new DataAccessException("SQL [insert ...]; failed", driverFailure);

            ClientRegistryException translated = SqlFailures.translate("create", wrapped);

            assertThat(translated).isNotInstanceOf(ClientRegistryUnavailableException.class).hasCause(wrapped);
            assertThat(SqlFailures.isDuplicateKey(wrapped)).isFalse();
        }

        @Test
        @DisplayName("the message carries the SQLState and one bounded line of the driver's message")
        void messageIsOneBoundedLine() {
            SQLException driverFailure = new SQLException("first line\r\nsecond line " + "x".repeat(500), "42000", 1064);

            ClientRegistryException translated = SqlFailures.translate("replace", driverFailure);

            assertThat(translated.getMessage())
                    .startsWith("client registry replace failed (SQLState 42000, code 1064: first line second line")
                    .doesNotContain("\n", "\r")
                    .hasSizeLessThan(300);
        }
    }

    @Nested
    @DisplayName("a primary-key violation")
    class DuplicateKeys {

        @Test
        @DisplayName("is recognised from PostgreSQL and H2 (23505) and MySQL/MariaDB (23000 with code 1062)")
        void duplicateKeyIsRecognised() {
            assertThat(SqlFailures.isDuplicateKey(new DataAccessException("x",
                    new SQLException("duplicate key value violates unique constraint", "23505")))).isTrue();
            assertThat(SqlFailures.isDuplicateKey(new DataAccessException("x",
                    new SQLIntegrityConstraintViolationException("Duplicate entry 'a' for key 'PRIMARY'", "23000", 1062))))
                    .isTrue();
            assertThat(SqlFailures.isDuplicateKey(new DataAccessException("x",
                    new SQLIntegrityConstraintViolationException("Column 'version' cannot be null", "23000", 1048))))
                    .isFalse();
        }
    }
}
