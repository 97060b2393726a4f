package dev.mcpoauth.server;

import com.zaxxer.hikari.HikariDataSource;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.store.jdbc.JdbcClientRegistry;
import dev.mcpoauth.store.jdbc.JdbcDataSources;
import java.util.List;

/** Opens a {@link JdbcClientRegistry} on a HikariCP pool and creates its schema if missing. */
final class JdbcStores {

    record Opened(ClientRegistry registry, javax.sql.DataSource dataSource, AutoCloseable resources) {
    }

    /** The JDBC URL kinds whose drivers the server ships. */
    private static final List<String> SUPPORTED_URL_PREFIXES = List.of("jdbc:mysql:", "jdbc:postgresql:", "jdbc:h2:");

    private JdbcStores() {
    }

    /**
     * The server's own rule for {@code store.jdbc.url}: a driver it ships must handle it. Never
     * repeats the URL, which may carry a password.
     *
     * @return {@code url}
     * @throws IllegalArgumentException naming the URL kinds the server supports
     */
    static String requireSupportedUrl(String url) {
        if (url.startsWith("jdbc:mariadb:")) {
            throw new IllegalArgumentException("use jdbc:mysql://host:3306/database for MariaDB too;"
                    + " the server ships MySQL Connector/J");
        }
        if (SUPPORTED_URL_PREFIXES.stream().noneMatch(url::startsWith)) {
            throw new IllegalArgumentException("must start with one of " + SUPPORTED_URL_PREFIXES);
        }
        return url;
    }

    /** The pool for {@code url} with its size, judged by the pool builder; opens nothing. */
    static JdbcDataSources.PoolBuilder pool(String url, int poolSize) {
        return JdbcDataSources.pool(url).maximumPoolSize(poolSize);
    }

    /**
     * @param username the user, or {@code null} for none (the URL or the driver decides)
     * @param password the password, or {@code null} for none
     */
    static Opened open(String url, String username, String password, int poolSize) {
        JdbcDataSources.PoolBuilder pool = pool(url, poolSize).poolName("mcp-oauth");
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
            return new Opened(registry, dataSource, dataSource::close);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }
}
