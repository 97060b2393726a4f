package dev.mcpoauth.http.jakarta;

import dev.mcpoauth.core.client.JsonValues;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the HTTP binding presents itself: where it lives, how big a request may be, which browser
 * origins may call it, and the host-supplied members of the
 * <a href="https://www.rfc-editor.org/rfc/rfc8414#section-2">RFC 8414 §2</a> metadata document.
 * Immutable; build with {@link #builder()}, which is the one place each option is judged.
 */
public final class HttpBindingOptions {

    /** The smallest body cap accepted: a registration request with a few redirect URIs needs about this much. */
    public static final int MIN_BODY_BYTES = 1024;

    /** The largest body cap accepted. */
    public static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    /** One or more segments of RFC 3986 unreserved characters, each after a {@code /}. */
    private static final Pattern BASE_PATH = Pattern.compile("(/[A-Za-z0-9._~-]+)+");

    /** Members of the metadata document that the binding derives from the policy; hosts may not set them. */
    static final Set<String> DERIVED_METADATA = Set.of(
            "registration_endpoint", "grant_types_supported", "response_types_supported",
            "token_endpoint_auth_methods_supported", "code_challenge_methods_supported",
            "client_id_metadata_document_supported");

    private final String basePath;
    private final String publicBaseUrl;
    private final int maxBodyBytes;
    private final Set<String> corsAllowedOrigins;
    private final Duration corsMaxAge;
    private final Duration retryAfter;
    private final boolean clientIdMetadataDocumentsSupported;
    private final Map<String, Object> metadata;
    private final ClientAddressResolver clientAddresses;

    private HttpBindingOptions(Builder b) {
        this.basePath = b.basePath;
        this.publicBaseUrl = b.publicBaseUrl;
        this.maxBodyBytes = b.maxBodyBytes;
        this.corsAllowedOrigins = Collections.unmodifiableSet(new LinkedHashSet<>(b.corsAllowedOrigins));
        this.corsMaxAge = b.corsMaxAge;
        this.retryAfter = b.retryAfter;
        this.clientIdMetadataDocumentsSupported = b.clientIdMetadataDocumentsSupported;
        this.metadata = JsonValues.immutableObject(b.metadata);
        this.clientAddresses = b.clientAddresses;
    }

    /** A builder holding the defaults: base path {@code /register}, 64 KiB bodies, any CORS origin. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults, as {@link #builder()} describes them. */
    public static HttpBindingOptions defaults() {
        return builder().build();
    }

    /** The path of the registration endpoint inside the servlet context, e.g. {@code /register}. */
    public String basePath() {
        return basePath;
    }

    /**
     * The servlet mapping that routes every request under {@link #basePath()} to the
     * {@link ClientRegistrationServlet}: {@code basePath + "/*"} (which also matches the base itself).
     */
    public String servletMapping() {
        return basePath + "/*";
    }

    /**
     * The externally visible URL of the servlet context root (scheme, host, port and context path,
     * no trailing slash), used for {@code registration_client_uri}, {@code Location} and
     * {@code registration_endpoint}. Empty means "derive it from each request", which trusts the
     * request's {@code Host} header: set it in production.
     */
    public Optional<String> publicBaseUrl() {
        return Optional.ofNullable(publicBaseUrl);
    }

    /** The largest request body read, in bytes; larger ones are refused with {@code 413}. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /** Origins allowed to call cross-origin; {@code "*"} means any (never with credentials). */
    public Set<String> corsAllowedOrigins() {
        return corsAllowedOrigins;
    }

    /** How long a browser may cache a preflight answer ({@code Access-Control-Max-Age}). */
    public Duration corsMaxAge() {
        return corsMaxAge;
    }

    /** The {@code Retry-After} sent with {@code 503} when the store is unavailable. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /**
     * How the caller's address is found for the registration rate limit: the socket peer, or,
     * behind a {@linkplain Builder#trustedProxies trusted proxy}, the forwarding headers.
     */
    public ClientAddressResolver clientAddresses() {
        return clientAddresses;
    }

    /**
     * True when the host resolves URL {@code client_id}s through Client ID Metadata Documents
     * (its {@code ClientDirectory} was built with {@code ClientIdMetadataDocuments}): the metadata
     * document then says {@code client_id_metadata_document_supported: true} and lists
     * {@code none} among the token endpoint auth methods. Off by default.
     */
    public boolean clientIdMetadataDocumentsSupported() {
        return clientIdMetadataDocumentsSupported;
    }

    /**
     * Host-supplied members of the RFC 8414 document ({@code issuer}, {@code authorization_endpoint},
     * {@code token_endpoint}, ...), as JSON values in insertion order.
     */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** Builds {@link HttpBindingOptions}; every setter checks its argument. */
    public static final class Builder {
        private String basePath = "/register";
        private String publicBaseUrl;
        private int maxBodyBytes = 64 * 1024;
        private Set<String> corsAllowedOrigins = Set.of("*");
        private Duration corsMaxAge = Duration.ofMinutes(10);
        private Duration retryAfter = Duration.ofSeconds(5);
        private boolean clientIdMetadataDocumentsSupported;
        private final Map<String, Object> metadata = new LinkedHashMap<>();
        private ClientAddressResolver clientAddresses = ClientAddressResolver.trusting(Set.of());

        private Builder() {
        }

        /**
         * The reverse proxies and load balancers whose {@code Forwarded} / {@code X-Forwarded-For}
         * headers are believed, as CIDR blocks or single addresses ({@code 10.0.0.0/8},
         * {@code 127.0.0.1}); default none, so forwarding headers are ignored and the socket peer
         * is the caller. See {@link ClientAddressResolver}.
         *
         * @throws IllegalArgumentException for an entry that is not an IP address or CIDR block
         */
        public Builder trustedProxies(Collection<String> cidrs) {
            this.clientAddresses = ClientAddressResolver.trusting(cidrs);
            return this;
        }

        /**
         * The registration endpoint's path inside the servlet context, e.g. {@code /register} or
         * {@code /oauth/register}: one or more {@code /segment}s of letters, digits and
         * {@code . _ ~ -} (RFC 3986 unreserved characters), so no trailing slash and no wildcard.
         *
         * @throws IllegalArgumentException for any other path
         */
        public Builder basePath(String basePath) {
            Objects.requireNonNull(basePath, "basePath");
            require(BASE_PATH.matcher(basePath).matches(), "base path must look like /register (segments of"
                    + " letters, digits and . _ ~ -, no trailing /): " + LogValues.bounded(basePath, 100));
            this.basePath = basePath;
            return this;
        }

        /** The external URL of the context root, {@code http} or {@code https}, no query or fragment. */
        public Builder publicBaseUrl(String url) {
            Objects.requireNonNull(url, "url");
            String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            require(isHttpUrl(trimmed), "public base URL must be an absolute http(s) URL without query or fragment: "
                    + url);
            this.publicBaseUrl = trimmed;
            return this;
        }

        /**
         * The largest request body read, from {@value #MIN_BODY_BYTES} to {@value #MAX_BODY_BYTES}
         * bytes; default 65,536.
         */
        public Builder maxBodyBytes(int maxBodyBytes) {
            require(maxBodyBytes >= MIN_BODY_BYTES && maxBodyBytes <= MAX_BODY_BYTES,
                    "maxBodyBytes must be from " + MIN_BODY_BYTES + " to " + MAX_BODY_BYTES + ": " + maxBodyBytes);
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** {@code "*"} for any origin, or exact origins such as {@code https://inspector.example.com}. */
        public Builder corsAllowedOrigins(Collection<String> origins) {
            Set<String> copy = new LinkedHashSet<>();
            for (String origin : origins) {
                Objects.requireNonNull(origin, "origin");
                require(origin.equals("*") || isOrigin(origin), "not an origin: " + origin);
                copy.add(origin.equals("*") ? origin : origin.toLowerCase(Locale.ROOT));
            }
            this.corsAllowedOrigins = copy;
            return this;
        }

        public Builder corsMaxAge(Duration maxAge) {
            require(!maxAge.isNegative(), "corsMaxAge must not be negative");
            this.corsMaxAge = maxAge;
            return this;
        }

        public Builder retryAfter(Duration retryAfter) {
            require(!retryAfter.isNegative(), "retryAfter must not be negative");
            this.retryAfter = retryAfter;
            return this;
        }

        /**
         * Advertise Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document):
         * set it exactly when the host's {@code ClientDirectory} resolves URL client ids.
         */
        public Builder clientIdMetadataDocumentsSupported(boolean supported) {
            this.clientIdMetadataDocumentsSupported = supported;
            return this;
        }

        /**
         * The {@code issuer} member of the metadata document
         * (<a href="https://www.rfc-editor.org/rfc/rfc8414#section-2">RFC 8414 §2</a>).
         *
         * @throws IllegalArgumentException unless an absolute http(s) URL without user info, query or fragment
         */
        public Builder issuer(String issuer) {
            return metadataField("issuer", httpUrl("issuer", issuer));
        }

        /**
         * The {@code authorization_endpoint} member of the metadata document (RFC 8414 §2).
         *
         * @throws IllegalArgumentException unless an absolute http(s) URL without user info, query or fragment
         */
        public Builder authorizationEndpoint(String url) {
            return metadataField("authorization_endpoint", httpUrl("authorization endpoint", url));
        }

        /**
         * The {@code token_endpoint} member of the metadata document (RFC 8414 §2).
         *
         * @throws IllegalArgumentException unless an absolute http(s) URL without user info, query or fragment
         */
        public Builder tokenEndpoint(String url) {
            return metadataField("token_endpoint", httpUrl("token endpoint", url));
        }

        /**
         * Adds a host-supplied member to the metadata document. The value is a JSON value as
         * {@link JsonValues} describes. The members the binding derives from the policy
         * ({@code registration_endpoint}, {@code *_supported} of registration) cannot be set here.
         */
        public Builder metadataField(String name, Object value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            require(!DERIVED_METADATA.contains(name), name + " is derived from the registration policy");
            JsonValues.immutableObject(Map.of(name, value));
            metadata.put(name, value);
            return this;
        }

        public Builder metadataFields(Map<String, ?> fields) {
            fields.forEach(this::metadataField);
            return this;
        }

        public HttpBindingOptions build() {
            return new HttpBindingOptions(this);
        }

        private static String httpUrl(String what, String url) {
            Objects.requireNonNull(url, what);
            require(isHttpUrl(url), what + " must be an absolute http(s) URL with a host and no user info, query"
                    + " or fragment");
            return url;
        }

        private static boolean isHttpUrl(String url) {
            try {
                URI uri = new URI(url);
                return uri.isAbsolute() && ("http".equalsIgnoreCase(uri.getScheme())
                        || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null
                        && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            } catch (URISyntaxException e) {
                return false;
            }
        }

        private static boolean isOrigin(String origin) {
            if (!isHttpUrl(origin)) {
                return false;
            }
            String path = URI.create(origin).getRawPath();
            return path == null || path.isEmpty();
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
