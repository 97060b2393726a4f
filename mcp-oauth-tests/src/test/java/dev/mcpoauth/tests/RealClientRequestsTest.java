package dev.mcpoauth.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.core.registration.ClientRegistration;
import dev.mcpoauth.core.registration.RegistrationException;
import dev.mcpoauth.core.registration.RegistrationPolicy;
import dev.mcpoauth.core.registration.RegistrationService;
import dev.mcpoauth.core.registration.SecretGenerator;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DESIGN §7: every body that a real MCP client sends registers with the core's defaults. The core
 * cannot use the kit (the kit depends on it), so the core's check of the kit's fixtures lives here.
 */
@DisplayName("Real MCP client registration requests, against the core")
class RealClientRequestsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-04T05:06:07.891Z"), ZoneOffset.UTC);

    static List<InteropFixtures.RegistrationRequest> requests() {
        return InteropFixtures.registrationRequests();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void registersWithTheDefaultPolicyAndEchoesRedirectUrisUnchanged(InteropFixtures.RegistrationRequest request) {
        RegistrationService service = new RegistrationService(new InMemoryClientRegistry(),
                RegistrationPolicy.builder().enabled(true).build(), CLOCK, SecretGenerator.secureRandom());
        ClientRegistration registration;
        try {
            registration = service.register(request.body(), Optional.empty());
        } catch (RegistrationException e) {
            throw new AssertionError(request.id() + " was refused: " + e.error().code() + ": " + e.description(), e);
        }

        assertThat(registration.toResponseMap().get("redirect_uris")).as(request.id())
                .isEqualTo(request.body().get("redirect_uris"));
        assertThat(registration.client().metadata().grantTypes()).as(request.id()).contains("authorization_code");
    }

    @Nested
    @DisplayName("the fixtures")
    class Fixtures {

        @Test
        @DisplayName("hold every captured client, each with a body naming its redirect URIs")
        void registrationRequestsAreComplete() {
            List<InteropFixtures.RegistrationRequest> requests = InteropFixtures.registrationRequests();

            assertThat(requests).extracting(InteropFixtures.RegistrationRequest::id)
                    .contains("mcp-remote-0.15.1-default", "vscode", "claude-code-2.0.76", "openid-client-6.9.0")
                    .doesNotHaveDuplicates();
            assertThat(requests).allSatisfy(r -> assertThat(r.body()).containsKey("redirect_uris"));
            assertThat(requests).filteredOn(r -> r.id().equals("mcp-remote-0.15.1-default")).singleElement()
                    .satisfies(r -> assertThat(r.contentType()).isEqualTo("application/json"));
        }

        @Test
        @DisplayName("hold the CIMD documents, each published at the URL that is its client_id")
        void cimdDocumentsAreComplete() {
            List<InteropFixtures.CimdDocument> documents = InteropFixtures.cimdDocuments();

            assertThat(documents).extracting(InteropFixtures.CimdDocument::id).contains("claude", "vscode")
                    .doesNotHaveDuplicates();
            assertThat(documents).allSatisfy(d -> {
                assertThat(d.document().get("client_id")).as(d.id()).isEqualTo(d.url());
                assertThat(d.redirectsPresented()).as(d.id()).isNotEmpty();
            });
        }

        @Test
        @DisplayName("are also readable as text, for modules with a JSON library of their own")
        void rawTextIsAvailable() {
            assertThat(InteropFixtures.registrationRequestsJson()).startsWith("{").contains("\"requests\"");
            assertThat(InteropFixtures.cimdDocumentsJson()).startsWith("{").contains("\"documents\"");
        }
    }

    @Nested
    @DisplayName("the fixtures' JSON reader")
    class Reader {

        @Test
        void readsEveryKindOfValue() {
            Object value = FixtureJson.parse(" {\"a\": [1, -2.5e1, true, false, null, \"x\\u00e9\\n\\\"\"], \"b\": {}, "
                    + "\"c\": []} ");

            assertThat(value).isEqualTo(Map.of("a", Arrays.asList(1L, -25.0, true, false, null, "xé\n\""),
                    "b", Map.of(), "c", List.of()));
        }

        @Test
        void refusesMalformedInput() {
            assertThatThrownBy(() -> FixtureJson.parse("{\"a\": 1,}")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> FixtureJson.parse("[1] 2")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> FixtureJson.parse("{\"a\" 1}")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
