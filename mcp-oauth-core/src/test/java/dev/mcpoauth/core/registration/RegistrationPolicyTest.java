package dev.mcpoauth.core.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.mcpoauth.core.registration.RegistrationPolicy.ScopePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("RegistrationPolicy's builder judges each setting")
class RegistrationPolicyTest {

    @Test
    @DisplayName("an initial access token shorter than 16 characters is refused by position, never by value")
    void shortInitialAccessToken() {
        String shortToken = "short-token-15c";
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RegistrationPolicy.builder()
                        .initialAccessTokens(List.of("0123456789abcdef", shortToken)))
                .withMessageContaining("#2").withMessageContaining("16").withMessageNotContaining(shortToken);
        assertThat(RegistrationPolicy.builder().initialAccessTokens(List.of("0123456789abcdef")).build()
                .initialAccessTokens()).containsExactly("0123456789abcdef");
    }

    @Test
    @DisplayName("a blank initial access token is refused")
    void blankInitialAccessToken() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RegistrationPolicy.builder().initialAccessTokens(List.of(" ".repeat(20))));
    }

    @Test
    @DisplayName("a client secret lifetime must be from zero to 100 years")
    void clientSecretLifetimeBounds() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RegistrationPolicy.builder().clientSecretLifetime(Duration.ofSeconds(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> RegistrationPolicy.builder()
                .clientSecretLifetime(RegistrationPolicy.MAX_CLIENT_SECRET_LIFETIME.plusSeconds(1)));
        assertThat(RegistrationPolicy.builder().clientSecretLifetime(RegistrationPolicy.MAX_CLIENT_SECRET_LIFETIME)
                .build().clientSecretLifetime()).isEqualTo(Duration.ofDays(36_525));
    }

    @Test
    @DisplayName("the scope policy and its scopes may be set apart; filter or reject without scopes fails at build")
    void scopePolicyApart() {
        RegistrationPolicy policy = RegistrationPolicy.builder().scopePolicy(ScopePolicy.FILTER)
                .allowedScopes(Set.of("mcp")).build();
        assertThat(policy.scopePolicy()).isEqualTo(ScopePolicy.FILTER);
        assertThat(policy.allowedScopes()).containsExactly("mcp");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> RegistrationPolicy.builder().scopePolicy(ScopePolicy.REJECT).build())
                .withMessageContaining("allowed scopes");
    }
}
