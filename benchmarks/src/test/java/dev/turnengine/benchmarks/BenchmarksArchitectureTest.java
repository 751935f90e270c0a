package dev.turnengine.benchmarks;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The architecture rules that need the benchmarks on the classpath (bootstrap's {@code ArchitectureTest}
 * cannot see them: this module depends on bootstrap). The benchmarks drive the engine from outside, like
 * an embedder or a client, so nothing else may depend on them and they use the engine through its public
 * entry points only.
 */
@AnalyzeClasses(packages = "dev.turnengine", importOptions = ImportOption.DoNotIncludeTests.class)
class BenchmarksArchitectureTest {

    /**
     * The same rule as bootstrap's, over every module with the benchmarks: no package cycles. One known
     * exception, named so that it cannot spread: the Markdown report reads the run's {@code Settings} from
     * the package that also drives the report. Remove the exception when the report takes what it prints.
     */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.turnengine.(**)").should().beFreeOfCycles()
            .ignoreDependency(resideInAPackage("dev.turnengine.benchmarks.report"),
                    name("dev.turnengine.benchmarks.Settings"));

    @ArchTest
    static final ArchRule nothingDependsOnTheBenchmarks = noClasses()
            .that().resideOutsideOfPackage("dev.turnengine.benchmarks..")
            .should().dependOnClassesThat().resideInAPackage("dev.turnengine.benchmarks..");

    @ArchTest
    static final ArchRule benchmarksUseTheEngineFromOutside = noClasses()
            .that().resideInAPackage("dev.turnengine.benchmarks..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.turnengine.application.service..", "dev.turnengine.application.execution..");

    @ArchTest
    static final ArchRule noGenericExceptions = NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

    @ArchTest
    static final ArchRule noJavaUtilLogging = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
}
