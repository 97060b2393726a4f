package dev.mcpoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        if (!Files.isDirectory(INTEROP.resolve("node_modules"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 600);
        }
        String token = "iat-" + UUID.randomUUID();
        try (McpOAuthServer open = McpOAuthServer.start(ServerConfiguration.load(
                        List.of("--server.port=0", "--store.h2.path=" + dir.resolve("interop")), Map.of()));
                McpOAuthServer gated = McpOAuthServer.start(ServerConfiguration.load(
                        List.of("--server.port=0", "--store=memory", "--registration.initial-access-tokens=" + token),
                        Map.of()))) {
            String output = run(List.of("node", "--test"), Map.of("INTEROP_SERVER_URL", open.uri().toString(),
                    "INTEROP_GATED_SERVER_URL", gated.uri().toString(), "INTEROP_INITIAL_ACCESS_TOKEN", token), 300);
            assertThat(output).as("node's summary").contains("# skipped 0").contains("# fail 0");
        }
    }

    /** Runs the command in {@code interop/}, fails unless it exits 0, and returns its output. */
    private static String run(List<String> command, Map<String, String> environment, long timeoutSeconds)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(INTEROP.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + ": the interop test needs Node.js 20+ with npm"
                    + " on the PATH (apt-get install nodejs npm)", e);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String text = output.get(30, TimeUnit.SECONDS);
        assertThat(finished).as("%s did not finish within %d s; output:%n%s", command, timeoutSeconds, text).isTrue();
        assertThat(process.exitValue()).as("%s in %s failed; output:%n%s", String.join(" ", command), INTEROP, text)
                .isZero();
        return text;
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e + ")";
        }
    }
}
