package dev.mcpoauth.core.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A registration was refused (RFC 7591 §3.2.2): bad metadata, a missing or wrong initial access
 * token, registration disabled, the client cap reached.
 *
 * @param at when
 * @param error the RFC error code answered, such as {@code invalid_redirect_uri}
 * @param clientName the {@code client_name} the request declared, if it was a string (at most
 *     {@value #MAX_DECLARED} characters; unvalidated: escape it before showing it)
 * @param softwareId the {@code software_id} the request declared, on the same terms
 * @param callerKey the caller's rate-limit key, where known
 */
public record RegistrationRefused(Instant at, String error, Optional<String> clientName, Optional<String> softwareId,
        Optional<String> callerKey) implements RegistrationEvent {

    /** The most characters of a declared value an event keeps. */
    public static final int MAX_DECLARED = 200;

    /** Checks every part is present and bounds the declared values. */
    public RegistrationRefused {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(error, "error");
        clientName = Objects.requireNonNull(clientName, "clientName").map(RegistrationRefused::bounded);
        softwareId = Objects.requireNonNull(softwareId, "softwareId").map(RegistrationRefused::bounded);
        Objects.requireNonNull(callerKey, "callerKey");
    }

    private static String bounded(String value) {
        return value.length() <= MAX_DECLARED ? value : value.substring(0, MAX_DECLARED);
    }
}
