package dev.mcpoauth.http.jakarta;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mcpoauth.tests.InteropFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The registration bodies real MCP clients send, from the test kit's
 * {@code registration-requests.json} ({@link InteropFixtures}), read as Jackson trees so that a
 * body goes on the wire exactly as the fixture holds it.
 */
final class InteropRequests {

    private InteropRequests() {
    }

    record Interop(String id, JsonNode body, JsonNode headers) {
        @Override
        public String toString() {
            return id;
        }
    }

    static List<Interop> load() {
        try {
            JsonNode root = HttpCases.JSON.readTree(InteropFixtures.registrationRequestsJson());
            List<Interop> requests = new ArrayList<>();
            for (JsonNode r : root.get("requests")) {
                requests.add(new Interop(r.get("id").asText(), r.get("body"), r.path("headers")));
            }
            if (requests.isEmpty()) {
                throw new IllegalStateException("registration-requests.json lists no requests");
            }
            return requests;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse registration-requests.json", e);
        }
    }
}
