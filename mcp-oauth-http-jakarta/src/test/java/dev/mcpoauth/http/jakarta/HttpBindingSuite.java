package dev.mcpoauth.http.jakarta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpoauth.core.cimd.MetadataDocumentException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP suite, run as is against every container: each subclass only says which container.
 * The request/answer cases are data ({@code http-cases.json}); the flows that need several
 * requests or threads are the nested classes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HttpBindingSuite {

    private ServletContainer container;
    private URI server;
    private HttpClient http;

    abstract ServletContainer newContainer();

    @BeforeAll
    void startContainer() throws Exception {
        container = newContainer();
        server = container.start(Deployments.all());
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterAll
    void stopContainer() throws Exception {
        container.close();
    }

    @TestFactory
    @DisplayName("every case of http-cases.json gets the answer it expects")
    Stream<DynamicTest> httpCases() {
        return HttpCases.load().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> HttpCases.run(c, server)));
    }

    @TestFactory
    @DisplayName("every real MCP client's registration body registers, and reads back with its token")
    Stream<DynamicTest> interopRequests() {
        return InteropRequests.load().stream().map(r -> DynamicTest.dynamicTest(r.id(), () -> {
            String contentType = r.headers().path("content-type").asText("application/json");
            HttpResponse<String> created = send(HttpRequest.newBuilder(server.resolve("/register"))
                    .header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(r.body().toString())));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode body = json(created);
            assertThat(body.get("redirect_uris")).isEqualTo(r.body().get("redirect_uris"));
            assertThat(body.get("client_id").isTextual()).isTrue();
            assertThat(body.get("client_id_issued_at").isIntegralNumber()).isTrue();
            assertThat(body.has("client_secret_expires_at")).isEqualTo(body.has("client_secret"));
            if (body.has("client_secret")) {
                assertThat(body.get("client_secret_expires_at").isIntegralNumber()).isTrue();
            }
            if (r.body().has("token_endpoint_auth_method")) {
                assertThat(body.get("token_endpoint_auth_method")).isEqualTo(r.body().get("token_endpoint_auth_method"));
            }
            assertThat(created.headers().firstValue("Location"))
                    .hasValue(body.get("registration_client_uri").asText());

            HttpResponse<String> read = send(HttpRequest.newBuilder(URI.create(body.get("registration_client_uri")
                    .asText())).header("Authorization", "Bearer " + body.get("registration_access_token").asText())
                    .GET());
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(json(read).get("redirect_uris")).isEqualTo(r.body().get("redirect_uris"));
        }));
    }

    @Nested
    @DisplayName("a client's life through the configuration endpoint")
    class ClientLifecycle {

        @Test
        @DisplayName("register, read, replace (token rotated, old one refused), delete, then every token is refused")
        void registerReadReplaceDelete() throws Exception {
            String name = "lifecycle-" + UUID.randomUUID();
            HttpResponse<String> created = post("/register", "{\"redirect_uris\":[\"http://127.0.0.1:8123/cb\"],"
                    + "\"client_name\":\"" + name + "\",\"token_endpoint_auth_method\":\"client_secret_basic\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode registration = json(created);
            String clientId = registration.get("client_id").asText();
            URI uri = URI.create(registration.get("registration_client_uri").asText());
            String token = registration.get("registration_access_token").asText();
            assertThat(created.headers().firstValue("Location")).hasValue(uri.toString());
            assertThat(uri).isEqualTo(server.resolve("/register/" + clientId));
            assertThat(registration.get("client_secret").asText()).isNotBlank();
            assertThat(registration.get("client_secret_expires_at").asLong()).isZero();

            HttpResponse<String> read = send(authorized(uri, token).GET());
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            JsonNode readBody = json(read);
            assertThat(readBody.get("client_id").asText()).isEqualTo(clientId);
            assertThat(readBody.get("client_name").asText()).isEqualTo(name);
            assertThat(readBody.has("client_secret")).as("only the hash is kept").isFalse();
            assertThat(readBody.get("client_secret_expires_at").asLong()).isZero();
            assertThat(readBody.get("registration_client_uri").asText()).isEqualTo(uri.toString());

            ObjectNode update = (ObjectNode) HttpCases.JSON.readTree(
                    "{\"redirect_uris\":[\"http://127.0.0.1:8123/cb\"],\"token_endpoint_auth_method\":\"client_secret_basic\"}");
            update.put("client_id", clientId).put("client_name", name + "-renamed");
            HttpResponse<String> replaced = send(authorized(uri, token).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(update.toString())));
            assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
            JsonNode replacedBody = json(replaced);
            String newToken = replacedBody.get("registration_access_token").asText();
            assertThat(newToken).isNotBlank().isNotEqualTo(token);
            assertThat(replacedBody.get("client_name").asText()).isEqualTo(name + "-renamed");
            assertThat(replacedBody.get("client_id_issued_at")).isEqualTo(registration.get("client_id_issued_at"));

            HttpResponse<String> stale = send(authorized(uri, token).GET());
            assertThat(stale.statusCode()).isEqualTo(401);
            assertThat(stale.headers().firstValue("WWW-Authenticate")).get().asString()
                    .startsWith("Bearer error=\"invalid_token\"");
            HttpResponse<String> fresh = send(authorized(uri, newToken).GET());
            assertThat(fresh.statusCode()).isEqualTo(200);
            assertThat(json(fresh).get("client_name").asText()).isEqualTo(name + "-renamed");

            HttpResponse<String> deleted = send(authorized(uri, newToken).DELETE());
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(deleted.body()).isEmpty();

            assertThat(send(authorized(uri, newToken).GET()).statusCode()).isEqualTo(401);
            assertThat(send(authorized(uri, newToken).DELETE()).statusCode()).isEqualTo(401);
            assertThat(send(authorized(uri, token).GET()).statusCode()).isEqualTo(401);
        }
        @Test
        @DisplayName("an unknown client id and a wrong token get byte-identical answers (RFC 7592 §2)")
        void unknownClientIsIndistinguishableFromWrongToken() throws Exception {
            JsonNode registration = json(post("/register", "{\"redirect_uris\":[\"http://127.0.0.1:9/cb\"]}"));
            String token = registration.get("registration_access_token").asText();
            URI known = URI.create(registration.get("registration_client_uri").asText());
            URI unknown = server.resolve("/register/" + UUID.randomUUID().toString().replace("-", ""));

            HttpResponse<String> wrongToken = send(authorized(known, token + "x").GET());
            HttpResponse<String> unknownClient = send(authorized(unknown, token).GET());

            assertThat(unknownClient.statusCode()).isEqualTo(wrongToken.statusCode()).isEqualTo(401);
            assertThat(unknownClient.body()).isEqualTo(wrongToken.body());
            assertThat(unknownClient.headers().allValues("WWW-Authenticate"))
                    .isEqualTo(wrongToken.headers().allValues("WWW-Authenticate"));
        }
    }

    @Nested
    @DisplayName("concurrent updates of one client")
    class ConcurrentUpdates {

        private static final int WRITERS = 5;

        @Test
        @DisplayName("with token rotation exactly one update wins and every other one gets 401")
        void withRotationOneWinsAndTheOthersAreUnauthorized() throws Exception {
            JsonNode registration = json(post("/register", "{\"redirect_uris\":[\"http://127.0.0.1:9/cb\"]}"));
            List<HttpResponse<String>> answers = concurrentPuts(registration);

            List<HttpResponse<String>> winners = answers.stream().filter(a -> a.statusCode() == 200).toList();
            assertThat(winners).hasSize(1);
            assertThat(answers).filteredOn(a -> a.statusCode() == 401).hasSize(WRITERS - 1);
            JsonNode winner = json(winners.get(0));
            HttpResponse<String> read = send(authorized(URI.create(registration.get("registration_client_uri").asText()),
                    winner.get("registration_access_token").asText()).GET());
            assertThat(json(read).get("client_name")).isEqualTo(winner.get("client_name"));
        }

        @Test
        @DisplayName("without token rotation every update applies and the last writer wins")
        void withoutRotationEveryUpdateAppliesAndTheLastWriterWins() throws Exception {
            JsonNode registration = json(post("/norotate/register", "{\"redirect_uris\":[\"http://127.0.0.1:9/cb\"]}"));
            List<HttpResponse<String>> answers = concurrentPuts(registration);

            assertThat(answers).allSatisfy(a -> assertThat(a.statusCode()).as(a.body()).isEqualTo(200));
            List<String> written = answers.stream().map(a -> json(a).get("client_name").asText()).toList();
            HttpResponse<String> read = send(authorized(URI.create(registration.get("registration_client_uri").asText()),
                    registration.get("registration_access_token").asText()).GET());
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(written).contains(json(read).get("client_name").asText());
        }

        private List<HttpResponse<String>> concurrentPuts(JsonNode registration) throws Exception {
            URI uri = URI.create(registration.get("registration_client_uri").asText());
            String token = registration.get("registration_access_token").asText();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<HttpResponse<String>>> futures = new ArrayList<>();
                for (int i = 0; i < WRITERS; i++) {
                    String body = "{\"redirect_uris\":[\"http://127.0.0.1:9/cb\"],\"client_name\":\"writer-" + i + "\"}";
                    futures.add(pool.submit(() -> {
                        start.await();
                        return send(authorized(uri, token).header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString(body)));
                    }));
                }
                start.countDown();
                List<HttpResponse<String>> answers = new ArrayList<>();
                for (Future<HttpResponse<String>> f : futures) {
                    answers.add(f.get(30, TimeUnit.SECONDS));
                }
                return answers;
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("logging")
    class Logging {

        // the root logger: a named one may be collected and recreated between classes, losing the handler
        private final Logger logger = Logger.getLogger("");
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (ClientRegistrationServlet.class.getName().equals(record.getLoggerName())) {
                    lines.add(record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        @BeforeEach
        void capture() {
            logger.addHandler(capture);
        }

        @AfterEach
        void release() {
            logger.removeHandler(capture);
        }

        @Test
        @DisplayName("every outcome is logged with the client id, and no credential ever appears")
        void outcomesAreLoggedWithoutCredentials() throws Exception {
            HttpResponse<String> created = post("/register", "{\"redirect_uris\":[\"http://127.0.0.1:9/cb\"],"
                    + "\"token_endpoint_auth_method\":\"client_secret_post\"}");
            JsonNode registration = json(created);
            String clientId = registration.get("client_id").asText();
            URI uri = URI.create(registration.get("registration_client_uri").asText());
            String token = registration.get("registration_access_token").asText();
            HttpResponse<String> replaced = send(authorized(uri, token).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"redirect_uris\":[\"http://127.0.0.1:9/cb\"]}")));
            String newToken = json(replaced).get("registration_access_token").asText();
            send(authorized(uri, "wrong-" + token).GET());
            send(HttpRequest.newBuilder(server.resolve("/gated/register")).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer not-" + Deployments.INITIAL_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));

            List<String> mine = lines.stream().filter(l -> l.contains(clientId)).toList();
            assertThat(mine).anyMatch(l -> l.contains("outcome=registered") && l.contains("status=201")
                    && l.contains("remote=\"127.0.0.1\""));
            assertThat(mine).anyMatch(l -> l.contains("outcome=replaced"));
            assertThat(mine).anyMatch(l -> l.contains("outcome=refused") && l.contains("status=401")
                    && l.contains("invalid_token"));
            assertThat(lines).allSatisfy(l -> assertThat(l)
                    .doesNotContain(registration.get("client_secret").asText())
                    .doesNotContain(token)
                    .doesNotContain(newToken)
                    .doesNotContain(Deployments.INITIAL_TOKEN));
        }

        @Test
        @DisplayName("request-controlled text cannot break a log line")
        void requestTextIsEscaped() throws Exception {
            String marker = UUID.randomUUID().toString().substring(0, 8);
            post("/register", "{\"redirect_uris\":[\"http://127.0.0.1:9/" + marker + "\\r\\nFORGED line\"]}");
            post("/register", "{\"redirect_uris\":[\"http://evil.example/" + marker + "\\u2028x\"]}");

            assertThat(lines).as("captured %s", lines).filteredOn(l -> l.contains(marker)).hasSize(2)
                    .allSatisfy(l -> assertThat(l).doesNotContain("\r").doesNotContain("\n")
                            .doesNotContain("\u2028"));
        }
    }

    @Nested
    @DisplayName("a kept-alive connection after an error answer")
    class KeptAliveConnections {

        private static final String METADATA = AuthorizationServerMetadataServlet.WELL_KNOWN_PATH;
        /** How long the client waits for an early answer before it sends the body. */
        private static final Duration BODY_PAUSE = Duration.ofMillis(200);

        @TestFactory
        @DisplayName("either carries the next request or the answer said Connection: close")
        Stream<DynamicTest> nextRequestSucceedsOrTheAnswerSaidClose() {
            byte[] json = "{\"redirect_uris\":[\"http://127.0.0.1:9/cb\"]}".getBytes(StandardCharsets.UTF_8);
            byte[] overSmallCap = padding(1500); // /restricted allows 1,024 bytes
            byte[] overDefaultCap = padding(100 * 1024); // the default cap is 64 KiB
            byte[] farOverDefaultCap = padding(300 * 1024);
            List<String[]> jsonType = List.<String[]>of(new String[] {"Content-Type", "application/json"});
            List<String[]> textType = List.<String[]>of(new String[] {"Content-Type", "text/plain"});
            return Stream.of(
                    scenario("413, Content-Length over the cap, body sent", 413,
                            request("POST", "/restricted/register", jsonType, overSmallCap, false)),
                    scenario("413, Content-Length far over the default cap, body sent", 413,
                            request("POST", "/register", jsonType, overDefaultCap, false)),
                    scenario("413, chunked body over the cap", 413,
                            request("POST", "/restricted/register", jsonType, overSmallCap, true)),
                    scenario("413, chunked body several times the default cap", 413,
                            request("POST", "/register", jsonType, farOverDefaultCap, true)),
                    scenario("415 with a body", 415, request("POST", "/register", textType, json, false)),
                    scenario("415 with a chunked body", 415, request("POST", "/register", textType, json, true)),
                    scenario("405 with a body", 405, request("PATCH", "/register", jsonType, json, false)),
                    scenario("405 from the metadata endpoint with a body", 405,
                            request("POST", METADATA, jsonType, json, false)),
                    scenario("400 bad JSON", 400, request("POST", "/register", jsonType,
                            "{\"redirect_uris\": [".getBytes(StandardCharsets.UTF_8), false)),
                    scenario("401 with the body unread (no initial access token)", 401,
                            request("POST", "/gated/register", jsonType, json, false)),
                    scenario("401 with a chunked body unread", 401,
                            request("POST", "/gated/register", jsonType, json, true)),
                    scenario("401 for a PUT without a token, body unread", 401,
                            request("PUT", "/register/unknown-client", jsonType, json, false)),
                    scenario("401 for a GET that carries a body", 401,
                            request("GET", "/register/unknown-client", jsonType, json, false)),
                    scenario("404 of a disabled endpoint with a body", 404,
                            request("POST", "/disabled/register", jsonType, json, false)),
                    scenario("404 of an unknown path with a body", 404,
                            request("POST", "/register/a/b", jsonType, json, false)),
                    scenario("503 with a body", 503,
                            request("POST", "/unavailable/register", jsonType, json, false)),
                    scenario("204 preflight with a body", 204, request("OPTIONS", "/register", jsonType, json, false)))
                    .flatMap(s -> s);
        }

        /** The request sent at once, then with its body late: a container must not lose either way. */
        private Stream<DynamicTest> scenario(String name, int status, RawHttp.Request first) {
            return Stream.of(
                    DynamicTest.dynamicTest(name, () -> check(status, first, false)),
                    DynamicTest.dynamicTest(name + ", the body sent after a pause", () -> check(status, first, true)));
        }

        private void check(int status, RawHttp.Request first, boolean bodyLate) throws IOException {
            try (RawHttp.KeptAlive connection = RawHttp.KeptAlive.open(server)) {
                RawHttp.Response answer = bodyLate ? connection.sendBodyLate(first, BODY_PAUSE) : connection.send(first);
                assertThat(answer.status()).as(answer.bodyText()).isEqualTo(status);
                boolean saidClose = answer.header("Connection")
                        .map(v -> v.toLowerCase(java.util.Locale.ROOT).contains("close")).orElse(false);
                if (!saidClose) {
                    RawHttp.Response next = connection.send(request("GET", METADATA, List.of(), null, false));
                    assertThat(next.status()).as("the next request on the connection kept alive after %s: %s",
                            answer.status(), next.bodyText()).isEqualTo(200);
                }
            }
        }

        private static RawHttp.Request request(String method, String path, List<String[]> headers, byte[] body,
                boolean chunked) {
            return new RawHttp.Request(method, path, headers, body, chunked, null);
        }

        /** A JSON object of exactly {@code size} bytes. */
        private static byte[] padding(int size) {
            byte[] bytes = new byte[size];
            java.util.Arrays.fill(bytes, (byte) ' ');
            bytes[0] = '{';
            bytes[size - 1] = '}';
            return bytes;
        }
    }

    @Nested
    @DisplayName("Client ID Metadata Documents")
    class ClientIdMetadataDocuments {

        @Test
        @DisplayName("the metadata advertises CIMD and lists none when the host turned it on")
        void advertisedWhenOn() throws Exception {
            JsonNode on = json(send(HttpRequest.newBuilder(
                    server.resolve(AuthorizationServerMetadataServlet.WELL_KNOWN_PATH + "/cimd")).GET()));

            assertThat(on.get("client_id_metadata_document_supported").asBoolean()).isTrue();
            assertThat(on.get("token_endpoint_auth_methods_supported").toString())
                    .isEqualTo("[\"none\",\"client_secret_basic\"]");
        }

        @Test
        @DisplayName("the metadata says nothing of CIMD by default")
        void notAdvertisedByDefault() throws Exception {
            JsonNode off = json(send(HttpRequest.newBuilder(
                    server.resolve(AuthorizationServerMetadataServlet.WELL_KNOWN_PATH)).GET()));

            assertThat(off.has("client_id_metadata_document_supported")).isFalse();
        }

        @Test
        @DisplayName("RFC 7592 answers a URL client id with 401 and fetches nothing")
        void managementRefusesUrlIds() throws Exception {
            String id = "https://client.example/" + UUID.randomUUID();
            int before = Deployments.CIMD_FETCHES.size();
            assertThatThrownBy(() -> Deployments.CIMD_DIRECTORY.findClient(id)).isInstanceOf(MetadataDocumentException.class);
            int fetches = Deployments.CIMD_FETCHES.size();
            assertThat(fetches).as("the recording fetcher sees what the directory fetches").isEqualTo(before + 1);

            for (String path : List.of("/cimd/register/" + id, "/cimd/register/https:/client.example/c",
                    "/cimd/register/HTTPS:")) {
                HttpResponse<String> withToken = send(authorized(server.resolve(path), "some-token").GET());
                HttpResponse<String> withoutToken = send(HttpRequest.newBuilder(server.resolve(path)).DELETE());
                HttpResponse<String> put = send(authorized(server.resolve(path), "some-token")
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"redirect_uris\":[\"https://a.example/cb\"]}")));

                if (withToken.statusCode() == 400) {
                    // the container refused the raw path before any servlet ran (ambiguous empty segment)
                    assertThat(path).contains("//");
                    continue;
                }
                assertThat(withToken.statusCode()).as(path).isEqualTo(401);
                assertThat(withToken.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
                assertThat(withoutToken.statusCode()).as(path).isEqualTo(401);
                assertThat(withoutToken.headers().firstValue("WWW-Authenticate")).contains("Bearer");
                assertThat(put.statusCode()).as(path).isEqualTo(401);
            }

            assertThat(Deployments.CIMD_FETCHES).hasSize(fetches);
            assertThat(Deployments.CIMD_REGISTRY.count()).isZero();
        }
    }

    private HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(server.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpRequest.Builder authorized(URI uri, String token) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return HttpCases.JSON.readTree(Optional.ofNullable(response.body()).orElse(""));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }
}
