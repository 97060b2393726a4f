package dev.mcpoauth.server;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.mcpoauth.tests.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ServerArchitectureTest {

    private final JavaClasses classes = ArchitectureRules.importMainClasses("dev.mcpoauth.server");

    @Test
    void serverFollowsTheCodingRules() {
        org.assertj.core.api.Assertions.assertThat(classes).as("server classes").isNotEmpty();
        ArchitectureRules.CODING_RULES.check(classes);
        ArchitectureRules.NO_PACKAGE_CYCLES.check(classes);
        ArchitectureRules.ONLY_CORE_USES_CORE_INTERNALS.check(classes);
    }
}
