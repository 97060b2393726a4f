package dev.mcpoauth.core.cimd;

import static dev.mcpoauth.core.internal.Preconditions.requireArgument;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link MetadataDocumentFetcher} is asked to do: {@code GET} the URL, connecting only to
 * the addresses already checked (never resolving the host again), within a deadline, reading at
 * most a number of bytes.
 *
 * @param url the document URL; its host is the one TLS must verify
 * @param addresses the checked addresses to connect to, in order; never empty
 * @param timeout the time left for connect, TLS, headers and body together
 * @param maxBytes the most body bytes to accept
 */
public record FetchRequest(MetadataDocumentUrl url, List<InetAddress> addresses, Duration timeout, int maxBytes) {

    /** Validates and copies. */
    public FetchRequest {
        Objects.requireNonNull(url, "url");
        addresses = List.copyOf(addresses);
        requireArgument(!addresses.isEmpty(), "at least one checked address is required");
        Objects.requireNonNull(timeout, "timeout");
        requireArgument(!timeout.isNegative() && !timeout.isZero(), "timeout must be positive");
        requireArgument(maxBytes > 0, "maxBytes must be positive");
    }
}
