package dev.mcpoauth.server;

import dev.mcpoauth.core.registry.ClientRegistry;
import java.net.URI;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;

/** Mounts the HTTP binding's registration and metadata servlets on the server's context. */
final class RegistrationEndpoints {

    private RegistrationEndpoints() {
    }

    static void install(ServletContextHandler context, ServerConfiguration config, ClientRegistry registry,
            URI issuer, URI authorizationEndpoint, URI tokenEndpoint) {
        throw new IllegalStateException("the HTTP binding is not wired yet (branch http not merged)");
    }
}
