package dev.mcpoauth.server;

import dev.mcpoauth.core.registry.ClientRegistry;

/** Opens a {@code JdbcClientRegistry} on a connection pool and creates its schema if missing. */
final class JdbcStores {

    record Opened(ClientRegistry registry, AutoCloseable resources) {
    }

    private JdbcStores() {
    }

    static Opened open(String url, String username, String password, int poolSize) {
        throw new IllegalStateException("the JDBC store is not wired yet (branch jdbc not merged)");
    }
}
