package dev.mcpoauth.tests;

import dev.mcpoauth.core.client.ClientMetadata;
import dev.mcpoauth.core.client.JsonValues;
import dev.mcpoauth.core.client.RegisteredClient;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fixtures: builders of realistic clients with random ids, in the manner of Spring Authorization
 * Server's {@code TestRegisteredClients}. Timestamps have millisecond precision, the least every
 * store must keep.
 */
public final class TestClients {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestClients() {
    }

    /** A random client id in the shape the core issues (128 bits, base64url). */
    public static String randomClientId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A random 43-character credential hash. */
    public static String randomHash() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Now, at millisecond precision. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** A public native client as Claude Code or mcp-remote registers it: loopback redirect, {@code none}. */
    public static RegisteredClient.Builder publicClient() {
        Instant now = now();
        return RegisteredClient.builder()
                .clientId(randomClientId())
                .clientIdIssuedAt(now)
                .registrationAccessTokenHash(Optional.of(randomHash()))
                .metadata(ClientMetadata.builder()
                        .redirectUris(List.of("http://localhost:58621/callback"))
                        .applicationType("native")
                        .clientName("Claude Code (test)")
                        .scope("mcp:tools")
                        .build())
                .createdAt(now)
                .updatedAt(now)
                .version(1);
    }

    /** A confidential web client with a secret that expires in a day. */
    public static RegisteredClient.Builder confidentialClient() {
        Instant now = now();
        return RegisteredClient.builder()
                .clientId(randomClientId())
                .clientIdIssuedAt(now)
                .clientSecretHash(Optional.of(randomHash()))
                .clientSecretExpiresAt(now.plus(1, ChronoUnit.DAYS).getEpochSecond())
                .registrationAccessTokenHash(Optional.of(randomHash()))
                .metadata(ClientMetadata.builder()
                        .redirectUris(List.of("https://chat.example.com/api/mcp/oauth/callback"))
                        .tokenEndpointAuthMethod("client_secret_post")
                        .applicationType("web")
                        .clientName("LibreChat (test)")
                        .build())
                .createdAt(now)
                .updatedAt(now)
                .version(1);
    }

    /**
     * A client with every field set at its limits: 20 redirect URIs of 2,048 characters, strings
     * of 1,024 characters, unicode outside the BMP, language-tagged values, a nested JWK Set, an
     * empty contacts list, and a recorded last use.
     */
    public static RegisteredClient.Builder fullyPopulatedClient() {
        Instant now = now();
        List<String> redirectUris = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String prefix = "https://app" + i + ".example.com/cb?x=";
            redirectUris.add(prefix + "q".repeat(2048 - prefix.length()));
        }
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("kty", "RSA");
        key.put("kid", "k\u00e9y-\uD83D\uDD11");
        key.put("n", "A".repeat(683));
        key.put("e", "AQAB");
        key.put("key_ops", List.of("verify"));
        key.put("ext", Boolean.TRUE);
        key.put("exp", 1_900_000_000L);
        key.put("x5t", JsonValues.NULL);
        Map<String, Object> jwks = new LinkedHashMap<>();
        jwks.put("keys", List.of(key));
        Map<String, String> localized = new LinkedHashMap<>();
        localized.put("client_name#ja", "\u30af\u30ed\u30fc\u30c9");
        localized.put("client_name#zh-Hant-TW", "\u514b\u52de\u5fb7");
        localized.put("logo_uri#fr", "https://example.com/logo-fr.png");
        return RegisteredClient.builder()
                .clientId(randomClientId())
                .clientIdIssuedAt(now.minus(3, ChronoUnit.DAYS))
                .clientSecretHash(Optional.of(randomHash()))
                .clientSecretExpiresAt(0)
                .registrationAccessTokenHash(Optional.of(randomHash()))
                .metadata(ClientMetadata.builder()
                        .redirectUris(redirectUris)
                        .tokenEndpointAuthMethod("client_secret_basic")
                        .grantTypes(List.of("authorization_code", "refresh_token"))
                        .responseTypes(List.of("code"))
                        .applicationType("web")
                        .clientName("\u00c9mile's \uD83E\uDD16 client \u2014 " + "n".repeat(1024 - 21))
                        .clientUri(Optional.of("https://example.com/" + "c".repeat(1024 - 20)))
                        .logoUri(Optional.of("https://example.com/logo.png"))
                        .scope("openid email profile mcp:tools " + "s".repeat(900))
                        .contacts(Optional.of(List.of()))
                        .tosUri(Optional.of("https://example.com/tos"))
                        .policyUri(Optional.of("https://example.com/policy"))
                        .jwks(Optional.of(jwks))
                        .softwareId(Optional.of("2e6dc280-f3c3-4e01-99a7-8181dbd1d23d"))
                        .softwareVersion(Optional.of("0.15.1"))
                        .localizedValues(localized)
                        .build())
                .createdAt(now.minus(3, ChronoUnit.DAYS))
                .updatedAt(now.minus(1, ChronoUnit.DAYS))
                .lastUsedAt(Optional.of(now.minus(5, ChronoUnit.MINUTES)))
                .version(7);
    }
}
