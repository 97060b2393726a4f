package dev.mcpoauth.examples.springas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example, started as a real process ({@code java -jar}), driven by real client libraries
 * ({@code interop/spring/flows.js}: the MCP TypeScript SDK and openid-client, pinned in
 * {@code interop/package-lock.json}); then stopped with SIGTERM, started again on the same data
 * directory, and driven again with the clients and refresh tokens of the first run.
 */
class ExampleFlowsIT {

    @Test
    @DisplayName("DCR, authorization code + PKCE, refresh and errors with the SDK and openid-client; everything"
            + " still works after a restart; failed requests leave nothing behind")
    void realClientsThroughTheExample(@TempDir Path dir) throws Exception {
        InteropNode.install();
        int port = ExampleProcess.freePort();
        Path data = dir.resolve("data");
        Path state = dir.resolve("flows.json");

        try (ExampleProcess first = ExampleProcess.start(port, data, dir.resolve("first.log"))) {
            String output = InteropNode.run(List.of("node", "--test", "spring/flows.js"),
                    Map.of("SPRING_AS_URL", first.url().toString(), "SPRING_AS_STATE", state.toString(),
                            "SPRING_AS_PHASE", "first"), 600);
            assertThat(output).as("node's summary").contains("# pass 7").contains("# fail 0").contains("# skipped 0");
        }

        String flows = Files.readString(state);
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("authorization-server"),
                "sa", "")) {
            assertThat(authorizations(db, field(flows, "unknownClient"))).as("authorizations of an unknown client")
                    .isZero();
            assertThat(authorizations(db, field(flows, "badRedirectClient")))
                    .as("authorizations after non-matching redirect URIs").isZero();
            assertThat(clients(db, field(flows, "unknownClient"))).as("an unknown client is not created").isZero();
            String sdkClient = field(flows, "client_id");
            assertThat(lastUsed(db, sdkClient)).as("last use of the SDK's client, recorded by its token grants")
                    .isPresent();
        }

        try (ExampleProcess second = ExampleProcess.start(port, data, dir.resolve("second.log"))) {
            String output = InteropNode.run(List.of("node", "--test", "spring/flows.js"),
                    Map.of("SPRING_AS_URL", second.url().toString(), "SPRING_AS_STATE", state.toString(),
                            "SPRING_AS_PHASE", "after-restart"), 600);
            assertThat(output).as("node's summary").contains("# pass 3").contains("# fail 0").contains("# skipped 0");
        }
    }

    private static long authorizations(Connection db, String clientId) throws Exception {
        return count(db, "select count(*) from oauth2_authorization where registered_client_id = ?", clientId);
    }

    private static long clients(Connection db, String clientId) throws Exception {
        return count(db, "select count(*) from mcp_oauth_client where client_id = ?", clientId);
    }

    private static java.util.Optional<Long> lastUsed(Connection db, String clientId) throws Exception {
        try (PreparedStatement select = db.prepareStatement(
                "select last_used_at_ns from mcp_oauth_client where client_id = ?")) {
            select.setString(1, clientId);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).as("client %s is stored", clientId).isTrue();
                long value = rows.getLong(1);
                return rows.wasNull() ? java.util.Optional.empty() : java.util.Optional.of(value);
            }
        }
    }

    private static long count(Connection db, String sql, String value) throws Exception {
        try (PreparedStatement select = db.prepareStatement(sql)) {
            select.setString(1, value);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** The first string value of a field in the flows' state file (a small JSON document). */
    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as("%s in %s", name, json).isTrue();
        return m.group(1);
    }
}
