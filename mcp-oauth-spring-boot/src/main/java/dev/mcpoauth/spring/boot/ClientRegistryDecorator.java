package dev.mcpoauth.spring.boot;

import dev.mcpoauth.core.registry.ClientRegistry;

/**
 * Wraps the store for the auto-configured use cases (registration, management, the client
 * directory), as the standalone server does: metrics time their store calls, while the
 * {@link ClientRegistry} bean itself stays the store, so health checks, the client count and
 * reaping are not counted as traffic and the bean keeps its class.
 */
@FunctionalInterface
interface ClientRegistryDecorator {

    ClientRegistry decorate(ClientRegistry store);
}
