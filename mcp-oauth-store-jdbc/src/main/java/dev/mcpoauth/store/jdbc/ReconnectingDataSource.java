package dev.mcpoauth.store.jdbc;

import java.io.PrintWriter;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * Where the pool gets new connections: while the database is unreachable, it keeps trying at a
 * short, fixed interval instead of failing back to the pool.
 *
 * <p>Why: HikariCP doubles the pause between its own attempts after each failure, up to 5
 * seconds. After an outage of a few seconds it may be in such a pause when the database comes
 * back, and the first caller, who waits at most the connection timeout (2 seconds by default),
 * gets an error although the database answers. With this source the pool connects within one
 * {@link #interval} of the database being back. Only the pool's single connection-adding thread
 * calls it, so an outage costs one connection attempt per interval.
 *
 * <p>Failures that are not about reaching the database (bad credentials, unknown database) are
 * passed on at once, as are all failures once the pool is closing or the thread is interrupted.
 */
final class ReconnectingDataSource implements DataSource {

    private static final System.Logger LOG = System.getLogger(ReconnectingDataSource.class.getName());

    private final DataSource driver;
    private final Duration interval;
    private final BooleanSupplier closed;
    private final String poolName;

    /**
     * @param driver opens a connection to the database
     * @param interval the pause between two attempts while the database is unreachable
     * @param closed true once the pool is closing: the attempts stop
     * @param poolName names the pool in the log
     */
    ReconnectingDataSource(DataSource driver, Duration interval, BooleanSupplier closed, String poolName) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.closed = Objects.requireNonNull(closed, "closed");
        this.poolName = Objects.requireNonNull(poolName, "poolName");
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connect(driver::getConnection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return connect(() -> driver.getConnection(username, password));
    }

    private interface Connect {
        Connection open() throws SQLException;
    }

    private Connection connect(Connect connect) throws SQLException {
        int failures = 0;
        while (true) {
            try {
                Connection connection = connect.open();
                if (failures > 0) {
                    int attempts = failures + 1;
                    LOG.log(Level.INFO, () -> "pool " + poolName + ": the database answers again after " + attempts
                            + " connection attempts");
                }
                return connection;
            } catch (SQLException e) {
                if (!SqlFailures.isUnavailable(e) || closed.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                if (failures++ == 0) {
                    // SQLState and class only: a driver's message may name the user or the host
                    LOG.log(Level.WARNING, () -> "pool " + poolName + ": cannot connect to the database (SQLState "
                            + e.getSQLState() + ", " + e.getClass().getName() + "); trying again every "
                            + interval.toMillis() + " ms");
                }
                LockSupport.parkNanos(interval.toNanos());
            }
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return driver.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        driver.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        driver.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return driver.getLoginTimeout();
    }

    @Override
    public java.util.logging.Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return driver.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : driver.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || driver.isWrapperFor(type);
    }
}
