package dev.mcpoauth.core.registration;

/**
 * The protocol errors of registration and client management, each with its RFC error code
 * and the HTTP status it maps to (the one place that mapping lives).
 */
public enum RegistrationError {

    /** RFC 7591 §3.2.2: a redirect URI is missing, malformed or not allowed. */
    INVALID_REDIRECT_URI("invalid_redirect_uri", 400),
    /** RFC 7591 §3.2.2: a metadata member is malformed or not allowed. */
    INVALID_CLIENT_METADATA("invalid_client_metadata", 400),
    /** RFC 6749 §5.2 / RFC 7592 §2.2: the request itself is malformed. */
    INVALID_REQUEST("invalid_request", 400),
    /** RFC 6750 §3.1: missing, wrong or stale initial or registration access token. */
    INVALID_TOKEN("invalid_token", 401),
    /**
     * RFC 6749 §4.1.2.1: the server refuses to register anyone now, whatever the metadata; the
     * {@linkplain RegistrationPolicy#maxClients() client cap} is reached.
     */
    ACCESS_DENIED("access_denied", 403),
    /**
     * The caller made too many registration attempts
     * (<a href="https://www.rfc-editor.org/rfc/rfc6585#section-4">RFC 6585 §4</a>); the
     * exception carries the {@linkplain RegistrationException#rateLimit() decision}.
     */
    TOO_MANY_REQUESTS("too_many_requests", 429),
    /** Registration or management is switched off: the endpoint does not exist. */
    NOT_FOUND("not_found", 404);

    private final String code;
    private final int httpStatus;

    RegistrationError(String code, int httpStatus) {
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** The wire value of the {@code error} member. */
    public String code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
