package dev.selfheal.scorer.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scorer's packages depend on each other one way, as docs/architecture.md draws them. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.selfheal.scorer");
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.selfheal.scorer.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void theDiagramInTheDocsIsTheCode() throws IOException {
        PackageDiagram.read(Path.of("../docs/architecture.md"), "scorer", "dev.selfheal.scorer").check(classes);
    }
}
