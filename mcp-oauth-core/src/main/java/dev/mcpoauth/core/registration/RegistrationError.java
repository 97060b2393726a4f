package dev.mcpoauth.core.registration;

/**
 * What went wrong with a registration or management request, as the RFC error code the
 * response carries. Core says only this; which HTTP status it becomes is the binding's business.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7591#section-3.2.2">RFC 7591 §3.2.2, client registration error response</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7592#section-2">RFC 7592 §2, client configuration endpoint</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 §3.1, bearer token error codes</a>
 */
public enum RegistrationError {

    /**
     * A redirect URI is missing, malformed or not allowed
     * (<a href="https://www.rfc-editor.org/rfc/rfc7591#section-3.2.2">RFC 7591 §3.2.2</a>).
     */
    INVALID_REDIRECT_URI("invalid_redirect_uri"),
    /**
     * A metadata member is malformed or not allowed
     * (<a href="https://www.rfc-editor.org/rfc/rfc7591#section-3.2.2">RFC 7591 §3.2.2</a>).
     */
    INVALID_CLIENT_METADATA("invalid_client_metadata"),
    /**
     * The request itself is malformed, such as an update naming another client
     * (<a href="https://www.rfc-editor.org/rfc/rfc7592#section-2.2">RFC 7592 §2.2</a>).
     */
    INVALID_REQUEST("invalid_request"),
    /**
     * The initial or registration access token is missing, wrong or stale
     * (<a href="https://www.rfc-editor.org/rfc/rfc6750#section-3.1">RFC 6750 §3.1</a>);
     * {@link RegistrationException#credentialsPresented()} tells a missing one from a wrong one.
     */
    INVALID_TOKEN("invalid_token"),
    /**
     * The server refuses to register anyone now, whatever the metadata: the
     * {@linkplain RegistrationPolicy#maxClients() client cap} is reached
     * (<a href="https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1">RFC 6749 §4.1.2.1</a>).
     */
    ACCESS_DENIED("access_denied"),
    /**
     * The caller made too many registration attempts
     * (<a href="https://www.rfc-editor.org/rfc/rfc6585#section-4">RFC 6585 §4</a>); the
     * exception carries the {@linkplain RegistrationException#rateLimit() decision}.
     */
    TOO_MANY_REQUESTS("too_many_requests"),
    /** Registration or management is switched off by the policy: the endpoint does not exist. */
    NOT_FOUND("not_found");

    private final String code;

    RegistrationError(String code) {
        this.code = code;
    }

    /** The wire value of the {@code error} member. */
    public String code() {
        return code;
    }
}
