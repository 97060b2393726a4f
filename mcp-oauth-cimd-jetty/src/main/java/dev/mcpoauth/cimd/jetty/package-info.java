/**
 * The {@link dev.mcpoauth.core.cimd.MetadataDocumentFetcher} adapter on Jetty 12's HTTP client:
 * fetches Client ID Metadata Documents pinned to the addresses core checked.
 */
package dev.mcpoauth.cimd.jetty;
