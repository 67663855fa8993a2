package io.modelgate.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layers of docs/architecture.md, checked on the compiled main classes: each layer imports only the
 * layers listed for it. A new import against them fails this test; the fixture tests below prove that the
 * rules do fail on one.
 */
class LayersTest {

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.modelgate");
    }

    /** The layers, bottom up, and what each may use. */
    static Architectures.LayeredArchitecture layers() {
        return Architectures.layeredArchitecture().consideringOnlyDependenciesInAnyPackage("io.modelgate..")
                .layer("config").definedBy("io.modelgate.config..")
                .layer("errors").definedBy("io.modelgate.errors..")
                .layer("data").definedBy("io.modelgate.data..")
                .layer("serving").definedBy("io.modelgate.serving..")
                .layer("tasks").definedBy("io.modelgate.tasks..")
                .layer("spectra formats").definedBy("io.modelgate.spectra.formats..")
                .layer("spectra").definedBy(resideInAPackage("io.modelgate.spectra..")
                        .and(DescribedPredicate.not(resideInAPackage("io.modelgate.spectra.formats.."))))
                .layer("prompting").definedBy("io.modelgate.prompting..")
                .layer("systems").definedBy("io.modelgate.systems")
                .layer("system adapters").definedBy("io.modelgate.systems.onnx..", "io.modelgate.systems.prompt..",
                        "io.modelgate.systems.spectra..")
                .layer("kserve").definedBy("io.modelgate.kserve..")
                .layer("evaluation").definedBy("io.modelgate.evaluation..")
                .layer("web").definedBy("io.modelgate.web..")
                .layer("access").definedBy("io.modelgate.access..")
                .layer("client").definedBy("io.modelgate.client..")
                .layer("application").definedBy("io.modelgate")

                .whereLayer("config").mayNotAccessAnyLayer()
                .whereLayer("errors").mayNotAccessAnyLayer()
                .whereLayer("data").mayOnlyAccessLayers("errors", "config")
                .whereLayer("serving").mayOnlyAccessLayers("errors", "data", "config")
                .whereLayer("tasks").mayOnlyAccessLayers("errors", "data", "config")
                .whereLayer("spectra formats").mayOnlyAccessLayers("errors", "config")
                .whereLayer("spectra").mayOnlyAccessLayers("spectra formats", "serving", "tasks", "errors", "data", "config")
                .whereLayer("prompting").mayOnlyAccessLayers("spectra formats", "tasks", "errors", "data", "config")
                .whereLayer("systems").mayOnlyAccessLayers("serving", "tasks", "errors", "config")
                .whereLayer("system adapters").mayOnlyAccessLayers("systems", "serving", "tasks", "spectra formats",
                        "spectra", "prompting", "errors", "data", "config")
                .whereLayer("kserve").mayOnlyAccessLayers("systems", "serving", "errors", "config")
                .whereLayer("evaluation").mayOnlyAccessLayers("systems", "tasks", "errors", "data", "config")
                .whereLayer("web").mayOnlyAccessLayers("evaluation", "systems", "tasks", "errors", "config")
                .whereLayer("access").mayOnlyAccessLayers("errors", "config")
                .whereLayer("client").mayOnlyAccessLayers("kserve", "serving", "errors")
                .whereLayer("application").mayOnlyAccessLayers("evaluation");
    }

    /** What changes state in the layers below the dashboard: its pages only read. */
    private static final Set<String> STATE_CHANGES = Set.of("start", "cancel", "resume", "append", "save", "delete",
            "replace", "load", "unload", "scan", "build");

    static ArchRule webOnlyReads() {
        return noClasses().that().resideInAPackage("io.modelgate.web..")
                .should().callMethodWhere(DescribedPredicate.describe("a method that changes state ("
                        + String.join(", ", STATE_CHANGES) + ")", (JavaAccess<?> call) ->
                        call.getTargetOwner().getPackageName().startsWith("io.modelgate.")
                                && !call.getTargetOwner().getPackageName().startsWith("io.modelgate.web")
                                && STATE_CHANGES.contains(call.getName())))
                .because("web only reads");
    }

    static ArchRule noCycles() {
        return slices().matching("io.modelgate.(**)").should().beFreeOfCycles();
    }

    @Test
    void everyLayerImportsOnlyTheLayersBelowIt() {
        layers().check(main);
    }

    @Test
    void theDashboardOnlyReads() {
        webOnlyReads().check(main);
    }

    @Test
    void noPackagesDependOnEachOtherInACycle() {
        noCycles().check(main);
    }

    @Test
    void servingImportingTasksIsCaught() {
        JavaClasses withViolation = new ClassFileImporter().importClasses(
                io.modelgate.serving.fixture.ServingThatKnowsTasks.class, io.modelgate.tasks.Task.class);
        assertTrue(layers().evaluate(withViolation).hasViolation(), "a serving class importing tasks must fail the layers");
    }

    @Test
    void aDashboardThatStartsRunsIsCaught() {
        JavaClasses withViolation = new ClassFileImporter().importClasses(
                io.modelgate.web.fixture.DashboardThatWrites.class);
        assertTrue(webOnlyReads().evaluate(withViolation).hasViolation(), "a web class that loads models must fail");
    }

    @Test
    void theMainClassesAreFound() {
        // Guards the checks above against passing on an empty import (a moved base package, say).
        assertFalse(main.that(resideInAPackage("io.modelgate.serving..")).isEmpty());
        assertTrue(main.size() > 150, "only " + main.size() + " main classes imported");
    }
}
