package dev.mcpoauth.core.event;

import java.time.Instant;
import java.util.Objects;

/**
 * A Client ID Metadata Document was resolved to a usable client (DESIGN §9).
 *
 * @param at when
 * @param client the client it describes; its id is the document's URL
 * @param cached true when the document came from the cache, false when it was fetched
 */
public record MetadataDocumentResolved(Instant at, ClientSummary client, boolean cached) implements RegistrationEvent {

    /** Checks every part is present. */
    public MetadataDocumentResolved {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(client, "client");
    }
}
