package dev.mcpoauth.core.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A request to the client configuration endpoint was refused. For {@code invalid_token} the
 * event does not say which client was asked for: the id is the caller's claim, and an unknown id
 * and a wrong token are deliberately the same outcome (RFC 7592 §2).
 *
 * @param at when
 * @param operation what was asked
 * @param error the RFC error code answered, such as {@code invalid_token}
 * @param callerKey the caller's key, where known
 */
public record ManagementRefused(Instant at, ManagementOperation operation, String error, Optional<String> callerKey)
        implements RegistrationEvent {

    /** Checks every part is present. */
    public ManagementRefused {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(callerKey, "callerKey");
    }
}
