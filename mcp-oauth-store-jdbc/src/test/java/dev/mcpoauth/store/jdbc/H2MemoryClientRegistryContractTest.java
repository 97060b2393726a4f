package dev.mcpoauth.store.jdbc;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;

@DisplayName("JdbcClientRegistry on H2 in memory")
class H2MemoryClientRegistryContractTest extends JdbcClientRegistryContractTest {

    private static final TestBackend BACKEND = H2Backend.inMemory();

    @AfterAll
    static void dropTable() {
        BACKEND.close();
    }

    @Override
    TestBackend backend() {
        return BACKEND;
    }
}
