package dev.selfheal.demo.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * demo-app is only the monitored demo service (docs/architecture.md): one package, so no package
 * cycle can form (a second package would bring a cycle check with it), and it knows nothing of
 * selfheal, like the users' services it stands for; what drives it is the harness.
 */
class ArchitectureTest {

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.selfheal.demo");

    @Test
    void theDemoServiceIsOnePackage() {
        classes().should().resideInAPackage("dev.selfheal.demo").check(CLASSES);
    }

    @Test
    void theDemoServiceKnowsNothingOfSelfheal() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.selfheal.receiver..", "dev.selfheal.scorer..",
                "dev.selfheal.harness..").check(CLASSES);
    }
}
