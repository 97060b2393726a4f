package dev.mcpoauth.spring.authorizationserver;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationGrantAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Resource indicators (<a href="https://www.rfc-editor.org/rfc/rfc8707">RFC 8707</a>) for JWT access
 * tokens, which MCP requires: the {@code resource} a client names in its authorization request (the MCP
 * server's URI) becomes the access token's {@code aud}, so each MCP server can refuse tokens issued for
 * another. Spring Authorization Server ignores the parameter and sets {@code aud} to the client id.
 *
 * <ul>
 *   <li>{@code resource} values in the token request (code or refresh grant) narrow the audience; each
 *       must have been in the authorization request, else {@code invalid_target} (RFC 8707 §2.2);</li>
 *   <li>a value that is not an absolute URI, or has a fragment, is {@code invalid_target} (§2);</li>
 *   <li>with no {@code resource} anywhere, Spring's default audience stays.</li>
 * </ul>
 *
 * <p>Expose it as the application's {@code OAuth2TokenCustomizer<JwtEncodingContext>} bean (the starter
 * hands that bean to {@link McpAuthorizationServer}), or pass it to
 * {@link McpAuthorizationServer.Builder#jwtCustomizer}.
 */
public final class ResourceIndicators implements OAuth2TokenCustomizer<JwtEncodingContext> {

    /** The request parameter (RFC 8707 §2). */
    public static final String RESOURCE = "resource";

    /** The error code for a resource that is malformed or was not authorized (RFC 8707 §2). */
    public static final String INVALID_TARGET = "invalid_target";

    @Override
    public void customize(JwtEncodingContext context) {
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            return;
        }
        Set<String> authorized = authorizedResources(context.getAuthorization());
        Set<String> audience = authorized;
        if (context.getAuthorizationGrant() instanceof OAuth2AuthorizationGrantAuthenticationToken grant) {
            Set<String> requested = values(grant.getAdditionalParameters().get(RESOURCE));
            if (!requested.isEmpty()) {
                if (!authorized.containsAll(requested)) {
                    throw invalidTarget("the resource was not in the authorization request");
                }
                audience = requested;
            }
        }
        if (!audience.isEmpty()) {
            context.getClaims().audience(new ArrayList<>(audience));
        }
    }

    private static Set<String> authorizedResources(OAuth2Authorization authorization) {
        if (authorization == null) {
            return Set.of();
        }
        OAuth2AuthorizationRequest request = authorization.getAttribute(OAuth2AuthorizationRequest.class.getName());
        return request == null ? Set.of() : values(request.getAdditionalParameters().get(RESOURCE));
    }

    private static Set<String> values(Object parameter) {
        List<String> raw = new ArrayList<>();
        if (parameter instanceof String value) {
            raw.add(value);
        } else if (parameter instanceof String[] array) {
            raw.addAll(List.of(array));
        } else if (parameter instanceof Collection<?> collection) {
            collection.forEach(value -> raw.add(String.valueOf(value)));
        }
        Set<String> values = new LinkedHashSet<>();
        for (String value : raw) {
            values.add(checked(value));
        }
        return values;
    }

    private static String checked(String resource) {
        try {
            URI uri = new URI(resource);
            if (!uri.isAbsolute() || uri.getRawFragment() != null) {
                throw invalidTarget("a resource must be an absolute URI without a fragment");
            }
            return resource;
        } catch (URISyntaxException e) {
            throw invalidTarget("a resource must be an absolute URI without a fragment");
        }
    }

    private static OAuth2AuthenticationException invalidTarget(String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(INVALID_TARGET, description,
                "https://www.rfc-editor.org/rfc/rfc8707#section-2"));
    }
}
