package dev.mcpoauth.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shaded server jar running as a real process ({@code java -jar}), so that a stop is a real
 * {@code SIGTERM} ({@link ProcessHandle#destroy()} on Linux) and the exit status is the JVM's.
 */
final class ServerProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "mcp-oauth-server.jar").toAbsolutePath();
    /** The start-up line's address, in a text line or a JSON one (which writes {@code /} as {@code \/}). */
    private static final Pattern LISTENING = Pattern.compile("listening on (http:\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final CompletableFuture<URI> started = new CompletableFuture<>();
    private final CompletableFuture<Void> outputClosed = new CompletableFuture<>();

    private ServerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(this::readOutput, "server-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code java -jar mcp-oauth-server.jar arguments...} in {@code workingDirectory} with
     * the current environment less every {@code MCP_OAUTH_*} variable, plus {@code environment}.
     */
    static ServerProcess start(List<String> arguments, Map<String, String> environment, Path workingDirectory)
            throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new AssertionError(JAR + " is missing: this test runs in the integration-test phase"
                    + " after the package phase built it (mvn verify)");
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith(ConfigurationKey.ENVIRONMENT_PREFIX));
        builder.environment().putAll(environment);
        return new ServerProcess(builder.start());
    }

    private void readOutput() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                output.append(line).append('\n');
                Matcher listening = LISTENING.matcher(line);
                if (listening.find()) {
                    started.complete(URI.create(listening.group(1).replace("\\/", "/")));
                }
            }
        } catch (IOException e) {
            output.append("(output unreadable: ").append(e).append(")\n");
        } finally {
            started.completeExceptionally(new IllegalStateException("the server's output ended before it listened"));
            outputClosed.complete(null);
        }
    }

    /**
     * Waits for the start-up line and returns the address it names.
     *
     * @param whatMustAnswer what the server needs, named in the failure message
     */
    URI awaitStarted(String whatMustAnswer) throws InterruptedException {
        try {
            return started.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            String status = process.isAlive() ? "still running" : "exit status " + process.exitValue();
            throw new AssertionError("The server did not start (" + status + "). " + whatMustAnswer
                    + "\nServer output:\n" + output());
        }
    }

    /** Sends SIGTERM and returns the exit status once the process has ended. */
    int stop() throws InterruptedException {
        // ProcessHandle.destroy sends SIGTERM like Process.destroy, but leaves the output pipe open to read the drain
        process.toHandle().destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the server did not stop within " + STOP_TIMEOUT + " of SIGTERM\n" + output());
        }
        try {
            outputClosed.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the server's output did not close", e);
        }
        return process.exitValue();
    }

    /**
     * Kills the process with {@code SIGKILL} ({@link Process#destroyForcibly()} on Linux): no
     * shutdown hook runs, nothing is flushed. Returns the exit status once the process has ended.
     */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the server did not end within " + STOP_TIMEOUT + " of SIGKILL");
        }
        return process.exitValue();
    }

    /** Waits for the process to end on its own and returns its exit status. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the server did not exit\n" + output());
        }
        try {
            outputClosed.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the server's output did not close", e);
        }
        return process.exitValue();
    }

    String output() {
        return output.toString();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
