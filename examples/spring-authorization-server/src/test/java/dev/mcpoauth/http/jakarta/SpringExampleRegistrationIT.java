package dev.mcpoauth.http.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpoauth.examples.springas.ExampleProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP binding's data-driven cases ({@code http-cases.json}, from mcp-oauth-http-jakarta's test
 * jar) against the Spring example's {@code /register}: behind Spring Security and Spring Boot's
 * Tomcat, the registration endpoint answers exactly as in the binding's own containers. The cases
 * for the binding's other test deployments (gated, disabled, restricted ...) and for the metadata
 * document (Spring Authorization Server serves its own) are left out; which ones ran is in the
 * report. Lives in the binding's package because the case runner is package-private there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("http-cases.json against the Spring example's /register")
class SpringExampleRegistrationIT {

    private ExampleProcess example;
    private Path dir;

    @BeforeAll
    void startExample() throws Exception {
        dir = Files.createTempDirectory("mcp-oauth-example-cases");
        // the cases register far more than 20 clients from one address: the rate limit is not what they test
        example = ExampleProcess.start(ExampleProcess.freePort(), dir.resolve("data"), dir.resolve("example.log"),
                "--mcp.oauth.registration.rate-limit=0");
    }

    @AfterAll
    void stopExample() {
        if (example != null) {
            example.close();
        }
    }

    @TestFactory
    @DisplayName("every case of the default /register deployment gets the answer it expects")
    Stream<DynamicTest> registrationCases() {
        List<HttpCases.Case> cases = HttpCases.load().stream().filter(SpringExampleRegistrationIT::onDefaultDeployment)
                .toList();
        assertThat(cases).as("cases for /register").hasSizeGreaterThan(50);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> HttpCases.run(c, example.url())));
    }

    private static boolean onDefaultDeployment(HttpCases.Case c) {
        String path = c.request().get("path").asText();
        boolean registration = path.equals("/register") || path.startsWith("/register/");
        boolean registeredThere = c.given().isMissingNode() || c.given().path("registeredAt").asText().equals("/register");
        return registration && registeredThere;
    }
}
