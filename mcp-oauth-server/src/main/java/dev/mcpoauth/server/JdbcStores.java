package dev.mcpoauth.server;

import com.zaxxer.hikari.HikariDataSource;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.store.jdbc.JdbcClientRegistry;
import dev.mcpoauth.store.jdbc.JdbcDataSources;

/** Opens a {@link JdbcClientRegistry} on a HikariCP pool and creates its schema if missing. */
final class JdbcStores {

    record Opened(ClientRegistry registry, AutoCloseable resources) {
    }

    private JdbcStores() {
    }

    /**
     * @param username the user, or {@code null} for none (the URL or the driver decides)
     * @param password the password, or {@code null} for none
     */
    static Opened open(String url, String username, String password, int poolSize) {
        JdbcDataSources.PoolBuilder pool = JdbcDataSources.pool(url).maximumPoolSize(poolSize).poolName("mcp-oauth");
        if (username != null) {
            pool.user(username);
        }
        if (password != null) {
            pool.password(password);
        }
        HikariDataSource dataSource = pool.build();
        try {
            JdbcClientRegistry registry = JdbcClientRegistry.builder(dataSource).build();
            registry.createSchemaIfMissing();
            return new Opened(registry, dataSource::close);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }
}
