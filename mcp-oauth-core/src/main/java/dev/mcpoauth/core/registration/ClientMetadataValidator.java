package dev.mcpoauth.core.registration;

import static dev.mcpoauth.core.client.MetadataNames.*;

import dev.mcpoauth.core.client.ClientMetadata;
import dev.mcpoauth.core.client.JsonValues;
import dev.mcpoauth.core.internal.RedirectUris;
import dev.mcpoauth.core.internal.SafeText;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns a registration request body into {@link ClientMetadata}, applying DESIGN §3.4 and the
 * policy, or refuses it with an RFC 7591 §3.2.2 error that names the field and the rule.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591#section-2">RFC 7591 §2, client metadata</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591#section-3.2.2">RFC 7591 §3.2.2, error response</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8252#section-7">RFC 8252 §7, native app redirect URIs</a>
 */
final class ClientMetadataValidator {

    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*");
    private static final int MAX_JWKS_DEPTH = 8;
    private static final int MAX_JWKS_CHARS = 65_536;

    private final RegistrationPolicy policy;

    ClientMetadataValidator(RegistrationPolicy policy) {
        this.policy = policy;
    }

    ClientMetadata validate(Map<String, ?> body) {
        String explicitApplicationType = optionalString(body, APPLICATION_TYPE).orElse(null);
        if (explicitApplicationType != null
                && !explicitApplicationType.equals(APPLICATION_TYPE_WEB)
                && !explicitApplicationType.equals(APPLICATION_TYPE_NATIVE)) {
            throw metadataError(APPLICATION_TYPE + " must be \"web\" or \"native\", got "
                    + SafeText.quote(explicitApplicationType));
        }

        List<String> redirectUris = redirectUris(body.get(REDIRECT_URIS));
        boolean anyNativeRedirect = false;
        for (String redirectUri : redirectUris) {
            URI uri = RedirectUris.parseAbsolute(redirectUri).orElseThrow();
            boolean privateUse = RedirectUris.isPrivateUseScheme(RedirectUris.scheme(uri));
            if (privateUse && APPLICATION_TYPE_WEB.equals(explicitApplicationType)) {
                throw redirectError("redirect_uris entry " + SafeText.quote(redirectUri)
                        + " uses a private-use scheme, which application_type \"web\" does not allow");
            }
            anyNativeRedirect |= privateUse || RedirectUris.isLoopback(uri);
        }
        String applicationType = explicitApplicationType != null ? explicitApplicationType
                : anyNativeRedirect ? APPLICATION_TYPE_NATIVE : APPLICATION_TYPE_WEB;

        String authMethod = optionalString(body, TOKEN_ENDPOINT_AUTH_METHOD).orElse(AUTH_METHOD_NONE);
        if (!policy.authMethods().contains(authMethod)) {
            throw metadataError(TOKEN_ENDPOINT_AUTH_METHOD + " " + SafeText.quote(authMethod)
                    + " is not supported; allowed: " + String.join(", ", policy.authMethods()));
        }

        List<String> grantTypes = optionalStringList(body, GRANT_TYPES)
                .map(requested -> filter(requested, policy.grantTypes()))
                .orElse(List.copyOf(policy.grantTypes()));
        if (!grantTypes.contains(GRANT_AUTHORIZATION_CODE)) {
            throw metadataError(GRANT_TYPES + " must include \"authorization_code\" among the supported grant types "
                    + String.join(", ", policy.grantTypes()));
        }
        List<String> responseTypes = optionalStringList(body, RESPONSE_TYPES)
                .map(requested -> filter(requested, Set.of(RESPONSE_TYPE_CODE)))
                .orElse(List.of(RESPONSE_TYPE_CODE));
        if (!responseTypes.contains(RESPONSE_TYPE_CODE)) {
            throw metadataError(RESPONSE_TYPES + " must include \"code\", which the authorization_code grant needs"
                    + " (RFC 7591 §2.1)");
        }

        Optional<String> jwksUri = optionalString(body, JWKS_URI);
        jwksUri.ifPresent(value -> requireUrl(JWKS_URI, value, false));
        Optional<Map<String, Object>> jwks = jwks(body.get(JWKS));
        if (jwks.isPresent() && jwksUri.isPresent()) {
            throw metadataError(JWKS + " and " + JWKS_URI + " must not both be present (RFC 7591 §2)");
        }

        Map<String, String> localized = new TreeMap<>();
        for (Map.Entry<String, ?> entry : body.entrySet()) {
            String name = entry.getKey();
            int hash = name.indexOf('#');
            if (hash <= 0 || !LOCALIZABLE.contains(name.substring(0, hash))) {
                continue;
            }
            String tag = name.substring(hash + 1);
            if (!LANGUAGE_TAG.matcher(tag).matches()) {
                throw metadataError(SafeText.quote(name) + " has an invalid language tag (RFC 7591 §2.2)");
            }
            Optional<String> value = optionalString(body, name);
            if (value.isPresent()) {
                if (!name.startsWith(CLIENT_NAME + "#")) {
                    requireUrl(name, value.get(), true);
                }
                localized.put(name, value.get());
            }
        }

        return ClientMetadata.builder()
                .redirectUris(redirectUris)
                .tokenEndpointAuthMethod(authMethod)
                .grantTypes(grantTypes)
                .responseTypes(responseTypes)
                .applicationType(applicationType)
                .clientName(optionalString(body, CLIENT_NAME))
                .clientUri(optionalUrl(body, CLIENT_URI))
                .logoUri(optionalUrl(body, LOGO_URI))
                .tosUri(optionalUrl(body, TOS_URI))
                .policyUri(optionalUrl(body, POLICY_URI))
                .scope(scope(body))
                .contacts(contacts(body))
                .jwksUri(jwksUri)
                .jwks(jwks)
                .softwareId(optionalString(body, SOFTWARE_ID))
                .softwareVersion(optionalString(body, SOFTWARE_VERSION))
                .localizedValues(localized)
                .build();
    }

    private List<String> redirectUris(Object value) {
        if (JsonValues.isNull(value)) {
            throw redirectError(REDIRECT_URIS + " is required");
        }
        if (!(value instanceof List<?> list)) {
            throw redirectError(REDIRECT_URIS + " must be an array of strings");
        }
        if (list.isEmpty()) {
            throw redirectError(REDIRECT_URIS + " must not be empty");
        }
        if (list.size() > policy.maxRedirectUris()) {
            throw redirectError(REDIRECT_URIS + " has " + list.size() + " entries; at most "
                    + policy.maxRedirectUris() + " are allowed");
        }
        LinkedHashSet<String> uris = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            Object entry = list.get(i);
            if (!(entry instanceof String uri)) {
                throw redirectError(REDIRECT_URIS + "[" + i + "] must be a string");
            }
            checkRedirectUri(i, uri);
            uris.add(uri);
        }
        return List.copyOf(uris);
    }

    private void checkRedirectUri(int index, String value) {
        if (value.isEmpty()) {
            throw redirectError(REDIRECT_URIS + "[" + index + "] must not be empty");
        }
        if (value.length() > policy.maxRedirectUriLength()) {
            throw redirectError(REDIRECT_URIS + "[" + index + "] is longer than "
                    + policy.maxRedirectUriLength() + " characters");
        }
        if (hasControlCharacter(value) || Character.isWhitespace(value.charAt(0))
                || Character.isWhitespace(value.charAt(value.length() - 1))) {
            throw redirectError(index, value, "must not contain control characters or surrounding white space");
        }
        if (hasFormatCharacter(value)) {
            throw redirectError(index, value,
                    "must not contain invisible formatting characters such as bidirectional overrides");
        }
        if (value.indexOf('#') >= 0) {
            throw redirectError(index, value, "must not contain a fragment (RFC 6749 §3.1.2)");
        }
        URI uri = RedirectUris.parseAbsolute(value)
                .orElseThrow(() -> redirectError(index, value, "is not an absolute URI"));
        if (RedirectUris.hasUserInfo(uri)) {
            throw redirectError(index, value, "must not contain user information");
        }
        String scheme = RedirectUris.scheme(uri);
        if (RedirectUris.FORBIDDEN_SCHEMES.contains(scheme)) {
            throw redirectError(index, value, "uses the scheme \"" + scheme + "\", which is never allowed");
        }
        if (uri.getPort() > 65_535) {
            throw redirectError(index, value, "has a port above 65535");
        }
        if (scheme.equals("http")) {
            if (!RedirectUris.isLoopbackHost(uri.getHost())) {
                throw redirectError(index, value, "uses http to a host that is not loopback;"
                        + " only https, loopback http (RFC 8252 §7.3) or a private-use scheme are allowed");
            }
            return;
        }
        if (scheme.equals("https")) {
            String host = uri.getHost();
            if (host == null || host.isEmpty()) {
                throw redirectError(index, value, "must name a host");
            }
            if (!RedirectUris.isLoopbackHost(host) && !hostAllowed(host.toLowerCase(Locale.ROOT))) {
                throw redirectError(index, value, "names a host that is not in the allowed redirect hosts");
            }
            return;
        }
        if (RedirectUris.NON_REDIRECT_SCHEMES.contains(scheme)) {
            throw redirectError(index, value, "uses the scheme \"" + scheme + "\", which names a service of the"
                    + " platform, not an application; it is never allowed");
        }
        if (!RedirectUris.hasPrivateUseShape(uri)) {
            throw redirectError(index, value, "is not a private-use redirect URI: its scheme must be a reverse"
                    + " domain name (com.example.app:/callback) or it must name a host (app://callback)"
                    + " (RFC 8252 §7.1)");
        }
        if (!policy.privateUseSchemesAllowed()) {
            throw redirectError(index, value, "uses a private-use scheme, which this server does not allow");
        }
        if (!policy.allowedPrivateUseSchemes().isEmpty() && !policy.allowedPrivateUseSchemes().contains(scheme)) {
            throw redirectError(index, value, "uses a private-use scheme that is not in the allowed list");
        }
    }

    private static RegistrationException redirectError(int index, String value, String rule) {
        return redirectError(REDIRECT_URIS + "[" + index + "] " + SafeText.quote(value) + " " + rule);
    }

    private boolean hostAllowed(String host) {
        if (policy.allowedRedirectHosts().isEmpty()) {
            return true;
        }
        for (String allowed : policy.allowedRedirectHosts()) {
            if (allowed.startsWith("*.")) {
                String suffix = allowed.substring(1);
                if (host.endsWith(suffix) && host.length() > suffix.length()) {
                    return true;
                }
            } else if (allowed.equals(host)) {
                return true;
            }
        }
        return false;
    }

    private Optional<String> optionalUrl(Map<String, ?> body, String name) {
        Optional<String> value = optionalString(body, name);
        value.ifPresent(v -> requireUrl(name, v, true));
        return value;
    }

    private void requireUrl(String name, String value, boolean loopbackHttpAllowed) {
        String field = name + " " + SafeText.quote(value);
        URI uri = RedirectUris.parseAbsolute(value)
                .orElseThrow(() -> metadataError(field + " is not an absolute URL"));
        if (RedirectUris.hasUserInfo(uri)) {
            throw metadataError(field + " must not contain user information");
        }
        String scheme = RedirectUris.scheme(uri);
        boolean https = scheme.equals("https") && uri.getHost() != null && !uri.getHost().isEmpty();
        boolean loopbackHttp = loopbackHttpAllowed && scheme.equals("http") && RedirectUris.isLoopbackHost(uri.getHost());
        if (!https && !loopbackHttp) {
            throw metadataError(field + (loopbackHttpAllowed
                    ? " must be an https URL (or http to loopback)"
                    : " must be an https URL"));
        }
    }

    private Optional<String> scope(Map<String, ?> body) {
        Optional<String> scope = optionalString(body, SCOPE);
        if (scope.isEmpty() || policy.scopePolicy() == RegistrationPolicy.ScopePolicy.ACCEPT) {
            return scope;
        }
        List<String> kept = new ArrayList<>();
        for (String token : scope.get().split(" ")) {
            if (token.isEmpty()) {
                continue;
            }
            if (policy.allowedScopes().contains(token)) {
                if (!kept.contains(token)) {
                    kept.add(token);
                }
            } else if (policy.scopePolicy() == RegistrationPolicy.ScopePolicy.REJECT) {
                throw metadataError(SCOPE + " " + SafeText.quote(token) + " is not an allowed scope");
            }
        }
        return kept.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", kept));
    }

    private Optional<List<String>> contacts(Map<String, ?> body) {
        Optional<List<String>> contacts = optionalStringList(body, CONTACTS);
        contacts.ifPresent(list -> list.forEach(c -> {
            if (c.isEmpty()) {
                throw metadataError(CONTACTS + " entries must not be empty");
            }
        }));
        return contacts.map(ClientMetadataValidator::distinct);
    }

    private Optional<Map<String, Object>> jwks(Object value) {
        if (JsonValues.isNull(value)) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw metadataError(JWKS + " must be a JSON object");
        }
        if (!(map.get("keys") instanceof List<?> keys)) {
            throw metadataError(JWKS + " must be a JWK Set: an object with a \"keys\" array (RFC 7517 §5)");
        }
        if (keys.size() > policy.maxListItems()) {
            throw metadataError(JWKS + " has more than " + policy.maxListItems() + " keys");
        }
        for (Object key : keys) {
            if (!(key instanceof Map<?, ?>)) {
                throw metadataError(JWKS + " keys must be JSON objects");
            }
        }
        if (jsonSize(value, 0) > MAX_JWKS_CHARS) {
            throw metadataError(JWKS + " is larger than " + MAX_JWKS_CHARS + " characters");
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) map;
            return Optional.of(JsonValues.immutableObject(object));
        } catch (IllegalArgumentException | ClassCastException e) {
            throw metadataError(JWKS + " must contain only JSON values");
        }
    }

    private int jsonSize(Object value, int depth) {
        if (depth > MAX_JWKS_DEPTH) {
            throw metadataError(JWKS + " is nested deeper than " + MAX_JWKS_DEPTH + " levels");
        }
        if (value instanceof Map<?, ?> map) {
            int size = 2;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw metadataError(JWKS + " must contain only JSON values");
                }
                size += k.length() + 4 + jsonSize(e.getValue(), depth + 1);
            }
            return size;
        }
        if (value instanceof List<?> list) {
            int size = 2;
            for (Object element : list) {
                size += 1 + jsonSize(element, depth + 1);
            }
            return size;
        }
        if (value instanceof String s) {
            return s.length() + 2;
        }
        if (JsonValues.isNull(value) || value instanceof Number || value instanceof Boolean) {
            return 8;
        }
        throw metadataError(JWKS + " must contain only JSON values");
    }

    private Optional<String> optionalString(Map<String, ?> body, String name) {
        Object value = body.get(name);
        if (JsonValues.isNull(value)) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw metadataError(SafeText.quote(name) + " must be a string");
        }
        if (s.isEmpty()) {
            return Optional.empty();
        }
        checkString(name, s);
        return Optional.of(s);
    }

    private Optional<List<String>> optionalStringList(Map<String, ?> body, String name) {
        Object value = body.get(name);
        if (JsonValues.isNull(value)) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> list)) {
            throw metadataError(name + " must be an array of strings");
        }
        if (list.size() > policy.maxListItems()) {
            throw metadataError(name + " has more than " + policy.maxListItems() + " entries");
        }
        List<String> strings = new ArrayList<>(list.size());
        for (Object element : list) {
            if (!(element instanceof String s)) {
                throw metadataError(name + " must be an array of strings");
            }
            checkString(name, s);
            strings.add(s);
        }
        return Optional.of(strings);
    }

    private void checkString(String name, String value) {
        if (value.length() > policy.maxStringLength()) {
            throw metadataError(SafeText.quote(name) + " is longer than " + policy.maxStringLength() + " characters");
        }
        if (hasControlCharacter(value)) {
            throw metadataError(SafeText.quote(name) + " must not contain control characters");
        }
    }

    /** Unicode format characters (bidi overrides, zero-width spaces) make a URI read differently than it is. */
    private static boolean hasFormatCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.getType(value.charAt(i)) == Character.FORMAT) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                return true;
            }
        }
        return false;
    }

    private static List<String> filter(List<String> requested, Set<String> supported) {
        List<String> kept = new ArrayList<>();
        for (String value : requested) {
            if (supported.contains(value) && !kept.contains(value)) {
                kept.add(value);
            }
        }
        return kept;
    }

    private static List<String> distinct(List<String> values) {
        return List.copyOf(new LinkedHashSet<>(values));
    }

    private static RegistrationException redirectError(String description) {
        return new RegistrationException(RegistrationError.INVALID_REDIRECT_URI, description);
    }

    private static RegistrationException metadataError(String description) {
        return new RegistrationException(RegistrationError.INVALID_CLIENT_METADATA, description);
    }
}
