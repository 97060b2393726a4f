package dev.mcpoauth.spring.authorizationserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;

class ResourceIndicatorsTest {

    private static final String MCP_SERVER = "https://mcp.example.com/mcp";
    private static final String OTHER_SERVER = "https://other.example.com/mcp";

    private final RegisteredClient client = RegisteredClient.withId(UUID.randomUUID().toString())
            .clientId("client-" + UUID.randomUUID())
            .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri("http://127.0.0.1/callback")
            .build();

    @Test
    @DisplayName("the resource of the authorization request becomes the access token's audience")
    void authorizedResourceIsTheAudience() {
        JwtEncodingContext context = accessTokenContext(Map.of("resource", MCP_SERVER), Map.of());

        new ResourceIndicators().customize(context);

        assertThat(context.getClaims().build().getAudience()).containsExactly(MCP_SERVER);
    }

    @Test
    @DisplayName("a resource in the token request narrows the audience to it")
    void tokenRequestNarrows() {
        JwtEncodingContext context = accessTokenContext(Map.of("resource", new String[] {MCP_SERVER, OTHER_SERVER}),
                Map.of("resource", OTHER_SERVER));

        new ResourceIndicators().customize(context);

        assertThat(context.getClaims().build().getAudience()).containsExactly(OTHER_SERVER);
    }

    @Test
    @DisplayName("a resource in the token request that was not authorized is invalid_target")
    void unauthorizedResourceRefused() {
        JwtEncodingContext context = accessTokenContext(Map.of("resource", MCP_SERVER), Map.of("resource", OTHER_SERVER));

        assertThatThrownBy(() -> new ResourceIndicators().customize(context))
                .isInstanceOfSatisfying(OAuth2AuthenticationException.class,
                        e -> assertThat(e.getError().getErrorCode()).isEqualTo("invalid_target"));
    }

    @Test
    @DisplayName("a resource that is relative or has a fragment is invalid_target")
    void malformedResourceRefused() {
        for (String malformed : List.of("/mcp", "https://mcp.example.com/mcp#tools", "not a uri")) {
            JwtEncodingContext context = accessTokenContext(Map.of("resource", malformed), Map.of());

            assertThatThrownBy(() -> new ResourceIndicators().customize(context)).as(malformed)
                    .isInstanceOfSatisfying(OAuth2AuthenticationException.class,
                            e -> assertThat(e.getError().getErrorCode()).isEqualTo("invalid_target"));
        }
    }

    @Test
    @DisplayName("without any resource, Spring's default audience (the client id) stays")
    void noResourceKeepsDefault() {
        JwtEncodingContext context = accessTokenContext(Map.of(), Map.of());

        new ResourceIndicators().customize(context);

        assertThat(context.getClaims().build().getAudience()).containsExactly(client.getClientId());
    }

    @Test
    @DisplayName("ID tokens are left alone")
    void idTokenUntouched() {
        JwtEncodingContext context = context(new OAuth2TokenType("id_token"), Map.of("resource", MCP_SERVER), Map.of());

        new ResourceIndicators().customize(context);

        assertThat(context.getClaims().build().getAudience()).containsExactly(client.getClientId());
    }

    private JwtEncodingContext accessTokenContext(Map<String, Object> authorizationParameters,
            Map<String, Object> tokenParameters) {
        return context(OAuth2TokenType.ACCESS_TOKEN, authorizationParameters, tokenParameters);
    }

    private JwtEncodingContext context(OAuth2TokenType type, Map<String, Object> authorizationParameters,
            Map<String, Object> tokenParameters) {
        OAuth2AuthorizationRequest request = OAuth2AuthorizationRequest.authorizationCode()
                .authorizationUri("https://as.example.com/oauth2/authorize")
                .clientId(client.getClientId())
                .redirectUri("http://127.0.0.1/callback")
                .additionalParameters(new HashMap<>(authorizationParameters))
                .build();
        OAuth2Authorization authorization = OAuth2Authorization.withRegisteredClient(client)
                .principalName("demo")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .attribute(OAuth2AuthorizationRequest.class.getName(), request)
                .build();
        OAuth2ClientAuthenticationToken clientPrincipal =
                new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
        OAuth2AuthorizationCodeAuthenticationToken grant = new OAuth2AuthorizationCodeAuthenticationToken("code",
                clientPrincipal, "http://127.0.0.1/callback", new HashMap<>(tokenParameters));
        return JwtEncodingContext.with(JwsHeader.with(SignatureAlgorithm.RS256),
                        JwtClaimsSet.builder().subject("demo").audience(List.of(client.getClientId())))
                .registeredClient(client)
                .principal(clientPrincipal)
                .authorization(authorization)
                .tokenType(type)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrant(grant)
                .build();
    }
}
