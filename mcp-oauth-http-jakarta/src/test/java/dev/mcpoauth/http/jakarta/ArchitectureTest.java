package dev.mcpoauth.http.jakarta;

import dev.mcpoauth.tests.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void httpBindingFollowsTheAdapterRules() {
        ArchitectureRules.checkAdapter("dev.mcpoauth.http.jakarta");
    }
}
