package dev.mcpoauth.examples.springas;

import dev.mcpoauth.tests.NodeProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Node.js scripts in the repository's {@code interop/} folder, with the npm packages pinned in its lock file. */
final class InteropNode {

    static final Path DIRECTORY = Path.of("..", "..", "interop").toAbsolutePath().normalize();

    private InteropNode() {
    }

    /** Installs the pinned packages unless they are there. */
    static void install() throws InterruptedException {
        NodeProcess.install(DIRECTORY);
    }

    /** Runs the command in {@code interop/}, fails unless it exits 0 within the timeout, and returns its output. */
    static String run(List<String> command, Map<String, String> environment, long timeoutSeconds)
            throws InterruptedException {
        return NodeProcess.run(DIRECTORY, command, environment, timeoutSeconds);
    }
}
