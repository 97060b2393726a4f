package dev.mcpoauth.examples.mcpserver;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who this MCP server is as an OAuth 2.0 protected resource, under {@code mcp.resource.*}.
 *
 * @param uri the canonical URI of the MCP server (<a href="https://www.rfc-editor.org/rfc/rfc8707">RFC
 *     8707</a> resource indicator): published as {@code resource} in the protected-resource metadata and
 *     required in the access token's {@code aud} claim; clients must use exactly this URL
 * @param authorizationServer the issuer of the authorization server whose tokens are accepted, published
 *     in {@code authorization_servers}
 * @param scope the scope an access token needs to use the MCP endpoint, published in
 *     {@code scopes_supported}; a token without it gets {@code 403 insufficient_scope}
 * @param name the human-readable {@code resource_name}
 */
@ConfigurationProperties("mcp.resource")
public record ProtectedResourceProperties(URI uri, URI authorizationServer, String scope, String name) {

    /** Checks that the resource and issuer are absolute URIs and the scope is one scope token. */
    public ProtectedResourceProperties {
        requireAbsolute(uri, "mcp.resource.uri");
        requireAbsolute(authorizationServer, "mcp.resource.authorization-server");
        if (scope == null || scope.isBlank() || scope.contains(" ")) {
            throw new IllegalArgumentException("mcp.resource.scope must be one scope token, was '" + scope + "'");
        }
        if (uri.getFragment() != null) {
            throw new IllegalArgumentException("mcp.resource.uri must not have a fragment (RFC 8707 §2): " + uri);
        }
        name = name == null || name.isBlank() ? "MCP server" : name;
    }

    private static void requireAbsolute(URI value, String key) {
        if (value == null || !value.isAbsolute() || value.getHost() == null) {
            throw new IllegalArgumentException(key + " must be an absolute http(s) URI, was " + value);
        }
    }
}
