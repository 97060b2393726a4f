package dev.mcpoauth.examples.springas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged example ({@code target/*.jar}) as a real process on a loopback port, started and
 * waited for until {@code /actuator/health} answers 200; {@link #close()} stops it with SIGTERM.
 */
public final class ExampleProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "mcp-oauth-example-spring-authorization-server.jar")
            .toAbsolutePath();
    /** Generous: two CPUs are shared by several builds, and a cold start of the example takes a while there. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private final Process process;
    private final URI url;

    private ExampleProcess(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /** A free loopback port to start on (and to start on again after a restart). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * Starts the example on {@code port} with its data under {@code data}, its output in {@code log},
     * and the extra {@code --key=value} arguments.
     */
    public static ExampleProcess start(int port, Path data, Path log, String... arguments) throws Exception {
        return start(port, data, log, List.of(), arguments);
    }

    /**
     * Starts the example as {@link #start(int, Path, Path, String...)} does, with JVM options such as
     * {@code -Djdk.net.hosts.file=...} before {@code -jar}.
     */
    public static ExampleProcess start(int port, Path data, Path log, List<String> jvmOptions, String... arguments)
            throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString(), "--server.port=" + port, "--server.address=127.0.0.1",
                "--example.data-dir=" + data));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        URI url = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(url.resolve("/actuator/health")).timeout(Duration.ofSeconds(5))
                .build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            assertThat(process.isAlive()).as("the example exited; its log:%n%s", Files.readString(log)).isTrue();
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return new ExampleProcess(process, url);
                }
            } catch (IOException notYetListening) {
                // not listening yet: wait for the process or the deadline below
            }
            process.waitFor(500, TimeUnit.MILLISECONDS);
        }
        process.destroyForcibly();
        throw new AssertionError("the example did not become healthy within " + START_TIMEOUT + "; its log:\n"
                + Files.readString(log));
    }

    /** Its base URL, {@code http://127.0.0.1:<port>}. */
    public URI url() {
        return url;
    }

    /** SIGTERM, as a service manager stops it, then waits for it to exit. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the example did not stop within 60 s of SIGTERM");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while stopping the example", e);
        }
    }
}
