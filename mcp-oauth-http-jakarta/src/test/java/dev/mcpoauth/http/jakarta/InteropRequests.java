package dev.mcpoauth.http.jakarta;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The registration bodies real MCP clients send, from {@code shared/interop/registration-requests.json},
 * which lives beside the repository (at {@code <repo root>/../shared}); the nearest ancestor
 * folder holding {@code shared/interop} wins, or the {@code mcp.oauth.shared.dir} system property.
 */
final class InteropRequests {

    static final String RELATIVE = "interop/registration-requests.json";

    private InteropRequests() {
    }

    record Interop(String id, JsonNode body, JsonNode headers) {
        @Override
        public String toString() {
            return id;
        }
    }

    static List<Interop> load() {
        Path file = locate();
        try {
            JsonNode root = HttpCases.JSON.readTree(file.toFile());
            List<Interop> requests = new ArrayList<>();
            for (JsonNode r : root.get("requests")) {
                requests.add(new Interop(r.get("id").asText(), r.get("body"), r.path("headers")));
            }
            if (requests.isEmpty()) {
                throw new IllegalStateException(file + " lists no requests");
            }
            return requests;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Path locate() {
        String configured = System.getProperty("mcp.oauth.shared.dir");
        if (configured != null) {
            Path file = Path.of(configured).resolve(RELATIVE);
            if (Files.isRegularFile(file)) {
                return file;
            }
            throw new IllegalStateException("mcp.oauth.shared.dir=" + configured + " holds no " + RELATIVE);
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path file = dir.resolve("shared").resolve(RELATIVE);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("shared/" + RELATIVE + " not found in any folder above " + start
                + ": the shared folder must sit beside the repository (<repo root>/../shared), or set"
                + " -Dmcp.oauth.shared.dir=/path/to/shared");
    }
}
