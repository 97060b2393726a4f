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
