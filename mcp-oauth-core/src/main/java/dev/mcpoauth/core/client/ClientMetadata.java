package dev.mcpoauth.core.client;

import static dev.mcpoauth.core.internal.Preconditions.requireArgument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The client metadata of RFC 7591 §2 that the registry keeps, as registered (after validation
 * and defaults). Immutable; absent members are {@link Optional#empty()}, never {@code null}.
 * Lists keep their order and hold no duplicates.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591#section-2">RFC 7591 §2, client metadata</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8252#section-7">RFC 8252 §7, native app redirect URIs</a>
 */
public final class ClientMetadata {

    private final List<String> redirectUris;
    private final String tokenEndpointAuthMethod;
    private final List<String> grantTypes;
    private final List<String> responseTypes;
    private final String applicationType;
    private final String clientName;
    private final String clientUri;
    private final String logoUri;
    private final String scope;
    private final List<String> contacts;
    private final String tosUri;
    private final String policyUri;
    private final String jwksUri;
    private final Map<String, Object> jwks;
    private final String softwareId;
    private final String softwareVersion;
    private final Map<String, String> localizedValues;

    private ClientMetadata(Builder b) {
        requireArgument(b.redirectUris != null, "redirectUris is required");
        requireArgument(b.tokenEndpointAuthMethod != null, "tokenEndpointAuthMethod is required");
        requireArgument(b.grantTypes != null, "grantTypes is required");
        requireArgument(b.responseTypes != null, "responseTypes is required");
        requireArgument(b.applicationType != null, "applicationType is required");
        this.redirectUris = distinct(b.redirectUris);
        this.tokenEndpointAuthMethod = canonical(b.tokenEndpointAuthMethod);
        this.grantTypes = distinct(b.grantTypes);
        this.responseTypes = distinct(b.responseTypes);
        this.applicationType = canonical(b.applicationType);
        this.clientName = b.clientName;
        this.clientUri = b.clientUri;
        this.logoUri = b.logoUri;
        this.scope = b.scope;
        this.contacts = b.contacts == null ? null : distinct(b.contacts);
        this.tosUri = b.tosUri;
        this.policyUri = b.policyUri;
        this.jwksUri = b.jwksUri;
        this.jwks = b.jwks == null ? null : JsonValues.immutableObject(b.jwks);
        this.softwareId = b.softwareId;
        this.softwareVersion = b.softwareVersion;
        for (String key : b.localizedValues.keySet()) {
            int hash = key.indexOf('#');
            requireArgument(hash > 0 && hash < key.length() - 1
                    && MetadataNames.LOCALIZABLE.contains(key.substring(0, hash)),
                    "not a language-tagged member name: %s", key);
        }
        this.localizedValues = b.localizedValues.isEmpty()
                ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(b.localizedValues));
    }

    private static List<String> distinct(List<String> values) {
        List<String> copy = new ArrayList<>(values.size());
        for (String value : values) {
            Objects.requireNonNull(value, "list element");
            if (!copy.contains(value)) {
                copy.add(canonical(value));
            }
        }
        return List.copyOf(copy);
    }

    /**
     * The shared constant for a well-known value, so that a registry holding many clients keeps
     * one copy of {@code "authorization_code"} rather than one per client.
     */
    private static String canonical(String value) {
        switch (value) {
            case MetadataNames.GRANT_AUTHORIZATION_CODE: return MetadataNames.GRANT_AUTHORIZATION_CODE;
            case MetadataNames.GRANT_REFRESH_TOKEN: return MetadataNames.GRANT_REFRESH_TOKEN;
            case MetadataNames.RESPONSE_TYPE_CODE: return MetadataNames.RESPONSE_TYPE_CODE;
            case MetadataNames.AUTH_METHOD_NONE: return MetadataNames.AUTH_METHOD_NONE;
            case MetadataNames.AUTH_METHOD_CLIENT_SECRET_BASIC: return MetadataNames.AUTH_METHOD_CLIENT_SECRET_BASIC;
            case MetadataNames.AUTH_METHOD_CLIENT_SECRET_POST: return MetadataNames.AUTH_METHOD_CLIENT_SECRET_POST;
            case MetadataNames.APPLICATION_TYPE_WEB: return MetadataNames.APPLICATION_TYPE_WEB;
            case MetadataNames.APPLICATION_TYPE_NATIVE: return MetadataNames.APPLICATION_TYPE_NATIVE;
            default: return value;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this metadata. */
    public Builder toBuilder() {
        Builder b = new Builder()
                .redirectUris(redirectUris)
                .tokenEndpointAuthMethod(tokenEndpointAuthMethod)
                .grantTypes(grantTypes)
                .responseTypes(responseTypes)
                .applicationType(applicationType);
        b.clientName = clientName;
        b.clientUri = clientUri;
        b.logoUri = logoUri;
        b.scope = scope;
        b.contacts = contacts;
        b.tosUri = tosUri;
        b.policyUri = policyUri;
        b.jwksUri = jwksUri;
        b.jwks = jwks;
        b.softwareId = softwareId;
        b.softwareVersion = softwareVersion;
        b.localizedValues.putAll(localizedValues);
        return b;
    }

    public List<String> redirectUris() {
        return redirectUris;
    }

    public String tokenEndpointAuthMethod() {
        return tokenEndpointAuthMethod;
    }

    public List<String> grantTypes() {
        return grantTypes;
    }

    public List<String> responseTypes() {
        return responseTypes;
    }

    /** {@code web} or {@code native} (OpenID Connect Dynamic Registration). */
    public String applicationType() {
        return applicationType;
    }

    public Optional<String> clientName() {
        return Optional.ofNullable(clientName);
    }

    public Optional<String> clientUri() {
        return Optional.ofNullable(clientUri);
    }

    public Optional<String> logoUri() {
        return Optional.ofNullable(logoUri);
    }

    public Optional<String> scope() {
        return Optional.ofNullable(scope);
    }

    /** Contacts, or empty when the client sent none; a present list may itself be empty. */
    public Optional<List<String>> contacts() {
        return Optional.ofNullable(contacts);
    }

    public Optional<String> tosUri() {
        return Optional.ofNullable(tosUri);
    }

    public Optional<String> policyUri() {
        return Optional.ofNullable(policyUri);
    }

    public Optional<String> jwksUri() {
        return Optional.ofNullable(jwksUri);
    }

    /**
     * The JWK Set as a tree of JSON values: {@code Map<String, Object>}, {@code List<Object>},
     * {@code String}, {@code Number}, {@code Boolean}, or {@link JsonValues#NULL}. Unmodifiable.
     */
    public Optional<Map<String, Object>> jwks() {
        return Optional.ofNullable(jwks);
    }

    public Optional<String> softwareId() {
        return Optional.ofNullable(softwareId);
    }

    public Optional<String> softwareVersion() {
        return Optional.ofNullable(softwareVersion);
    }

    /**
     * Language-tagged variants of human-readable members (RFC 7591 §2.2), keyed by the full
     * member name such as {@code client_name#ja}, sorted by key. Empty when there are none.
     */
    public Map<String, String> localizedValues() {
        return localizedValues;
    }

    /** The metadata as RFC 7591 response members, in a stable order; absent members omitted. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(MetadataNames.REDIRECT_URIS, redirectUris);
        m.put(MetadataNames.TOKEN_ENDPOINT_AUTH_METHOD, tokenEndpointAuthMethod);
        m.put(MetadataNames.GRANT_TYPES, grantTypes);
        m.put(MetadataNames.RESPONSE_TYPES, responseTypes);
        m.put(MetadataNames.APPLICATION_TYPE, applicationType);
        putIfPresent(m, MetadataNames.CLIENT_NAME, clientName);
        putIfPresent(m, MetadataNames.CLIENT_URI, clientUri);
        putIfPresent(m, MetadataNames.LOGO_URI, logoUri);
        putIfPresent(m, MetadataNames.SCOPE, scope);
        putIfPresent(m, MetadataNames.CONTACTS, contacts);
        putIfPresent(m, MetadataNames.TOS_URI, tosUri);
        putIfPresent(m, MetadataNames.POLICY_URI, policyUri);
        putIfPresent(m, MetadataNames.JWKS_URI, jwksUri);
        putIfPresent(m, MetadataNames.JWKS, jwks);
        putIfPresent(m, MetadataNames.SOFTWARE_ID, softwareId);
        putIfPresent(m, MetadataNames.SOFTWARE_VERSION, softwareVersion);
        m.putAll(localizedValues);
        return m;
    }

    private static void putIfPresent(Map<String, Object> m, String name, Object value) {
        if (value != null) {
            m.put(name, value);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientMetadata other && toMap().equals(other.toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "ClientMetadata" + toMap();
    }

    /** Builds {@link ClientMetadata}; copies every collection it is given. */
    public static final class Builder {
        private List<String> redirectUris;
        private String tokenEndpointAuthMethod = MetadataNames.AUTH_METHOD_NONE;
        private List<String> grantTypes =
                List.of(MetadataNames.GRANT_AUTHORIZATION_CODE, MetadataNames.GRANT_REFRESH_TOKEN);
        private List<String> responseTypes = List.of(MetadataNames.RESPONSE_TYPE_CODE);
        private String applicationType = MetadataNames.APPLICATION_TYPE_WEB;
        private String clientName;
        private String clientUri;
        private String logoUri;
        private String scope;
        private List<String> contacts;
        private String tosUri;
        private String policyUri;
        private String jwksUri;
        private Map<String, Object> jwks;
        private String softwareId;
        private String softwareVersion;
        private final Map<String, String> localizedValues = new TreeMap<>();

        private Builder() {
        }

        public Builder redirectUris(List<String> redirectUris) {
            this.redirectUris = List.copyOf(redirectUris);
            return this;
        }

        public Builder tokenEndpointAuthMethod(String method) {
            this.tokenEndpointAuthMethod = Objects.requireNonNull(method);
            return this;
        }

        public Builder grantTypes(List<String> grantTypes) {
            this.grantTypes = List.copyOf(grantTypes);
            return this;
        }

        public Builder responseTypes(List<String> responseTypes) {
            this.responseTypes = List.copyOf(responseTypes);
            return this;
        }

        public Builder applicationType(String applicationType) {
            this.applicationType = Objects.requireNonNull(applicationType);
            return this;
        }

        public Builder clientName(Optional<String> value) {
            this.clientName = value.orElse(null);
            return this;
        }

        public Builder clientName(String value) {
            return clientName(Optional.of(value));
        }

        public Builder clientUri(Optional<String> value) {
            this.clientUri = value.orElse(null);
            return this;
        }

        public Builder logoUri(Optional<String> value) {
            this.logoUri = value.orElse(null);
            return this;
        }

        public Builder scope(Optional<String> value) {
            this.scope = value.orElse(null);
            return this;
        }

        public Builder scope(String value) {
            return scope(Optional.of(value));
        }

        public Builder contacts(Optional<List<String>> value) {
            this.contacts = value.map(List::copyOf).orElse(null);
            return this;
        }

        public Builder tosUri(Optional<String> value) {
            this.tosUri = value.orElse(null);
            return this;
        }

        public Builder policyUri(Optional<String> value) {
            this.policyUri = value.orElse(null);
            return this;
        }

        public Builder jwksUri(Optional<String> value) {
            this.jwksUri = value.orElse(null);
            return this;
        }

        public Builder jwks(Optional<Map<String, Object>> value) {
            this.jwks = value.orElse(null);
            return this;
        }

        public Builder softwareId(Optional<String> value) {
            this.softwareId = value.orElse(null);
            return this;
        }

        public Builder softwareVersion(Optional<String> value) {
            this.softwareVersion = value.orElse(null);
            return this;
        }

        /** Replaces the language-tagged values; keys such as {@code client_name#ja}. */
        public Builder localizedValues(Map<String, String> values) {
            this.localizedValues.clear();
            values.forEach((k, v) -> this.localizedValues.put(Objects.requireNonNull(k), Objects.requireNonNull(v)));
            return this;
        }

        public ClientMetadata build() {
            return new ClientMetadata(this);
        }
    }
}
