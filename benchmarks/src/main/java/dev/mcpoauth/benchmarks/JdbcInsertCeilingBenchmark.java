package dev.mcpoauth.benchmarks;

import dev.mcpoauth.core.registration.ClientRegistration;
import dev.mcpoauth.core.registration.RegistrationPolicy;
import dev.mcpoauth.core.registration.RegistrationService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Registration on MariaDB/PostgreSQL against its floor: a raw single-row {@code INSERT} of the
 * very row the store writes, through the same HikariCP pool, into a table of the same schema.
 * The target is {@code register} ≥ 80% of {@code rawInsert}.
 *
 * <p>Two ways to compare them, both with 16 callers on a pool of 10, so the pool is saturated:
 * <ul>
 *   <li>{@code side} (the figure the target is read from): one group of 8 callers registering
 *       and 8 inserting raw rows at the same time, through the same pool. Both see the same
 *       database at the same moment (its checkpoints, its growing tables, the neighbours' CPU),
 *       so their throughputs compare even when the machine drifts;</li>
 *   <li>{@code register}, {@code rawInsert} and {@code rawInsertWithTimeout} alone, one after the
 *       other: the absolute figures, which drift between trials.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(16)
@Fork(1)
public class JdbcInsertCeilingBenchmark {

    @Param({"mariadb", "postgres"})
    public String store;

    private Backends backend;
    private RegistrationService registration;
    private String rawTable;
    private String insertSql;
    private List<Object> template;
    private int clientIdColumn;

    @Setup(Level.Trial)
    public void open() throws SQLException {
        backend = Backends.open(store, 10);
        registration = new RegistrationService(backend.registry, RegistrationPolicy.builder().enabled(true).build());
        ClientRegistration one = registration.register(RegistrationBenchmark.MCP_REMOTE_BODY, Optional.empty());
        rawTable = backend.table + "_raw";
        try (Connection c = backend.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(createLikeSql(backend.table, rawTable));
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT * FROM " + backend.table + " WHERE client_id = ?")) {
                select.setString(1, one.client().clientId());
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    ResultSetMetaData meta = row.getMetaData();
                    List<String> columns = new ArrayList<>();
                    template = new ArrayList<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        columns.add(meta.getColumnName(i));
                        template.add(row.getObject(i));
                        if (meta.getColumnName(i).equalsIgnoreCase("client_id")) {
                            clientIdColumn = i;
                        }
                    }
                    insertSql = "INSERT INTO " + rawTable + " (" + String.join(", ", columns) + ") VALUES ("
                            + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
                }
            }
        }
    }

    private String createLikeSql(String table, String copy) {
        return store.equals("postgres")
                ? "CREATE TABLE " + copy + " (LIKE " + table + " INCLUDING ALL)"
                : "CREATE TABLE " + copy + " LIKE " + table;
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException {
        try (Connection c = backend.dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE " + rawTable);
        }
        backend.close();
    }

    @Benchmark
    @Group("side")
    @GroupThreads(8)
    public ClientRegistration sideRegister() {
        return register();
    }

    @Benchmark
    @Group("side")
    @GroupThreads(8)
    public int sideRawInsert() throws SQLException {
        return insert(0);
    }

    @Benchmark
    public ClientRegistration register() {
        return registration.register(RegistrationBenchmark.MCP_REMOTE_BODY, Optional.empty());
    }

    @Benchmark
    public int rawInsert() throws SQLException {
        return insert(0);
    }

    /** The same, with the 5-second statement timeout the store puts on every statement. */
    @Benchmark
    public int rawInsertWithTimeout() throws SQLException {
        return insert(5);
    }

    private int insert(int timeoutSeconds) throws SQLException {
        try (Connection c = backend.dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(insertSql)) {
            if (timeoutSeconds > 0) {
                insert.setQueryTimeout(timeoutSeconds);
            }
            for (int i = 0; i < template.size(); i++) {
                insert.setObject(i + 1, i + 1 == clientIdColumn ? StoreBenchmark.random(16) : template.get(i));
            }
            return insert.executeUpdate();
        }
    }
}
