package dev.mcpoauth.store.redis;

import dev.mcpoauth.tests.ArchitectureRules;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    @DisplayName("the Redis store uses only the core's API, no other adapter, no cycles, and follows the coding rules")
    void redisStoreFollowsTheAdapterRules() {
        ArchitectureRules.checkAdapter("dev.mcpoauth.store.redis");
    }
}
