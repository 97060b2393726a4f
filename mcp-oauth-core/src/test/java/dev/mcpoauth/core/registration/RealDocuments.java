package dev.mcpoauth.core.registration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The metadata documents real MCP clients publish (Claude, Claude Code, ChatGPT, VS Code,
 * opencode), with the redirect URIs each presents at {@code /authorize}; read from the test
 * resource {@code dev/mcpoauth/core/cimd/cimd-documents.json}.
 */
record RealDocuments(String id, String url, Map<String, Object> document, List<String> redirectsPresented) {

    static List<RealDocuments> all() {
        try (InputStream in = RealDocuments.class.getResourceAsStream("/dev/mcpoauth/core/cimd/cimd-documents.json")) {
            Map<String, Object> root = Json.parseObject(in.readAllBytes());
            List<RealDocuments> documents = new ArrayList<>();
            for (Object entry : (List<?>) root.get("documents")) {
                @SuppressWarnings("unchecked")
                Map<String, Object> e = (Map<String, Object>) entry;
                @SuppressWarnings("unchecked")
                Map<String, Object> document = (Map<String, Object>) e.get("document");
                @SuppressWarnings("unchecked")
                List<String> redirects = (List<String>) e.get("redirects_presented");
                documents.add(new RealDocuments((String) e.get("id"), (String) e.get("url"), document, redirects));
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RealDocuments named(String id) {
        return all().stream().filter(d -> d.id.equals(id)).findFirst().orElseThrow();
    }

    @Override
    public String toString() {
        return id;
    }
}
