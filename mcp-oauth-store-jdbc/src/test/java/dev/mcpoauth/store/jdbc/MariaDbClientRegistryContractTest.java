package dev.mcpoauth.store.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

@DisplayName("JdbcClientRegistry on MariaDB")
class MariaDbClientRegistryContractTest extends JdbcClientRegistryContractTest {

    private static final TestBackend BACKEND = ServerBackend.mariaDb();

    @AfterAll
    static void dropTable() {
        BACKEND.close();
    }

    @Override
    TestBackend backend() {
        return BACKEND;
    }

    @Nested
    @DisplayName("when the database connection is cut")
    class BackendOutage extends JdbcBackendOutage {
        BackendOutage() {
            super(BACKEND);
        }
    }
}
