package dev.mcpoauth.store.jdbc;

import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.tests.ClientRegistryContract;
import dev.mcpoauth.tests.ClientRegistryOutageContract;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

@DisplayName("JdbcClientRegistry on PostgreSQL")
class PostgresClientRegistryContractTest extends ClientRegistryContract {

    private static final TestBackend BACKEND = ServerBackend.postgres();

    @AfterAll
    static void dropTable() {
        BACKEND.close();
    }

    @Override
    protected ClientRegistry registry() {
        return BACKEND.registry();
    }

    @Nested
    @DisplayName("when the database connection is cut")
    class BackendOutage extends ClientRegistryOutageContract {

        @Override
        protected InetSocketAddress backendAddress() {
            return BACKEND.address();
        }

        @Override
        protected ClientRegistry registryThrough(InetSocketAddress proxyAddress) {
            return BACKEND.registryThrough(proxyAddress);
        }

        @Override
        protected void closeRegistry(ClientRegistry registry) {
            BACKEND.release(registry);
        }
    }
}
