package dev.mcpoauth.http.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;

/**
 * Runs the HTTP cases of {@code http-cases.json}: each is data (a request and what the answer must
 * hold), so adding a case is one entry. The file's {@code about} member describes the format.
 * Besides each case's own expectations, every answer is checked against the invariants of
 * DESIGN §5 (no caching, JSON bodies, RFC error shape, CORS). A member the runner does not know,
 * or one of the wrong shape, fails the whole run ({@link #parse}): a misspelt expectation must
 * not pass unchecked.
 */
final class HttpCases {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-z_]+)}");
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private HttpCases() {
    }

    record Case(String name, JsonNode given, JsonNode request, JsonNode expect) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The members each part of the file may have: anything else is a mistake, never silently ignored. */
    private static final Map<String, Set<String>> KNOWN_MEMBERS = Map.of(
            "the file", Set.of("about", "cases"),
            "case", Set.of("name", "given", "request", "expect"),
            "given", Set.of("registeredAt", "json"),
            "request", Set.of("method", "path", "headers", "json", "text", "base64", "paddedTo", "chunked",
                    "declaredLength"),
            "expect", Set.of("status", "headers", "headerPatterns", "absentHeaders", "json", "jsonNot", "jsonPatterns",
                    "jsonTypes", "jsonAbsent", "members", "emptyBody", "bodyExcludes"));
    private static final Set<String> REQUIRED_CASE_MEMBERS = Set.of("name", "request", "expect");
    /** Members whose value must be an array, an object or a boolean: another shape would be read as empty. */
    private static final Set<String> ARRAY_MEMBERS = Set.of("absentHeaders", "jsonAbsent", "members", "bodyExcludes");
    private static final Set<String> OBJECT_MEMBERS = Set.of("headers", "headerPatterns", "json", "jsonNot",
            "jsonPatterns", "jsonTypes");
    private static final Set<String> BOOLEAN_MEMBERS = Set.of("emptyBody", "chunked");

    static List<Case> load() {
        try (InputStream in = HttpCases.class.getResourceAsStream("/http-cases.json")) {
            return parse(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The cases of a parsed file.
     *
     * @throws IllegalArgumentException naming the case and the member, when a member is unknown (a
     *     misspelt expectation would otherwise pass unchecked), a required one is missing, or a JSON
     *     pointer does not start with {@code /}
     */
    static List<Case> parse(JsonNode root) {
        requireKnownMembers(root, "the file", "the file");
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : root.path("cases")) {
            String name = c.path("name").asText("<unnamed case>");
            requireKnownMembers(c, "case", name);
            for (String required : REQUIRED_CASE_MEMBERS) {
                if (!c.hasNonNull(required)) {
                    throw new IllegalArgumentException("case \"" + name + "\" has no '" + required + "'");
                }
            }
            if (c.has("given")) {
                requireKnownMembers(c.get("given"), "given", name);
            }
            JsonNode request = c.get("request");
            requireKnownMembers(request, "request", name);
            requireShape(request, "request", Set.of("headers"), Set.of(), name);
            JsonNode expect = c.get("expect");
            requireKnownMembers(expect, "expect", name);
            requireShape(expect, "expect", ARRAY_MEMBERS, OBJECT_MEMBERS, name);
            if (!expect.path("status").isInt()) {
                throw new IllegalArgumentException("case \"" + name + "\": expect.status must be a number");
            }
            for (String pointers : List.of("json", "jsonNot", "jsonPatterns", "jsonTypes")) {
                expect.path(pointers).fieldNames().forEachRemaining(p -> requirePointer(p, pointers, name));
            }
            expect.path("jsonAbsent").forEach(p -> requirePointer(p.asText(), "jsonAbsent", name));
            cases.add(new Case(name, c.path("given"), c.get("request"), expect));
        }
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("the file has no cases");
        }
        return cases;
    }

    private static void requireKnownMembers(JsonNode node, String part, String caseName) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("case \"" + caseName + "\": " + part + " must be a JSON object");
        }
        Set<String> known = KNOWN_MEMBERS.get(part);
        node.fieldNames().forEachRemaining(member -> {
            if (!known.contains(member)) {
                throw new IllegalArgumentException("case \"" + caseName + "\": unknown member '" + member + "' in "
                        + part + " (known: " + new TreeSet<>(known) + ")");
            }
        });
    }

    private static void requireShape(JsonNode node, String part, Set<String> arrays, Set<String> objects,
            String caseName) {
        node.properties().forEach(member -> {
            String key = member.getKey();
            JsonNode value = member.getValue();
            String wanted = null;
            if (arrays.contains(key) && !value.isArray()) {
                wanted = "an array";
            } else if (objects.contains(key) && !value.isObject()) {
                wanted = "an object";
            } else if (BOOLEAN_MEMBERS.contains(key) && !value.isBoolean()) {
                wanted = "a boolean";
            }
            if (wanted != null) {
                throw new IllegalArgumentException("case \"" + caseName + "\": " + part + "." + key + " must be "
                        + wanted + ", not " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
            }
        });
    }

    private static void requirePointer(String pointer, String member, String caseName) {
        if (!pointer.startsWith("/")) {
            throw new IllegalArgumentException("case \"" + caseName + "\": expect." + member + " key '" + pointer
                    + "' is not a JSON pointer (it starts with /)");
        }
    }

    /** Runs one case against a server and asserts everything it expects. */
    static void run(Case c, URI server) throws IOException {
        Map<String, String> vars = new HashMap<>();
        vars.put("base_url", server.toString());
        if (!c.given().isMissingNode()) {
            register(server, c.given(), vars);
        }
        RawHttp.Response response = RawHttp.send(server, request(c.request(), vars));
        check(c, response, vars);
    }

    /** Registers a client as the case's precondition and remembers its credentials as variables. */
    private static void register(URI server, JsonNode given, Map<String, String> vars) throws IOException {
        JsonNode body = given.has("json") ? given.get("json")
                : JSON.readTree("{\"redirect_uris\":[\"http://127.0.0.1:3000/callback\"]}");
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"Content-Type", "application/json"});
        RawHttp.Response answer = RawHttp.send(server, new RawHttp.Request("POST", given.get("registeredAt").asText(),
                headers, JSON.writeValueAsBytes(body), false, null));
        assertThat(answer.status()).as("precondition registration: %s", answer.bodyText()).isEqualTo(201);
        JsonNode registered = JSON.readTree(answer.body());
        for (String member : List.of("client_id", "client_secret", "registration_access_token",
                "registration_client_uri")) {
            if (registered.hasNonNull(member)) {
                vars.put(member, registered.get(member).asText());
            }
        }
    }

    private static RawHttp.Request request(JsonNode r, Map<String, String> vars) throws IOException {
        List<String[]> headers = new ArrayList<>();
        for (JsonNode header : r.path("headers")) {
            headers.add(new String[] {header.get(0).asText(), substitute(header.get(1).asText(), vars)});
        }
        byte[] body = null;
        if (r.has("json")) {
            body = JSON.writeValueAsBytes(substitute(r.get("json"), vars));
        } else if (r.has("text")) {
            body = substitute(r.get("text").asText(), vars).getBytes(StandardCharsets.UTF_8);
        } else if (r.has("base64")) {
            body = Base64.getDecoder().decode(r.get("base64").asText());
        }
        if (r.has("paddedTo")) {
            body = padded(body, r.get("paddedTo").asInt());
        }
        Long declared = r.has("declaredLength") ? r.get("declaredLength").asLong() : null;
        return new RawHttp.Request(r.get("method").asText(), substitute(r.get("path").asText(), vars), headers, body,
                r.path("chunked").asBoolean(false), declared);
    }

    /** The JSON object padded with insignificant whitespace before its closing brace to exactly {@code size} bytes. */
    private static byte[] padded(byte[] object, int size) {
        byte[] out = new byte[size];
        System.arraycopy(object, 0, out, 0, object.length - 1);
        for (int i = object.length - 1; i < size - 1; i++) {
            out[i] = ' ';
        }
        out[size - 1] = '}';
        return out;
    }

    private static void check(Case c, RawHttp.Response response, Map<String, String> vars) throws IOException {
        JsonNode expect = substitute(c.expect(), vars);
        SoftAssertions soft = new SoftAssertions();
        String described = response.status() + " " + response.headers().stream()
                .map(h -> h[0] + ": " + h[1]).toList() + " " + response.bodyText();
        soft.assertThat(response.status()).as("status of %s", described).isEqualTo(expect.get("status").asInt());

        JsonNode expectedHeaders = expect.path("headers");
        for (Map.Entry<String, JsonNode> h : expectedHeaders.properties()) {
            soft.assertThat(response.header(h.getKey())).as("header %s", h.getKey()).hasValue(h.getValue().asText());
        }
        for (Map.Entry<String, JsonNode> h : expect.path("headerPatterns").properties()) {
            soft.assertThat(response.header(h.getKey()).orElse("<absent>")).as("header %s", h.getKey())
                    .matches(h.getValue().asText());
        }
        List<String> absentHeaders = new ArrayList<>();
        expect.path("absentHeaders").forEach(n -> absentHeaders.add(n.asText()));
        for (String name : absentHeaders) {
            soft.assertThat(response.header(name)).as("header %s", name).isEmpty();
        }

        // invariants of DESIGN §5, for every answer
        soft.assertThat(response.header("Cache-Control")).as("Cache-Control").hasValue("no-store");
        soft.assertThat(response.header("Pragma")).as("Pragma").hasValue("no-cache");
        boolean corsStated = expectedHeaders.has("Access-Control-Allow-Origin") || expect.path("headerPatterns")
                .has("Access-Control-Allow-Origin") || absentHeaders.contains("Access-Control-Allow-Origin");
        if (!corsStated) {
            soft.assertThat(response.header("Access-Control-Allow-Origin")).as("CORS on every answer").hasValue("*");
        }

        JsonNode body = null;
        if (expect.path("emptyBody").asBoolean(false) || response.status() == 204) {
            soft.assertThat(response.body()).as("body of %s", described).isEmpty();
        } else {
            soft.assertThat(response.header("Content-Type").orElse("<absent>").replace(" ", ""))
                    .as("Content-Type").matches("(?i)application/json;charset=utf-8");
            body = JSON.readTree(response.body());
            soft.assertThat(body.isObject()).as("body is a JSON object: %s", described).isTrue();
            for (Map.Entry<String, JsonNode> member : body.properties()) {
                soft.assertThat(member.getValue().isNull()).as("absent, never null: %s", member.getKey()).isFalse();
            }
            if (response.status() >= 400) {
                soft.assertThat(body.path("error").isTextual()).as("error member in %s", described).isTrue();
                soft.assertThat(body.path("error_description").isTextual()).as("error_description in %s", described)
                        .isTrue();
            }
        }
        if (body != null) {
            checkJson(soft, expect, body, described);
        }
        for (JsonNode excluded : expect.path("bodyExcludes")) {
            soft.assertThat(response.bodyText()).as("body").doesNotContain(excluded.asText());
        }
        soft.assertAll();
    }

    private static void checkJson(SoftAssertions soft, JsonNode expect, JsonNode body, String described) {
        for (Map.Entry<String, JsonNode> e : expect.path("json").properties()) {
            JsonNode actual = body.at(e.getKey());
            soft.assertThat(actual.equals(NUMBERS_BY_VALUE, e.getValue()))
                    .as("%s is %s but was %s in %s", e.getKey(), e.getValue(), actual, described).isTrue();
        }
        for (Map.Entry<String, JsonNode> e : expect.path("jsonNot").properties()) {
            JsonNode actual = body.at(e.getKey());
            soft.assertThat(actual.isMissingNode() || !actual.equals(NUMBERS_BY_VALUE, e.getValue()))
                    .as("%s must not be %s", e.getKey(), e.getValue()).isTrue();
        }
        for (Map.Entry<String, JsonNode> e : expect.path("jsonPatterns").properties()) {
            JsonNode actual = body.at(e.getKey());
            soft.assertThat(actual.isTextual() ? actual.textValue() : "<not a string: " + actual + ">")
                    .as("%s in %s", e.getKey(), described).matches(e.getValue().asText());
        }
        for (Map.Entry<String, JsonNode> e : expect.path("jsonTypes").properties()) {
            soft.assertThat(body.at(e.getKey()).getNodeType().name().toLowerCase(java.util.Locale.ROOT))
                    .as("type of %s in %s", e.getKey(), described).isEqualTo(e.getValue().asText());
        }
        for (JsonNode pointer : expect.path("jsonAbsent")) {
            soft.assertThat(body.at(pointer.asText()).isMissingNode()).as("%s absent in %s", pointer.asText(),
                    described).isTrue();
        }
        if (expect.has("members")) {
            List<String> expected = new ArrayList<>();
            expect.get("members").forEach(n -> expected.add(n.asText()));
            List<String> actual = new ArrayList<>();
            body.fieldNames().forEachRemaining(actual::add);
            soft.assertThat(actual).as("members of %s", described).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static String substitute(String text, Map<String, String> vars) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = vars.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("case uses ${" + m.group(1) + "}, which is not set: " + vars.keySet());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static JsonNode substitute(JsonNode node, Map<String, String> vars) {
        if (node.isTextual()) {
            return TextNode.valueOf(substitute(node.textValue(), vars));
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(e -> copy.set(substitute(e.getKey(), vars), substitute(e.getValue(), vars)));
            return copy;
        }
        if (node.isArray()) {
            var copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(substitute(element, vars)));
            return copy;
        }
        return node;
    }
}
