package dev.mcpoauth.core.registration;

import java.util.Objects;

/**
 * A protocol outcome that refuses a registration or management request: an RFC error code and
 * a description that names the field and the rule. The description is safe to log and to send
 * to the client: it never holds a credential, a line break, or more than a short prefix of
 * the offending value.
 */
public final class RegistrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RegistrationError error;
    private final boolean credentialsPresented;

    public RegistrationException(RegistrationError error, String description) {
        this(error, description, true);
    }

    private RegistrationException(RegistrationError error, String description, boolean credentialsPresented) {
        super(Objects.requireNonNull(description), null, false, false);
        this.error = Objects.requireNonNull(error);
        this.credentialsPresented = credentialsPresented;
    }

    /** An {@code invalid_token} outcome for a request that carried no bearer token at all. */
    public static RegistrationException missingToken(String description) {
        return new RegistrationException(RegistrationError.INVALID_TOKEN, description, false);
    }

    public RegistrationError error() {
        return error;
    }

    public String description() {
        return getMessage();
    }

    /**
     * False only for {@code invalid_token} when no token was presented: RFC 6750 §3.1 then wants
     * a bare {@code Bearer} challenge without an {@code error} attribute.
     */
    public boolean credentialsPresented() {
        return credentialsPresented;
    }
}
