package dev.mcpoauth.core.cimd;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A URL {@code client_id} could not be resolved to a client for a reason the caller should
 * report (DESIGN §9). An unknown or untrusted URL is not one of them: that is an empty result.
 * The description is safe to send to the client and to log: it names the rule, never the
 * resolved addresses or a network detail (those go to the log only).
 *
 * <p>How a host maps it: {@link Failure#RATE_LIMITED} and {@link Failure#OVERLOADED} to HTTP 429
 * with {@code Retry-After} from {@link #retryAfter()}; every other failure to
 * {@code invalid_client} (RFC 6749 §5.2) with the description. Never to "not found", never to a
 * server error.
 */
public final class MetadataDocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Failure {
        /** The document was fetched but is not a valid metadata document for this URL and policy. */
        INVALID_DOCUMENT,
        /** The origin did not answer 200 with a JSON document in time. */
        ORIGIN_UNAVAILABLE,
        /** The SSRF guard refused the host's addresses. One generic description, details in the log. */
        REFUSED,
        /** Too many fetch attempts for this URL in the last minute. */
        RATE_LIMITED,
        /** Too many fetches in flight on this server; retry shortly. */
        OVERLOADED
    }

    private final Failure failure;
    private final transient Duration retryAfter;

    /**
     * @param failure what went wrong
     * @param description a safe, single-line description
     * @param retryAfter when to retry, for the two throttling failures; {@code null} otherwise
     */
    public MetadataDocumentException(Failure failure, String description, Duration retryAfter) {
        super(Objects.requireNonNull(description, "description"), null, false, false);
        this.failure = Objects.requireNonNull(failure, "failure");
        this.retryAfter = retryAfter;
    }

    public Failure failure() {
        return failure;
    }

    /** The description to send as {@code error_description}. */
    public String description() {
        return getMessage();
    }

    /** How long to wait before trying again, for {@link Failure#RATE_LIMITED} and {@link Failure#OVERLOADED}. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** True for the throttling failures, which the host answers with 429 and {@code Retry-After}. */
    public boolean isThrottled() {
        return failure == Failure.RATE_LIMITED || failure == Failure.OVERLOADED;
    }
}
