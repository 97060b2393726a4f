package dev.mcpoauth.core.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.core.registry.InMemoryClientRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Shared fixtures for registration tests: a fixed clock, request bodies, and checked outcomes. */
final class Registrations {

    static final Instant NOW = Instant.parse("2026-03-04T05:06:07.891Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** Longest description an error may carry, however large the offending value. */
    static final int MAX_DESCRIPTION_LENGTH = 600;

    /** Marks a member to remove from the default body. */
    static final Object ABSENT = new Object();

    static final String WEB_REDIRECT = "https://client.example.com/callback";

    private Registrations() {
    }

    static RegistrationPolicy.Builder openPolicy() {
        return RegistrationPolicy.builder().enabled(true);
    }

    static RegistrationService service(RegistrationPolicy policy) {
        return new RegistrationService(new InMemoryClientRegistry(), policy, CLOCK, SecretGenerator.secureRandom());
    }

    /** A minimal valid body (one https redirect URI) with the given members put or, for {@link #ABSENT}, removed. */
    static Map<String, Object> body(Object... namesAndValues) {
        Map<String, Object> body = new HashMap<>();
        body.put("redirect_uris", List.of(WEB_REDIRECT));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            String name = (String) namesAndValues[i];
            Object value = namesAndValues[i + 1];
            if (value == ABSENT) {
                body.remove(name);
            } else {
                body.put(name, value);
            }
        }
        return body;
    }

    static ClientRegistration register(RegistrationPolicy policy, Map<String, ?> body) {
        return service(policy).register(body, Optional.empty());
    }

    /** Registers under the default open policy; fails the test with the refusal if there is one. */
    static ClientRegistration accepted(Map<String, ?> body) {
        return accepted(openPolicy().build(), body);
    }

    static ClientRegistration accepted(RegistrationPolicy policy, Map<String, ?> body) {
        try {
            return register(policy, body);
        } catch (RegistrationException e) {
            throw new AssertionError("expected the body to register, but got " + e.error().code() + ": "
                    + e.description() + "\nbody: " + body, e);
        }
    }

    static RegistrationException refused(Map<String, ?> body) {
        return refused(openPolicy().build(), body);
    }

    /** Registers expecting a refusal, and checks that its description is safe to log. */
    static RegistrationException refused(RegistrationPolicy policy, Map<String, ?> body) {
        RegistrationException e = catchThrowableOfType(RegistrationException.class, () -> register(policy, body));
        assertThat(e).as("a refusal of %s", body).isNotNull();
        assertSafeDescription(e);
        return e;
    }

    static void assertSafeDescription(RegistrationException e) {
        assertThat(e.description())
                .as("the description of %s", e.error())
                .isNotBlank()
                .doesNotContain("\r", "\n")
                .hasSizeLessThanOrEqualTo(MAX_DESCRIPTION_LENGTH);
    }

    static String repeat(char c, int times) {
        return String.valueOf(c).repeat(times);
    }
}
