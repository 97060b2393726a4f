package dev.mcpoauth.store.jdbc;

import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.tests.ClientRegistryContract;
import dev.mcpoauth.tests.ClientRegistryOutageContract;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;

/**
 * The kit's contract, and its outage group through the kit's TCP proxy, on one JDBC backend.
 * Each database is a subclass that only names its {@link TestBackend}. H2 has no network path
 * when embedded, so its outage group reaches the same database through H2's TCP server.
 */
abstract class JdbcClientRegistryContractTest extends ClientRegistryContract {

    /** The backend of the concrete class: one pool and one table per test class. */
    abstract TestBackend backend();

    @Override
    protected ClientRegistry registry() {
        return backend().registry();
    }

    @Nested
    @DisplayName("when the database connection is cut")
    class BackendOutage extends ClientRegistryOutageContract {

        @Override
        protected InetSocketAddress backendAddress() {
            return backend().address();
        }

        @Override
        protected ClientRegistry registryThrough(InetSocketAddress proxyAddress) {
            return backend().registryThrough(proxyAddress);
        }

        @Override
        protected void closeRegistry(ClientRegistry registry) {
            backend().release(registry);
        }
    }
}
