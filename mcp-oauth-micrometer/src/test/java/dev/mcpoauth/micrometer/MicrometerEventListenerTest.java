package dev.mcpoauth.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpoauth.core.event.ClientSummary;
import dev.mcpoauth.core.event.ClientsReaped;
import dev.mcpoauth.core.event.MetadataDocumentRefused;
import dev.mcpoauth.core.event.MetadataDocumentResolved;
import dev.mcpoauth.core.event.RegistrationRateLimited;
import dev.mcpoauth.core.event.RegistrationRefused;
import dev.mcpoauth.core.registration.ClientConfigurationService;
import dev.mcpoauth.core.registration.ClientRegistration;
import dev.mcpoauth.core.registration.RegistrationException;
import dev.mcpoauth.core.registration.RegistrationPolicy;
import dev.mcpoauth.core.registration.RegistrationService;
import dev.mcpoauth.core.registration.SecretGenerator;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MicrometerEventListener")
class MicrometerEventListenerTest {

    private static final Instant NOW = Instant.parse("2026-05-06T07:08:09Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MicrometerEventListener listener = new MicrometerEventListener(meters);
    private final InMemoryClientRegistry registry = new InMemoryClientRegistry();
    private final RegistrationPolicy policy = RegistrationPolicy.builder().enabled(true).build();
    private final RegistrationService registration = RegistrationService.builder(registry, policy)
            .listeners(List.of(listener)).build();
    private final ClientConfigurationService configuration = new ClientConfigurationService(registry, policy,
            Clock.systemUTC(), SecretGenerator.secureRandom(), List.of(listener));

    private double count(String name, String... tags) {
        return meters.get(name).tags(tags).counter().count();
    }

    private static Map<String, Object> body(String redirect) {
        return Map.of("redirect_uris", List.of(redirect), "client_name", "Test");
    }

    @Test
    @DisplayName("counts registrations by outcome and error code, from the services' own events")
    void registrations() {
        registration.register(body("http://127.0.0.1/cb"), Optional.empty());
        registration.register(body("http://127.0.0.1/cb2"), Optional.empty());
        assertThatThrownBy(() -> registration.register(body("javascript:alert(1)"), Optional.empty()))
                .isInstanceOf(RegistrationException.class);
        listener.onEvent(new RegistrationRateLimited(NOW, "192.0.2.1", Duration.ofSeconds(30)));

        assertThat(count(MeterNames.REGISTRATIONS, "outcome", "registered", "error", "none")).isEqualTo(2);
        assertThat(count(MeterNames.REGISTRATIONS, "outcome", "refused", "error", "invalid_redirect_uri")).isEqualTo(1);
        assertThat(count(MeterNames.REGISTRATIONS, "outcome", "rate_limited", "error", "too_many_requests")).isEqualTo(1);
    }

    @Test
    @DisplayName("counts management requests by operation and outcome")
    void management() {
        ClientRegistration client = registration.register(body("http://127.0.0.1/cb"), Optional.empty());
        String id = client.client().clientId();
        configuration.read(id, client.registrationAccessToken());
        assertThatThrownBy(() -> configuration.read(id, Optional.of("wrong"))).isInstanceOf(RegistrationException.class);
        configuration.delete(id, client.registrationAccessToken());

        assertThat(count(MeterNames.MANAGEMENT, "operation", "read", "outcome", "success")).isEqualTo(1);
        assertThat(count(MeterNames.MANAGEMENT, "operation", "read", "outcome", "invalid_token")).isEqualTo(1);
        assertThat(count(MeterNames.MANAGEMENT, "operation", "delete", "outcome", "success")).isEqualTo(1);
    }

    @Test
    @DisplayName("counts CIMD resolutions by outcome and cache, and reaped clients")
    void cimdAndReaping() {
        ClientSummary client = new ClientSummary("https://app.example.com/client.json", Optional.of("App"),
                Optional.empty(), Optional.empty());
        listener.onEvent(new MetadataDocumentResolved(NOW, client, true));
        listener.onEvent(new MetadataDocumentResolved(NOW, client, false));
        listener.onEvent(new MetadataDocumentRefused(NOW, client.clientId(), "unreachable"));
        listener.onEvent(new ClientsReaped(NOW, NOW.minus(Duration.ofDays(90)), 7));

        assertThat(count(MeterNames.CIMD_RESOLUTIONS, "outcome", "resolved", "cache", "hit")).isEqualTo(1);
        assertThat(count(MeterNames.CIMD_RESOLUTIONS, "outcome", "resolved", "cache", "miss")).isEqualTo(1);
        assertThat(count(MeterNames.CIMD_RESOLUTIONS, "outcome", "unreachable", "cache", "none")).isEqualTo(1);
        assertThat(meters.get(MeterNames.CLIENTS_REAPED).counter().count()).isEqualTo(7);
    }

    @Test
    @DisplayName("never tags with a client id, name or address; an unexpected error text becomes 'other'")
    void lowCardinality() {
        for (int i = 0; i < 50; i++) {
            registration.register(body("http://127.0.0.1/cb" + i), Optional.empty());
        }
        listener.onEvent(new RegistrationRefused(NOW, "Weird Error " + "x".repeat(100), Optional.of("n"),
                Optional.empty(), Optional.of("198.51.100.7")));

        List<String> tagValues = meters.getMeters().stream().map(Meter::getId)
                .flatMap(id -> id.getTags().stream()).map(Tag::getValue).distinct().toList();
        assertThat(tagValues).containsOnly("registered", "none", "refused", "other");
        assertThat(registry.count()).isEqualTo(50);
    }
}
