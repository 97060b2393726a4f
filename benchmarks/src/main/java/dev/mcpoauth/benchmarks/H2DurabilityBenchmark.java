package dev.mcpoauth.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.store.jdbc.JdbcClientRegistry;
import dev.mcpoauth.store.jdbc.JdbcDataSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * What durability costs on the embedded H2 file the server uses by default: {@code create} of a
 * typical client with {@code WRITE_DELAY=0} (every commit written to the file before it
 * returns: the server's setting) against H2's own default of 500 ms (commits held in memory and
 * written in the background, lost on a crash), with one caller and with 16.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class H2DurabilityBenchmark {

    @Param({"0", "500"})
    public int writeDelay;

    private Path directory;
    private HikariDataSource dataSource;
    private JdbcClientRegistry registry;

    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = Files.createTempDirectory("h2-durability");
        dataSource = JdbcDataSources.pool("jdbc:h2:file:" + directory.resolve("bench")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=" + writeDelay).user("sa").password("")
                .maximumPoolSize(16).poolName("bench").build();
        registry = JdbcClientRegistry.builder(dataSource).build();
        registry.createSchemaIfMissing();
    }

    @TearDown(Level.Trial)
    public void close() {
        dataSource.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    @Threads(1)
    public RegisteredClient createOneCaller() {
        RegisteredClient client = StoreBenchmark.typicalClient();
        registry.create(client);
        return client;
    }

    @Benchmark
    @Threads(16)
    public RegisteredClient createSixteenCallers() {
        RegisteredClient client = StoreBenchmark.typicalClient();
        registry.create(client);
        return client;
    }
}
