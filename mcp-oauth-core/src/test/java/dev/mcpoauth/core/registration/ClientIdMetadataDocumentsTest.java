package dev.mcpoauth.core.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpoauth.core.cimd.FetchRequest;
import dev.mcpoauth.core.cimd.HostResolver;
import dev.mcpoauth.core.cimd.MetadataDocumentException;
import dev.mcpoauth.core.cimd.MetadataDocumentException.Failure;
import dev.mcpoauth.core.cimd.MetadataDocumentFetchException;
import dev.mcpoauth.core.cimd.TrustPolicy;
import dev.mcpoauth.core.client.RegisteredClient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ClientIdMetadataDocuments: URL client ids resolved through their documents")
class ClientIdMetadataDocumentsTest {

    static final String URL = "https://client.example/oauth/client.json";
    static final String REDIRECT = "https://client.example/callback";
    static final InetAddress PUBLIC = address("93.184.215.14");

    final MutableClock clock = new MutableClock(Instant.parse("2026-05-06T07:08:09Z"));
    final FakeOrigin origin = new FakeOrigin();
    final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();
    final HostResolver resolver = host -> {
        List<InetAddress> answer = dns.get(host);
        if (answer == null) {
            return List.of(PUBLIC);
        }
        if (answer.isEmpty()) {
            throw new UnknownHostException(host);
        }
        return answer;
    };

    ClientIdMetadataDocuments.Builder documents() {
        return ClientIdMetadataDocuments.builder(origin).clock(clock).hostResolver(resolver);
    }

    final ClientIdMetadataDocuments documents = documents().build();

    static Map<String, Object> document(Object... namesAndValues) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("client_id", URL);
        document.put("client_name", "Example");
        document.put("redirect_uris", List.of(REDIRECT));
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] == Registrations.ABSENT) {
                document.remove((String) namesAndValues[i]);
            } else {
                document.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return document;
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    MetadataDocumentException failure(ClientIdMetadataDocuments documents, String url) {
        MetadataDocumentException e = catchThrowableOfType(MetadataDocumentException.class, () -> documents.resolve(url));
        assertThat(e).as("a failure resolving " + url).isNotNull();
        assertThat(e.description()).doesNotContain("\n", "\r");
        return e;
    }

    @Nested
    @DisplayName("URL shape: refused forms are never fetched")
    class UrlShape {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "https://2130706433/client.json", "https://0177.0.0.1/client.json", "https://0x7f.0.0.1/client.json",
            "https://0x7f000001/client.json", "https://127.0.0.1/client.json", "https://127.1/client.json",
            "https://[::1]/client.json", "https://[::ffff:127.0.0.1]/client.json", "https://10.0.0.1/client.json",
            "https://client.example/%2e%2e/client.json", "https://client.example/a/%2E%2E/client.json",
            "https://client.example/a/../client.json", "https://client.example/./client.json",
            "HTTPS://client.example/client.json", "Https://client.example/client.json",
            "http://client.example/client.json", "https://client.example", "https://client.example/",
            "https://client.example/client.json?x=1", "https://client.example/client.json?",
            "https://client.example/client.json#x", "https://client.example/client.json#",
            "https://user@client.example/client.json", "https://user:pw@client.example/client.json",
            "https://client.example/client json", "https://client.example/client.json\n",
            "https://client.example\\client.json", "https://client.example:0/client.json",
            "https://client.example:99999/client.json", "https://localhost/client.json",
            "https://client.example./client.json", "https://-bad.example/client.json",
            "https://client.example/caf\u00e9.json", "https://client.example/%zz.json"})
        void refusedWithoutAFetch(String clientId) {
            assertThat(documents.resolve(clientId)).isEmpty();
            assertThat(origin.fetches()).isZero();
        }

        @Test
        void aUrlOfMoreThan2048CharactersIsRefusedWithoutAFetch() {
            String prefix = "https://client.example/";
            String longest = prefix + "a".repeat(2048 - prefix.length());
            String tooLong = longest + "a";
            origin.serveDocument(tooLong, document("client_id", tooLong));

            assertThat(documents.resolve(tooLong)).isEmpty();
            assertThat(origin.fetches()).isZero();
            assertThat(catchThrowableOfType(MetadataDocumentException.class, () -> documents.resolve(longest)))
                    .as("2 048 characters is still a URL to fetch").isNotNull();
            assertThat(origin.fetches()).isEqualTo(1);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"https://client.example/c", "https://client.example:8443/oauth/client.json",
            "https://a.b.client.example/x/y/z.json", "https://xn--bcher-kva.example/c", "https://client.example/a%20b",
            "https://client.example/.well-known/client", "https://client.example/a..b"})
        void acceptedAndFetched(String clientId) {
            origin.serveDocument(clientId, document("client_id", clientId));

            assertThat(documents.resolve(clientId)).isPresent();
            assertThat(origin.fetchesOf(clientId)).isEqualTo(1);
        }

        @Test
        void theFetchGoesToTheUrlsHostAndPort() {
            String url = "https://Client.Example:8443/c";
            origin.serveDocument(url, document("client_id", url));

            documents.resolve(url);

            FetchRequest request = origin.requests.get(0);
            assertThat(request.url().host()).isEqualTo("client.example");
            assertThat(request.url().port()).isEqualTo(8443);
            assertThat(request.addresses()).containsExactly(PUBLIC);
            assertThat(request.maxBytes()).isEqualTo(5 * 1024);
            assertThat(request.timeout()).isEqualTo(Duration.ofSeconds(5));
        }
    }

    @Nested
    @DisplayName("the origin's answer")
    class Answers {

        @ParameterizedTest(name = "HTTP {0} is refused and not cached")
        @ValueSource(ints = {201, 204, 301, 302, 404, 500})
        void onlyA200Counts(int status) {
            origin.serve(URL, request -> FakeOrigin.json(status, JsonText.write(document()), "Location", "https://client.example/x"));

            assertThat(failure(documents, URL).failure()).isEqualTo(Failure.ORIGIN_UNAVAILABLE);
            assertThat(failure(documents, URL).description()).contains("HTTP " + status);
            assertThat(origin.fetches()).as("not cached: each lookup fetches again").isEqualTo(2);
        }

        @ParameterizedTest(name = "Content-Type {0} is refused")
        @ValueSource(strings = {"text/html", "text/plain", "application/javascript", "application/jsonp", "", "application/+json"})
        void nonJsonContentTypesAreRefused(String contentType) {
            origin.serve(URL, request -> FakeOrigin.response(200, contentType, JsonText.write(document())));

            assertThat(failure(documents, URL).failure()).isEqualTo(Failure.INVALID_DOCUMENT);
        }

        @ParameterizedTest(name = "Content-Type {0} is accepted")
        @ValueSource(strings = {"application/json", "application/json; charset=utf-8", "application/cimd+json",
            "Application/JSON;charset=UTF-8"})
        void jsonContentTypesAreAccepted(String contentType) {
            origin.serve(URL, request -> FakeOrigin.response(200, contentType, JsonText.write(document())));

            assertThat(documents.resolve(URL)).isPresent();
        }

        @Test
        void anAdapterReportingTooLargeIsAnInvalidDocument() {
            origin.serve(URL, request -> {
                throw new MetadataDocumentFetchException(MetadataDocumentFetchException.Reason.TOO_LARGE, "cap", null);
            });

            MetadataDocumentException e = failure(documents, URL);
            assertThat(e.failure()).isEqualTo(Failure.INVALID_DOCUMENT);
            assertThat(e.description()).contains("5120 bytes");
        }

        @Test
        void aBodyOverTheCapIsRefusedEvenIfTheAdapterLetItThrough() {
            origin.serve(URL, request -> FakeOrigin.json(200, JsonText.write(document("pad", "x".repeat(6000)))));

            assertThat(failure(documents, URL).failure()).isEqualTo(Failure.INVALID_DOCUMENT);
        }

        @Test
        void aTimeoutIsOriginUnavailable() {
            origin.serve(URL, request -> {
                throw new MetadataDocumentFetchException(MetadataDocumentFetchException.Reason.TIMED_OUT, "slow", null);
            });

            MetadataDocumentException e = failure(documents, URL);
            assertThat(e.failure()).isEqualTo(Failure.ORIGIN_UNAVAILABLE);
            assertThat(e.description()).contains("timed out");
        }

        @Test
        void aHangingResolverCostsNoMoreThanTheDeadline() {
            CountDownLatch never = new CountDownLatch(1);
            ClientIdMetadataDocuments slowDns = ClientIdMetadataDocuments.builder(origin).clock(clock)
                    .timeout(Duration.ofMillis(500))
                    .hostResolver(host -> {
                        try {
                            never.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return List.of(PUBLIC);
                    })
                    .build();
            origin.serveDocument(URL, document());

            long start = System.nanoTime();
            MetadataDocumentException e = failure(slowDns, URL);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            never.countDown();

            assertThat(e.failure()).isEqualTo(Failure.ORIGIN_UNAVAILABLE);
            assertThat(e.description()).contains("timed out");
            assertThat(took).isBetween(Duration.ofMillis(450), Duration.ofSeconds(3));
            assertThat(origin.fetches()).isZero();
        }

        @Test
        void aHostThatDoesNotResolveIsOriginUnavailable() {
            dns.put("client.example", List.of());

            assertThat(failure(documents, URL).failure()).isEqualTo(Failure.ORIGIN_UNAVAILABLE);
            assertThat(origin.fetches()).isZero();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"[]", "\"a string\"", "{\"client_id\": 1,}", "{", "{\"client_id\":\"a\",\"client_id\":\"b\"}",
            "\u00ef\u00bb\u00bf{}", "{} {}"})
        void aBodyThatIsNotOneJsonObjectIsInvalid(String body) {
            origin.serve(URL, request -> FakeOrigin.json(200, body));

            assertThat(failure(documents, URL).failure()).isEqualTo(Failure.INVALID_DOCUMENT);
        }
    }

    @Nested
    @DisplayName("the address guard")
    class Guard {

        @ParameterizedTest(name = "{0} is refused with the generic message and no connection")
        @ValueSource(strings = {"0.0.0.0", "10.1.2.3", "100.64.0.1", "127.0.0.1", "169.254.169.254", "172.16.0.1",
            "192.0.0.1", "192.0.2.1", "192.88.99.1", "192.168.1.1", "198.18.0.1", "198.51.100.1", "203.0.113.1",
            "224.0.0.1", "240.0.0.1", "255.255.255.255", "::", "::1", "::ffff:127.0.0.1", "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::", "2001:db8::1", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "100::1"})
        void specialPurposeAnswersAreRefused(String answer) {
            dns.put("client.example", List.of(address(answer)));
            origin.serveDocument(URL, document());

            MetadataDocumentException e = failure(documents, URL);

            assertThat(e.failure()).isEqualTo(Failure.REFUSED);
            assertThat(e.description()).isEqualTo("the client metadata document URL is not allowed");
            assertThat(origin.fetches()).isZero();
        }

        @Test
        void aMixedAnswerIsRefused() {
            dns.put("client.example", List.of(PUBLIC, address("10.0.0.7")));
            origin.serveDocument(URL, document());

            assertThat(failure(documents, URL).failure()).isEqualTo(Failure.REFUSED);
            assertThat(origin.fetches()).isZero();
        }

        @Test
        void loopbackIsAllowedOnlyByTheDevelopmentSettingAndNothingElseIs() {
            ClientIdMetadataDocuments development = documents().allowLoopbackOriginsForDevelopment(true).build();
            origin.serveDocument(URL, document());

            dns.put("client.example", List.of(address("127.0.0.1")));
            assertThat(development.resolve(URL)).isPresent();
            assertThat(origin.requests.get(0).addresses()).containsExactly(address("127.0.0.1"));

            String other = "https://other.example/c";
            dns.put("other.example", List.of(address("192.168.0.1")));
            origin.serveDocument(other, document("client_id", other));
            assertThat(failure(development, other).failure()).isEqualTo(Failure.REFUSED);
        }

        @Test
        void theFetcherIsGivenExactlyTheCheckedAddresses() {
            List<InetAddress> answer = List.of(PUBLIC, address("2606:2800:21f:cb07:6820:80da:af6b:8b2c"));
            dns.put("client.example", answer);
            origin.serveDocument(URL, document());

            documents.resolve(URL);

            assertThat(origin.requests.get(0).addresses()).isEqualTo(answer);
        }
    }

    @Nested
    @DisplayName("document validation")
    class Validation {

        MetadataDocumentException invalid(Map<String, Object> document) {
            origin.serveDocument(URL, document);
            MetadataDocumentException e = failure(documents, URL);
            assertThat(e.failure()).isEqualTo(Failure.INVALID_DOCUMENT);
            return e;
        }

        @ParameterizedTest(name = "client_id {0} does not match")
        @ValueSource(strings = {"https://client.example:443/oauth/client.json", "https://client.example/oauth/client.json/",
            "https://CLIENT.example/oauth/client.json", "https://client.example/OAuth/client.json",
            "https://client.example/oauth/other.json"})
        void clientIdMustEqualTheUrl(String clientId) {
            assertThat(invalid(document("client_id", clientId)).description()).contains("client_id");
        }

        @Test
        void clientIdIsRequired() {
            assertThat(invalid(document("client_id", Registrations.ABSENT)).description()).contains("client_id");
        }

        @ParameterizedTest(name = "client_name {0}")
        @MethodSource("dev.mcpoauth.core.registration.ClientIdMetadataDocumentsTest#badNames")
        void clientNameMustBeANonEmptyString(Object name) {
            assertThat(invalid(document("client_name", name)).description()).contains("client_name");
        }

        @Test
        void redirectUrisAreRequiredAndNonEmpty() {
            assertThat(invalid(document("redirect_uris", Registrations.ABSENT)).description()).contains("redirect_uris");
            assertThat(invalid(document("redirect_uris", List.of())).description()).contains("redirect_uris");
        }

        @ParameterizedTest(name = "redirect URI {0} is refused as in DCR")
        @ValueSource(strings = {"http://client.example/cb", "javascript:alert(1)", "https://client.example/cb#x",
            "https://user@client.example/cb", "data:text/html,x", "http://127.0.0.1.nip.io/cb", "/relative"})
        void redirectUrisFollowTheDcrRules(String redirect) {
            assertThat(invalid(document("redirect_uris", List.of(redirect))).description()).contains("redirect_uris");
        }

        @Test
        void theRedirectHostAllowlistApplies() {
            ClientIdMetadataDocuments strict = documents()
                    .registrationPolicy(RegistrationPolicy.builder().allowedRedirectHosts(Set.of("other.example")).build())
                    .build();
            origin.serveDocument(URL, document());

            assertThat(failure(strict, URL).description()).contains("allowed redirect hosts");
        }

        @Test
        void grantsAreFilteredAndAuthorizationCodeIsRequired() {
            assertThat(invalid(document("grant_types", List.of("client_credentials"))).description())
                    .contains("authorization_code");
            assertThat(invalid(document("response_types", List.of("token"))).description()).contains("code");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"client_secret", "client_secret_expires_at"})
        void secretMembersAreRefused(String member) {
            assertThat(invalid(document(member, "0")).description()).contains(member);
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"client_secret_basic", "client_secret_post", "client_secret_jwt"})
        void sharedSecretMethodsAreRefused(String method) {
            assertThat(invalid(document("token_endpoint_auth_method", method)).description())
                    .contains(method).contains("shared secret");
        }

        @Test
        void privateKeyJwtWithoutNoneOnOfferIsRefusedNamingTheMethod() {
            assertThat(invalid(document("token_endpoint_auth_method", "private_key_jwt")).description())
                    .contains("private_key_jwt");
            assertThat(invalid(document("token_endpoint_auth_method", "private_key_jwt",
                    "token_endpoint_auth_methods_supported", List.of("private_key_jwt"))).description())
                    .contains("private_key_jwt");
        }

        @Test
        void theAuthMethodDefaultsToNone() {
            origin.serveDocument(URL, document());

            assertThat(documents.resolve(URL).orElseThrow().metadata().tokenEndpointAuthMethod()).isEqualTo("none");
        }

        @Test
        void privateJwkMembersAreRefused() {
            Map<String, Object> key = Map.of("kty", "RSA", "n", "AQAB", "e", "AQAB", "d", "secret");
            assertThat(invalid(document("jwks", Map.of("keys", List.of(key)))).description()).contains("\"d\"");
            Map<String, Object> symmetric = Map.of("kty", "oct", "k", "c2VjcmV0");
            assertThat(invalid(document("jwks", Map.of("keys", List.of(symmetric)))).description()).contains("\"k\"");
        }

        @ParameterizedTest(name = "{0} must be https")
        @ValueSource(strings = {"client_uri", "logo_uri", "tos_uri", "policy_uri", "jwks_uri", "logo_uri#ja"})
        void urlMembersMustBeHttps(String member) {
            assertThat(invalid(document(member, "http://127.0.0.1/x")).description()).contains(member);
            assertThat(invalid(document(member, "javascript:alert(1)")).description()).contains(member);
        }

        @Test
        void urlMembersAreNeverFetched() {
            origin.serveDocument(URL, document("logo_uri", "https://client.example/logo.png",
                    "jwks_uri", "https://client.example/jwks.json", "client_uri", "https://client.example/"));

            assertThat(documents.resolve(URL)).isPresent();
            assertThat(origin.requests).extracting(r -> r.url().value()).containsExactly(URL);
        }

        @Test
        void jwksAndJwksUriTogetherAreRefused() {
            Map<String, Object> key = Map.of("kty", "RSA", "n", "AQAB", "e", "AQAB");
            assertThat(invalid(document("jwks", Map.of("keys", List.of(key)), "jwks_uri", "https://client.example/j"))
                    .description()).contains("jwks");
        }

        @Test
        void unknownMembersAreIgnored() {
            origin.serveDocument(URL, document("software_statement", "x", "future_member", Map.of("a", 1)));

            assertThat(documents.resolve(URL)).isPresent();
        }
    }

    static Stream<Object> badNames() {
        return Stream.of("", "  ", 42, List.of("Example"), Registrations.ABSENT);
    }

    @Nested
    @DisplayName("the cache")
    class Cache {

        @Test
        void twoLookupsFetchOnce() {
            origin.serveDocument(URL, document());

            RegisteredClient first = documents.resolve(URL).orElseThrow();
            RegisteredClient second = documents.resolve(URL).orElseThrow();

            assertThat(second).isEqualTo(first);
            assertThat(origin.fetches()).isEqualTo(1);
        }

        /** Proves the document stays cached for exactly {@code expected}: one fetch a second before, two at it. */
        void assertCachedFor(Duration expected, String... headers) {
            origin.serveDocument(URL, document(), headers);
            documents.resolve(URL);
            clock.advance(expected.minusSeconds(1));
            documents.resolve(URL);
            assertThat(origin.fetches()).as("still cached a second before " + expected).isEqualTo(1);
            clock.advance(Duration.ofSeconds(1));
            documents.resolve(URL);
            assertThat(origin.fetches()).as("fetched again at " + expected).isEqualTo(2);
        }

        @Test
        void maxAgeOfOneSecondIsRaisedTo60Seconds() {
            assertCachedFor(Duration.ofSeconds(60), "Cache-Control", "max-age=1");
        }

        @Test
        void aHugeMaxAgeIsCutTo24Hours() {
            assertCachedFor(Duration.ofHours(24), "Cache-Control", "public, max-age=31536000000");
        }

        @Test
        void noCachingHeadersMeanOneHour() {
            assertCachedFor(Duration.ofHours(1));
        }

        @Test
        void maxAgeInsideTheBoundsIsKept() {
            assertCachedFor(Duration.ofMinutes(10), "Cache-Control", "max-age=600");
        }

        @ParameterizedTest(name = "Cache-Control: {0} means 60 s")
        @ValueSource(strings = {"no-store", "no-cache", "max-age=3600, no-store", "private, no-cache"})
        void noStoreAndNoCacheMean60Seconds(String cacheControl) {
            assertCachedFor(Duration.ofSeconds(60), "Cache-Control", cacheControl);
        }

        @Test
        void expiresIsUsedWithoutMaxAge() {
            String inTwoHours = DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    clock.instant().plus(Duration.ofHours(2)).atOffset(ZoneOffset.UTC));
            assertCachedFor(Duration.ofHours(2), "Expires", inTwoHours);
        }

        @Test
        void anErrorIsNotCachedSoAnErrorThenASuccessFetchesTwice() {
            origin.serve(URL, request -> FakeOrigin.json(500, "{}"));
            failure(documents, URL);

            origin.serveDocument(URL, document());
            assertThat(documents.resolve(URL)).isPresent();
            assertThat(documents.resolve(URL)).isPresent();

            assertThat(origin.fetches()).isEqualTo(2);
        }

        @Test
        void anInvalidDocumentIsNotCached() {
            origin.serveDocument(URL, document("client_name", ""));
            failure(documents, URL);
            failure(documents, URL);

            assertThat(origin.fetches()).isEqualTo(2);
        }

        @Test
        void theLeastRecentlyUsedDocumentIsEvictedBeyondTheBound() {
            ClientIdMetadataDocuments small = documents().cacheSize(2).build();
            List<String> urls = List.of("https://a.example/c", "https://b.example/c", "https://c.example/c");
            urls.forEach(url -> origin.serveDocument(url, document("client_id", url)));

            small.resolve(urls.get(0));
            small.resolve(urls.get(1));
            small.resolve(urls.get(0));
            small.resolve(urls.get(2));

            assertThat(small.cachedDocuments()).isEqualTo(2);
            small.resolve(urls.get(0));
            assertThat(origin.fetchesOf(urls.get(0))).as("recently used, kept").isEqualTo(1);
            small.resolve(urls.get(1));
            assertThat(origin.fetchesOf(urls.get(1))).as("least recently used, evicted").isEqualTo(2);
        }

        @Test
        void fiftyConcurrentFirstLookupsShareOneFetch() throws Exception {
            int threads = 50;
            CountDownLatch allStarted = new CountDownLatch(threads);
            Map<String, Object> document = document();
            origin.serve(URL, request -> {
                try {
                    allStarted.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return FakeOrigin.json(200, JsonText.write(document));
            });
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Optional<RegisteredClient>>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    results.add(pool.submit(() -> {
                        allStarted.countDown();
                        return documents.resolve(URL);
                    }));
                }
                for (Future<Optional<RegisteredClient>> result : results) {
                    assertThat(result.get(20, TimeUnit.SECONDS)).isPresent();
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(origin.fetches()).isEqualTo(1);
        }

        @Test
        void narrowingTheRedirectHostAllowlistRejectsACachedClientWithoutAFetch() {
            RegistrationPolicy open = RegistrationPolicy.builder().build();
            RegistrationPolicy narrowed = RegistrationPolicy.builder().allowedRedirectHosts(Set.of("elsewhere.example")).build();
            AtomicReference<RegistrationPolicy> current = new AtomicReference<>(open);
            ClientIdMetadataDocuments reloadable = documents().registrationPolicy(current::get).build();
            origin.serveDocument(URL, document());
            assertThat(reloadable.resolve(URL)).isPresent();

            current.set(narrowed);
            MetadataDocumentException e = failure(reloadable, URL);

            assertThat(e.failure()).isEqualTo(Failure.INVALID_DOCUMENT);
            assertThat(e.description()).contains("allowed redirect hosts");
            assertThat(origin.fetches()).isEqualTo(1);

            current.set(open);
            assertThat(reloadable.resolve(URL)).isPresent();
            assertThat(origin.fetches()).isEqualTo(1);
        }

        @Test
        void narrowingTheTrustPolicyMakesACachedClientUnknownWithoutAFetch() {
            AtomicReference<TrustPolicy> trust = new AtomicReference<>(TrustPolicy.open());
            ClientIdMetadataDocuments reloadable = documents().trustPolicy(trust::get).build();
            origin.serveDocument(URL, document());
            assertThat(reloadable.resolve(URL)).isPresent();

            trust.set(TrustPolicy.allowlist(Set.of("other.example"), List.of()));

            assertThat(reloadable.resolve(URL)).isEmpty();
            assertThat(origin.fetches()).isEqualTo(1);
        }
    }

    @Nested
    @DisplayName("the trust policy")
    class Trust {

        @Test
        void anUntrustedUrlLooksUnknownAndIsNotFetched() {
            ClientIdMetadataDocuments trusting = documents()
                    .trustPolicy(TrustPolicy.allowlist(Set.of("*.trusted.example"), List.of("https://chatgpt.com/oauth/*/client.json")))
                    .build();
            List<String> trusted = List.of("https://app.trusted.example/c", "https://chatgpt.com/oauth/abc/client.json");
            trusted.forEach(url -> origin.serveDocument(url, document("client_id", url)));

            assertThat(trusting.resolve("https://client.example/c")).isEmpty();
            assertThat(trusting.resolve("https://trusted.example/c")).isEmpty();
            assertThat(trusting.resolve("https://chatgpt.com/oauth/a/b/client.json")).isEmpty();
            assertThat(origin.fetches()).isZero();
            assertThat(trusted).allSatisfy(url -> assertThat(trusting.resolve(url)).isPresent());
        }
    }

    @Nested
    @DisplayName("the fetch limits")
    class Limits {

        @Test
        void theEleventhFailingFetchOfOneUrlInAMinuteIsRateLimitedAndOtherUrlsAreNot() {
            origin.serve(URL, request -> FakeOrigin.json(500, "{}"));
            for (int i = 0; i < 10; i++) {
                assertThat(failure(documents, URL).failure()).isEqualTo(Failure.ORIGIN_UNAVAILABLE);
                clock.advance(Duration.ofSeconds(1));
            }

            MetadataDocumentException limited = failure(documents, URL);

            assertThat(limited.failure()).isEqualTo(Failure.RATE_LIMITED);
            assertThat(limited.isThrottled()).isTrue();
            assertThat(limited.retryAfter()).contains(Duration.ofSeconds(50));
            assertThat(origin.fetches()).isEqualTo(10);

            String other = "https://other.example/c";
            origin.serveDocument(other, document("client_id", other));
            assertThat(documents.resolve(other)).isPresent();

            clock.advance(Duration.ofSeconds(50));
            assertThat(failure(documents, URL).failure()).as("the window moved on").isEqualTo(Failure.ORIGIN_UNAVAILABLE);
        }

        @Test
        void beyondTheInFlightCapLookupsFailFast() throws Exception {
            ClientIdMetadataDocuments capped = documents().maxInFlight(2).build();
            CountDownLatch twoInFlight = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            List<String> slow = List.of("https://slow1.example/c", "https://slow2.example/c");
            for (String url : slow) {
                Map<String, Object> document = document("client_id", url);
                origin.serve(url, request -> {
                    twoInFlight.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return FakeOrigin.json(200, JsonText.write(document));
                });
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Optional<RegisteredClient>>> inFlight = new ArrayList<>();
                slow.forEach(url -> inFlight.add(pool.submit(() -> capped.resolve(url))));
                assertThat(twoInFlight.await(10, TimeUnit.SECONDS)).isTrue();

                origin.serveDocument(URL, document());
                MetadataDocumentException e = failure(capped, URL);

                assertThat(e.failure()).isEqualTo(Failure.OVERLOADED);
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
                assertThat(origin.fetchesOf(URL)).isZero();

                release.countDown();
                for (Future<Optional<RegisteredClient>> result : inFlight) {
                    assertThat(result.get(10, TimeUnit.SECONDS)).isPresent();
                }
                assertThat(capped.resolve(URL)).as("room again once they finished").isPresent();
            } finally {
                release.countDown();
                pool.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("events (DESIGN §11)")
    class Events {

        final List<dev.mcpoauth.core.event.RegistrationEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
        final ClientIdMetadataDocuments listened = documents().listeners(List.of(events::add)).build();

        @Test
        @DisplayName("a fetched document, then the cached one: resolved, cache miss then hit, with the client's name")
        void resolved() {
            origin.serveDocument(URL, document());

            listened.resolve(URL);
            listened.resolve(URL);

            assertThat(events).hasSize(2).allSatisfy(e ->
                    assertThat(e).isInstanceOf(dev.mcpoauth.core.event.MetadataDocumentResolved.class));
            var first = (dev.mcpoauth.core.event.MetadataDocumentResolved) events.get(0);
            var second = (dev.mcpoauth.core.event.MetadataDocumentResolved) events.get(1);
            assertThat(first.cached()).isFalse();
            assertThat(second.cached()).isTrue();
            assertThat(first.client().clientId()).isEqualTo(URL);
            assertThat(first.client().clientName()).contains("Example");
            assertThat(first.at()).isEqualTo(clock.instant());
        }

        @Test
        @DisplayName("an origin that fails: refused with the reason origin_unavailable; an untrusted URL: unknown")
        void refused() {
            origin.serve(URL, request -> FakeOrigin.json(500, "{}"));
            failure(listened, URL);
            listened.resolve("https://client.example/not a url");

            assertThat(events).extracting(e -> ((dev.mcpoauth.core.event.MetadataDocumentRefused) e).reason())
                    .containsExactly("origin_unavailable", "unknown");
        }

        @Test
        @DisplayName("a throwing listener does not change the resolution")
        void throwingListener() {
            origin.serveDocument(URL, document());
            ClientIdMetadataDocuments throwing = documents().listeners(List.of(e -> {
                throw new IllegalStateException("listener bug");
            })).build();

            assertThat(throwing.resolve(URL)).isPresent();
        }
    }
}
