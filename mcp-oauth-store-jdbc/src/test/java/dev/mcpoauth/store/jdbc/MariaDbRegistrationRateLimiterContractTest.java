package dev.mcpoauth.store.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

@DisplayName("JdbcRegistrationRateLimiter on MariaDB")
class MariaDbRegistrationRateLimiterContractTest extends JdbcRegistrationRateLimiterContractTest {

    private static final TestBackend BACKEND = ServerBackend.mariaDb();

    @AfterAll
    static void dropTables() {
        dropTables(BACKEND);
    }

    @Override
    TestBackend backend() {
        return BACKEND;
    }

    @Nested
    @DisplayName("when the database connection is cut")
    class BackendOutage extends JdbcLimiterOutage {
        BackendOutage() {
            super(BACKEND);
        }
    }
}
