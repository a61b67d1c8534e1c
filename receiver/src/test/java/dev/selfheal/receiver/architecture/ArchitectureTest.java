package dev.selfheal.receiver.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.selfheal.receiver.pipeline.Stage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The receiver's dependencies point one way: the domain's records at the bottom; the pipeline
 * (work queue, worker, the {@link Stage} interface) above the stores; each step of an alert in
 * its own package (decide, act, verify, resolve) above the pipeline; the integrations
 * (alertmanager, scorer, kubernetes, pagerduty, store) never depend on a step. See
 * docs/architecture.md.
 */
class ArchitectureTest {

    private static final String[] STEPS = {"..receiver.decide..", "..receiver.act..", "..receiver.verify..",
            "..receiver.resolve.."};
    private static final String[] INTEGRATIONS = {"..receiver.alertmanager..", "..receiver.scorer..",
            "..receiver.kubernetes..", "..receiver.pagerduty..", "..receiver.slack..", "..receiver.store.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.selfheal.receiver");
    }

    @Test
    void theDiagramInTheDocsIsTheCode() throws IOException {
        PackageDiagram.read(Path.of("../docs/architecture.md"), "receiver", "dev.selfheal.receiver").check(classes);
    }

    @Test
    void theReadmeNamesEveryPackage() throws IOException {
        Set<String> named = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `(\\w+)` \\|").matcher(Files.readString(Path.of("README.md")));
        while (m.find()) {
            named.add(m.group(1));
        }
        Set<String> packages = new TreeSet<>();
        classes.forEach(c -> packages.add(
                c.getPackageName().substring("dev.selfheal.receiver.".length()).split("\\.")[0]));
        assertThat(named).isEqualTo(packages);
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.selfheal.receiver.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void integrationsNeverDependOnAStep() {
        noClasses().that().resideInAnyPackage(INTEGRATIONS).should().dependOnClassesThat().resideInAnyPackage(STEPS)
                .check(classes);
    }

    @Test
    void theDomainDependsOnNothingAbove() {
        noClasses().that().resideInAPackage("..receiver.domain..").should().dependOnClassesThat()
                .resideInAnyPackage(concat(STEPS, INTEGRATIONS, "..receiver.pipeline..", "..receiver.episode..",
                        "..receiver.action..", "io.fabric8..", "jakarta.ws.rs.."))
                .check(classes);
    }

    @Test
    void stepsReachKubernetesOnlyThroughTheActions() {
        noClasses().that().implement(Stage.class).should().dependOnClassesThat()
                .resideInAnyPackage("..receiver.kubernetes..", "io.fabric8..").check(classes);
        noClasses().that().resideInAnyPackage("..receiver.decide..", "..receiver.verify..", "..receiver.resolve..")
                .should().dependOnClassesThat().resideInAnyPackage("..receiver.kubernetes..", "io.fabric8..")
                .check(classes);
    }

    @Test
    void thePipelineKnowsNoStep() {
        noClasses().that().resideInAPackage("..receiver.pipeline..").should().dependOnClassesThat()
                .resideInAnyPackage(STEPS).check(classes);
    }

    private static String[] concat(String[] a, String[] b, String... more) {
        String[] all = new String[a.length + b.length + more.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(more, 0, all, a.length + b.length, more.length);
        return all;
    }
}
