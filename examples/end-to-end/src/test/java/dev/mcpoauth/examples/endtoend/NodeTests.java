package dev.mcpoauth.examples.endtoend;

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

/** Node's test runner over the files in {@code examples/end-to-end/test}, the npm packages pinned in its lock file. */
final class NodeTests {

    static final Path DIRECTORY = Path.of("").toAbsolutePath();

    private NodeTests() {
    }

    /** Installs the pinned packages unless they are there. */
    static void install() throws Exception {
        if (!Files.isDirectory(DIRECTORY.resolve("node_modules"))) {
            run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 600);
        }
    }

    /** Runs one test file; fails unless every node test passed and none was skipped. Returns node's output. */
    static String runTestFile(String file, Map<String, String> environment) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-reporter=tap", "test/" + file));
        String output = run(command, environment, 300);
        assertThat(output).as("node's summary of %s", file).contains("# fail 0").contains("# skipped 0")
                .doesNotContain("# pass 0");
        return output;
    }

    private static String run(List<String> command, Map<String, String> environment, long timeoutSeconds)
            throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(DIRECTORY.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + ": the end-to-end tests need Node.js 20+ with npm"
                    + " on the PATH", e);
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
