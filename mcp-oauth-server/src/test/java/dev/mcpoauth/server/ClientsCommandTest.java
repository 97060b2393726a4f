package dev.mcpoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mcpoauth.core.client.RegisteredClient;
import dev.mcpoauth.core.registry.ClientRegistry;
import dev.mcpoauth.tests.TestClients;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("CLI: java -jar mcp-oauth-server.jar clients …")
class ClientsCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDirectory;

    private final String software = "cli-test-" + UUID.randomUUID();
    private final String redisPrefix = "cli-" + UUID.randomUUID() + ":";
    private StoreBackend store;
    private final List<RegisteredClient> seeded = new ArrayList<>();

    /** What one run printed and returned. */
    private record Run(int status, String out, String err) {
        Map<String, Object> json() {
            try {
                return JSON.readValue(out, new TypeReference<Map<String, Object>>() { });
            } catch (Exception e) {
                throw new AssertionError("not a JSON object: " + out, e);
            }
        }
    }

    private List<String> storeArguments(String backend) {
        if (backend.equals("h2")) {
            return List.of("--store=h2", "--store.h2.path=" + dataDirectory.resolve("cli"));
        }
        return List.of("--store=redis", "--store.redis.url="
                + System.getenv().getOrDefault("MCP_OAUTH_TEST_REDIS_URL", "redis://127.0.0.1:6379"),
                "--store.redis.key-prefix=" + redisPrefix);
    }

    private void seed(String backend) throws Exception {
        store = StoreBackend.open(ServerConfiguration.load(storeArguments(backend), Map.of()));
        ClientRegistry registry = store.registry();
        for (String name : List.of("Cursor", "Claude Code", "Evil\u001b[2J\r\nname")) {
            RegisteredClient.Builder builder = TestClients.confidentialClient();
            RegisteredClient client = builder.metadata(builder.build().metadata().toBuilder()
                    .clientName(name).softwareId(Optional.of(software)).build()).build();
            registry.create(client);
            seeded.add(client);
        }
        // the CLI opens the store itself, as an operator's separate process would
        store.close();
        store = null;
    }

    @AfterEach
    void closeStore() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    private Run run(String backend, String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of(arguments));
        all.addAll(storeArguments(backend));
        int status = new ClientsCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(all, Map.of());
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private void assertNoCredential(Run run) {
        for (RegisteredClient client : seeded) {
            assertThat(run.out() + run.err()).doesNotContain(client.clientSecretHash().orElseThrow())
                    .doesNotContain(client.registrationAccessTokenHash().orElseThrow());
        }
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "redis"})
    @DisplayName("list, show, delete, count and reap: tables by default, --json for scripts, exit 0 / 3")
    void commands(String backend) throws Exception {
        seed(backend);
        String filter = "--software-id=" + software;

        Run table = run(backend, "list", filter);
        assertThat(table.status()).isZero();
        assertThat(table.out()).startsWith("CLIENT_ID").contains("Cursor").contains("Claude Code").contains("3 clients")
                .doesNotContain("\u001b").contains("\\u001b");
        assertNoCredential(table);

        Run json = run(backend, "list", filter, "--name-prefix=C", "--json");
        assertThat(json.status()).isZero();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>) json.json().get("clients");
        assertThat(listed).extracting(c -> c.get("client_name")).containsExactly("Cursor", "Claude Code");
        assertNoCredential(json);

        Run paged = run(backend, "list", filter, "--limit=1", "--desc", "--sort=last_activity", "--json");
        assertThat(paged.json()).containsKey("next_cursor");
        Run all = run(backend, "list", filter, "--limit=1", "--all", "--json");
        assertThat((List<?>) all.json().get("clients")).hasSize(3);

        String id = seeded.get(1).clientId();
        Run shown = run(backend, "show", id);
        assertThat(shown.status()).isZero();
        assertThat(shown.out()).contains("client_name").contains("Claude Code");
        assertNoCredential(shown);
        assertThat(run(backend, "show", id, "--json").json()).containsEntry("client_id", id);

        assertThat(run(backend, "count").status()).isZero();
        assertThat(((Number) run(backend, "count", "--json").json().get("count")).longValue()).isGreaterThanOrEqualTo(3);

        Run deleted = run(backend, "delete", id, "--json");
        assertThat(deleted.status()).isZero();
        assertThat(deleted.json()).containsEntry("deleted", id);
        Run again = run(backend, "delete", id);
        assertThat(again.status()).isEqualTo(ClientsCommand.NOT_FOUND);
        assertThat(again.err()).contains("no such client");
        assertThat(run(backend, "show", id).status()).isEqualTo(ClientsCommand.NOT_FOUND);

        store = StoreBackend.open(ServerConfiguration.load(storeArguments(backend), Map.of()));
        Instant ancient = Instant.parse("1922-01-01T00:00:00Z");
        RegisteredClient abandoned = TestClients.publicClient().clientIdIssuedAt(ancient).createdAt(ancient).build();
        store.registry().create(abandoned);
        store.close();
        store = null;
        Run reaped = run(backend, "reap", "--unused-for=36500d");
        assertThat(reaped.status()).isZero();
        assertThat(reaped.out()).startsWith("reaped ");
        assertThat(run(backend, "show", abandoned.clientId()).status()).isEqualTo(ClientsCommand.NOT_FOUND);
        assertThat(run(backend, "show", seeded.get(0).clientId()).status()).isZero();
    }

    @Test
    @DisplayName("bad usage and invalid configuration exit 2 with the usage on standard error")
    void usage() {
        for (String[] arguments : List.of(new String[] {"launch"}, new String[] {"show"}, new String[] {"reap"},
                new String[] {"list", "--limit=many"}, new String[] {"list", "--no-such.key=1"},
                new String[] {"reap", "--unused-for=soon"})) {
            Run run = run("h2", arguments);
            assertThat(run.status()).as(String.join(" ", arguments)).isEqualTo(ClientsCommand.USAGE);
            assertThat(run.err()).contains("usage: clients");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    @DisplayName("a store that cannot be reached exits 1")
    void storeDown() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new ClientsCommand(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(List.of("count", "--store=redis",
                "--store.redis.url=redis://127.0.0.1:" + closedPort), Map.of());
        assertThat(status).isEqualTo(ClientsCommand.STORE_FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).isNotEmpty();
    }
}
