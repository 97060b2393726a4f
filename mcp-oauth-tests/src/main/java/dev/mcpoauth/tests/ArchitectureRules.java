package dev.mcpoauth.tests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.List;

/**
 * The dependency and coding rules of DESIGN §2, as ArchUnit rules that every module's tests
 * apply to its own classes. Rules are sentences; {@code because} says why.
 */
public final class ArchitectureRules {

    public static final String CORE = "dev.mcpoauth.core..";
    public static final String CORE_INTERNAL = "dev.mcpoauth.core.internal..";
    /** The adapters' base packages; none may depend on another. */
    public static final List<String> ADAPTERS = List.of(
            "dev.mcpoauth.store.jdbc", "dev.mcpoauth.store.redis", "dev.mcpoauth.http.jakarta",
            "dev.mcpoauth.cimd.jetty");

    public static final ArchRule CORE_DEPENDS_ONLY_ON_JAVA = classes()
            .that().resideInAPackage(CORE)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", CORE)
            .because("the core is dependency-free: users embed it with any store and any host");

    public static final ArchRule ONLY_CORE_USES_CORE_INTERNALS = noClasses()
            .that().resideOutsideOfPackage(CORE)
            .should().dependOnClassesThat().resideInAPackage(CORE_INTERNAL)
            .because("adapters use only the core's exported API packages")
            .allowEmptyShould(true);

    public static final ArchRule NO_ONE_DEPENDS_ON_THE_SERVER = noClasses()
            .that().resideOutsideOfPackage("dev.mcpoauth.server..")
            .should().dependOnClassesThat().resideInAPackage("dev.mcpoauth.server..")
            .because("the server wires everything and nothing depends on it")
            .allowEmptyShould(true);

    public static final ArchRule NO_PACKAGE_CYCLES = slices()
            .matching("dev.mcpoauth.(**)")
            .should().beFreeOfCycles()
            .because("cycles hide the direction of the hexagon")
            .allowEmptyShould(true);

    public static final ArchRule CODING_RULES = CompositeArchRule
            .of(NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS.because("libraries log through a logger, never stdout"))
            .and(NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.because("core uses System.Logger; adapters follow it"))
            .and(NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS
                    .because("failures are RegistrationException or ClientRegistryException, never a bare one"))
            .allowEmptyShould(true);

    private ArchitectureRules() {
    }

    /** No class in {@code adapterPackage} depends on another adapter. */
    public static ArchRule adapterIsIndependent(String adapterPackage) {
        String[] others = ADAPTERS.stream()
                .filter(a -> !a.equals(adapterPackage))
                .map(a -> a + "..")
                .toArray(String[]::new);
        return noClasses()
                .that().resideInAPackage(adapterPackage + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("adapters plug into the core, never into each other")
                .allowEmptyShould(true);
    }

    /** The production classes (no tests) under a package. */
    public static JavaClasses importMainClasses(String... packages) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(packages);
    }

    /**
     * Checks an adapter module's production classes: core API only, no other adapter, no
     * cycles, the coding rules. Fails with ArchUnit's report of every violation.
     */
    public static void checkAdapter(String adapterPackage) {
        JavaClasses classes = importMainClasses(adapterPackage);
        if (classes.isEmpty()) {
            throw new AssertionError("no production classes found under " + adapterPackage);
        }
        ONLY_CORE_USES_CORE_INTERNALS.check(classes);
        adapterIsIndependent(adapterPackage).check(classes);
        NO_ONE_DEPENDS_ON_THE_SERVER.check(classes);
        NO_PACKAGE_CYCLES.check(classes);
        CODING_RULES.check(classes);
    }

    /** Checks the core's classes: only {@code java..}, no cycles, the coding rules. */
    public static void checkCore() {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.mcpoauth.core");
        if (classes.isEmpty()) {
            throw new AssertionError("no core classes found on the class path");
        }
        CORE_DEPENDS_ONLY_ON_JAVA.check(classes);
        NO_PACKAGE_CYCLES.check(classes);
        CODING_RULES.check(classes);
    }
}
