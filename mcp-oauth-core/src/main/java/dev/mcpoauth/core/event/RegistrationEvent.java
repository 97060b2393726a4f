package dev.mcpoauth.core.event;

import java.time.Instant;

/**
 * Something that happened in the registry. Every event says when it happened; the concrete
 * types say what: {@link ClientRegistered}, {@link RegistrationRefused},
 * {@link RegistrationRateLimited}, {@link ClientRead}, {@link ClientUpdated},
 * {@link ClientDeleted}, {@link ManagementRefused}, {@link ClientsReaped},
 * {@link StoreFailed}, {@link MetadataDocumentResolved}, {@link MetadataDocumentRefused}.
 *
 * <p>No event carries a secret, token, credential hash or request body.
 */
public interface RegistrationEvent {

    /** When it happened, by the publishing service's clock. */
    Instant at();
}
