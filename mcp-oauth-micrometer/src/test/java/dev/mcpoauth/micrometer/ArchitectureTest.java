package dev.mcpoauth.micrometer;

import dev.mcpoauth.tests.ArchitectureRules;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    @DisplayName("the Micrometer module uses only the core's API, no other adapter, no cycles, and follows the coding rules")
    void micrometerFollowsTheAdapterRules() {
        ArchitectureRules.checkAdapter("dev.mcpoauth.micrometer");
    }
}
