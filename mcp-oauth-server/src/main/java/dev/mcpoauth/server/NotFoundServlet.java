package dev.mcpoauth.server;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Answers every path the server does not serve with a JSON {@code 404}, in place of the container's HTML page. */
final class NotFoundServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final int maxBodyBytes;

    /** @param maxBodyBytes the most request body bytes read to keep the connection usable */
    NotFoundServlet(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        JsonResponses.write(request, response, "{\"error\":\"not_found\"}", maxBodyBytes);
    }
}
