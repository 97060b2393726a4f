package dev.mcpoauth.store.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcClientRegistry on PostgreSQL")
class PostgresClientRegistryContractTest extends JdbcClientRegistryContractTest {

    private static final TestBackend BACKEND = ServerBackend.postgres();

    @AfterAll
    static void dropTable() {
        BACKEND.close();
    }

    @Override
    TestBackend backend() {
        return BACKEND;
    }
}
