package dev.mcpoauth.examples.mcpserver;

import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * The MCP server as an OAuth 2.0 resource server (MCP authorization, 2025-11-25).
 *
 * <ul>
 *   <li>JWT access tokens checked against the authorization server's JWKS, issuer and this server's
 *       resource URI as audience (Boot's {@code spring.security.oauth2.resourceserver.jwt.*}, set from
 *       {@code mcp.resource.*} in {@code application.yml});</li>
 *   <li><a href="https://www.rfc-editor.org/rfc/rfc9728">RFC 9728</a> metadata at
 *       {@code /.well-known/oauth-protected-resource} (and under it, per path), naming the authorization
 *       server;</li>
 *   <li>{@code 401} with {@code WWW-Authenticate: Bearer resource_metadata="…"} when there is no valid
 *       token; {@code 403} with {@code error="insufficient_scope"} when the token lacks the scope.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    /**
     * The one filter chain: the metadata is public, the MCP endpoint needs the scope, the rest a token.
     *
     * @param http Spring Security's builder
     * @param resource this server's identity as a protected resource
     * @param mcpEndpoint the Streamable HTTP endpoint's path
     * @return the chain
     * @throws Exception as {@link HttpSecurity#build()} does
     */
    @Bean
    SecurityFilterChain mcpSecurityFilterChain(HttpSecurity http, ProtectedResourceProperties resource,
            @Value("${spring.ai.mcp.server.streamable-http.mcp-endpoint:/mcp}") String mcpEndpoint) throws Exception {
        String scopeAuthority = "SCOPE_" + resource.scope();
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/**")
                        .permitAll()
                        .requestMatchers(mcpEndpoint, mcpEndpoint + "/**").hasAuthority(scopeAuthority)
                        .anyRequest().authenticated())
                .oauth2ResourceServer(server -> server
                        .jwt(Customizer.withDefaults())
                        .accessDeniedHandler(new InsufficientScopeHandler(resource.scope()))
                        .protectedResourceMetadata(metadata -> metadata.protectedResourceMetadataCustomizer(builder -> builder
                                .resource(resource.uri().toString())
                                .authorizationServer(resource.authorizationServer().toString())
                                .scope(resource.scope())
                                .resourceName(resource.name())
                                // tokens are bearer tokens here, not bound to a client certificate (RFC 8705)
                                .tlsClientCertificateBoundAccessTokens(false))))
                // bearer tokens only, no cookies: nothing for CSRF to protect, and its 403 would hide the 401
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(Customizer.withDefaults());
        return http.build();
    }

    /**
     * CORS for browser-based MCP clients (MCP Inspector): any origin, no cookies, and the headers a client
     * must read ({@code WWW-Authenticate} to find the metadata, {@code Mcp-Session-Id}).
     *
     * @return the CORS rules for every path
     */
    @Bean
    CorsConfigurationSource corsConfigurationSource() {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOriginPatterns(List.of("*"));
        cors.setAllowedMethods(List.of("GET", "POST", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "Mcp-Session-Id",
                "Mcp-Protocol-Version", "Last-Event-ID"));
        cors.setExposedHeaders(List.of("WWW-Authenticate", "Mcp-Session-Id"));
        cors.setAllowCredentials(false);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }
}
