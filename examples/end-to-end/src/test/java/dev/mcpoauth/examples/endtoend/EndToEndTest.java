package dev.mcpoauth.examples.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.tests.TestTls;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The showcase as users run it: the example authorization server and the example MCP server, each its own
 * JVM on its own port, sharing nothing but HTTP; real MCP clients from npm connect to the MCP server URL,
 * are sent to the authorization server, register (DCR) or present the URL of their metadata document (CIMD,
 * served by a local HTTPS origin), log in as the demo user and call the tool.
 *
 * <p>The steps build on each other (the restart test reuses the registration of the first), so they run
 * in order on one pair of processes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("end to end: MCP clients, the example MCP server and the example authorization server")
class EndToEndTest {

    private static final Path EXAMPLES = NodeTests.DIRECTORY.getParent();
    private static final Path MCP_SERVER_JAR = EXAMPLES.resolve("spring-mcp-server/target/spring-mcp-server.jar");
    private static final Path AUTHORIZATION_SERVER_JAR =
            EXAMPLES.resolve("spring-authorization-server/target/mcp-oauth-example-spring-authorization-server.jar");
    /** The SSL bundle (spring.ssl.bundle.jks.*) the authorization server trusts metadata document origins with. */
    private static final String CIMD_BUNDLE = "cimd-origins";

    private Path work;
    private int authorizationServerPort;
    private ApplicationProcess authorizationServer;
    private ApplicationProcess mcpServer;
    private Map<String, String> environment;
    private Path originKeyStore;
    private Path originTrustStore;
    private Path hostsFile;

    @BeforeAll
    void startBoth(@TempDir Path directory) throws Exception {
        work = directory;
        NodeTests.install();
        writeCimdOriginFiles();
        authorizationServerPort = ApplicationProcess.freePort();
        int mcpServerPort = ApplicationProcess.freePort();
        String issuer = "http://localhost:" + authorizationServerPort;
        String mcpUrl = "http://localhost:" + mcpServerPort + "/mcp";
        authorizationServer = startAuthorizationServer();
        mcpServer = ApplicationProcess.start("mcp-server", MCP_SERVER_JAR, List.of("--server.port=" + mcpServerPort,
                "--mcp.resource.uri=" + mcpUrl, "--mcp.resource.authorization-server=" + issuer),
                work.resolve("mcp-server.log"));
        environment = Map.of("E2E_MCP_URL", mcpUrl, "E2E_AS_URL", issuer,
                "E2E_STATE_FILE", work.resolve("client.json").toString(),
                "CIMD_ORIGIN_PFX", originKeyStore.toString(), "CIMD_ORIGIN_PASSPHRASE", TestTls.PASSWORD,
                "CIMD_ORIGIN_HOST", TestTls.HOST);
    }

    /**
     * The authorization server as a developer runs it to try Client ID Metadata Documents served on their
     * machine: the document host {@link TestTls#HOST} mapped to 127.0.0.1 by a hosts file for its JVM, the
     * origin's test certificate trusted through an SSL bundle, and loopback origins allowed (development only).
     */
    private ApplicationProcess startAuthorizationServer() throws Exception {
        return ApplicationProcess.start("authorization-server", AUTHORIZATION_SERVER_JAR,
                List.of("-Djdk.net.hosts.file=" + hostsFile), List.of(
                        "--server.port=" + authorizationServerPort,
                        "--example.data-dir=" + work.resolve("authorization-server-data"),
                        "--spring.ssl.bundle.jks." + CIMD_BUNDLE + ".truststore.location=file:" + originTrustStore,
                        "--spring.ssl.bundle.jks." + CIMD_BUNDLE + ".truststore.password=" + TestTls.PASSWORD,
                        "--spring.ssl.bundle.jks." + CIMD_BUNDLE + ".truststore.type=PKCS12",
                        "--mcp.oauth.cimd.ssl-bundle=" + CIMD_BUNDLE,
                        "--mcp.oauth.cimd.allow-loopback-origins-for-development=true"),
                work.resolve("authorization-server.log"));
    }

    /** Writes the test kit's TLS material for the CIMD origin and the hosts file that maps its host. */
    private void writeCimdOriginFiles() throws Exception {
        originKeyStore = store(TestTls.originKeyStore(), work.resolve("origin-keystore.p12"));
        originTrustStore = store(TestTls.originTrustStore(), work.resolve("origin-truststore.p12"));
        // the JVM resolves from this file only: the document host, and localhost for anything local
        hostsFile = Files.writeString(work.resolve("hosts"),
                "127.0.0.1 localhost\n::1 localhost\n127.0.0.1 " + TestTls.HOST + "\n");
    }

    private static Path store(KeyStore keyStore, Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            keyStore.store(out, TestTls.PASSWORD.toCharArray());
        }
        return file;
    }

    @AfterAll
    void stopBoth() {
        if (mcpServer != null) {
            mcpServer.close();
        }
        if (authorizationServer != null) {
            authorizationServer.close();
        }
    }

    @Test
    @Order(1)
    @DisplayName("the MCP TypeScript SDK Client: 401, discovery, DCR, login, finishAuth, tools/list, tools/call;"
            + " a tampered token and a token for another resource are refused")
    void typeScriptSdkClient() throws Exception {
        NodeTests.runTestFile("sdk-client.test.js", environment);
    }

    @Test
    @Order(2)
    @DisplayName("mcp-remote completes OAuth through its (scripted) browser step, lists the tools and calls add")
    void mcpRemote() throws Exception {
        NodeTests.runTestFile("mcp-remote.test.js", environment);
    }

    @Test
    @Order(3)
    @DisplayName("the MCP TypeScript SDK Client with a Client ID Metadata Document: 401, discovery, no DCR, login,"
            + " finishAuth, tools/list, tools/call")
    void typeScriptSdkClientWithMetadataDocument() throws Exception {
        NodeTests.runTestFile("cimd-client.test.js", environment);
    }

    @Test
    @Order(4)
    @DisplayName("the authorization server stops cleanly on SIGTERM and, restarted on the same store, still honours"
            + " the registration")
    void authorizationServerRestart() throws Exception {
        assertStopsCleanly(authorizationServer);
        assertThat(mcpServer.isAlive()).as("the MCP server is a separate process").isTrue();

        authorizationServer = startAuthorizationServer();

        NodeTests.runTestFile("after-restart.test.js", environment);
    }

    @Test
    @Order(5)
    @DisplayName("both processes are separate JVMs and stop cleanly on SIGTERM")
    void bothStopCleanly() throws Exception {
        assertThat(mcpServer.pid()).isNotEqualTo(authorizationServer.pid()).isNotEqualTo(ProcessHandle.current().pid());
        assertStopsCleanly(mcpServer);
        assertStopsCleanly(authorizationServer);
    }

    private static void assertStopsCleanly(ApplicationProcess application) throws Exception {
        int status = application.terminate();
        assertThat(status).as("%s's exit status after SIGTERM; log:%n%s", application.name(), application.tail())
                .isEqualTo(ApplicationProcess.EXIT_ON_SIGTERM);
        String log = application.log();
        assertThat(log.contains("Graceful shutdown complete") && !log.contains("Exception in thread"))
                .as("%s shut down gracefully; the end of its log:%n%s", application.name(), application.tail())
                .isTrue();
    }
}
