package dev.mcpoauth.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import org.h2.tools.Server;

/**
 * H2 in this JVM, in memory or in a file under {@code target/}. An embedded database has no
 * network path to cut, so for the outage contract the same database is also served by an H2
 * TCP server started here, and the proxied registry connects through that.
 */
final class H2Backend extends TestBackend {

    private final String database;
    private Server tcpServer;

    private H2Backend(String database) {
        this.database = database;
    }

    static H2Backend inMemory() {
        return new H2Backend("mem:contract" + ThreadLocalRandom.current().nextInt(1 << 30));
    }

    static H2Backend inFile() {
        Path file = Path.of("target", "h2", "contract" + ThreadLocalRandom.current().nextInt(1 << 30))
                .toAbsolutePath();
        return new H2Backend(file.toString());
    }

    @Override
    JdbcDialect dialect() {
        return JdbcDialect.H2;
    }

    @Override
    synchronized InetSocketAddress address() {
        if (tcpServer == null) {
            try {
                tcpServer = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot start an H2 TCP server on loopback", e);
            }
        }
        return new InetSocketAddress("127.0.0.1", tcpServer.getPort());
    }

    @Override
    HikariDataSource pool(InetSocketAddress through) {
        String url = through == null
                ? "jdbc:h2:" + database + ";DB_CLOSE_DELAY=-1"
                : "jdbc:h2:tcp://" + through.getHostString() + ":" + through.getPort() + "/" + database;
        return JdbcDataSources.pool(url).user("sa").maximumPoolSize(16).poolName("h2").build();
    }

    @Override
    void requireReachable() {
        // embedded: nothing to start
    }

    @Override
    synchronized void close() {
        try {
            super.close();
        } finally {
            if (tcpServer != null) {
                tcpServer.stop();
            }
        }
    }
}
