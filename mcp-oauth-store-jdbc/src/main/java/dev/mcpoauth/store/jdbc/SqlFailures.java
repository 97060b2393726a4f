package dev.mcpoauth.store.jdbc;

import dev.mcpoauth.core.registry.ClientRegistryException;
import dev.mcpoauth.core.registry.ClientRegistryUnavailableException;
import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Sorts a failure from the driver, the pool or jOOQ into the port's exceptions: unreachable or
 * timed out is {@link ClientRegistryUnavailableException}, anything else {@link ClientRegistryException}.
 * The cause is always kept.
 */
final class SqlFailures {

    /** MySQL/MariaDB's vendor code for a duplicate key; its SQLState is the generic 23000. */
    private static final int MYSQL_DUPLICATE_ENTRY = 1062;
    private static final int MYSQL_DUPLICATE_KEY_NAME = 1061;

    private static final Set<String> UNAVAILABLE_STATES = Set.of(
            "57014", // query canceled: the statement timeout (PostgreSQL, H2)
            "57P01", "57P02", "57P03", // PostgreSQL: admin shutdown, crash shutdown, cannot connect now
            "70100", // MySQL/MariaDB: query interrupted (max_statement_time)
            "HYT00", "HYT01", // timeout expired, connection timeout
            "40001", "40P01", // serialization failure, deadlock: retry later
            // H2: I/O error (over TCP: the socket), connection broken, database closed (twice)
            "90028", "90031", "90067", "90098", "90121");

    private static final Set<String> BROKEN_CONNECTION_STATES = Set.of("90028", "90031", "90067", "90098", "90121");

    private static final Set<String> CONCURRENT_DDL_STATES = Set.of("23505", "42P07", "42710");
    private static final int H2_GENERAL_ERROR = 50000;

    private static final int MAX_CAUSES = 32;
    private static final int MAX_DETAIL = 200;

    private SqlFailures() {
    }

    static ClientRegistryException translate(String action, Throwable failure) {
        if (isUnavailable(failure)) {
            return new ClientRegistryUnavailableException(
                    "client registry database unavailable: " + action + " failed" + detail(failure), failure);
        }
        return new ClientRegistryException("client registry " + action + " failed" + detail(failure), failure);
    }

    /** True when the failure is the primary key rejecting an existing id. */
    static boolean isDuplicateKey(Throwable failure) {
        for (Throwable t : causes(failure)) {
            if (t instanceof SQLException e) {
                String state = e.getSQLState();
                if ("23505".equals(state)
                        || ("23000".equals(state) && e.getErrorCode() == MYSQL_DUPLICATE_ENTRY)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isUnavailable(Throwable failure) {
        for (Throwable t : causes(failure)) {
            if (t instanceof SQLTransientException
                    || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException
                    || t instanceof SocketException
                    || t instanceof InterruptedIOException
                    || t instanceof EOFException) {
                return true;
            }
            if (t instanceof SQLException e && e.getSQLState() != null
                    && (e.getSQLState().startsWith("08") || UNAVAILABLE_STATES.contains(e.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when {@code … IF NOT EXISTS} DDL lost a race with the same DDL elsewhere: PostgreSQL
     * reports a catalog unique violation or a duplicate object, H2 a general error (50000).
     */
    /** MySQL/MariaDB's "duplicate key name": a {@code CREATE INDEX} found the index already there. */
    static boolean isExistingIndex(SQLException e) {
        return e.getErrorCode() == MYSQL_DUPLICATE_KEY_NAME && "42000".equals(e.getSQLState());
    }

    static boolean isConcurrentDdl(SQLException e) {
        return CONCURRENT_DDL_STATES.contains(e.getSQLState())
                || ("HY000".equals(e.getSQLState()) && e.getErrorCode() == H2_GENERAL_ERROR);
    }

    /**
     * True when the connection that raised this cannot be used again. HikariCP already knows
     * the standard signs (SQLState class 08 and some vendor codes); H2's are added here.
     */
    static boolean isBrokenConnection(SQLException e) {
        return e instanceof SQLNonTransientConnectionException
                || e instanceof SQLRecoverableException
                || (e.getSQLState() != null
                        && (e.getSQLState().startsWith("08") || BROKEN_CONNECTION_STATES.contains(e.getSQLState())));
    }

    /** The chain of causes and chained SQL exceptions, each once, bounded. */
    private static List<Throwable> causes(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        List<Throwable> out = new ArrayList<>();
        pending.add(failure);
        while (!pending.isEmpty() && out.size() < MAX_CAUSES) {
            Throwable t = pending.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            out.add(t);
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            if (t instanceof SQLException e && e.getNextException() != null) {
                pending.add(e.getNextException());
            }
        }
        return out;
    }

    /** SQLState, vendor code and the driver's first line, bounded and on one line. */
    private static String detail(Throwable failure) {
        for (Throwable t : causes(failure)) {
            if (t instanceof SQLException e) {
                String message = e.getMessage() == null ? "" : e.getMessage().replaceAll("[\\r\\n\\t]+", " ");
                if (message.length() > MAX_DETAIL) {
                    message = message.substring(0, MAX_DETAIL) + "…";
                }
                return " (SQLState " + e.getSQLState() + ", code " + e.getErrorCode() + ": " + message + ")";
            }
        }
        return " (" + failure.getClass().getName() + ")";
    }
}
