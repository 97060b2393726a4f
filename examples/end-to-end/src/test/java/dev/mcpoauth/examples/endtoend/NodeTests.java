package dev.mcpoauth.examples.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.tests.NodeProcess;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Node's test runner over the files in {@code examples/end-to-end/test}, the npm packages pinned in its lock file. */
final class NodeTests {

    static final Path DIRECTORY = Path.of("").toAbsolutePath();

    private NodeTests() {
    }

    /** Installs the pinned packages unless they are there. */
    static void install() throws InterruptedException {
        NodeProcess.install(DIRECTORY);
    }

    /** Runs one test file; fails unless every node test passed and none was skipped. Returns node's output. */
    static String runTestFile(String file, Map<String, String> environment) throws InterruptedException {
        String output = NodeProcess.run(DIRECTORY, List.of("node", "--test", "--test-reporter=tap", "test/" + file),
                environment, 300);
        assertThat(output).as("node's summary of %s", file).contains("# fail 0").contains("# skipped 0")
                .doesNotContain("# pass 0");
        return output;
    }
}
