package dev.mcpoauth.server;

import dev.mcpoauth.core.registry.ClientRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code GET /health}: {@code 200 {"status":"UP"}} when the store answers, {@code 503 {"status":"DOWN"}} otherwise. */
final class HealthServlet extends HttpServlet {

    /** Where the server mounts it. */
    static final String PATH = "/health";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HealthServlet.class);

    private final transient ClientRegistry registry;
    private final int maxBodyBytes;

    /**
     * @param registry the store asked
     * @param maxBodyBytes the most request body bytes read to keep the connection usable
     */
    HealthServlet(ClientRegistry registry, int maxBodyBytes) {
        this.registry = registry;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        if (request.getMethod().equals("GET") || request.getMethod().equals("HEAD")) {
            super.service(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        response.setHeader("Allow", "GET, HEAD");
        JsonResponses.write(request, response, "{\"error\":\"method_not_allowed\"}", maxBodyBytes);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean up;
        try {
            registry.count();
            up = true;
        } catch (RuntimeException e) {
            // the class name is enough to diagnose and cannot carry a credential
            LOG.warn("Health check: the store did not answer ({})", e.getClass().getSimpleName());
            up = false;
        }
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        JsonResponses.write(request, response, up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}",
                maxBodyBytes);
    }
}
