package dev.mcpoauth.examples.springas;

import dev.mcpoauth.spring.authorizationserver.McpAuthorizationServer;
import dev.mcpoauth.spring.boot.McpOAuthEndpoints;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/** Two filter chains: Spring Authorization Server's endpoints, then the rest (login, registration, health). */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http, McpAuthorizationServer mcpAuthorizationServer)
            throws Exception {
        http.oauth2AuthorizationServer(server -> {
            mcpAuthorizationServer.customize(server);
            http.securityMatcher(server.getEndpointsMatcher());
        });
        http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // a browser that is not signed in goes to the login form, then back to /oauth2/authorize
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain application(HttpSecurity http, McpOAuthEndpoints mcpOAuth) throws Exception {
        http.authorizeHttpRequests(requests -> requests.requestMatchers(mcpOAuth).permitAll()
                        .requestMatchers("/actuator/health", "/error").permitAll()
                        .anyRequest().authenticated())
                .csrf(csrf -> csrf.ignoringRequestMatchers(mcpOAuth))
                .formLogin(Customizer.withDefaults());
        return http.build();
    }

    @Bean
    UserDetailsService users(PasswordEncoder passwordEncoder, @Value("${example.user.name}") String name,
            @Value("${example.user.password}") String password) {
        return new InMemoryUserDetailsManager(User.withUsername(name).password(passwordEncoder.encode(password))
                .roles("USER").build());
    }

    /** Authorizations (codes, access and refresh tokens) in the same database, so they survive a restart. */
    @Bean
    OAuth2AuthorizationService authorizationService(JdbcOperations jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationService(jdbc, clients);
    }

    @Bean
    OAuth2AuthorizationConsentService authorizationConsentService(JdbcOperations jdbc,
            RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
    }
}
