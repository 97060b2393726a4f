package dev.mcpoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.tests.NodeProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real MCP client code registers against the server: the MCP TypeScript SDK and openid-client,
 * pinned in {@code interop/package-lock.json}, run by Node's test runner ({@code interop/test}).
 */
class InteropTest {

    private static final Path INTEROP = Path.of("..", "interop").toAbsolutePath().normalize();

    @Test
    @DisplayName("the MCP TypeScript SDK and openid-client register public and confidential clients, and"
            + " openid-client registers with an initial access token on a gated server")
    void realClientLibrariesRegister(@TempDir Path dir) throws Exception {
        NodeProcess.install(INTEROP);
        String token = "iat-" + UUID.randomUUID();
        try (McpOAuthServer open = McpOAuthServer.start(ServerConfiguration.load(
                        List.of("--server.port=0", "--store.h2.path=" + dir.resolve("interop")), Map.of()));
                McpOAuthServer gated = McpOAuthServer.start(ServerConfiguration.load(
                        List.of("--server.port=0", "--store=memory", "--registration.initial-access-tokens=" + token),
                        Map.of()))) {
            String output = NodeProcess.run(INTEROP, List.of("node", "--test"), Map.of("INTEROP_SERVER_URL", open.uri().toString(),
                    "INTEROP_GATED_SERVER_URL", gated.uri().toString(), "INTEROP_INITIAL_ACCESS_TOKEN", token), 300);
            assertThat(output).as("node's summary").contains("# skipped 0").contains("# fail 0");
        }
    }
}
