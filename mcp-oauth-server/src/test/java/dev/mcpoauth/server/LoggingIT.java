package dev.mcpoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar's logs, as an operator's log shipper reads them. */
@DisplayName("Server logs")
class LoggingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INITIAL_TOKEN = "logging-test-initial-access-token-0123456789";
    private static final String ADMIN_TOKEN = "logging-test-admin-token-0123456789abcdefgh";
    private static final String FORGED = "\r\n2026-01-01T00:00:00.000Z INFO Forged - outcome=registered \"quoted\"";

    @TempDir
    Path workingDirectory;

    /** Registers, is refused with hostile values, reads, updates and deletes; returns every credential issued. */
    private static List<String> exercise(URI base) {
        List<String> credentials = new ArrayList<>(List.of(INITIAL_TOKEN, ADMIN_TOKEN));
        URI register = base.resolve("/register");
        Http.Response created = Http.request("POST", register, Optional.of(INITIAL_TOKEN), Optional.of(Map.of(
                "redirect_uris", List.of("http://127.0.0.1/cb"), "client_name", "Logs \"quoted\" name",
                "token_endpoint_auth_method", "client_secret_basic")));
        assertThat(created.status()).isEqualTo(201);
        credentials.add((String) created.json().get("client_secret"));
        credentials.add((String) created.json().get("registration_access_token"));
        Http.request("POST", register, Optional.of(INITIAL_TOKEN), Optional.of(Map.of(
                "redirect_uris", List.of("javascript:alert(1)" + FORGED), "client_name", FORGED)));
        Http.request("POST", register, Optional.of("wrong" + FORGED.replace("\r\n", "")), Optional.of(Map.of()));
        URI self = URI.create((String) created.json().get("registration_client_uri"));
        Http.request("GET", self, Optional.of((String) created.json().get("registration_access_token")), Optional.empty());
        Http.request("GET", base.resolve("/register/%0d%0aINFO%20forged%22"), Optional.of("x"), Optional.empty());
        Http.request("GET", base.resolve("/admin/clients"), Optional.of(ADMIN_TOKEN), Optional.empty());
        Http.request("DELETE", self, Optional.of((String) created.json().get("registration_access_token")),
                Optional.empty());
        return credentials;
    }

    private ServerProcess start(String format) throws Exception {
        return ServerProcess.start(List.of("--server.port=0", "--store=memory", "--logging.format=" + format,
                "--registration.initial-access-tokens=" + INITIAL_TOKEN, "--admin.tokens=" + ADMIN_TOKEN),
                Map.of(), workingDirectory);
    }

    @Test
    @DisplayName("logging.format=json: every line is one JSON object, hostile values stay inside their field, no credential appears")
    void jsonLines() throws Exception {
        List<String> credentials;
        String output;
        try (ServerProcess server = start("json")) {
            URI base = server.awaitStarted("the server with JSON logs");
            credentials = exercise(base);
            assertThat(server.stop()).isZero();
            output = server.output();
        }
        List<String> lines = output.lines().toList();
        assertThat(lines).hasSizeGreaterThan(3);
        List<Map<String, Object>> events = new ArrayList<>();
        for (String line : lines) {
            try {
                events.add(JSON.readValue(line, new TypeReference<Map<String, Object>>() { }));
            } catch (Exception e) {
                throw new AssertionError("not one JSON object per line: " + line, e);
            }
        }
        assertThat(events).allSatisfy(event -> assertThat(event).containsKeys("timestamp", "level", "loggerName",
                "formattedMessage"));
        assertThat(events).extracting(e -> (String) e.get("formattedMessage"))
                .anySatisfy(m -> assertThat(m).contains("listening on"))
                .anySatisfy(m -> assertThat(m).contains("outcome=registered"))
                .noneSatisfy(m -> assertThat(m).startsWith("2026-01-01T00:00:00.000Z INFO Forged"));
        assertThat(credentials).allSatisfy(credential -> assertThat(output).doesNotContain(credential));
    }

    @Test
    @DisplayName("text (the default): one line per event; CR/LF in a request cannot start a forged line; no credential appears")
    void textLines() throws Exception {
        List<String> credentials;
        String output;
        try (ServerProcess server = start("text")) {
            URI base = server.awaitStarted("the server with text logs");
            credentials = exercise(base);
            assertThat(server.stop()).isZero();
            output = server.output();
        }
        assertThat(output.lines()).isNotEmpty()
                .allSatisfy(line -> assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\S+ (TRACE|DEBUG|INFO|WARN|ERROR) .*"))
                .noneSatisfy(line -> assertThat(line).startsWith("2026-01-01T00:00:00.000Z INFO Forged"));
        assertThat(output).contains("outcome=registered").contains("Stopped");
        assertThat(credentials).allSatisfy(credential -> assertThat(output).doesNotContain(credential));
    }
}
