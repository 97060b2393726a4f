package dev.mcpoauth.core.event;

/** The operations of the client configuration endpoint (RFC 7592 §2). */
public enum ManagementOperation {
    /** {@code GET}: read the registration. */
    READ,
    /** {@code PUT}: replace it. */
    UPDATE,
    /** {@code DELETE}: delete it. */
    DELETE
}
