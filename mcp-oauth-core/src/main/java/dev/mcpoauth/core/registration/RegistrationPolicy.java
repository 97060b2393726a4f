package dev.mcpoauth.core.registration;

import static dev.mcpoauth.core.internal.Preconditions.requireArgument;

import dev.mcpoauth.core.client.MetadataNames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What the registration endpoint accepts (DESIGN §3.3): the rules of
 * <a href="https://www.rfc-editor.org/rfc/rfc7591#section-2">RFC 7591 §2</a> a server may tighten,
 * the initial access tokens of <a href="https://www.rfc-editor.org/rfc/rfc7591#section-3">RFC 7591 §3</a>
 * and RFC 7592 management. Built once, immutable; the builder is the one place each setting is
 * judged. The library default is {@linkplain #enabled() disabled}: the caller must opt in.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8252#section-7">RFC 8252 §7, native app redirect URIs</a>
 */
public final class RegistrationPolicy {

    /** The shortest initial access token accepted: shorter ones are guessable. */
    public static final int MIN_INITIAL_ACCESS_TOKEN_LENGTH = 16;

    /** The longest client secret lifetime accepted (100 years); longer ones overflow expiry arithmetic. */
    public static final Duration MAX_CLIENT_SECRET_LIFETIME = Duration.ofDays(36_525);

    /** What to do with requested scopes. */
    public enum ScopePolicy {
        /** Keep the scope as sent. */
        ACCEPT,
        /** Drop scopes that are not in {@link #allowedScopes()}. */
        FILTER,
        /** Refuse a request naming a scope not in {@link #allowedScopes()}. */
        REJECT
    }

    private final boolean enabled;
    private final List<String> initialAccessTokens;
    private final Set<String> allowedRedirectHosts;
    private final boolean privateUseSchemesAllowed;
    private final Set<String> allowedPrivateUseSchemes;
    private final Set<String> grantTypes;
    private final Set<String> authMethods;
    private final ScopePolicy scopePolicy;
    private final Set<String> allowedScopes;
    private final Duration clientSecretLifetime;
    private final boolean managementEnabled;
    private final boolean rotateRegistrationAccessToken;
    private final int maxRedirectUris;
    private final int maxRedirectUriLength;
    private final int maxStringLength;
    private final int maxListItems;
    private final long maxClients;

    private RegistrationPolicy(Builder b) {
        requireArgument(b.grantTypes.contains(MetadataNames.GRANT_AUTHORIZATION_CODE),
                "grant types must include authorization_code");
        requireArgument(!b.authMethods.isEmpty(), "at least one token endpoint auth method is required");
        requireArgument(b.scopePolicy == ScopePolicy.ACCEPT || !b.allowedScopes.isEmpty(),
                "scope policy %s needs allowed scopes", b.scopePolicy);
        this.enabled = b.enabled;
        this.initialAccessTokens = Collections.unmodifiableList(new ArrayList<>(b.initialAccessTokens));
        this.allowedRedirectHosts = Collections.unmodifiableSet(new LinkedHashSet<>(b.allowedRedirectHosts));
        this.privateUseSchemesAllowed = b.privateUseSchemesAllowed;
        this.allowedPrivateUseSchemes = Collections.unmodifiableSet(new LinkedHashSet<>(b.allowedPrivateUseSchemes));
        this.grantTypes = Collections.unmodifiableSet(new LinkedHashSet<>(b.grantTypes));
        this.authMethods = Collections.unmodifiableSet(new LinkedHashSet<>(b.authMethods));
        this.scopePolicy = b.scopePolicy;
        this.allowedScopes = Collections.unmodifiableSet(new LinkedHashSet<>(b.allowedScopes));
        this.clientSecretLifetime = b.clientSecretLifetime;
        this.managementEnabled = b.managementEnabled;
        this.rotateRegistrationAccessToken = b.rotateRegistrationAccessToken;
        this.maxRedirectUris = b.maxRedirectUris;
        this.maxRedirectUriLength = b.maxRedirectUriLength;
        this.maxStringLength = b.maxStringLength;
        this.maxListItems = b.maxListItems;
        this.maxClients = b.maxClients;
    }

    /** A builder with the library defaults (registration disabled). */
    public static Builder builder() {
        return new Builder();
    }

    public boolean enabled() {
        return enabled;
    }

    /** Initial access tokens (RFC 7591 §3); empty means open registration. Never log these. */
    public List<String> initialAccessTokens() {
        return initialAccessTokens;
    }

    public boolean openRegistration() {
        return initialAccessTokens.isEmpty();
    }

    /** Exact hosts and {@code *.example.com} wildcards for https redirect URIs; empty means any. */
    public Set<String> allowedRedirectHosts() {
        return allowedRedirectHosts;
    }

    public boolean privateUseSchemesAllowed() {
        return privateUseSchemesAllowed;
    }

    /** Lower-case private-use schemes allowed; empty means any (when allowed at all). */
    public Set<String> allowedPrivateUseSchemes() {
        return allowedPrivateUseSchemes;
    }

    /** Grant types the server registers; others are dropped from requests. */
    public Set<String> grantTypes() {
        return grantTypes;
    }

    /** Allowed {@code token_endpoint_auth_method} values. */
    public Set<String> authMethods() {
        return authMethods;
    }

    public ScopePolicy scopePolicy() {
        return scopePolicy;
    }

    public Set<String> allowedScopes() {
        return allowedScopes;
    }

    /** Lifetime of issued client secrets; {@link Duration#ZERO} means they never expire. */
    public Duration clientSecretLifetime() {
        return clientSecretLifetime;
    }

    /** Whether RFC 7592 management (and so registration access tokens) is on. */
    public boolean managementEnabled() {
        return managementEnabled;
    }

    public boolean rotateRegistrationAccessToken() {
        return rotateRegistrationAccessToken;
    }

    public int maxRedirectUris() {
        return maxRedirectUris;
    }

    public int maxRedirectUriLength() {
        return maxRedirectUriLength;
    }

    public int maxStringLength() {
        return maxStringLength;
    }

    public int maxListItems() {
        return maxListItems;
    }

    /**
     * The most clients the registry may hold; registration beyond it is refused with
     * {@code access_denied}. {@code 0} means no cap (the default). The cap is checked against
     * {@code ClientRegistry.count()} before each registration, so registrations racing on
     * several nodes can overshoot it by at most the number running at once.
     */
    public long maxClients() {
        return maxClients;
    }

    /** Builds a {@link RegistrationPolicy}; every setter validates its argument. */
    public static final class Builder {
        private boolean enabled;
        private List<String> initialAccessTokens = List.of();
        private Set<String> allowedRedirectHosts = Set.of();
        private boolean privateUseSchemesAllowed = true;
        private Set<String> allowedPrivateUseSchemes = Set.of();
        private Set<String> grantTypes = new LinkedHashSet<>(
                List.of(MetadataNames.GRANT_AUTHORIZATION_CODE, MetadataNames.GRANT_REFRESH_TOKEN));
        private Set<String> authMethods = new LinkedHashSet<>(List.of(MetadataNames.AUTH_METHOD_NONE,
                MetadataNames.AUTH_METHOD_CLIENT_SECRET_BASIC, MetadataNames.AUTH_METHOD_CLIENT_SECRET_POST));
        private ScopePolicy scopePolicy = ScopePolicy.ACCEPT;
        private Set<String> allowedScopes = Set.of();
        private Duration clientSecretLifetime = Duration.ZERO;
        private boolean managementEnabled = true;
        private boolean rotateRegistrationAccessToken = true;
        private int maxRedirectUris = 20;
        private int maxRedirectUriLength = 2048;
        private int maxStringLength = 1024;
        private int maxListItems = 100;
        private long maxClients;

        private Builder() {
        }

        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /**
         * The initial access tokens (RFC 7591 §3) any one of which authorises a registration;
         * empty means open registration.
         *
         * @throws IllegalArgumentException naming the position (never the value) of a token that is
         *     blank or shorter than {@value #MIN_INITIAL_ACCESS_TOKEN_LENGTH} characters
         */
        public Builder initialAccessTokens(List<String> tokens) {
            for (int i = 0; i < tokens.size(); i++) {
                String token = tokens.get(i);
                requireArgument(token != null && !token.isBlank(), "initial access token #%d is blank", i + 1);
                requireArgument(token.length() >= MIN_INITIAL_ACCESS_TOKEN_LENGTH,
                        "initial access token #%d is shorter than %d characters", i + 1,
                        MIN_INITIAL_ACCESS_TOKEN_LENGTH);
            }
            this.initialAccessTokens = List.copyOf(tokens);
            return this;
        }

        public Builder allowedRedirectHosts(Set<String> hosts) {
            Set<String> normalized = new LinkedHashSet<>();
            for (String host : hosts) {
                requireArgument(host != null && !host.isBlank() && !host.contains("/"),
                        "not a host name: %s", host);
                String lower = host.trim().toLowerCase(Locale.ROOT);
                requireArgument(!lower.contains("*") || (lower.startsWith("*.") && lower.indexOf('*', 1) < 0
                        && lower.length() > 2), "wildcards are only allowed as a leading '*.': %s", host);
                normalized.add(lower);
            }
            this.allowedRedirectHosts = normalized;
            return this;
        }

        /** Allow private-use URI scheme redirects (RFC 8252 §7.1) for native clients; default true. */
        public Builder privateUseSchemesAllowed(boolean allowed) {
            this.privateUseSchemesAllowed = allowed;
            return this;
        }

        /** Restricts private-use schemes to this list (case-insensitive); empty means any. */
        public Builder allowedPrivateUseSchemes(Set<String> schemes) {
            Set<String> normalized = new LinkedHashSet<>();
            for (String scheme : schemes) {
                requireArgument(scheme != null && scheme.matches("[A-Za-z][A-Za-z0-9+.-]*"),
                        "not a URI scheme: %s", scheme);
                normalized.add(scheme.toLowerCase(Locale.ROOT));
            }
            this.allowedPrivateUseSchemes = normalized;
            return this;
        }

        public Builder grantTypes(Set<String> grantTypes) {
            grantTypes.forEach(Objects::requireNonNull);
            this.grantTypes = new LinkedHashSet<>(grantTypes);
            return this;
        }

        public Builder authMethods(Set<String> authMethods) {
            authMethods.forEach(Objects::requireNonNull);
            this.authMethods = new LinkedHashSet<>(authMethods);
            return this;
        }

        /** Both scope settings at once; see {@link #scopePolicy(ScopePolicy)} and {@link #allowedScopes(Set)}. */
        public Builder scopePolicy(ScopePolicy scopePolicy, Set<String> allowedScopes) {
            return scopePolicy(scopePolicy).allowedScopes(allowedScopes);
        }

        /**
         * What to do with requested scopes, default {@link ScopePolicy#ACCEPT}. {@code FILTER} and
         * {@code REJECT} need {@linkplain #allowedScopes(Set) allowed scopes} ({@link #build()} checks).
         */
        public Builder scopePolicy(ScopePolicy scopePolicy) {
            this.scopePolicy = Objects.requireNonNull(scopePolicy);
            return this;
        }

        /** The scopes a {@code FILTER} or {@code REJECT} scope policy allows; default none. */
        public Builder allowedScopes(Set<String> allowedScopes) {
            allowedScopes.forEach(Objects::requireNonNull);
            this.allowedScopes = new LinkedHashSet<>(allowedScopes);
            return this;
        }

        /**
         * How long an issued client secret lives ({@code client_secret_expires_at}, RFC 7591 §3.2.1);
         * {@link Duration#ZERO} (the default) means it never expires.
         *
         * @throws IllegalArgumentException if negative or longer than {@link #MAX_CLIENT_SECRET_LIFETIME}
         */
        public Builder clientSecretLifetime(Duration lifetime) {
            requireArgument(!lifetime.isNegative(), "client secret lifetime must not be negative");
            requireArgument(lifetime.compareTo(MAX_CLIENT_SECRET_LIFETIME) <= 0,
                    "client secret lifetime must be at most %d seconds (100 years)",
                    MAX_CLIENT_SECRET_LIFETIME.getSeconds());
            this.clientSecretLifetime = lifetime;
            return this;
        }

        public Builder managementEnabled(boolean managementEnabled) {
            this.managementEnabled = managementEnabled;
            return this;
        }

        public Builder rotateRegistrationAccessToken(boolean rotate) {
            this.rotateRegistrationAccessToken = rotate;
            return this;
        }

        public Builder maxRedirectUris(int max) {
            requireArgument(max > 0, "maxRedirectUris must be positive");
            this.maxRedirectUris = max;
            return this;
        }

        public Builder maxRedirectUriLength(int max) {
            requireArgument(max > 0, "maxRedirectUriLength must be positive");
            this.maxRedirectUriLength = max;
            return this;
        }

        public Builder maxStringLength(int max) {
            requireArgument(max > 0, "maxStringLength must be positive");
            this.maxStringLength = max;
            return this;
        }

        public Builder maxListItems(int max) {
            requireArgument(max > 0, "maxListItems must be positive");
            this.maxListItems = max;
            return this;
        }

        /** The client cap, as {@link RegistrationPolicy#maxClients()} describes it; 0 = none. */
        public Builder maxClients(long max) {
            requireArgument(max >= 0, "maxClients must not be negative");
            this.maxClients = max;
            return this;
        }

        public RegistrationPolicy build() {
            return new RegistrationPolicy(this);
        }
    }
}
