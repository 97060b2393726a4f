package dev.mcpoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN §10's promise that limits hold across server processes: two server jars on one store
 * with {@code registration.rate-limit=20/1h}, 60 registrations from one address spread over both,
 * exactly 20 created and 40 refused with {@code Retry-After}; another address is unaffected. The
 * servers trust the loopback peer as a proxy, so the test names its callers with
 * {@code X-Forwarded-For}; every run uses fresh random addresses. On Redis the permit is taken in
 * the script that stores the client, and the limit must be exactly as exact.
 */
class AbuseControlsIT {

    private static final String BACKENDS_HINT = " must answer: scripts/backends.sh starts it (see DEVELOPERS.md).";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path workingDirectory;

    @Nested
    @DisplayName("on Redis")
    class Redis {
        @Test
        @DisplayName("two processes share one limit: 60 attempts from one address give 20 x 201 and 40 x 429")
        void limitHoldsAcrossProcesses() throws Exception {
            URI url = URI.create(env("MCP_OAUTH_TEST_REDIS_URL", "redis://127.0.0.1:6379"));
            sharedLimit(List.of("--store=redis", "--store.redis.key-prefix=abuse-" + UUID.randomUUID()
                    + ":"), Map.of("MCP_OAUTH_STORE_REDIS_URL", url.toString()),
                    "Redis at " + StoreBackend.safeRedisUrl(url) + BACKENDS_HINT, true);
        }
    }

    @Nested
    @DisplayName("on MariaDB / MySQL")
    class MariaDb {
        @Test
        @DisplayName("two processes share one limit: 60 attempts from one address give 20 x 201 and 40 x 429")
        void limitHoldsAcrossProcesses() throws Exception {
            String url = env("MCP_OAUTH_TEST_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/test");
            sharedLimit(List.of("--store=jdbc", "--store.jdbc.url=" + url,
                    "--store.jdbc.username=" + env("MCP_OAUTH_TEST_MYSQL_USER", "root")),
                    Map.of("MCP_OAUTH_STORE_JDBC_PASSWORD", env("MCP_OAUTH_TEST_MYSQL_PASSWORD", "")),
                    "MariaDB at " + StoreBackend.safeJdbcUrl(url) + BACKENDS_HINT, false);
        }
    }

    @Nested
    @DisplayName("on PostgreSQL")
    class PostgreSql {
        @Test
        @DisplayName("two processes share one limit: 60 attempts from one address give 20 x 201 and 40 x 429")
        void limitHoldsAcrossProcesses() throws Exception {
            String url = env("MCP_OAUTH_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
            sharedLimit(List.of("--store=jdbc", "--store.jdbc.url=" + url,
                    "--store.jdbc.username=" + env("MCP_OAUTH_TEST_POSTGRES_USER", "postgres")),
                    Map.of("MCP_OAUTH_STORE_JDBC_PASSWORD", env("MCP_OAUTH_TEST_POSTGRES_PASSWORD", "")),
                    "PostgreSQL at " + StoreBackend.safeJdbcUrl(url) + BACKENDS_HINT, false);
        }
    }

    /** {@code permitInWrite}: whether the store takes the permit in its write (Redis), as the start-up line says. */
    private void sharedLimit(List<String> storeArguments, Map<String, String> environment,
            String whatMustAnswer, boolean permitInWrite) throws Exception {
        List<String> arguments = new ArrayList<>(storeArguments);
        arguments.addAll(List.of("--server.port=0", "--registration.rate-limit=20/1h",
                "--server.trusted-proxies=127.0.0.1/32"));
        try (ServerProcess first = ServerProcess.start(arguments, environment, workingDirectory);
                ServerProcess second = ServerProcess.start(arguments, environment, workingDirectory)) {
            List<URI> servers = List.of(first.awaitStarted(whatMustAnswer), second.awaitStarted(whatMustAnswer));
            assertThat(first.output()).contains("rate limit 20/3600s per address behind [127.0.0.1/32]");
            assertThat(first.output().contains("rate limit 20/3600s per address behind [127.0.0.1/32], permit taken in"
                    + " the store's write")).as("the permit in the store's write").isEqualTo(permitInWrite);
            String caller = randomAddress("198.51.");

            int created = 0;
            int refused = 0;
            for (int i = 0; i < 60; i++) {
                HttpResponse<String> answer = register(servers.get(i % 2), caller);
                if (answer.statusCode() == 201) {
                    created++;
                } else {
                    assertThat(answer.statusCode()).as("attempt %d: %s", i, answer.body()).isEqualTo(429);
                    assertThat(answer.headers().firstValue("Retry-After")).as("attempt %d", i).get()
                            .satisfies(seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 180L));
                    assertThat(answer.body()).contains("too_many_requests");
                    refused++;
                }
            }

            assertThat(created).as("registrations created across both processes").isEqualTo(20);
            assertThat(refused).as("registrations refused across both processes").isEqualTo(40);
            String other = randomAddress("203.0.");
            assertThat(register(servers.get(0), other).statusCode()).as("another address on the first").isEqualTo(201);
            assertThat(register(servers.get(1), other).statusCode()).as("another address on the second").isEqualTo(201);
            assertThat(first.stop()).isZero();
            assertThat(second.stop()).isZero();
        }
    }

    private static HttpResponse<String> register(URI server, String forwardedFor) {
        try {
            return HTTP.send(HttpRequest.newBuilder(server.resolve("/register")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"redirect_uris\":[\"http://127.0.0.1:33418/callback\"],\"client_name\":\"abuse-it\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A random address under {@code prefix} (two octets), which no other run is likely to use at the same time. */
    private static String randomAddress(String prefix) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return prefix + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
