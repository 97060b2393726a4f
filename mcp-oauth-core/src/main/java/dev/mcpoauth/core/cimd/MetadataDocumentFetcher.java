package dev.mcpoauth.core.cimd;

/**
 * Outbound port: fetches a Client ID Metadata Document over HTTPS (DESIGN §9). Core decides
 * what to fetch and where to connect; an adapter does the I/O. Implementations must:
 * send {@code GET} with {@code Accept: application/json} and no cookies or credentials; connect
 * only to {@link FetchRequest#addresses()} (no DNS lookup of their own); verify the TLS
 * certificate against the URL's host name; never follow a redirect (a 3xx is returned as it
 * is); finish within {@link FetchRequest#timeout()}; and stop reading, failing with
 * {@link MetadataDocumentFetchException.Reason#TOO_LARGE}, when the body exceeds
 * {@link FetchRequest#maxBytes()}, refusing a larger {@code Content-Length} before reading.
 * Status, content type and document checks are core's job.
 */
@FunctionalInterface
public interface MetadataDocumentFetcher {

    /**
     * Fetches the document.
     *
     * @return whatever the origin answered, any status
     * @throws MetadataDocumentFetchException when there is no complete answer
     */
    FetchResponse fetch(FetchRequest request) throws MetadataDocumentFetchException;
}
