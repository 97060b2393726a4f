package dev.mcpoauth.cimd.jetty;

import dev.mcpoauth.core.cimd.FetchRequest;
import dev.mcpoauth.core.cimd.FetchResponse;
import dev.mcpoauth.core.cimd.MetadataDocumentFetchException;
import dev.mcpoauth.core.cimd.MetadataDocumentFetchException.Reason;
import dev.mcpoauth.core.cimd.MetadataDocumentFetcher;
import dev.mcpoauth.core.cimd.SpecialPurposeAddresses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Fetches Client ID Metadata Documents with Jetty 12's {@link HttpClient}, as
 * {@link MetadataDocumentFetcher} requires (DESIGN §9).
 *
 * <ul>
 *   <li>Connections go only to the addresses core checked: the client's
 *       {@link SocketAddressResolver} answers from the request and never asks DNS, so a
 *       rebinding answer cannot re-target the connection. Each address is checked again here:
 *       only global unicast, or loopback with {@link Builder#allowLoopbackForDevelopment}.</li>
 *   <li>Redirects are never followed (a 3xx is returned to core, which refuses it); nothing can
 *       turn that on. No cookies, no credentials, no proxy.</li>
 *   <li>One deadline for connect, TLS, headers and body; the body is read while streaming and
 *       abandoned at the byte cap; a {@code Content-Length} above the cap is refused before a
 *       byte of the body is read.</li>
 *   <li>TLS verifies the certificate against the URL's host name (endpoint identification
 *       {@code HTTPS}), with the JDK's trust anchors or a trust store you give.</li>
 * </ul>
 *
 * <p>Thread-safe. Build one per server, {@link #close()} it on shutdown.
 */
public final class JettyMetadataDocumentFetcher implements MetadataDocumentFetcher, AutoCloseable {

    private final HttpClient client;
    private final boolean loopbackAllowed;

    private JettyMetadataDocumentFetcher(Builder b) {
        this.loopbackAllowed = b.loopbackAllowed;
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setTrustAll(false);
        tls.setEndpointIdentificationAlgorithm("HTTPS");
        if (b.trustStore != null) {
            tls.setTrustStore(b.trustStore);
        }
        HttpClient http = new HttpClient();
        http.setSslContextFactory(tls);
        http.setFollowRedirects(false);
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        http.setSocketAddressResolver(new CheckedAddresses());
        http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "mcp-oauth CIMD fetcher"));
        http.setDestinationIdleTimeout(30_000);
        http.setMaxConnectionsPerDestination(1);
        QueuedThreadPool threads = new QueuedThreadPool(b.maxThreads, 2);
        threads.setName("cimd-fetch");
        threads.setDaemon(true);
        http.setExecutor(threads);
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("the Jetty HTTP client did not start", e);
        }
        this.client = http;
    }

    /** A builder with the JDK's trust anchors and loopback refused. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public FetchResponse fetch(FetchRequest request) throws MetadataDocumentFetchException {
        Objects.requireNonNull(request, "request");
        for (InetAddress address : request.addresses()) {
            if (!SpecialPurposeAddresses.isGlobalUnicast(address)
                    && !(loopbackAllowed && SpecialPurposeAddresses.isLoopback(address))) {
                throw new MetadataDocumentFetchException(Reason.ADDRESS_REFUSED,
                        "address " + address.getHostAddress() + " of " + request.url().host() + " is not global unicast", null);
            }
        }
        long timeoutMillis = Math.max(1, request.timeout().toMillis());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Request get = client.newRequest(request.url().value())
                .method(HttpMethod.GET)
                .tag(new Pin(request.addresses()))
                .followRedirects(false)
                .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .headers(headers -> headers
                        .put(HttpHeader.ACCEPT, "application/json")
                        .put(HttpHeader.CONNECTION, "close"));
        InputStreamResponseListener listener = new InputStreamResponseListener();
        get.send(listener);
        try {
            Response response = listener.get(timeoutMillis, TimeUnit.MILLISECONDS);
            long declared = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
            if (declared > request.maxBytes()) {
                get.abort(new IOException("Content-Length over the cap"));
                throw new MetadataDocumentFetchException(Reason.TOO_LARGE,
                        "declared Content-Length " + declared + " exceeds " + request.maxBytes() + " bytes", null);
            }
            byte[] body = readCapped(listener.getInputStream(), request.maxBytes(), get);
            return new FetchResponse(response.getStatus(), headers(response), body);
        } catch (TimeoutException e) {
            get.abort(e);
            throw new MetadataDocumentFetchException(Reason.TIMED_OUT, "no answer within " + timeoutMillis + " ms", e);
        } catch (InterruptedException e) {
            get.abort(e);
            Thread.currentThread().interrupt();
            throw new MetadataDocumentFetchException(Reason.UNREACHABLE, "interrupted", e);
        } catch (ExecutionException | IOException e) {
            get.abort(e);
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (isTimeout(cause) || System.nanoTime() - deadline >= 0) {
                throw new MetadataDocumentFetchException(Reason.TIMED_OUT, "no complete answer within " + timeoutMillis + " ms", cause);
            }
            throw new MetadataDocumentFetchException(Reason.UNREACHABLE, describe(cause), cause);
        }
    }

    private static byte[] readCapped(InputStream in, int maxBytes, Request get)
            throws IOException, MetadataDocumentFetchException {
        try (InputStream body = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxBytes, 8192));
            byte[] buffer = new byte[2048];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                if (out.size() + n > maxBytes) {
                    get.abort(new IOException("body over the cap"));
                    throw new MetadataDocumentFetchException(Reason.TOO_LARGE,
                            "body exceeds " + maxBytes + " bytes", null);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static Map<String, List<String>> headers(Response response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : response.getHeaders()) {
            headers.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(field.getValue());
        }
        return headers;
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SSLException) {
                return "TLS failed: " + c.getMessage();
            }
        }
        return t == null ? "failed" : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /** Stops the HTTP client and its threads. */
    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the Jetty HTTP client did not stop cleanly", e);
        }
    }

    /** The checked addresses of one fetch; as the request's tag it also gives each fetch its own destination. */
    private static final class Pin {
        final List<InetAddress> addresses;

        Pin(List<InetAddress> addresses) {
            this.addresses = List.copyOf(addresses);
        }
    }

    /** Answers from the request's {@link Pin}; never asks DNS. */
    private static final class CheckedAddresses implements SocketAddressResolver {
        @Override
        public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
            Object destination = context.get(Destination.CONTEXT_KEY);
            Object tag = destination instanceof Destination d ? d.getOrigin().getTag() : null;
            if (!(tag instanceof Pin pin)) {
                promise.failed(new UnknownHostException("no checked addresses for " + host + "; refusing to resolve it"));
                return;
            }
            List<InetSocketAddress> addresses = new ArrayList<>(pin.addresses.size());
            try {
                for (InetAddress address : pin.addresses) {
                    // the checked bytes, labelled with the URL's host so TLS verifies (and SNI names) the host, not the IP
                    addresses.add(new InetSocketAddress(InetAddress.getByAddress(host, address.getAddress()), port));
                }
            } catch (UnknownHostException e) {
                promise.failed(e);
                return;
            }
            promise.succeeded(addresses);
        }
    }

    /** Builds a {@link JettyMetadataDocumentFetcher}. There is deliberately no setting for redirects or proxies. */
    public static final class Builder {
        private KeyStore trustStore;
        private boolean loopbackAllowed;
        private int maxThreads = 16;

        private Builder() {
        }

        /** Trust anchors for the origins' certificates, instead of the JDK's default ones. */
        public Builder trustStore(KeyStore trustStore) {
            this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
            return this;
        }

        /**
         * Development only: also connect to loopback addresses, for a document served on this
         * machine. Core must be told the same ({@code allowLoopbackOriginsForDevelopment}).
         * Every other special-purpose address stays refused. Never enable it in production.
         */
        public Builder allowLoopbackForDevelopment(boolean allowed) {
            this.loopbackAllowed = allowed;
            return this;
        }

        /** Threads of the HTTP client (default 16, matching core's in-flight cap). */
        public Builder maxThreads(int maxThreads) {
            if (maxThreads < 4) {
                throw new IllegalArgumentException("maxThreads must be at least 4, got " + maxThreads);
            }
            this.maxThreads = maxThreads;
            return this;
        }

        /** Starts the HTTP client. */
        public JettyMetadataDocumentFetcher build() {
            return new JettyMetadataDocumentFetcher(this);
        }
    }
}
