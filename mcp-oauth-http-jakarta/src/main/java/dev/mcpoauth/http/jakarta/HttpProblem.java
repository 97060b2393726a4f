package dev.mcpoauth.http.jakarta;

import dev.mcpoauth.core.ratelimit.RateLimitDecision;
import dev.mcpoauth.core.registration.RegistrationException;
import java.util.Optional;

/**
 * A refused request as the binding answers it: status, {@code error}, {@code error_description}
 * and the headers that go with them. Either the binding refused it itself, before core saw it
 * (wrong path, method, media type, size, malformed JSON or headers), or core did
 * ({@link #of(RegistrationException)}, the one place a core outcome becomes an HTTP status).
 * The description is safe to send and to log.
 */
final class HttpProblem extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String allow;
    private final String challenge;
    private final transient RateLimitDecision rateLimit;

    HttpProblem(int status, String error, String description) {
        this(status, error, description, null, null, null);
    }

    private HttpProblem(int status, String error, String description, String allow, String challenge,
            RateLimitDecision rateLimit) {
        super(description, null, false, false);
        this.status = status;
        this.error = error;
        this.allow = allow;
        this.challenge = challenge;
        this.rateLimit = rateLimit;
    }

    /**
     * The answer to a core refusal: {@code 400} for the metadata and request errors
     * (<a href="https://www.rfc-editor.org/rfc/rfc7591#section-3.2.2">RFC 7591 §3.2.2</a>,
     * <a href="https://www.rfc-editor.org/rfc/rfc7592#section-2.2">RFC 7592 §2.2</a>), {@code 401}
     * with a {@code WWW-Authenticate} challenge for {@code invalid_token} (a bare {@code Bearer}
     * when no credentials were presented,
     * <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 §3.1</a>), {@code 404}
     * for an endpoint the policy switched off, {@code 403} for the client cap
     * (<a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1">RFC 6749 §4.1.2.1</a>'s
     * {@code access_denied}), {@code 429} with the limiter's refusal for the rate limit
     * (<a href="https://www.rfc-editor.org/rfc/rfc6585#section-4">RFC 6585 §4</a>).
     */
    static HttpProblem of(RegistrationException refusal) {
        int status = switch (refusal.error()) {
            case INVALID_REDIRECT_URI, INVALID_CLIENT_METADATA, INVALID_REQUEST -> 400;
            case INVALID_TOKEN -> 401;
            case ACCESS_DENIED -> 403;
            case NOT_FOUND -> 404;
            case TOO_MANY_REQUESTS -> 429;
        };
        String code = refusal.error().code();
        String challenge = status != 401 ? null : refusal.credentialsPresented()
                ? "Bearer error=\"" + code + "\", error_description=\"" + quotedStringSafe(refusal.description()) + "\""
                : "Bearer";
        return new HttpProblem(status, code, refusal.description(), null, challenge,
                refusal.rateLimit().orElse(null));
    }

    static HttpProblem notFound(String description) {
        return new HttpProblem(404, "not_found", description);
    }

    static HttpProblem methodNotAllowed(String method, String allow) {
        return new HttpProblem(405, "invalid_request",
                "method " + LogValues.escape(LogValues.bounded(method, 20)) + " is not allowed here; allowed: " + allow,
                allow, null, null);
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

    /** The limiter's refusal behind a {@code 429}, for its {@code Retry-After} and {@code RateLimit} headers. */
    Optional<RateLimitDecision> rateLimit() {
        return Optional.ofNullable(rateLimit);
    }

    /** The {@code WWW-Authenticate} header of a {@code 401}. */
    Optional<String> challenge() {
        return Optional.ofNullable(challenge);
    }

    /** RFC 6750 §3: {@code error_description} holds only printable ASCII without {@code "} or {@code \}. */
    private static String quotedStringSafe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '?');
        }
        return out.toString();
    }
}
