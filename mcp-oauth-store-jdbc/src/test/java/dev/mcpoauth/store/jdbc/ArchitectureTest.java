package dev.mcpoauth.store.jdbc;

import dev.mcpoauth.tests.ArchitectureRules;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    @DisplayName("the JDBC store uses only the core's API, no other adapter, no cycles, and the coding rules")
    void jdbcStoreFollowsTheAdapterRules() {
        ArchitectureRules.checkAdapter("dev.mcpoauth.store.jdbc");
    }
}
