package dev.mcpoauth.http.jakarta;

import java.util.Optional;

/**
 * A request refused by the binding itself, before core sees it (wrong path, method, media type,
 * size, malformed JSON or headers). The description is safe to send and to log.
 */
final class HttpProblem extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String allow;

    HttpProblem(int status, String error, String description) {
        this(status, error, description, null);
    }

    private HttpProblem(int status, String error, String description, String allow) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.allow = allow;
    }

    static HttpProblem notFound(String description) {
        return new HttpProblem(404, "not_found", description);
    }

    static HttpProblem methodNotAllowed(String method, String allow) {
        return new HttpProblem(405, "invalid_request",
                "method " + LogValues.escape(LogValues.bounded(method, 20)) + " is not allowed here; allowed: " + allow,
                allow);
    }

    static HttpProblem invalidRequest(int status, String description) {
        return new HttpProblem(status, "invalid_request", description);
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    String description() {
        return getMessage();
    }

    /** The {@code Allow} header of a {@code 405}. */
    Optional<String> allow() {
        return Optional.ofNullable(allow);
    }
}
