package dev.turnengine.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * Keeps the hexagon honest across every module: dependencies point inward, the core stays framework-free,
 * no package cycles. The benchmarks module depends on this one, so its classes are not on this classpath:
 * its own {@code BenchmarksArchitectureTest} runs the cycle rule over everything, benchmarks included, and
 * keeps every other module from depending on it.
 */
@AnalyzeClasses(packages = "dev.turnengine", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] FRAMEWORKS = {
        "io.micronaut..", "dagger..", "jakarta.inject..", "javax.inject..", "java.sql..", "javax.sql..",
        "com.fasterxml.jackson..", "io.netty..", "reactor..", "org.reactivestreams..", "com.zaxxer..",
        "org.postgresql..", "org.flywaydb..", "dev.langchain4j..", "picocli..", "org.slf4j..", "io.micrometer..",
        "io.opentelemetry..", "ch.qos.logback.."
    };

    @ArchTest
    static final ArchRule hexagonalLayers = onionArchitecture()
            .domainModels("dev.turnengine.domain", "dev.turnengine.domain.conversation..",
                    "dev.turnengine.domain.turn..", "dev.turnengine.domain.event..",
                    "dev.turnengine.domain.idempotency..", "dev.turnengine.domain.access..",
                    "dev.turnengine.domain.agent..", "dev.turnengine.domain.webhook..", "dev.turnengine.domain.trace..",
                    "dev.turnengine.domain.report..")
            .domainServices("dev.turnengine.domain.port..", "dev.turnengine.domain.lifecycle..")
            .applicationServices("dev.turnengine.application..")
            .adapter("http", "dev.turnengine.adapter.http..")
            .adapter("persistence", "dev.turnengine.adapter.persistence..")
            .adapter("agent", "dev.turnengine.adapter.agent..")
            .adapter("telemetry", "dev.turnengine.adapter.telemetry..")
            // Bootstrap (the server) and embedded (the engine without HTTP) are the composition roots: they
            // alone may see every layer and adapter.
            .ignoreDependency(resideInAPackage("dev.turnengine.bootstrap.."), alwaysTrue())
            .ignoreDependency(resideInAPackage("dev.turnengine.embedded.."), alwaysTrue())
            // The test kit drives the engine from outside, as tests and embedders do (see its own rule below).
            .ignoreDependency(resideInAPackage("dev.turnengine.testkit.."), alwaysTrue());

    @ArchTest
    static final ArchRule domainDependsOnTheJdkAlone = classes().that().resideInAPackage("dev.turnengine.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.turnengine.domain..", "java..");

    @ArchTest
    static final ArchRule coreUsesNoFramework = noClasses()
            .that().resideInAnyPackage("dev.turnengine.domain..", "dev.turnengine.application..")
            .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS);

    @ArchTest
    static final ArchRule agentsDoNotSeeTheApplication = noClasses()
            .that().resideInAPackage("dev.turnengine.adapter.agent..")
            .should().dependOnClassesThat().resideInAPackage("dev.turnengine.application..");

    @ArchTest
    static final ArchRule storageDoesNotSeeTheApplication = noClasses()
            .that().resideInAPackage("dev.turnengine.adapter.persistence..")
            .should().dependOnClassesThat().resideInAPackage("dev.turnengine.application..");

    /** Use cases reach the turn executor only through their outgoing port; the engine wires the two. */
    @ArchTest
    static final ArchRule servicesDoNotSeeTheExecutor = noClasses()
            .that().resideInAPackage("dev.turnengine.application.service..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.turnengine.application.execution..", "dev.turnengine.application.engine..");

    @ArchTest
    static final ArchRule onlyBootstrapKnowsEveryAdapter = noClasses()
            .that().resideOutsideOfPackage("dev.turnengine.bootstrap..")
            .should().dependOnClassesThat().resideInAPackage("dev.turnengine.bootstrap..");

    /** Every package is its own slice: no two packages, in any module, may depend on each other. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.turnengine.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule onlyTheServerBuildsOnTheEmbeddedEngine = noClasses()
            .that().resideOutsideOfPackages("dev.turnengine.bootstrap..", "dev.turnengine.embedded..")
            .should().dependOnClassesThat().resideInAPackage("dev.turnengine.embedded..");

    @ArchTest
    static final ArchRule theTestKitSeesNeitherCompositionRoot = noClasses()
            .that().resideInAPackage("dev.turnengine.testkit..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.turnengine.bootstrap..", "dev.turnengine.embedded..")
            .allowEmptyShould(false);

    @ArchTest
    static final ArchRule noFieldInjection = NO_CLASSES_SHOULD_USE_FIELD_INJECTION;

    @ArchTest
    static final ArchRule noGenericExceptions = NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;

    @ArchTest
    static final ArchRule noJavaUtilLogging = NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;

    @ArchTest
    static final ArchRule onlyTheCommandLinePrints = noClasses()
            .that().resideOutsideOfPackage("dev.turnengine.bootstrap.cli..")
            .should(ACCESS_STANDARD_STREAMS);
}
