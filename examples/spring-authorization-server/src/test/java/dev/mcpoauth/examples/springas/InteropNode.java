package dev.mcpoauth.examples.springas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Node.js scripts in the repository's {@code interop/} folder, with the npm packages pinned in its lock file. */
final class InteropNode {

    static final Path DIRECTORY = Path.of("..", "..", "interop").toAbsolutePath().normalize();

    private InteropNode() {
    }

    /** Installs the pinned packages unless they are there. */
    static void install() throws Exception {
        if (!Files.isDirectory(DIRECTORY.resolve("node_modules"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 600);
        }
    }

    /** Runs the command in {@code interop/}, fails unless it exits 0 within the timeout, and returns its output. */
    static String run(List<String> command, Map<String, String> environment, long timeoutSeconds) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(DIRECTORY.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + ": the flows need Node.js 20+ with npm on the PATH",
                    e);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String text = output.get(30, TimeUnit.SECONDS);
        assertThat(finished).as("%s did not finish within %d s; output:%n%s", command, timeoutSeconds, text).isTrue();
        assertThat(process.exitValue()).as("%s in %s failed; output:%n%s", String.join(" ", command), DIRECTORY, text)
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
