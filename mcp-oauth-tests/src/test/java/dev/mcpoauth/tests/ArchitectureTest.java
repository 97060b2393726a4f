package dev.mcpoauth.tests;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    @DisplayName("the core, as found on the kit's class path, depends only on java.* and has no cycles")
    void coreFollowsItsRules() {
        ArchitectureRules.checkCore();
    }

    @Test
    @DisplayName("the kit's rules catch a class outside the core that reaches into core internals")
    void internalAccessIsCaught() {
        JavaClasses violator = new ClassFileImporter().importClasses(dev.mcpoauth.tests.violations.ReachesIntoCoreInternals.class);
        assertThatThrownBy(() -> ArchitectureRules.ONLY_CORE_USES_CORE_INTERNALS.check(violator))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ReachesIntoCoreInternals");
    }

    @Test
    @DisplayName("the kit's rules catch writing to standard out")
    void standardStreamsAreCaught() {
        JavaClasses violator = new ClassFileImporter().importClasses(dev.mcpoauth.tests.violations.PrintsToStandardOut.class);
        assertThatThrownBy(() -> ArchitectureRules.CODING_RULES.check(violator))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("PrintsToStandardOut");
    }

    @Test
    @DisplayName("the kit's rules catch one adapter depending on another")
    void adapterToAdapterIsCaught() {
        JavaClasses violator = new ClassFileImporter().importClasses(
                dev.mcpoauth.store.jdbc.fake.UsesRedisAdapter.class, dev.mcpoauth.store.redis.fake.RedisThing.class);
        assertThatThrownBy(() -> ArchitectureRules.adapterIsIndependent("dev.mcpoauth.store.jdbc").check(violator))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("UsesRedisAdapter");
    }
}
