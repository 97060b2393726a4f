package dev.mcpoauth.core.registration;

import static dev.mcpoauth.core.client.MetadataNames.*;

import dev.mcpoauth.core.cimd.MetadataDocumentException;
import dev.mcpoauth.core.cimd.MetadataDocumentException.Failure;
import dev.mcpoauth.core.cimd.MetadataDocumentUrl;
import dev.mcpoauth.core.client.ClientMetadata;
import dev.mcpoauth.core.client.JsonValues;
import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.internal.RedirectUris;
import dev.mcpoauth.core.internal.SafeText;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The document rules of DESIGN §9 on top of the DCR rules of §3.4: what makes a fetched
 * document a public client for its URL. The DCR rules are not repeated here; the document,
 * once checked for what only CIMD forbids, goes through {@link ClientMetadataValidator}.
 */
final class MetadataDocumentValidator {

    static final String AUTH_METHODS_SUPPORTED = "token_endpoint_auth_methods_supported";
    private static final String AUTH_METHOD_PRIVATE_KEY_JWT = "private_key_jwt";
    private static final List<String> URL_MEMBERS = List.of(CLIENT_URI, LOGO_URI, TOS_URI, POLICY_URI, JWKS_URI);
    /** JWK members that only a private or symmetric key has (RFC 7518 §6.2.2, §6.3.2, §6.4.1). */
    private static final Set<String> PRIVATE_JWK_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private MetadataDocumentValidator() {
    }

    static RegisteredClient validate(MetadataDocumentUrl url, Map<String, Object> document,
            RegistrationPolicy policy, Instant fetchedAt) {
        if (!(document.get(CLIENT_ID) instanceof String clientId) || !clientId.equals(url.value())) {
            throw invalid(CLIENT_ID + " must be a string equal to the document's URL, character for character");
        }
        if (!(document.get(CLIENT_NAME) instanceof String name) || name.isBlank()) {
            throw invalid(CLIENT_NAME + " is required and must be a non-empty string");
        }
        for (String secretMember : List.of(CLIENT_SECRET, CLIENT_SECRET_EXPIRES_AT)) {
            if (!JsonValues.isNull(document.get(secretMember))) {
                throw invalid(secretMember + " must not appear in a metadata document: its clients have no shared secret");
            }
        }
        for (Map.Entry<String, Object> member : document.entrySet()) {
            int hash = member.getKey().indexOf('#');
            String base = hash < 0 ? member.getKey() : member.getKey().substring(0, hash);
            if (URL_MEMBERS.contains(base) && member.getValue() instanceof String value && !value.isEmpty()) {
                requireHttps(member.getKey(), value);
            }
        }
        rejectPrivateKeys(document.get(JWKS));

        Map<String, Object> body = new LinkedHashMap<>(document);
        body.put(TOKEN_ENDPOINT_AUTH_METHOD, authMethod(document));
        ClientMetadata metadata;
        try {
            metadata = new ClientMetadataValidator(policy).validate(body);
        } catch (RegistrationException e) {
            throw invalid(e.description());
        }
        return RegisteredClient.builder()
                .clientId(url.value())
                .clientIdIssuedAt(fetchedAt)
                .metadata(metadata)
                .build();
    }

    /** Public clients only; {@code private_key_jwt} is negotiated down to {@code none} when the document offers it. */
    private static String authMethod(Map<String, Object> document) {
        Object declared = document.get(TOKEN_ENDPOINT_AUTH_METHOD);
        if (JsonValues.isNull(declared) || AUTH_METHOD_NONE.equals(declared)) {
            return AUTH_METHOD_NONE;
        }
        if (!(declared instanceof String method)) {
            throw invalid(TOKEN_ENDPOINT_AUTH_METHOD + " must be a string");
        }
        if (method.equals(AUTH_METHOD_PRIVATE_KEY_JWT)
                && document.get(AUTH_METHODS_SUPPORTED) instanceof List<?> supported
                && supported.contains(AUTH_METHOD_NONE)) {
            return AUTH_METHOD_NONE;
        }
        if (method.startsWith("client_secret_")) {
            throw invalid(TOKEN_ENDPOINT_AUTH_METHOD + " " + SafeText.quote(method)
                    + " needs a shared secret, which a metadata document client cannot have");
        }
        throw invalid(TOKEN_ENDPOINT_AUTH_METHOD + " " + SafeText.quote(method)
                + " is not supported for metadata document clients; only \"none\" is"
                + (method.equals(AUTH_METHOD_PRIVATE_KEY_JWT)
                        ? " (a document may declare private_key_jwt if " + AUTH_METHODS_SUPPORTED + " lists \"none\")"
                        : ""));
    }

    private static void requireHttps(String name, String value) {
        URI uri = RedirectUris.parseAbsolute(value).orElse(null);
        if (uri == null || !RedirectUris.scheme(uri).equals("https") || uri.getHost() == null
                || RedirectUris.hasUserInfo(uri)) {
            throw invalid(name + " " + SafeText.quote(value) + " must be an https URL");
        }
    }

    private static void rejectPrivateKeys(Object jwks) {
        if (jwks instanceof Map<?, ?> set && set.get("keys") instanceof List<?> keys) {
            for (Object key : keys) {
                if (key instanceof Map<?, ?> jwk) {
                    for (Object member : jwk.keySet()) {
                        if (PRIVATE_JWK_MEMBERS.contains(member)) {
                            throw invalid(JWKS + " must hold public keys only; a key has the private member \""
                                    + member + "\"");
                        }
                    }
                }
            }
        }
    }

    private static MetadataDocumentException invalid(String description) {
        return new MetadataDocumentException(Failure.INVALID_DOCUMENT,
                "the client metadata document is invalid: " + description, null);
    }
}
