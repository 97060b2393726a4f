package dev.mcpoauth.examples.springas;

import dev.mcpoauth.spring.authorizationserver.ResourceIndicators;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * Access tokens name the MCP server they are for: the client's RFC 8707 {@code resource} becomes the
 * JWT's {@code aud}, which the MCP server (examples/spring-mcp-server) requires. The starter hands this
 * bean to the bridge; an application with its own token customizer composes the two.
 */
@Configuration(proxyBeanMethods = false)
class AudienceConfiguration {

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> resourceIndicators() {
        return new ResourceIndicators();
    }
}
