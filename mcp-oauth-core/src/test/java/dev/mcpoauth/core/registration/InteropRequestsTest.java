package dev.mcpoauth.core.registration;

import static dev.mcpoauth.core.registration.Registrations.accepted;
import static dev.mcpoauth.core.registration.Registrations.openPolicy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** DESIGN §7: every body that a real MCP client sends registers with the defaults. */
@DisplayName("Real MCP client registration requests")
class InteropRequestsTest {

    static final String RELATIVE_PATH = "shared/interop/registration-requests.json";

    /**
     * {@code <repo root>/../shared/interop/registration-requests.json}; when the checkout is a git
     * worktree nested deeper, the nearest ancestor of the repo root holding that path.
     */
    static Path requestsFile() {
        Path root = repositoryRoot();
        List<Path> tried = new ArrayList<>();
        for (Path dir = root.getParent(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE_PATH);
            tried.add(candidate);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("The interop request bodies are missing: expected " + tried.get(0)
                + " (the shared/ folder beside the repository checkout). Also looked at " + tried);
    }

    static Path repositoryRoot() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("mcp-oauth-core")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new AssertionError("No repository root (a folder with mcp-oauth-core/ and pom.xml) above " + start);
    }

    @SuppressWarnings("unchecked")
    static Stream<Arguments> requests() throws IOException {
        Path file = requestsFile();
        Map<String, Object> document = (Map<String, Object>) TestJson.parse(Files.readString(file,
                StandardCharsets.UTF_8));
        List<Map<String, Object>> requests = (List<Map<String, Object>>) document.get("requests");
        assertThat(requests).as("requests in %s", file).isNotEmpty();
        return requests.stream().map(r -> Arguments.of(r.get("id"), r.get("body")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void registersWithTheDefaultPolicyAndEchoesRedirectUrisUnchanged(String id, Map<String, Object> body) {
        ClientRegistration registration = accepted(openPolicy().build(), body);

        assertThat(registration.toResponseMap().get("redirect_uris")).as(id).isEqualTo(body.get("redirect_uris"));
        assertThat(registration.client().metadata().grantTypes()).as(id).contains("authorization_code");
    }

    @Nested
    @DisplayName("the test JSON reader")
    class Reader {

        @Test
        void readsEveryKindOfValue() {
            Object value = TestJson.parse(" {\"a\": [1, -2.5e1, true, false, null, \"x\\u00e9\\n\\\"\"], \"b\": {}, "
                    + "\"c\": []} ");

            assertThat(value).isEqualTo(Map.of("a", Arrays.asList(1L, -25.0, true, false, null, "xé\n\""),
                    "b", Map.of(), "c", List.of()));
        }

        @Test
        void refusesMalformedInput() {
            assertThatThrownBy(() -> TestJson.parse("{\"a\": 1,}")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> TestJson.parse("[1] 2")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> TestJson.parse("{\"a\" 1}")).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
