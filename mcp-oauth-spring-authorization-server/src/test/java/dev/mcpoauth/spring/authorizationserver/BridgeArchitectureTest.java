package dev.mcpoauth.spring.authorizationserver;

import dev.mcpoauth.tests.ArchitectureRules;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BridgeArchitectureTest {

    @Test
    @DisplayName("the bridge is an adapter: core API only, no other adapter, no cycles, the coding rules")
    void bridgeIsAnAdapter() {
        ArchitectureRules.checkAdapter("dev.mcpoauth.spring.authorizationserver");
    }
}
