package dev.mcpoauth.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import dev.mcpoauth.tests.ArchitectureRules;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SpringBootArchitectureTest {

    private final JavaClasses classes = ArchitectureRules.importMainClasses("dev.mcpoauth.spring.boot");

    @Test
    @DisplayName("the auto-configuration wires adapters through the core's API, without cycles, by the coding rules")
    void autoConfigurationFollowsTheRules() {
        assertThat(classes).as("auto-configuration classes").isNotEmpty();
        ArchitectureRules.CODING_RULES.check(classes);
        ArchitectureRules.NO_PACKAGE_CYCLES.check(classes);
        ArchitectureRules.ONLY_CORE_USES_CORE_INTERNALS.check(classes);
        ArchitectureRules.NO_ONE_DEPENDS_ON_THE_SERVER.check(classes);
    }
}
