package dev.mcpoauth.benchmarks;

import dev.mcpoauth.core.cimd.FetchResponse;
import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registration.ClientDirectory;
import dev.mcpoauth.core.registration.ClientIdMetadataDocuments;
import dev.mcpoauth.core.registration.RegistrationPolicy;
import dev.mcpoauth.core.registration.RegistrationService;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code ClientDirectory.findClient} as {@code /authorize} and {@code /token} call it: a DCR id
 * in the in-memory registry, and a cached Client ID Metadata Document (issue 12: the second
 * within 2× of the first). The document is served once, in process, before measuring; every
 * measured lookup is a cache hit that still checks expiry and the current policies.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClientDirectoryBenchmark {

    static final String CIMD_ID = "https://claude.ai/oauth/claude-code-client-metadata";
    static final String DOCUMENT = "{\"client_id\":\"" + CIMD_ID + "\",\"client_name\":\"Claude Code\","
            + "\"client_uri\":\"https://claude.ai\",\"redirect_uris\":[\"http://localhost/callback\","
            + "\"http://127.0.0.1/callback\"],\"grant_types\":[\"authorization_code\",\"refresh_token\"],"
            + "\"response_types\":[\"code\"],\"token_endpoint_auth_method\":\"none\"}";

    private ClientDirectory directory;
    private String dcrId;

    @Setup
    public void setUp() throws Exception {
        InMemoryClientRegistry registry = new InMemoryClientRegistry();
        RegistrationPolicy policy = RegistrationPolicy.builder().enabled(true).build();
        dcrId = new RegistrationService(registry, policy)
                .register(RegistrationBenchmark.MCP_REMOTE_BODY, Optional.empty()).client().clientId();
        byte[] document = DOCUMENT.getBytes(StandardCharsets.UTF_8);
        ClientIdMetadataDocuments documents = ClientIdMetadataDocuments.builder(request -> new FetchResponse(200,
                        Map.of("Content-Type", List.of("application/json"), "Cache-Control", List.of("max-age=86400")),
                        document))
                .hostResolver(host -> List.of(InetAddress.getByAddress(host, new byte[] {(byte) 160, 79, 104, 10})))
                .registrationPolicy(policy)
                .build();
        directory = new ClientDirectory(registry, documents, Clock.systemUTC());
        if (directory.findClient(CIMD_ID).isEmpty() || directory.findClient(dcrId).isEmpty()) {
            throw new IllegalStateException("the benchmark's clients do not resolve");
        }
    }

    @Benchmark
    public Optional<RegisteredClient> findDcrClientInMemory() {
        return directory.findClient(dcrId);
    }

    @Benchmark
    public Optional<RegisteredClient> findCachedMetadataDocumentClient() {
        return directory.findClient(CIMD_ID);
    }
}
