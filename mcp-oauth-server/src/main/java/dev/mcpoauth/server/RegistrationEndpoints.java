package dev.mcpoauth.server;

import dev.mcpoauth.core.event.RegistrationEventListener;
import dev.mcpoauth.core.registration.ClientConfigurationService;
import dev.mcpoauth.core.registration.RegistrationService;
import dev.mcpoauth.core.registration.SecretGenerator;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.http.jakarta.AuthorizationServerMetadataServlet;
import dev.mcpoauth.http.jakarta.ClientRegistrationServlet;
import dev.mcpoauth.http.jakarta.HttpBindingOptions;
import dev.mcpoauth.core.ratelimit.RegistrationRateLimiter;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;

/** Mounts the HTTP binding's registration and metadata servlets on the server's context. */
final class RegistrationEndpoints {

    private RegistrationEndpoints() {
    }

    /** Mounts the servlets; returns the registration use case they serve. */
    static RegistrationService install(ServletContextHandler context, ServerConfiguration config, ClientRegistry registry,
            Optional<RegistrationRateLimiter> rateLimiter, int boundPort, List<RegistrationEventListener> listeners) {
        HttpBindingOptions options = config.httpOptions(boundPort);
        URI issuer = config.issuer(boundPort);
        RegistrationService.Builder service = RegistrationService.builder(registry, config.policy())
                .rateLimitKey(config.rateLimitKey())
                .rateLimiterFailOpen(config.rateLimitFailOpen())
                .permitsInWrite(config.rateLimitPermitInWrite())
                .listeners(listeners);
        rateLimiter.ifPresent(service::rateLimiter);
        RegistrationService registration = service.build();
        ClientConfigurationService management = new ClientConfigurationService(registry, config.policy(),
                Clock.systemUTC(), SecretGenerator.secureRandom(), listeners);
        context.addServlet(new ServletHolder("registration",
                new ClientRegistrationServlet(registration, management, options)), options.servletMapping());

        ServletHolder metadata = new ServletHolder("metadata",
                new AuthorizationServerMetadataServlet(config.policy(), options));
        context.addServlet(metadata, AuthorizationServerMetadataServlet.WELL_KNOWN_PATH);
        String issuerPath = issuer.getRawPath() == null ? "" : issuer.getRawPath().replaceAll("/+$", "");
        if (!issuerPath.isEmpty()) {
            // RFC 8414 §3.1: for an issuer with a path, the document also lives at the well-known path + that path
            context.getServletHandler().addServletWithMapping(metadata,
                    AuthorizationServerMetadataServlet.WELL_KNOWN_PATH + issuerPath);
        }
        return registration;
    }
}
