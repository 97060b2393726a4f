package dev.mcpoauth.store.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

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
}
