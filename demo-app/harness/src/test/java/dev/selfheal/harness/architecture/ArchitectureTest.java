package dev.selfheal.harness.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The harness' packages depend on each other one way (docs/architecture.md), and it drives the
 * services from outside only: over HTTP and as processes, never through their classes.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.selfheal.harness");

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.selfheal.harness.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theServicesAreDrivenFromOutside() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.selfheal.receiver..", "dev.selfheal.scorer..")
                .check(CLASSES);
    }

    @Test
    void chaosAndTheDemoDoNotDependOnEachOther() {
        noClasses().that().resideInAPackage("dev.selfheal.harness.chaos..").should().dependOnClassesThat()
                .resideInAPackage("dev.selfheal.harness.demo..").check(CLASSES);
        noClasses().that().resideInAPackage("dev.selfheal.harness.demo..").should().dependOnClassesThat()
                .resideInAPackage("dev.selfheal.harness.chaos..").check(CLASSES);
    }
}
