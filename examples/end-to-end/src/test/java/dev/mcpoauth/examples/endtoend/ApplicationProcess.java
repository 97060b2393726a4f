package dev.mcpoauth.examples.endtoend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One example application as its own JVM ({@code java -jar}), its output in a log file. Started means
 * Spring Boot logged "Started": the test waits for that line, not for a clock.
 */
final class ApplicationProcess implements AutoCloseable {

    /** The JVM's exit status after SIGTERM when the shutdown hooks (Boot's graceful shutdown) ran. */
    static final int EXIT_ON_SIGTERM = 128 + 15;

    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Duration SHUTDOWN = Duration.ofSeconds(60);

    private final String name;
    private final Process process;
    private final Path log;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    private ApplicationProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java -jar jar arguments…}; returns once the application has started, or fails with its log. */
    static ApplicationProcess start(String name, Path jar, List<String> arguments, Path log) throws IOException {
        return start(name, jar, List.of(), arguments, log);
    }

    /** Starts {@code java jvmOptions… -jar jar arguments…}, as {@link #start(String, Path, List, Path)} does. */
    static ApplicationProcess start(String name, Path jar, List<String> jvmOptions, List<String> arguments, Path log)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: build it first (mvn -B -pl examples/end-to-end -am verify)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // small, quick-starting JVMs: the machine runs several builds at once
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ApplicationProcess application = new ApplicationProcess(name, process, log);
        Thread pump = new Thread(application::pump, name + "-output");
        pump.setDaemon(true);
        pump.start();
        application.awaitStarted();
        return application;
    }

    private void pump() {
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                file.write(line);
                file.write(System.lineSeparator());
                file.flush();
                if (line.contains(" Started ") && line.contains(" in ")) {
                    started.complete(null);
                }
            }
        } catch (IOException e) {
            started.completeExceptionally(e);
        } finally {
            started.completeExceptionally(new IllegalStateException(name + " exited before it started"));
            drained.complete(null);
        }
    }

    private void awaitStarted() {
        try {
            started.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not start within " + STARTUP + ":\n" + tail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends SIGTERM and waits for the exit; returns the exit status (the JVM's 143 when it shut down cleanly). */
    int terminate() throws InterruptedException {
        // ProcessHandle's destroy sends SIGTERM and leaves the pipe open (Process.destroy closes it, so the
        // shutdown's log lines would be lost)
        process.toHandle().destroy();
        if (!process.waitFor(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(name + " did not stop within " + SHUTDOWN + " of SIGTERM:\n" + tail());
        }
        try {
            drained.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(name + "'s output was not drained", e);
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    /** The whole log so far. */
    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last lines of the log, for failure messages. */
    String tail() {
        List<String> lines = log().lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    /** A port nothing listens on now, for an application to take. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
