package dev.mcpoauth.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A Client ID Metadata Document could not be used (DESIGN §9).
 *
 * @param at when
 * @param clientId the client id asked for: the document's URL
 * @param reason why, as a low-cardinality word: {@code invalid}, {@code unreachable},
 *     {@code refused} (SSRF guard or trust policy), {@code rate_limited} …
 */
public record MetadataDocumentRefused(Instant at, String clientId, String reason) implements RegistrationEvent {

    /** Checks every part is present. */
    public MetadataDocumentRefused {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(reason, "reason");
    }
}
