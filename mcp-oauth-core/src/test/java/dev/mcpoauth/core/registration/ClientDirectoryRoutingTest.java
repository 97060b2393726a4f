package dev.mcpoauth.core.registration;

import static dev.mcpoauth.core.registration.Registrations.body;
import static dev.mcpoauth.core.registration.Registrations.openPolicy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ClientDirectory: URL ids go to metadata documents, all others to the registry")
class ClientDirectoryRoutingTest {

    static final String URL = "https://client.example/oauth/client.json";

    final MutableClock clock = new MutableClock(Instant.parse("2026-05-06T07:08:09Z"));
    final InMemoryClientRegistry registry = new InMemoryClientRegistry();
    final FakeOrigin origin = new FakeOrigin();
    final ClientIdMetadataDocuments documents = ClientIdMetadataDocuments.builder(origin)
            .clock(clock)
            .hostResolver(host -> List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 215, 14})))
            .build();
    final ClientDirectory directory = new ClientDirectory(registry, documents, clock);

    RegisteredClient registerWithDcr() {
        return new RegistrationService(registry, openPolicy().build(), clock, SecretGenerator.secureRandom())
                .register(body(), Optional.empty()).client();
    }

    static Map<String, Object> document(String url) {
        return Map.of("client_id", url, "client_name", "Example", "redirect_uris", List.of("https://client.example/cb"));
    }

    @Test
    void aDcrIdIsFoundInTheRegistryAndNeverFetched() {
        RegisteredClient client = registerWithDcr();

        assertThat(directory.findClient(client.clientId())).contains(client);
        assertThat(directory.findClient(UUID.randomUUID().toString())).isEmpty();
        assertThat(directory.isMetadataDocumentClient(client)).isFalse();
        assertThat(origin.fetches()).isZero();
    }

    @Test
    void aUrlIdIsResolvedThroughItsDocument() {
        origin.serveDocument(URL, document(URL));

        RegisteredClient client = directory.findClient(URL).orElseThrow();

        assertThat(client.clientId()).isEqualTo(URL);
        assertThat(directory.isMetadataDocumentClient(client)).isTrue();
        assertThat(directory.metadataDocumentsEnabled()).isTrue();
        assertThat(client.clientSecretHash()).isEmpty();
        assertThat(directory.verifySecret(client, "anything")).isFalse();
    }

    @Test
    void generatedIdsNeverStartWithHttps() {
        SecretGenerator generator = SecretGenerator.secureRandom();
        for (int i = 0; i < 100_000; i++) {
            String id = generator.newClientId();
            assertThat(id.regionMatches(true, 0, "https://", 0, 8)).as(id).isFalse();
            if (dev.mcpoauth.core.cimd.MetadataDocumentUrl.looksLikeUrl(id)) {
                throw new AssertionError("a generated id would be routed to CIMD: " + id);
            }
        }
    }

    @Test
    void withMetadataDocumentsOffAUrlIdIsSimplyUnknown() {
        origin.serveDocument(URL, document(URL));
        ClientDirectory dcrOnly = new ClientDirectory(registry, clock);

        assertThat(dcrOnly.findClient(URL)).isEmpty();
        assertThat(dcrOnly.metadataDocumentsEnabled()).isFalse();
        assertThat(origin.fetches()).isZero();
    }

    @Test
    void metadataDocumentClientsAreNeverStoredAndTouchDoesNothing() {
        registerWithDcr();
        long before = registry.count();
        for (int i = 0; i < 10; i++) {
            String url = "https://client" + i + ".example/c";
            origin.serveDocument(url, document(url));
        }

        for (int i = 0; i < 1_000; i++) {
            String url = "https://client" + (i % 10) + ".example/c";
            assertThat(directory.findClient(url)).isPresent();
            directory.touch(url);
        }

        assertThat(registry.count()).isEqualTo(before);
        assertThat(registry.findById(URL)).isEmpty();
        assertThat(origin.fetches()).isEqualTo(10);
    }

    @Test
    void touchStillRecordsUseOfARegisteredClient() {
        RegisteredClient client = registerWithDcr();

        directory.touch(client.clientId());

        assertThat(registry.findById(client.clientId()).orElseThrow().lastUsedAt()).contains(clock.instant());
    }
}
