package dev.mcpoauth.cimd.jetty;

import dev.mcpoauth.core.cimd.MetadataDocumentFetcher;
import dev.mcpoauth.tests.MetadataDocumentFetcherContract;
import java.security.KeyStore;

/** The Jetty fetcher passes the kit's fetcher contract. */
class JettyMetadataDocumentFetcherContractTest extends MetadataDocumentFetcherContract {

    @Override
    protected MetadataDocumentFetcher fetcher(KeyStore trustStore, boolean loopbackForDevelopment) {
        return JettyMetadataDocumentFetcher.builder()
                .trustStore(trustStore)
                .allowLoopbackForDevelopment(loopbackForDevelopment)
                .build();
    }

    @Override
    protected void close(MetadataDocumentFetcher fetcher) {
        ((JettyMetadataDocumentFetcher) fetcher).close();
    }
}
