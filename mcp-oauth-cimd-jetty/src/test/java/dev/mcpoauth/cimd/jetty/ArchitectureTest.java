package dev.mcpoauth.cimd.jetty;

import dev.mcpoauth.tests.ArchitectureRules;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("CIMD Jetty fetcher architecture")
class ArchitectureTest {

    @Test
    void dependsOnTheCoreApiOnlyAndNoOtherAdapter() {
        ArchitectureRules.checkAdapter("dev.mcpoauth.cimd.jetty");
    }
}
