package dev.mcpoauth.http.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.core.registration.RegistrationError;
import dev.mcpoauth.core.registration.RegistrationException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("A core refusal becomes an HTTP answer in one place")
class HttpProblemTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "INVALID_REDIRECT_URI, 400",
        "INVALID_CLIENT_METADATA, 400",
        "INVALID_REQUEST, 400",
        "INVALID_TOKEN, 401",
        "ACCESS_DENIED, 403",
        "NOT_FOUND, 404",
        "TOO_MANY_REQUESTS, 429",
    })
    @DisplayName("each error gets its status and keeps its code and description")
    void statusOfEachError(RegistrationError error, int status) {
        HttpProblem problem = HttpProblem.of(new RegistrationException(error, "what went wrong"));

        assertThat(problem.status()).isEqualTo(status);
        assertThat(problem.error()).isEqualTo(error.code());
        assertThat(problem.description()).isEqualTo("what went wrong");
        assertThat(problem.allow()).isEmpty();
        assertThat(problem.challenge().isPresent()).isEqualTo(status == 401);
    }

    @Test
    @DisplayName("a wrong token gets a Bearer challenge naming the error, with a quoted-string-safe description")
    void wrongTokenChallenge() {
        HttpProblem problem = HttpProblem.of(
                new RegistrationException(RegistrationError.INVALID_TOKEN, "the \"token\" is not valid\u00e9"));

        assertThat(problem.challenge())
                .contains("Bearer error=\"invalid_token\", error_description=\"the ?token? is not valid?\"");
    }

    @Test
    @DisplayName("no token at all gets a bare Bearer challenge (RFC 6750 §3.1)")
    void missingTokenChallenge() {
        HttpProblem problem = HttpProblem.of(RegistrationException.missingToken("a token is required"));

        assertThat(problem.status()).isEqualTo(401);
        assertThat(problem.challenge()).contains("Bearer");
    }
}
