package dev.mcpoauth.core.cimd;

import java.util.Objects;

/**
 * A fetch produced no complete answer. Thrown by {@link MetadataDocumentFetcher} adapters; core
 * turns it into a {@link MetadataDocumentException} for the caller.
 */
public final class MetadataDocumentFetchException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the fetch failed. */
    public enum Reason {
        /** The deadline passed before the whole body arrived. */
        TIMED_OUT,
        /** The body, or its declared {@code Content-Length}, exceeds the byte cap. */
        TOO_LARGE,
        /** No connection, a TLS failure (including a certificate for another host), or a broken answer. */
        UNREACHABLE,
        /** The adapter itself refused an address it was given. */
        ADDRESS_REFUSED
    }

    private final Reason reason;

    /**
     * @param reason why
     * @param message details for the log; may name the host, never a credential
     * @param cause the I/O failure, or {@code null}
     */
    public MetadataDocumentFetchException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
