package dev.mcpoauth.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.mcpoauth.core.cimd.FetchRequest;
import dev.mcpoauth.core.cimd.FetchResponse;
import dev.mcpoauth.core.cimd.MetadataDocumentFetchException;
import dev.mcpoauth.core.cimd.MetadataDocumentFetchException.Reason;
import dev.mcpoauth.core.cimd.MetadataDocumentFetcher;
import dev.mcpoauth.core.cimd.MetadataDocumentUrl;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link MetadataDocumentFetcher} must have (DESIGN §9), against a real
 * HTTPS origin: the JDK's {@code HttpsServer} on {@code 127.0.0.1} with the kit's test
 * certificate ({@link TestTls}). An adapter proves itself with a tiny subclass that builds its
 * fetcher; the report names that subclass.
 *
 * <p>The URLs name {@code client.example} (and names below it, which no DNS server knows): a
 * fetcher that resolved host names itself instead of connecting to the given addresses would
 * fail here.
 */
public abstract class MetadataDocumentFetcherContract {

    private static final InetAddress LOOPBACK = loopback();
    private static final String DOCUMENT = "{\"client_id\":\"x\",\"client_name\":\"Contract\"}";

    private HttpsServer origin;
    private ExecutorService originThreads;
    private final CountDownLatch release = new CountDownLatch(1);
    private final Map<String, HttpHandler> routes = new ConcurrentHashMap<>();
    /** The paths requested, in order. */
    private final List<String> requested = new CopyOnWriteArrayList<>();
    private final Map<String, String> lastHeaders = new ConcurrentHashMap<>();
    private MetadataDocumentFetcher development;

    /**
     * The fetcher under test, trusting only {@code trustStore}'s certificates.
     *
     * @param trustStore the trust anchors to verify the origin with
     * @param loopbackForDevelopment whether the development-only loopback setting is on
     * @return a fetcher; {@link #close(MetadataDocumentFetcher)} releases it
     */
    protected abstract MetadataDocumentFetcher fetcher(KeyStore trustStore, boolean loopbackForDevelopment);

    /**
     * Releases a fetcher this contract built; nothing by default.
     *
     * @param fetcher a fetcher from {@link #fetcher(KeyStore, boolean)}
     */
    protected void close(MetadataDocumentFetcher fetcher) {
    }

    @BeforeEach
    void startOrigin() throws IOException {
        origin = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        origin.setHttpsConfigurator(new HttpsConfigurator(TestTls.originServerContext()));
        originThreads = Executors.newCachedThreadPool();
        origin.setExecutor(originThreads);
        origin.createContext("/", exchange -> {
            requested.add(exchange.getRequestURI().getPath());
            exchange.getRequestHeaders().forEach((name, values) -> lastHeaders.put(name.toLowerCase(), String.join(",", values)));
            HttpHandler route = routes.get(exchange.getRequestURI().getPath());
            if (route == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
            } else {
                route.handle(exchange);
            }
        });
        origin.start();
        development = fetcher(TestTls.originTrustStore(), true);
    }

    @AfterEach
    void stopOrigin() {
        release.countDown();
        close(development);
        origin.stop(0);
        originThreads.shutdownNow();
    }

    private String url(String host, String path) {
        return "https://" + host + ":" + origin.getAddress().getPort() + path;
    }

    private FetchRequest request(String url, Duration timeout, InetAddress... addresses) {
        return new FetchRequest(MetadataDocumentUrl.parse(url).orElseThrow(), List.of(addresses), timeout, 5 * 1024);
    }

    private FetchRequest request(String path) {
        return request(url(TestTls.HOST, path), Duration.ofSeconds(5), LOOPBACK);
    }

    private MetadataDocumentFetchException failure(MetadataDocumentFetcher fetcher, FetchRequest request) {
        MetadataDocumentFetchException e = catchThrowableOfType(MetadataDocumentFetchException.class,
                () -> fetcher.fetch(request));
        assertThat(e).as("the fetch of " + request.url() + " fails").isNotNull();
        return e;
    }

    private static HttpHandler answer(int status, String contentType, String body, String... headersAndValues) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            for (int i = 0; i < headersAndValues.length; i += 2) {
                exchange.getResponseHeaders().add(headersAndValues[i], headersAndValues[i + 1]);
            }
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    /** Sends headers (declaring {@code length}, or chunked for 0) and {@code bytes} bytes, then waits for the test to end. */
    private HttpHandler stalls(long length, int bytes) {
        return exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, length);
            OutputStream out = exchange.getResponseBody();
            out.write(" ".repeat(bytes).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        };
    }

    @Test
    @DisplayName("a 200 comes back with its status, headers and body, for a GET asking for JSON without cookies")
    void returnsA200() throws Exception {
        routes.put("/doc.json", answer(200, "application/json; charset=utf-8", DOCUMENT, "Cache-Control", "max-age=600"));

        FetchResponse response = development.fetch(request("/doc.json"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(DOCUMENT);
        assertThat(response.header("content-type")).contains("application/json; charset=utf-8");
        assertThat(response.header("Cache-Control")).contains("max-age=600");
        assertThat(lastHeaders.get("accept")).isEqualTo("application/json");
        assertThat(lastHeaders).doesNotContainKeys("cookie", "authorization");
    }

    @ParameterizedTest(name = "HTTP {0} comes back as it is")
    @ValueSource(ints = {201, 204, 404, 500})
    @DisplayName("any other status comes back as it is, for core to refuse")
    void returnsOtherStatuses(int status) throws Exception {
        routes.put("/doc.json", answer(status, "application/json", status == 204 ? "" : DOCUMENT));

        assertThat(development.fetch(request("/doc.json")).status()).isEqualTo(status);
    }

    @ParameterizedTest(name = "HTTP {0} is not followed")
    @ValueSource(ints = {301, 302, 303, 307, 308})
    @DisplayName("a redirect is returned, never followed")
    void neverFollowsARedirect(int status) throws Exception {
        routes.put("/doc.json", answer(status, "text/plain", "", "Location", url(TestTls.HOST, "/moved.json")));
        routes.put("/moved.json", answer(200, "application/json", DOCUMENT));

        assertThat(development.fetch(request("/doc.json")).status()).isEqualTo(status);
        assertThat(requested).containsExactly("/doc.json");
    }

    @Test
    @DisplayName("a Content-Length over the cap is refused before the body is read")
    void refusesADeclaredLengthOverTheCap() {
        routes.put("/doc.json", stalls(1_000_000, 10));

        assertThat(failure(development, request("/doc.json")).reason()).isEqualTo(Reason.TOO_LARGE);
    }

    @Test
    @DisplayName("a body without a length is abandoned when it crosses the cap")
    void abortsAChunkedBodyAtTheCap() {
        routes.put("/doc.json", stalls(0, 8 * 1024));

        assertThat(failure(development, request("/doc.json")).reason()).isEqualTo(Reason.TOO_LARGE);
    }

    @Test
    @DisplayName("a body that stops coming fails at about the deadline")
    void failsAtTheDeadline() {
        routes.put("/doc.json", stalls(DOCUMENT.length(), 5));

        long start = System.nanoTime();
        MetadataDocumentFetchException e = failure(development,
                request(url(TestTls.HOST, "/doc.json"), Duration.ofSeconds(1), LOOPBACK));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(e.reason()).isEqualTo(Reason.TIMED_OUT);
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
    }

    @Test
    @DisplayName("it connects to the given addresses and never resolves the host itself")
    void connectsToTheGivenAddresses() throws Exception {
        routes.put("/doc.json", answer(200, "application/json", DOCUMENT));
        String unknownToDns = url("no-such-name." + TestTls.HOST, "/doc.json");

        assertThat(development.fetch(request(unknownToDns, Duration.ofSeconds(5), LOOPBACK)).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("TLS verifies the certificate against the URL's host name")
    void verifiesTheHostName() {
        routes.put("/doc.json", answer(200, "application/json", DOCUMENT));

        MetadataDocumentFetchException e = failure(development,
                request(url(TestTls.OTHER_HOST, "/doc.json"), Duration.ofSeconds(5), LOOPBACK));

        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(requested).isEmpty();
    }

    @Test
    @DisplayName("addresses that are not global unicast are refused; the development setting lets only loopback through")
    void refusesSpecialPurposeAddresses() throws Exception {
        routes.put("/doc.json", answer(200, "application/json", DOCUMENT));
        MetadataDocumentFetcher production = fetcher(TestTls.originTrustStore(), false);
        try {
            for (String literal : List.of("127.0.0.1", "10.0.0.1", "::1", "169.254.169.254")) {
                FetchRequest request = request(url(TestTls.HOST, "/doc.json"), Duration.ofSeconds(5),
                        InetAddress.getByName(literal));
                assertThat(failure(production, request).reason()).as(literal).isEqualTo(Reason.ADDRESS_REFUSED);
            }
        } finally {
            close(production);
        }
        FetchRequest privateAddress = request(url(TestTls.HOST, "/doc.json"), Duration.ofSeconds(5),
                InetAddress.getByName("192.168.1.1"));
        assertThat(failure(development, privateAddress).reason()).isEqualTo(Reason.ADDRESS_REFUSED);
        assertThat(requested).isEmpty();
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName("127.0.0.1");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
