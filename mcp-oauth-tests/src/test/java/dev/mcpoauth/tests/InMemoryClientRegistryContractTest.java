package dev.mcpoauth.tests;

import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;

/** The kit's own proof: the reference implementation passes the contract. */
class InMemoryClientRegistryContractTest extends ClientRegistryContract {

    @Override
    protected ClientRegistry registry() {
        return new InMemoryClientRegistry();
    }
}
