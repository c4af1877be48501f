package com.rollyy.cposim.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.nio.file.Path;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The simulator's package layout (docs/architecture.md, "CPO simulator"), checked on its compiled
 * classes. The rules:
 * <ol>
 *   <li>no dependency cycle between the subpackages ({@code com.rollyy.cposim.(*)..});</li>
 *   <li>{@code ocpi}, the transport, depends on nothing else of the simulator: neither a module
 *       package nor the top package (a per-version wire format can sit next to it);</li>
 *   <li>{@code credentials} (versions, the handshake, the registration every push goes through)
 *       depends on no module package;</li>
 *   <li>{@code tariffs} is plain pricing: besides the transport's helpers it uses nothing of the
 *       simulator;</li>
 *   <li>outside the top package, only the top package's public API is used: {@code SimulatorConfig},
 *       {@code SimulatorKnobs} and the knobs' value types, {@code SimulatorException}; never the
 *       wiring ({@code CpoSimulator}, {@code CpoSimulatorMain}, {@code SenderFaults}), which only the
 *       top package uses;</li>
 *   <li>nothing depends on {@code hub}: the hub is a separate peer built from credentials and the
 *       transport;</li>
 *   <li>{@code versions} (the OCPI 2.1.1 and 2.3.0 wire formats) translates with the transport only,
 *       and only the top package (the wiring) uses it: every module speaks the 2.2.1 model.</li>
 * </ol>
 */
class ArchitectureTest {

    private static final String ROOT = "com.rollyy.cposim";
    /** The module packages, each one OCPI module (sessions holds the CDRs its sessions end with). */
    private static final String[] MODULES = {"credentials", "locations", "tariffs", "sessions", "commands", "tokens",
            "chargingprofiles", "hub"};
    /** What the top package offers the others: configuration, knobs and their values, the checked exception. */
    private static final Set<String> TOP_API = Set.of("SimulatorConfig", "SimulatorKnobs", "SimulatorException",
            "CommandBehaviour", "SenderFault", "SessionUpdates", "VersionsFailure", "Endpoint");

    private static JavaClasses simulator;

    @BeforeAll
    static void importSimulator() {
        // the compiled simulator only (importing the package would scan the whole classpath)
        simulator = new ClassFileImporter().importPath(Path.of("target/classes"));
        if (simulator.stream().noneMatch(c -> c.getName().equals(ROOT + ".CpoSimulator"))) {
            throw new IllegalStateException("The simulator's classes are not in target/classes");
        }
    }

    @Test
    void subpackagesHaveNoDependencyCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(simulator);
    }

    @Test
    void theTransportDependsOnNothingElseOfTheSimulator() {
        noClasses().that().resideInAPackage(ROOT + ".ocpi..")
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                        .and(resideOutsideOfPackage(ROOT + ".ocpi..")))
                .check(simulator);
    }

    @Test
    void credentialsKnowNoModule() {
        noClasses().that().resideInAPackage(ROOT + ".credentials..")
                .should().dependOnClassesThat().resideInAnyPackage(modulesExcept("credentials"))
                .check(simulator);
    }

    @Test
    void tariffsArePlainPricing() {
        noClasses().that().resideInAPackage(ROOT + ".tariffs..")
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                        .and(resideOutsideOfPackage(ROOT + ".tariffs.."))
                        .and(resideOutsideOfPackage(ROOT + ".ocpi..")))
                .check(simulator);
    }

    @Test
    void onlyTheTopPackageUsesMoreOfItThanItsApi() {
        noClasses().that().resideOutsideOfPackage(ROOT)
                .should().dependOnClassesThat(resideInAPackage(ROOT).and(not(topApi())))
                .check(simulator);
    }

    @Test
    void nothingDependsOnTheHub() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".hub..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".hub..")
                .check(simulator);
    }

    @Test
    void theVersionsTranslateWithTheTransportOnly() {
        noClasses().that().resideInAPackage(ROOT + ".versions..")
                .should().dependOnClassesThat(resideInAPackage(ROOT + "..")
                        .and(resideOutsideOfPackage(ROOT + ".versions.."))
                        .and(resideOutsideOfPackage(ROOT + ".ocpi..")))
                .check(simulator);
    }

    @Test
    void onlyTheWiringUsesTheVersions() {
        noClasses().that().resideOutsideOfPackages(ROOT, ROOT + ".versions..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".versions..")
                .check(simulator);
    }

    private static DescribedPredicate<JavaClass> topApi() {
        return DescribedPredicate.describe("the top package's API " + TOP_API,
                c -> TOP_API.stream().anyMatch(name -> c.getName().equals(ROOT + "." + name)
                        || c.getName().startsWith(ROOT + "." + name + "$")));
    }

    private static String[] modulesExcept(String own) {
        return java.util.Arrays.stream(MODULES).filter(m -> !m.equals(own)).map(m -> ROOT + "." + m + "..")
                .toArray(String[]::new);
    }
}
