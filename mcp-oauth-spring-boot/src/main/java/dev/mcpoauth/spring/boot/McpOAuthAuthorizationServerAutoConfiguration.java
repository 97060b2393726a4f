package dev.mcpoauth.spring.boot;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.mcpoauth.core.registration.ClientDirectory;
import dev.mcpoauth.http.jakarta.HttpBindingOptions;
import dev.mcpoauth.spring.authorizationserver.McpAuthorizationServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

/**
 * The Spring Authorization Server bridge, when {@code mcp-oauth-spring-authorization-server} and
 * Spring Authorization Server are on the class path: a {@link McpAuthorizationServer} bean to apply
 * with {@code http.oauth2AuthorizationServer(mcpAuthorizationServer)}, and from it the
 * {@link RegisteredClientRepository} and the {@link PasswordEncoder} (bcrypt for users, our hash for
 * client secrets). Needs a {@code JWKSource} bean (Spring Boot's authorization server
 * auto-configuration generates one when the application has none); access tokens are signed with
 * the application's {@code JwtEncoder}, or with that {@code JWKSource}. Clients whose metadata
 * names no scope get {@code mcp.oauth.authorization-server.default-scopes}.
 */
@AutoConfiguration(after = McpOAuthAutoConfiguration.class,
        afterName = "org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration",
        beforeName = "org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration")
@ConditionalOnClass({McpAuthorizationServer.class, OAuth2AuthorizationServerConfigurer.class})
@ConditionalOnBean({ClientDirectory.class, JWKSource.class})
public class McpOAuthAuthorizationServerAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    McpAuthorizationServer mcpAuthorizationServer(ClientDirectory directory, HttpBindingOptions options,
            McpOAuthProperties properties, ObjectProvider<JwtEncoder> jwtEncoders,
            ObjectProvider<JWKSource<SecurityContext>> jwkSources,
            ObjectProvider<OAuth2TokenCustomizer<JwtEncodingContext>> jwtCustomizers) {
        JwtEncoder jwtEncoder = jwtEncoders.getIfUnique(() -> new NimbusJwtEncoder(jwkSources.getObject()));
        McpAuthorizationServer.Builder server = McpAuthorizationServer.builder(directory, jwtEncoder)
                .registrationPath(options.basePath())
                .requireConsent(properties.getAuthorizationServer().isRequireConsent())
                .defaultScopes(properties.getAuthorizationServer().getDefaultScopes());
        OAuth2TokenCustomizer<JwtEncodingContext> customizer = jwtCustomizers.getIfUnique();
        if (customizer != null) {
            server.jwtCustomizer(customizer);
        }
        return server.build();
    }

    @Bean
    @ConditionalOnMissingBean
    RegisteredClientRepository mcpOAuthRegisteredClientRepository(McpAuthorizationServer server) {
        return server.registeredClientRepository();
    }

    @Bean
    @ConditionalOnMissingBean
    PasswordEncoder mcpOAuthPasswordEncoder(McpAuthorizationServer server) {
        return server.passwordEncoder();
    }
}
