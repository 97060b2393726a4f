package dev.mcpoauth.cimd.jetty;

import static dev.mcpoauth.cimd.jetty.LocalHttpsOrigin.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.core.cimd.FetchRequest;
import dev.mcpoauth.core.cimd.HostResolver;
import dev.mcpoauth.core.cimd.MetadataDocumentException;
import dev.mcpoauth.core.cimd.MetadataDocumentException.Failure;
import dev.mcpoauth.core.cimd.MetadataDocumentFetchException;
import dev.mcpoauth.core.cimd.MetadataDocumentFetchException.Reason;
import dev.mcpoauth.core.cimd.MetadataDocumentUrl;
import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registration.ClientIdMetadataDocuments;
import dev.mcpoauth.tests.TestTls;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fetch and its guard against a real HTTPS origin on loopback (reached only through the
 * development-only setting), with host names mapped to it by a test resolver.
 */
@DisplayName("JettyMetadataDocumentFetcher against a real local HTTPS origin")
class JettyMetadataDocumentFetcherTest {

    static final InetAddress LOOPBACK = address("127.0.0.1");
    static final String PATH = "/oauth/client.json";

    LocalHttpsOrigin origin;
    JettyMetadataDocumentFetcher fetcher;
    String url;

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @BeforeEach
    void start() throws Exception {
        origin = new LocalHttpsOrigin("127.0.0.1", 0);
        fetcher = JettyMetadataDocumentFetcher.builder()
                .trustStore(TestTls.originTrustStore())
                .allowLoopbackForDevelopment(true)
                .build();
        url = urlOf("client.example", PATH);
    }

    @AfterEach
    void stop() throws Exception {
        fetcher.close();
        origin.close();
    }

    String urlOf(String host, String path) {
        return "https://" + host + ":" + origin.port() + path;
    }

    String document(String clientId) {
        return "{\"client_id\":\"" + clientId + "\",\"client_name\":\"Local\","
                + "\"redirect_uris\":[\"http://localhost/callback\"]}";
    }

    HostResolver resolvingTo(InetAddress... addresses) {
        return host -> List.of(addresses);
    }

    ClientIdMetadataDocuments.Builder documents(HostResolver resolver) {
        return ClientIdMetadataDocuments.builder(fetcher)
                .hostResolver(resolver)
                .allowLoopbackOriginsForDevelopment(true);
    }

    ClientIdMetadataDocuments documents() {
        return documents(resolvingTo(LOOPBACK)).build();
    }

    MetadataDocumentException failure(ClientIdMetadataDocuments documents, String url) {
        MetadataDocumentException e = catchThrowableOfType(MetadataDocumentException.class, () -> documents.resolve(url));
        assertThat(e).as("a failure resolving " + url).isNotNull();
        return e;
    }

    FetchRequest request(String url, InetAddress... addresses) {
        return new FetchRequest(MetadataDocumentUrl.parse(url).orElseThrow(), List.of(addresses), Duration.ofSeconds(5), 5 * 1024);
    }

    @Nested
    @DisplayName("status and content type")
    class Answers {

        @Test
        void a200JsonDocumentResolves() {
            origin.route(PATH, body(200, "application/json", document(url)));

            RegisteredClient client = documents().resolve(url).orElseThrow();

            assertThat(client.clientId()).isEqualTo(url);
            assertThat(client.redirectUriMatches("http://localhost:3118/callback")).isTrue();
            assertThat(origin.requests).hasValue(1);
        }

        @Test
        void theRequestAsksForJsonAndCarriesNoCookieOrCredential() {
            StringBuilder seen = new StringBuilder();
            origin.route(PATH, (request, response, callback) -> {
                seen.append(request.getMethod()).append(' ')
                        .append(request.getHeaders().get("Accept")).append(' ')
                        .append(request.getHeaders().get("Cookie")).append(' ')
                        .append(request.getHeaders().get("Authorization")).append(' ')
                        .append(request.getHeaders().get("Host"));
                body(200, "application/json", document(url), "Set-Cookie", "s=1").answer(request, response, callback);
            });

            documents(resolvingTo(LOOPBACK)).cacheSize(1).build().resolve(url);

            assertThat(seen.toString()).isEqualTo("GET application/json null null client.example:" + origin.port());
        }

        @ParameterizedTest(name = "HTTP {0} is refused and not cached")
        @ValueSource(ints = {201, 204, 301, 302, 404, 500})
        void onlyA200Counts(int status) {
            origin.route(PATH, body(status, "application/json", document(url), "Location", PATH));
            ClientIdMetadataDocuments documents = documents();

            assertThat(failure(documents, url).description()).contains("HTTP " + status);
            assertThat(failure(documents, url).failure()).isEqualTo(Failure.ORIGIN_UNAVAILABLE);
            assertThat(origin.requests).as("refused, not cached, and no redirect followed").hasValue(2);
        }

        @Test
        void aRedirectIsNotFollowed() {
            String target = "/moved.json";
            origin.route(PATH, body(302, "text/plain", "", "Location", urlOf("client.example", target)));
            origin.route(target, body(200, "application/json", document(url)));

            MetadataDocumentException e = failure(documents(), url);

            assertThat(e.description()).contains("redirects are not followed");
            assertThat(origin.requests).hasValue(1);
        }

        @Test
        void htmlIsRefused() {
            origin.route(PATH, body(200, "text/html", document(url)));

            assertThat(failure(documents(), url).failure()).isEqualTo(Failure.INVALID_DOCUMENT);
        }

        @ParameterizedTest(name = "{0} is accepted")
        @ValueSource(strings = {"application/json; charset=utf-8", "application/cimd+json"})
        void jsonTypesAreAccepted(String contentType) {
            origin.route(PATH, body(200, contentType, document(url)));

            assertThat(documents().resolve(url)).isPresent();
        }
    }

    @Nested
    @DisplayName("byte cap and deadline")
    class Limits {

        @Test
        void aContentLengthOverTheCapIsRefusedBeforeReading() throws Exception {
            origin.route(PATH, LocalHttpsOrigin.declaresAndStalls(1_000_000));

            MetadataDocumentFetchException e = catchThrowableOfType(MetadataDocumentFetchException.class,
                    () -> fetcher.fetch(request(url, LOOPBACK)));

            assertThat(e.reason()).as("refused on the header; reading would have waited for the deadline")
                    .isEqualTo(Reason.TOO_LARGE);
            assertThat(failure(documents(), url).description()).contains("larger than 5120 bytes");
        }

        @Test
        void aChunkedBodyCrossingTheCapIsAborted() {
            origin.route(PATH, LocalHttpsOrigin.chunksThenStalls(8, 1024));

            MetadataDocumentFetchException e = catchThrowableOfType(MetadataDocumentFetchException.class,
                    () -> fetcher.fetch(request(url, LOOPBACK)));

            assertThat(e.reason()).as("aborted at the cap; the origin never ends the body").isEqualTo(Reason.TOO_LARGE);
        }

        @Test
        void aBodyTricklingPastTheDeadlineFailsInAboutTheDeadline() {
            origin.route(PATH, LocalHttpsOrigin.trickles(document(url), 100));
            ClientIdMetadataDocuments documents = documents(resolvingTo(LOOPBACK)).timeout(Duration.ofSeconds(1)).build();

            long start = System.nanoTime();
            MetadataDocumentException e = failure(documents, url);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(e.failure()).isEqualTo(Failure.ORIGIN_UNAVAILABLE);
            assertThat(e.description()).contains("timed out");
            assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofMillis(3_000));
        }

        @Test
        void withASlowOriginLookupsBeyondTheInFlightCapFailFast() throws Exception {
            CountDownLatch twoWaiting = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            List<String> slow = List.of(urlOf("slow1.client.example", "/a"), urlOf("slow2.client.example", "/b"));
            origin.route("/a", stalling(twoWaiting, release, document(slow.get(0))));
            origin.route("/b", stalling(twoWaiting, release, document(slow.get(1))));
            origin.route(PATH, body(200, "application/json", document(url)));
            ClientIdMetadataDocuments capped = documents(resolvingTo(LOOPBACK)).maxInFlight(2).build();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Optional<RegisteredClient>>> inFlight = new ArrayList<>();
                slow.forEach(u -> inFlight.add(pool.submit(() -> capped.resolve(u))));
                assertThat(twoWaiting.await(10, TimeUnit.SECONDS)).isTrue();

                long start = System.nanoTime();
                MetadataDocumentException e = failure(capped, url);
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(e.failure()).isEqualTo(Failure.OVERLOADED);
                assertThat(e.retryAfter()).isPresent();
                assertThat(took).as("fails fast, never waits for the slow fetches").isLessThan(Duration.ofSeconds(1));
                assertThat(origin.requests).as("only the two slow fetches reached the origin").hasValue(2);

                release.countDown();
                for (Future<Optional<RegisteredClient>> result : inFlight) {
                    assertThat(result.get(10, TimeUnit.SECONDS)).isPresent();
                }
                assertThat(capped.resolve(url)).isPresent();
            } finally {
                release.countDown();
                pool.shutdownNow();
            }
        }

        LocalHttpsOrigin.Route stalling(CountDownLatch waiting, CountDownLatch release, String document) {
            return (request, response, callback) -> {
                waiting.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                body(200, "application/json", document).answer(request, response, callback);
            };
        }
    }

    @Nested
    @DisplayName("the address guard")
    class Guard {

        @ParameterizedTest(name = "a DNS answer of {0} is refused with the generic message and no connection")
        @ValueSource(strings = {"0.0.0.0", "10.0.0.1", "100.64.0.1", "127.0.0.1", "169.254.169.254", "172.16.0.1",
            "192.0.0.1", "192.0.2.1", "192.168.0.1", "198.18.0.1", "198.51.100.1", "203.0.113.1", "224.0.0.1",
            "240.0.0.1", "255.255.255.255", "::", "::1", "::ffff:127.0.0.1", "64:ff9b::7f00:1", "2002:7f00:1::1",
            "2001:db8::1", "fc00::1", "fe80::1", "ff02::1"})
        void specialPurposeAnswersAreRefused(String answer) {
            origin.route(PATH, body(200, "application/json", document(url)));
            ClientIdMetadataDocuments production = ClientIdMetadataDocuments.builder(fetcher)
                    .hostResolver(resolvingTo(address(answer)))
                    .build();

            MetadataDocumentException e = failure(production, url);

            assertThat(e.failure()).isEqualTo(Failure.REFUSED);
            assertThat(e.description()).isEqualTo("the client metadata document URL is not allowed");
            assertThat(origin.connections).hasValue(0);
        }

        @Test
        void aMixedAnswerIsRefused() {
            origin.route(PATH, body(200, "application/json", document(url)));

            MetadataDocumentException e = failure(documents(resolvingTo(LOOPBACK, address("10.1.2.3"))).build(), url);

            assertThat(e.failure()).isEqualTo(Failure.REFUSED);
            assertThat(origin.connections).hasValue(0);
        }

        @Test
        void theAdapterItselfRefusesAnAddressThatIsNotGlobal() {
            JettyMetadataDocumentFetcher production = JettyMetadataDocumentFetcher.builder()
                    .trustStore(TestTls.originTrustStore())
                    .build();
            try {
                for (InetAddress address : List.of(LOOPBACK, address("10.0.0.1"), address("::1"))) {
                    MetadataDocumentFetchException e = catchThrowableOfType(MetadataDocumentFetchException.class,
                            () -> production.fetch(request(url, address)));
                    assertThat(e.reason()).isEqualTo(Reason.ADDRESS_REFUSED);
                }
                MetadataDocumentFetchException e = catchThrowableOfType(MetadataDocumentFetchException.class,
                        () -> fetcher.fetch(request(url, address("192.168.1.1"))));
                assertThat(e.reason()).as("the development setting lets loopback through, nothing else")
                        .isEqualTo(Reason.ADDRESS_REFUSED);
            } finally {
                production.close();
            }
            assertThat(origin.connections).hasValue(0);
        }

        @Test
        void aRebindingResolverStillConnectsToTheCheckedAddress() throws Exception {
            origin.route(PATH, body(200, "application/json", document(url)));
            try (LocalHttpsOrigin internal = new LocalHttpsOrigin("127.0.0.2", origin.port())) {
                internal.route(PATH, body(200, "application/json", document(url)));
                AtomicInteger lookups = new AtomicInteger();
                HostResolver rebinding = host -> List.of(lookups.getAndIncrement() == 0 ? LOOPBACK : address("127.0.0.2"));

                assertThat(documents(rebinding).build().resolve(url)).isPresent();

                assertThat(lookups).as("one lookup; the connection does not resolve again").hasValue(1);
                assertThat(origin.requests).hasValue(1);
                assertThat(internal.connections).hasValue(0);
            }
        }

        @Test
        void theFetcherNeverResolvesTheHostItself() {
            String unresolvable = urlOf("does-not-exist.client.example", PATH);
            origin.route(PATH, body(200, "application/json", document(unresolvable)));

            assertThat(documents().resolve(unresolvable)).isPresent();
        }
    }

    @Nested
    @DisplayName("TLS")
    class Tls {

        @Test
        void aCertificateForAnotherHostFails() throws Exception {
            String otherHost = urlOf("other.example", PATH);
            origin.route(PATH, body(200, "application/json", document(otherHost)));

            MetadataDocumentFetchException e = catchThrowableOfType(MetadataDocumentFetchException.class,
                    () -> fetcher.fetch(request(otherHost, LOOPBACK)));
            assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
            assertThat(e.getMessage()).contains("TLS");

            MetadataDocumentException failure = failure(documents(), otherHost);
            assertThat(failure.failure()).isEqualTo(Failure.ORIGIN_UNAVAILABLE);
            assertThat(origin.requests).hasValue(0);
        }

        @Test
        void aCertificateOutsideTheTrustAnchorsFails() {
            origin.route(PATH, body(200, "application/json", document(url)));
            JettyMetadataDocumentFetcher jdkTrust = JettyMetadataDocumentFetcher.builder().allowLoopbackForDevelopment(true).build();
            try {
                MetadataDocumentFetchException e = catchThrowableOfType(MetadataDocumentFetchException.class,
                        () -> jdkTrust.fetch(request(url, LOOPBACK)));
                assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
            } finally {
                jdkTrust.close();
            }
            assertThat(origin.requests).hasValue(0);
        }
    }
}
