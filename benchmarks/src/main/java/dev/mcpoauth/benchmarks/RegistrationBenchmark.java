package dev.mcpoauth.benchmarks;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registration.ClientRegistration;
import dev.mcpoauth.core.registration.RegistrationPolicy;
import dev.mcpoauth.core.registration.RegistrationService;
import dev.mcpoauth.core.registry.ClientPage;
import dev.mcpoauth.core.registry.ClientQuery;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Registration in the core: a typical MCP body (mcp-remote's) validated and registered, once
 * into a registry that keeps nothing (validation + credential generation + hashing) and once
 * into the in-memory registry.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RegistrationBenchmark {

    /** mcp-remote 0.15.1's body, as captured on the wire. */
    static final Map<String, Object> MCP_REMOTE_BODY = Map.of(
            "redirect_uris", List.of("http://localhost:42165/oauth/callback"),
            "token_endpoint_auth_method", "none",
            "grant_types", List.of("authorization_code", "refresh_token"),
            "response_types", List.of("code"),
            "client_name", "MCP CLI Proxy",
            "client_uri", "https://github.com/modelcontextprotocol/mcp-cli",
            "software_id", "2e6dc280-f3c3-4e01-99a7-8181dbd1d23d",
            "software_version", "0.15.1",
            "scope", "openid email profile",
            "application_type", "native");

    private RegistrationService discarding;
    private RegistrationService inMemory;

    @Setup(Level.Iteration)
    public void setUp() {
        // a fresh registry per iteration keeps the heap from growing across the run
        RegistrationPolicy policy = RegistrationPolicy.builder().enabled(true).build();
        discarding = new RegistrationService(new DiscardingRegistry(), policy);
        inMemory = new RegistrationService(new InMemoryClientRegistry(), policy);
    }

    @Benchmark
    public ClientRegistration validateAndIssue() {
        return discarding.register(MCP_REMOTE_BODY, Optional.empty());
    }

    @Benchmark
    public ClientRegistration registerInMemory() {
        return inMemory.register(MCP_REMOTE_BODY, Optional.empty());
    }

    /** Accepts every client and keeps none: isolates the core's own work. */
    static final class DiscardingRegistry implements ClientRegistry {
        @Override
        public void create(RegisteredClient client) {
        }

        @Override
        public Optional<RegisteredClient> findById(String clientId) {
            return Optional.empty();
        }

        @Override
        public boolean replace(RegisteredClient client, long expectedVersion) {
            return false;
        }

        @Override
        public boolean delete(String clientId) {
            return false;
        }

        @Override
        public void touch(String clientId, Instant when) {
        }

        @Override
        public int deleteUnusedSince(Instant cutoff, int limit) {
            return 0;
        }

        @Override
        public long count() {
            return 0;
        }

        @Override
        public ClientPage list(ClientQuery query) {
            return ClientPage.of(query, List.of(), Optional.empty());
        }
    }
}
