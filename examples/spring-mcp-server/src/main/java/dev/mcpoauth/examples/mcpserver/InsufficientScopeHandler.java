package dev.mcpoauth.examples.mcpserver;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.util.UrlUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A valid token without the scope: {@code 403} with the challenge MCP asks for (RFC 6750 §3.1 plus
 * RFC 9728 §5.1), naming the scope to ask for and where the metadata is, so a client can step up.
 * Spring's {@code BearerTokenAccessDeniedHandler} names neither.
 */
final class InsufficientScopeHandler implements AccessDeniedHandler {

    private final String scope;

    InsufficientScopeHandler(String scope) {
        this.scope = scope;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied) {
        String metadata = UriComponentsBuilder.fromUriString(UrlUtils.buildFullRequestUrl(request))
                .replacePath(request.getContextPath() + "/.well-known/oauth-protected-resource")
                .replaceQuery(null)
                .fragment(null)
                .build()
                .toUriString();
        response.addHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"insufficient_scope\", error_description=\""
                + "The access token does not grant the scope " + scope + "\", scope=\"" + scope
                + "\", resource_metadata=\"" + metadata + "\"");
        response.setStatus(HttpStatus.FORBIDDEN.value());
    }
}
