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
 * Both with 16 callers on a pool of 10, so both saturate the pool. The target is
 * {@code register} ≥ 80% of {@code rawInsert}.
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
