package dev.mcpoauth.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Node.js commands of the repository's npm projects ({@code interop/}, {@code examples/end-to-end/}),
 * run as the tests that drive real client libraries need them: packages installed from the lock
 * file when missing, a bounded time, and a failure that shows the command's output.
 */
public final class NodeProcess {

    private NodeProcess() {
    }

    /** Installs the packages pinned in {@code project}'s lock file ({@code npm ci}) unless they are there. */
    public static void install(Path project) throws InterruptedException {
        if (!Files.isDirectory(project.resolve("node_modules"))) {
            run(project, List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 600);
        }
    }

    /**
     * Runs {@code command} in {@code project} with the extra environment, fails unless it exits 0
     * within {@code timeoutSeconds}, and returns its output (standard output and error together).
     */
    public static String run(Path project, List<String> command, Map<String, String> environment,
            long timeoutSeconds) throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(project.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command.get(0) + " in " + project
                    + ": these tests need Node.js 20+ with npm on the PATH (apt-get install nodejs npm)", e);
        }
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String text;
        try {
            text = output.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            text = "(output unreadable: " + e + ")";
        }
        assertThat(finished).as("%s did not finish within %d s; output:%n%s", command, timeoutSeconds, text).isTrue();
        assertThat(process.exitValue()).as("%s in %s failed; output:%n%s", String.join(" ", command), project, text)
                .isZero();
        return text;
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
