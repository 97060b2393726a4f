package dev.mcpoauth.core.registration;

import static dev.mcpoauth.core.registration.Registrations.CLOCK;
import static dev.mcpoauth.core.registration.Registrations.body;
import static dev.mcpoauth.core.registration.Registrations.openPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.core.ratelimit.InMemoryRegistrationRateLimiter;
import dev.mcpoauth.core.ratelimit.RateLimit;
import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import dev.mcpoauth.core.ratelimit.RateLimiterUnavailableException;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("RegistrationService abuse controls (DESIGN §10)")
class RegistrationAbuseControlsTest {

    static final Optional<String> NO_TOKEN = Optional.empty();
    static final Map<String, Object> INVALID_BODY = body("redirect_uris", List.of("javascript:alert(1)"));

    final InMemoryClientRegistry registry = new InMemoryClientRegistry();

    RegistrationService.Builder service(RegistrationPolicy policy) {
        return RegistrationService.builder(registry, policy).clock(CLOCK);
    }

    @Nested
    @DisplayName("rate limit")
    class RateLimited {

        final RegistrationRateLimiter limiter = new InMemoryRegistrationRateLimiter(RateLimit.parse("2/1h"), CLOCK);

        @Test
        @DisplayName("the limiter is consulted before validation: over the limit, even a bad body gets too_many_requests")
        void checkedBeforeValidation() {
            RegistrationService service = service(openPolicy().build()).rateLimiter(limiter).build();
            service.register(body(), NO_TOKEN, "198.51.100.1");
            assertThatThrownBy(() -> service.register(INVALID_BODY, NO_TOKEN, "198.51.100.1"))
                    .isInstanceOf(RegistrationException.class)
                    .extracting(e -> ((RegistrationException) e).error())
                    .isEqualTo(RegistrationError.INVALID_REDIRECT_URI);

            RegistrationException refusal = catchThrowableOfType(RegistrationException.class,
                    () -> service.register(INVALID_BODY, NO_TOKEN, "198.51.100.1"));

            assertThat(refusal.error()).isEqualTo(RegistrationError.TOO_MANY_REQUESTS);
            RateLimitDecision decision = refusal.rateLimit().orElseThrow();
            assertThat(decision.retryAfter()).isEqualTo(Duration.ofMinutes(30));
            assertThat(refusal.description()).contains("1800 s");
            assertThat(registry.count()).isEqualTo(1);
        }

        @Test
        @DisplayName("each address has its own bucket")
        void addressesAreIndependent() {
            RegistrationService service = service(openPolicy().build()).rateLimiter(limiter).build();
            service.register(body(), NO_TOKEN, "198.51.100.2");
            service.register(body(), NO_TOKEN, "198.51.100.2");

            assertThat(service.register(body(), NO_TOKEN, "198.51.100.3").client().clientId()).isNotEmpty();
            assertThatThrownBy(() -> service.register(body(), NO_TOKEN, "198.51.100.2"))
                    .hasMessageContaining("too many registration attempts");
        }

        @Test
        @DisplayName("authentication comes first: a caller without the token is not counted")
        void unauthenticatedAttemptsAreNotCounted() {
            String token = "iat-" + java.util.UUID.randomUUID();
            RegistrationService service = service(openPolicy().initialAccessTokens(List.of(token)).build())
                    .rateLimiter(limiter).build();
            for (int i = 0; i < 5; i++) {
                assertThatThrownBy(() -> service.admit(Optional.of("198.51.100.4"), NO_TOKEN))
                        .extracting(e -> ((RegistrationException) e).error()).isEqualTo(RegistrationError.INVALID_TOKEN);
            }
            assertThat(service.admit(Optional.of("198.51.100.4"), Optional.of(token)).rateLimit().orElseThrow()
                    .remaining()).isEqualTo(1);
        }

        @Test
        @DisplayName("keyed by token, callers holding different valid tokens behind one address have their own buckets")
        void keyedByToken() {
            List<String> tokens = List.of("iat-one-" + java.util.UUID.randomUUID(), "iat-two-" + java.util.UUID.randomUUID());
            RegistrationService service = service(openPolicy().initialAccessTokens(tokens).build())
                    .rateLimiter(limiter).rateLimitKey(RateLimitKey.TOKEN).build();
            for (String token : tokens) {
                RegistrationAdmission first = service.admit(Optional.of("198.51.100.5"), Optional.of(token));
                service.admit(Optional.of("198.51.100.5"), Optional.of(token));
                assertThat(first.callerKey()).startsWith("token:").doesNotContain(token);
            }
            assertThatThrownBy(() -> service.admit(Optional.of("198.51.100.5"), Optional.of(tokens.get(0))))
                    .hasMessageContaining("too many registration attempts");
        }

        @Test
        @DisplayName("an unknown address counts against one shared key")
        void unknownAddressesShareAKey() {
            RegistrationService service = service(openPolicy().build()).rateLimiter(limiter).build();
            assertThat(service.admit(Optional.empty(), NO_TOKEN).callerKey()).isEqualTo("address:unknown");
            assertThat(service.admit(Optional.of("bad address\n"), NO_TOKEN).callerKey()).isEqualTo("address:unknown");
        }

        @Test
        @DisplayName("an admission is good for one registration, on the service that issued it")
        void admissionsAreSingleUse() {
            RegistrationService service = service(openPolicy().build()).rateLimiter(limiter).build();
            RegistrationAdmission admission = service.admit(Optional.of("198.51.100.6"), NO_TOKEN);
            service.register(admission, body());

            assertThatThrownBy(() -> service.register(admission, body())).isInstanceOf(IllegalStateException.class);
            RegistrationService other = service(openPolicy().build()).build();
            assertThatThrownBy(() -> other.register(service.admit(Optional.of("198.51.100.6"), NO_TOKEN), body()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    @DisplayName("limiter outage")
    class Outage {

        final RegistrationRateLimiter broken = new RegistrationRateLimiter() {
            @Override
            public RateLimit limit() {
                return RateLimit.parse("20/1h");
            }

            @Override
            public RateLimitDecision tryAcquire(String key) {
                throw new RateLimiterUnavailableException("limiter store down", new java.io.IOException("refused"));
            }
        };

        @Test
        @DisplayName("by default the attempt fails with the typed outage, and nothing is stored")
        void failsClosedByDefault() {
            RegistrationService service = service(openPolicy().build()).rateLimiter(broken).build();
            assertThatThrownBy(() -> service.register(body(), NO_TOKEN, "198.51.100.7"))
                    .isInstanceOf(RateLimiterUnavailableException.class);
            assertThat(registry.count()).isZero();
        }

        @Test
        @DisplayName("failing open, the attempt goes through without a decision")
        void failOpenLetsItThrough() {
            RegistrationService service = service(openPolicy().build()).rateLimiter(broken).rateLimiterFailOpen(true)
                    .build();
            RegistrationAdmission admission = service.admit(Optional.of("198.51.100.7"), NO_TOKEN);
            assertThat(admission.rateLimit()).isEmpty();
            service.register(admission, body());
            assertThat(registry.count()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("client cap")
    class ClientCap {

        @Test
        @DisplayName("the registration past the cap is access_denied 'client limit reached'; after a delete one more fits")
        void capRefusesThenMakesRoom() {
            RegistrationService service = service(openPolicy().maxClients(3).build()).build();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ids.add(service.register(body(), NO_TOKEN).client().clientId());
            }

            RegistrationException refusal = catchThrowableOfType(RegistrationException.class,
                    () -> service.register(body(), NO_TOKEN));
            assertThat(refusal.error()).isEqualTo(RegistrationError.ACCESS_DENIED);
            assertThat(refusal.description()).isEqualTo("client limit reached");

            registry.delete(ids.get(0));
            assertThat(service.register(body(), NO_TOKEN).client().clientId()).isNotEmpty();
            assertThat(registry.count()).isEqualTo(3);
        }

        @Test
        void noCapByDefault() {
            assertThat(RegistrationPolicy.builder().build().maxClients()).isZero();
            assertThatThrownBy(() -> RegistrationPolicy.builder().maxClients(-1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
