package dev.mcpoauth.spring.boot;

import dev.mcpoauth.http.jakarta.AuthorizationServerMetadataServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Matches requests to the mcp-oauth endpoints: the registration endpoint and everything under it
 * (RFC 7592 client configuration URLs), and the RFC 8414 metadata document. The auto-configuration
 * adds no security filter chain of its own (that would switch off Spring Boot's default one); permit
 * the endpoints in yours, and exempt them from CSRF (clients call them without a browser session):
 *
 * <pre>{@code
 * SecurityFilterChain app(HttpSecurity http, McpOAuthEndpoints mcpOAuth) throws Exception { // a bean method
 *     http.authorizeHttpRequests(a -> a.requestMatchers(mcpOAuth).permitAll().anyRequest().authenticated())
 *         .csrf(c -> c.ignoringRequestMatchers(mcpOAuth));
 *     // ... the rest of the application's security (formLogin, oauth2ResourceServer ...)
 *     return http.build();
 * }
 * }</pre>
 *
 * The registration endpoint authenticates requests itself (initial access tokens, RFC 7592
 * registration access tokens). Immutable.
 */
public final class McpOAuthEndpoints implements RequestMatcher {

    private final String registrationPath;
    private final List<String> metadataPaths;

    /**
     * @param registrationPath the registration endpoint's path, e.g. {@code /register}
     * @param issuer the issuer, or {@code null}; an issuer with a path also serves the metadata
     *     at the well-known path followed by that path (RFC 8414 §3.1)
     */
    public McpOAuthEndpoints(String registrationPath, URI issuer) {
        this.registrationPath = Objects.requireNonNull(registrationPath, "registrationPath");
        this.metadataPaths = metadataPaths(issuer);
    }

    static List<String> metadataPaths(URI issuer) {
        List<String> paths = new ArrayList<>();
        paths.add(AuthorizationServerMetadataServlet.WELL_KNOWN_PATH);
        String issuerPath = issuer == null || issuer.getRawPath() == null ? "" : issuer.getRawPath().replaceAll("/+$", "");
        if (!issuerPath.isEmpty()) {
            paths.add(AuthorizationServerMetadataServlet.WELL_KNOWN_PATH + issuerPath);
        }
        return List.copyOf(paths);
    }

    /** The registration endpoint's path. */
    public String registrationPath() {
        return registrationPath;
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        String path = pathInApplication(request);
        return path.equals(registrationPath) || path.startsWith(registrationPath + "/") || metadataPaths.contains(path);
    }

    private static String pathInApplication(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        if (context != null && !context.isEmpty() && uri.startsWith(context)) {
            uri = uri.substring(context.length());
        }
        return uri.isEmpty() ? "/" : uri;
    }

    @Override
    public String toString() {
        return "McpOAuthEndpoints{registration=" + registrationPath + ", metadata=" + metadataPaths + "}";
    }
}
