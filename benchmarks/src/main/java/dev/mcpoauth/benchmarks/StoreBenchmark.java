package dev.mcpoauth.benchmarks;

import dev.mcpoauth.core.client.ClientMetadata;
import dev.mcpoauth.core.client.RegisteredClient;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code findById} and {@code create} of one typical client, one caller at a time, on every
 * store. The registry holds 10,000 clients before the measurement starts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class StoreBenchmark {

    private static final int PRELOADED = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Param({"h2", "mariadb", "postgres", "redis"})
    public String store;

    private Backends backend;
    private List<String> ids;

    @Setup(Level.Trial)
    public void open() {
        backend = Backends.open(store, 10);
        ids = backend.preload(PRELOADED);
    }

    @TearDown(Level.Trial)
    public void close() {
        backend.close();
    }

    @Benchmark
    public Optional<RegisteredClient> findById() {
        return backend.registry.findById(ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
    }

    @Benchmark
    public RegisteredClient create() {
        RegisteredClient client = typicalClient();
        backend.registry.create(client);
        return client;
    }

    /** What RegistrationService stores for mcp-remote's body: public, native, management on. */
    static RegisteredClient typicalClient() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return RegisteredClient.builder()
                .clientId(random(16))
                .clientIdIssuedAt(now)
                .registrationAccessTokenHash(Optional.of(random(32)))
                .metadata(ClientMetadata.builder()
                        .redirectUris(List.of("http://localhost:42165/oauth/callback"))
                        .applicationType("native")
                        .clientName("MCP CLI Proxy")
                        .clientUri(Optional.of("https://github.com/modelcontextprotocol/mcp-cli"))
                        .scope("openid email profile")
                        .softwareId(Optional.of("2e6dc280-f3c3-4e01-99a7-8181dbd1d23d"))
                        .softwareVersion(Optional.of("0.15.1"))
                        .build())
                .createdAt(now)
                .updatedAt(now)
                .version(1)
                .build();
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
