package dev.mcpoauth.server;

import dev.mcpoauth.http.jakarta.RequestBodies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Writes the server's own small, constant JSON bodies. */
final class JsonResponses {

    private JsonResponses() {
    }

    /**
     * Writes {@code json} as the answer, after reading what is left of the request body (at most
     * {@code maxBodyBytes}) or marking the answer {@code Connection: close}, as the binding does.
     */
    static void write(HttpServletRequest request, HttpServletResponse response, String json, int maxBodyBytes)
            throws IOException {
        RequestBodies.finish(request, response, maxBodyBytes);
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
