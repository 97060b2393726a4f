package dev.mcpoauth.tests;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What real MCP clients send and publish, kept in the kit's resources
 * ({@code dev/mcpoauth/tests/interop/}) so that every module's tests read the same copy from the
 * class path, and a fresh clone of the repository has everything its tests need.
 *
 * <ul>
 *   <li>{@code registration-requests.json}: registration bodies (and the headers they came with)
 *       that real clients send to the registration endpoint
 *       (<a href="https://www.rfc-editor.org/rfc/rfc7591#section-3.1">RFC 7591 §3.1</a>); every
 *       one must register with the defaults.</li>
 *   <li>{@code cimd-documents.json}: the Client ID Metadata Documents real clients publish, with
 *       the redirect URIs they present.</li>
 * </ul>
 *
 * <p>Modules with a JSON library of their own may read the raw text ({@link #registrationRequestsJson()},
 * {@link #cimdDocumentsJson()}); the others get parsed values, where JSON objects are
 * {@code Map<String, Object>}, arrays {@code List<Object>}, integers {@code Long}.
 */
public final class InteropFixtures {

    /** The class path folder holding the fixtures. */
    public static final String FOLDER = "/dev/mcpoauth/tests/interop/";

    private InteropFixtures() {
    }

    /**
     * One registration request a real client sends.
     *
     * @param id a stable name for the case, such as {@code mcp-remote-0.15.1-default}
     * @param client the client and version that sends it
     * @param body the JSON body, as a map
     * @param headers the request headers that came with it, lower-case names; empty when not captured
     */
    public record RegistrationRequest(String id, String client, Map<String, Object> body,
            Map<String, String> headers) {

        /** The request's {@code Content-Type}, or {@code application/json} when none was captured. */
        public String contentType() {
            return headers.getOrDefault("content-type", "application/json");
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /**
     * One Client ID Metadata Document a real client publishes.
     *
     * @param id a stable name for the case, such as {@code claude}
     * @param client the client that publishes it
     * @param url the URL it is published at (its client id)
     * @param document the document, as a map
     * @param redirectsPresented the redirect URIs the client presents at the authorization endpoint
     */
    public record CimdDocument(String id, String client, String url, Map<String, Object> document,
            List<String> redirectsPresented) {

        @Override
        public String toString() {
            return id;
        }
    }

    /**
     * The text of {@code registration-requests.json}: an object whose {@code requests} array holds
     * {@code id}, {@code client}, {@code evidence}, {@code body} and, when captured, {@code headers}.
     */
    public static String registrationRequestsJson() {
        return read("registration-requests.json");
    }

    /**
     * The text of {@code cimd-documents.json}: an object whose {@code documents} array holds
     * {@code id}, {@code client}, {@code source}, {@code url}, {@code document} and
     * {@code redirects_presented}.
     */
    public static String cimdDocumentsJson() {
        return read("cimd-documents.json");
    }

    /** Every registration request of {@code registration-requests.json}, in file order; never empty. */
    public static List<RegistrationRequest> registrationRequests() {
        List<RegistrationRequest> requests = new ArrayList<>();
        for (Map<String, Object> r : entries(registrationRequestsJson(), "registration-requests.json", "requests")) {
            Map<String, String> headers = new LinkedHashMap<>();
            map(r.getOrDefault("headers", Map.of())).forEach((name, value) -> headers.put(name, (String) value));
            requests.add(new RegistrationRequest((String) r.get("id"), (String) r.get("client"), map(r.get("body")),
                    Map.copyOf(headers)));
        }
        return List.copyOf(requests);
    }

    /** Every document of {@code cimd-documents.json}, in file order; never empty. */
    public static List<CimdDocument> cimdDocuments() {
        List<CimdDocument> documents = new ArrayList<>();
        for (Map<String, Object> d : entries(cimdDocumentsJson(), "cimd-documents.json", "documents")) {
            List<String> presented = new ArrayList<>();
            for (Object uri : (List<?>) d.get("redirects_presented")) {
                presented.add((String) uri);
            }
            documents.add(new CimdDocument((String) d.get("id"), (String) d.get("client"), (String) d.get("url"),
                    map(d.get("document")), List.copyOf(presented)));
        }
        return List.copyOf(documents);
    }

    private static List<Map<String, Object>> entries(String json, String file, String member) {
        Object list = map(FixtureJson.parse(json)).get(member);
        if (!(list instanceof List<?> entries) || entries.isEmpty()) {
            throw new IllegalStateException(file + " has no \"" + member + "\" entries");
        }
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Object entry : entries) {
            maps.add(map(entry));
        }
        return maps;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        if (!(value instanceof Map)) {
            throw new IllegalStateException("expected a JSON object in the interop fixtures, found " + value);
        }
        return (Map<String, Object>) value;
    }

    private static String read(String name) {
        try (InputStream in = InteropFixtures.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException(FOLDER + name + " is not on the class path"
                        + " (it is in mcp-oauth-tests' resources)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FOLDER + name, e);
        }
    }
}
