package dev.mcpoauth.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Pattern;

/** MariaDB or PostgreSQL on loopback, coordinates from {@code MCP_OAUTH_TEST_*} variables. */
final class ServerBackend extends TestBackend {

    private final String name;
    private final JdbcDialect dialect;
    private final String url;
    private final String user;
    private final String password;
    private final int defaultPort;
    private final String envPrefix;

    private ServerBackend(String name, JdbcDialect dialect, String envPrefix, String defaultUrl,
            String defaultUser, int defaultPort) {
        this.name = name;
        this.dialect = dialect;
        this.envPrefix = envPrefix;
        this.url = env(envPrefix + "_URL", defaultUrl);
        this.user = env(envPrefix + "_USER", defaultUser);
        this.password = env(envPrefix + "_PASSWORD", "");
        this.defaultPort = defaultPort;
    }

    static ServerBackend mariaDb() {
        return new ServerBackend("MariaDB", JdbcDialect.MARIADB, "MCP_OAUTH_TEST_MYSQL",
                "jdbc:mysql://127.0.0.1:3306/test", "root", 3306);
    }

    static ServerBackend postgres() {
        return new ServerBackend("PostgreSQL", JdbcDialect.POSTGRESQL, "MCP_OAUTH_TEST_POSTGRES",
                "jdbc:postgresql://127.0.0.1:5432/test", "postgres", 5432);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    @Override
    JdbcDialect dialect() {
        return dialect;
    }

    @Override
    InetSocketAddress address() {
        URI uri = URI.create(url.substring("jdbc:".length()));
        return new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? defaultPort : uri.getPort());
    }

    @Override
    HikariDataSource pool(InetSocketAddress through) {
        JdbcDataSources.PoolBuilder pool = JdbcDataSources.pool(through == null ? url : urlThrough(through))
                .user(user)
                .maximumPoolSize(16)
                .poolName(name + (through == null ? "" : "-through-proxy"));
        if (!password.isEmpty()) {
            pool.password(password);
        }
        if (through != null) {
            pool.connectionTimeout(Duration.ofSeconds(1)).socketTimeout(Duration.ofSeconds(4));
        }
        return pool.build();
    }

    private String urlThrough(InetSocketAddress proxy) {
        URI uri = URI.create(url.substring("jdbc:".length()));
        String authority = uri.getRawAuthority();
        String proxied = proxy.getHostString() + ":" + proxy.getPort();
        return url.replaceFirst("//" + Pattern.quote(authority), "//" + proxied);
    }

    @Override
    void requireReachable() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        DriverManager.setLoginTimeout(5);
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new AssertionError(name + " does not answer at " + url + " as " + user + " (" + e.getMessage()
                    + "). Start it with scripts/backends.sh (see DEVELOPERS.md), or point "
                    + envPrefix + "_URL/_USER/_PASSWORD at a running " + name + ".", e);
        }
    }
}
