package dev.mcpoauth.core.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §2 for core, with plain ArchUnit: core cannot use the test kit's rules, since the kit
 * depends on core.
 */
@DisplayName("Core architecture")
class ArchitectureTest {

    static final ArchRule CORE_DEPENDS_ONLY_ON_THE_JDK = classes()
            .that().resideInAPackage("dev.mcpoauth.core..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.mcpoauth.core..")
            .because("core has zero runtime dependencies (DESIGN §2)");

    static final ArchRule CORE_PACKAGES_HAVE_NO_CYCLES = slices()
            .matching("dev.mcpoauth.core.(*)..")
            .should().beFreeOfCycles()
            .because("client, registry, registration and internal form a hierarchy");

    static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mcpoauth.core");
    }

    @Test
    void theImportSeesTheCoreClasses() {
        assertThat(core.containPackage("dev.mcpoauth.core.registration")).isTrue();
        assertThat(core.contain(ArchitectureTest.class))
                .isFalse();
    }

    @Test
    void coreDependsOnlyOnTheJdkAndItself() {
        CORE_DEPENDS_ONLY_ON_THE_JDK.check(core);
    }

    @Test
    void corePackagesAreFreeOfCycles() {
        CORE_PACKAGES_HAVE_NO_CYCLES.check(core);
    }

    @Test
    void noClassUsesTheStandardStreams() {
        GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.check(core);
    }

    @Test
    void noClassUsesJavaUtilLogging() {
        GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.check(core);
    }

    @Test
    void noClassThrowsGenericExceptions() {
        GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS.check(core);
    }
}
