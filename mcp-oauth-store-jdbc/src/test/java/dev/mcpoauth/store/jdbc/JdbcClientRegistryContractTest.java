package dev.mcpoauth.store.jdbc;

import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.tests.ClientRegistryContract;

/**
 * The kit's contract on one JDBC backend. Each database is a subclass that names its
 * {@link TestBackend} and declares its own {@code @Nested} {@link JdbcBackendOutage}: declared
 * here, the outage class would be one class for every database, and their XML reports would
 * overwrite each other.
 */
abstract class JdbcClientRegistryContractTest extends ClientRegistryContract {

    /** The backend of the concrete class: one pool and one table per test class. */
    abstract TestBackend backend();

    @Override
    protected ClientRegistry registry() {
        return backend().registry();
    }
}
