package dev.mcpoauth.http.jakarta;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One request and its response, with the headers every answer of the binding carries: JSON
 * content type, no caching, CORS. Both servlets write through it so those rules live in one place.
 */
final class Exchange {

    static final String JSON_CONTENT_TYPE = "application/json;charset=UTF-8";
    static final String ALLOWED_REQUEST_HEADERS = "authorization, content-type";
    private static final String EXPOSED_HEADERS = "Location, WWW-Authenticate, Retry-After, RateLimit, RateLimit-Policy";

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final HttpBindingOptions options;

    Exchange(HttpServletRequest request, HttpServletResponse response, HttpBindingOptions options) {
        this.request = request;
        this.response = response;
        this.options = options;
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        allowOrigin();
    }

    HttpServletRequest request() {
        return request;
    }

    HttpServletResponse response() {
        return response;
    }

    String method() {
        return request.getMethod();
    }

    /**
     * The external URL of the context root: the configured public base URL, else one derived from
     * the request (scheme, {@code Host}, context path).
     */
    String baseUrl() {
        return options.publicBaseUrl().orElseGet(() -> {
            String scheme = request.getScheme().toLowerCase(Locale.ROOT);
            String host = request.getServerName();
            if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
                host = "[" + host + "]";
            }
            int port = request.getServerPort();
            boolean defaultPort = port <= 0 || ("http".equals(scheme) && port == 80)
                    || ("https".equals(scheme) && port == 443);
            return scheme + "://" + host + (defaultPort ? "" : ":" + port) + request.getContextPath();
        });
    }

    void json(int status, Map<String, ?> body) throws IOException {
        finishRequestBody();
        byte[] bytes = JsonCodec.write(body);
        response.setStatus(status);
        response.setContentType(JSON_CONTENT_TYPE);
        response.setContentLength(bytes.length);
        if (!"HEAD".equals(request.getMethod())) {
            try (OutputStream out = response.getOutputStream()) {
                out.write(bytes);
            }
        }
    }

    void error(int status, String error, String description) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        json(status, body);
    }

    void noContent() {
        finishRequestBody();
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /** Before any answer: the connection either stays usable for the next request or the answer says it closes. */
    private void finishRequestBody() {
        RequestBodies.finish(request, response, options.maxBodyBytes());
    }

    /** Answers a CORS preflight (or a plain {@code OPTIONS}) for a resource allowing {@code methods}. */
    void preflight(String methods) {
        response.setHeader("Allow", methods);
        response.setHeader("Access-Control-Allow-Methods", methods);
        response.setHeader("Access-Control-Allow-Headers", ALLOWED_REQUEST_HEADERS);
        response.setHeader("Access-Control-Max-Age", Long.toString(options.corsMaxAge().toSeconds()));
        noContent();
    }

    private void allowOrigin() {
        if (options.corsAllowedOrigins().contains("*")) {
            response.setHeader("Access-Control-Allow-Origin", "*");
        } else {
            response.addHeader("Vary", "Origin");
            String origin = request.getHeader("Origin");
            if (origin != null && options.corsAllowedOrigins().contains(origin.toLowerCase(Locale.ROOT))) {
                response.setHeader("Access-Control-Allow-Origin", origin);
            }
        }
        response.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    }
}
