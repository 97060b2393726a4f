package dev.mcpoauth.spring.authorizationserver;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.keygen.StringKeyGenerator;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.token.OAuth2RefreshTokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;

/**
 * Refresh tokens for every client that registered the {@code refresh_token} grant, public ones
 * included. Spring's {@link OAuth2RefreshTokenGenerator} issues none to a public client after the
 * authorization-code grant; MCP clients are public and rely on refresh tokens, and OAuth 2.1
 * (§4.3.1) allows them when they are rotated, which {@link ClientDirectoryRegisteredClientRepository}
 * turns on ({@code reuseRefreshTokens=false}). Same token shape as Spring's: 96 random bytes,
 * URL-safe base64, lifetime from the client's token settings.
 */
public final class PublicClientRefreshTokenGenerator implements OAuth2TokenGenerator<OAuth2RefreshToken> {

    private final StringKeyGenerator keys = new Base64StringKeyGenerator(Base64.getUrlEncoder().withoutPadding(), 96);
    private final Clock clock;

    /** A generator on the system clock. */
    public PublicClientRefreshTokenGenerator() {
        this(Clock.systemUTC());
    }

    /** A generator whose tokens are issued at {@code clock}'s instant. */
    public PublicClientRefreshTokenGenerator(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A refresh token, or {@code null} when the context asks for another token type. */
    @Override
    public OAuth2RefreshToken generate(OAuth2TokenContext context) {
        if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())) {
            return null;
        }
        Instant issuedAt = clock.instant();
        Instant expiresAt = issuedAt.plus(context.getRegisteredClient().getTokenSettings().getRefreshTokenTimeToLive());
        return new OAuth2RefreshToken(keys.generateKey(), issuedAt, expiresAt);
    }
}
