package dev.mcpoauth.examples.springas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.tests.InteropFixtures;
import dev.mcpoauth.tests.TestTls;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example, started as a real process, resolving clients from Client ID Metadata Documents that a
 * local HTTPS origin serves ({@code interop/spring/cimd-flows.js}, the MCP TypeScript SDK's
 * {@code auth()} with {@code clientMetadataUrl}). As a developer would run it: the origin's test CA
 * trusted through a Spring Boot SSL bundle ({@code mcp.oauth.cimd.ssl-bundle}), the document host
 * {@code client.example} mapped to 127.0.0.1 by a hosts file given to the example's JVM, and loopback
 * origins allowed (a development-only setting).
 */
class ExampleCimdFlowsIT {

    private static final String BUNDLE = "cimd-origins";

    @Test
    @DisplayName("CIMD: the SDK's document, Claude Code's real document (no scope, asking for mcp:tools) and a"
            + " 300-character document URL complete code + PKCE and refresh without DCR; invalid documents and"
            + " unlisted redirect URIs get Spring's errors and leave nothing behind")
    void metadataDocumentsThroughTheExample(@TempDir Path dir) throws Exception {
        InteropNode.install();
        Path trustStore = store(TestTls.originTrustStore(), dir.resolve("origin-truststore.p12"));
        Path originKeys = store(TestTls.originKeyStore(), dir.resolve("origin-keystore.p12"));
        Path fixtures = Files.writeString(dir.resolve("cimd-documents.json"), InteropFixtures.cimdDocumentsJson());
        // the JVM resolves from this file only: the document host, and localhost for anything local
        Path hosts = Files.writeString(dir.resolve("hosts"),
                "127.0.0.1 localhost\n::1 localhost\n127.0.0.1 " + TestTls.HOST + "\n");
        Path data = dir.resolve("data");
        Path state = dir.resolve("cimd-flows.json");

        try (ExampleProcess example = ExampleProcess.start(ExampleProcess.freePort(), data, dir.resolve("example.log"),
                List.of("-Djdk.net.hosts.file=" + hosts),
                "--spring.ssl.bundle.jks." + BUNDLE + ".truststore.location=file:" + trustStore,
                "--spring.ssl.bundle.jks." + BUNDLE + ".truststore.password=" + TestTls.PASSWORD,
                "--spring.ssl.bundle.jks." + BUNDLE + ".truststore.type=PKCS12",
                "--mcp.oauth.cimd.ssl-bundle=" + BUNDLE,
                "--mcp.oauth.cimd.allow-loopback-origins-for-development=true")) {
            String output = InteropNode.run(List.of("node", "--test", "spring/cimd-flows.js"),
                    Map.of("SPRING_AS_URL", example.url().toString(), "SPRING_AS_STATE", state.toString(),
                            "CIMD_ORIGIN_PFX", originKeys.toString(), "CIMD_ORIGIN_PASSPHRASE", TestTls.PASSWORD,
                            "CIMD_ORIGIN_HOST", TestTls.HOST, "CIMD_FIXTURES", fixtures.toString()), 600);
            assertThat(output).as("node's summary").contains("# pass 7").contains("# fail 0").contains("# skipped 0");
        }

        String flows = Files.readString(state);
        List<String> authorized = urls(flows, "authorized");
        List<String> consented = urls(flows, "consented");
        List<String> refused = urls(flows, "refused");
        assertThat(authorized).as("documents that completed the flow").hasSize(3).containsAll(consented);
        assertThat(consented).as("documents that asked for the default scope mcp:tools").hasSize(2)
                .anySatisfy(url -> assertThat(url).hasSize(300));
        assertThat(refused).as("documents that were refused").hasSize(3);
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("authorization-server"),
                "sa", "")) {
            assertThat(count(db, "select count(*) from mcp_oauth_client", List.of()))
                    .as("clients stored: documents are never registered, and nothing called /register").isZero();
            for (String url : authorized) {
                assertThat(count(db, "select count(*) from oauth2_authorization where registered_client_id = ?",
                        List.of(url))).as("authorizations of %s", url).isPositive();
            }
            for (String url : consented) {
                assertThat(count(db, "select count(*) from oauth2_authorization_consent where registered_client_id = ?"
                        + " and authorities = 'SCOPE_mcp:tools'", List.of(url))).as("consent of %s", url).isOne();
            }
            for (String url : refused) {
                assertThat(count(db, "select count(*) from oauth2_authorization where registered_client_id = ?",
                        List.of(url))).as("authorizations of refused %s", url).isZero();
            }
        }
    }

    private static Path store(KeyStore keyStore, Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore.store(out, TestTls.PASSWORD.toCharArray());
        }
        return file;
    }

    /** The strings of one array member of the flows' state file (a small JSON document of URL arrays). */
    private static List<String> urls(String json, String name) {
        Matcher array = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\\[([^\\]]*)\\]").matcher(json);
        assertThat(array.find()).as("%s in %s", name, json).isTrue();
        List<String> values = new ArrayList<>();
        Matcher value = Pattern.compile("\"([^\"]+)\"").matcher(array.group(1));
        while (value.find()) {
            values.add(value.group(1));
        }
        return values;
    }

    private static long count(Connection db, String sql, List<String> parameters) throws Exception {
        try (PreparedStatement select = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setString(i + 1, parameters.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
