package dev.selfheal.demo.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The demo-app's packages depend on each other one way (docs/architecture.md). */
class ArchitectureTest {

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.selfheal.demo.(*)..").should().beFreeOfCycles().check(new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.selfheal.demo"));
    }
}
