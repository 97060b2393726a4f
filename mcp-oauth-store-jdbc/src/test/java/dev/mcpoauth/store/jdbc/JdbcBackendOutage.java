package dev.mcpoauth.store.jdbc;

import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.tests.ClientRegistryOutageContract;
import java.net.InetSocketAddress;

/**
 * The kit's outage group through the kit's TCP proxy, on one JDBC backend. H2 has no network
 * path when embedded, so its outage group reaches the same database through H2's TCP server.
 */
abstract class JdbcBackendOutage extends ClientRegistryOutageContract {

    private final TestBackend backend;

    JdbcBackendOutage(TestBackend backend) {
        this.backend = backend;
    }

    @Override
    protected InetSocketAddress backendAddress() {
        return backend.address();
    }

    @Override
    protected ClientRegistry registryThrough(InetSocketAddress proxyAddress) {
        return backend.registryThrough(proxyAddress);
    }

    @Override
    protected void closeRegistry(ClientRegistry registry) {
        backend.release(registry);
    }
}
