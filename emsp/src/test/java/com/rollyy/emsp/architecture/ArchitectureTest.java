package com.rollyy.emsp.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package picture of docs/architecture.md, checked on the compiled service: OCPI transport at
 * the bottom, one package per capability talking to another only through its public classes (never
 * its repository), no dependency cycle between packages, the tariff engine free of Spring, and the
 * console and the product API's security on top, depended on by nobody.
 */
class ArchitectureTest {

    private static final String ROOT = "com.rollyy.emsp";
    /** The capability packages: each may use the transport (ocpi), api's error types and config. */
    private static final String[] CAPABILITIES = {"connections", "locations", "tariffs", "sessions", "cdrs",
            "commands", "tokens", "chargingprofiles", "robotjobs", "payments", "webhooks", "sync"};

    private static JavaClasses service;

    @BeforeAll
    static void importService() {
        // the compiled service only (scanning the whole classpath for the package takes ~20 s)
        service = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPath(java.nio.file.Path.of("target/classes"));
        if (service.stream().noneMatch(c -> c.getName().equals(ROOT + ".EmspApplication"))) {
            throw new IllegalStateException("The service's classes are not in target/classes");
        }
    }

    @Test
    void packagesHaveNoDependencyCycle() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(service);
    }

    @Test
    void ocpiTransportKnowsNoCapabilityNorTheProductApi() {
        noClasses().that().resideInAPackage(ROOT + ".ocpi..")
                .should().dependOnClassesThat().resideInAnyPackage(packages(CAPABILITIES, "api", "console"))
                .check(service);
    }

    @Test
    void aRepositoryIsUsedOnlyInsideItsOwnPackage() {
        classes().should(useNoRepositoryOfAnotherPackage()).check(service);
    }

    /** The engine reads the tariffs package's records (Tariff) and OCPI types, nothing of Spring or storage. */
    @Test
    void theTariffEngineIsPlainJava() {
        noClasses().that().resideInAPackage(ROOT + ".tariffs.engine..")
                .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "java.sql..",
                        "jakarta..")
                .orShould().dependOnClassesThat().resideInAnyPackage(packages(
                        java.util.Arrays.stream(CAPABILITIES).filter(c -> !c.equals("tariffs")).toArray(String[]::new),
                        "api", "console", "config"))
                .check(service);
    }

    @Test
    void nothingDependsOnTheConsole() {
        // EmspApplication (the root package) runs the console's add-operator command line
        noClasses().that().resideOutsideOfPackages(ROOT + ".console..", ROOT)
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".console..").check(service);
    }

    private static String[] packages(String[] capabilities, String... more) {
        var all = new java.util.ArrayList<String>();
        for (String c : capabilities) {
            all.add(ROOT + "." + c + "..");
        }
        for (String m : more) {
            all.add(ROOT + "." + m + "..");
        }
        return all.toArray(String[]::new);
    }

    private static ArchCondition<JavaClass> useNoRepositoryOfAnotherPackage() {
        return new ArchCondition<>("use no repository of another package") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (Dependency d : item.getDirectDependenciesFromSelf()) {
                    JavaClass target = d.getTargetClass();
                    if (target.getPackageName().startsWith(ROOT) && target.getSimpleName().endsWith("Repository")
                            && !topPackage(target).equals(topPackage(item))) {
                        events.add(SimpleConditionEvent.violated(item, d.getDescription()));
                    }
                }
            }
        };
    }

    private static String topPackage(JavaClass c) {
        String rest = c.getPackageName().substring(Math.min(c.getPackageName().length(), ROOT.length() + 1));
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

}
