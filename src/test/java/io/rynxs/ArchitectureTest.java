package io.rynxs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dependency rule (docs/ARCHITECTURE.md): a pure core, edges depending inward, only the CLI wiring everything. */
class ArchitectureTest {
    private static final String[] FRAMEWORKS = {
            "org.jdbi..", "org.flywaydb..", "org.sqlite..", "io.javalin..", "io.fabric8..", "software.amazon..",
            "io.prometheus..", "picocli..", "com.fasterxml..", "tools.jackson..", "org.slf4j..", "ch.qos.logback.."};

    private static JavaClasses classes;
    /** Main and test classes: the rules about who may import the CLI hold for tests too. */
    private static JavaClasses withTests;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.rynxs");
        withTests = new ClassFileImporter().importPackages("io.rynxs");
    }

    @Test
    void the_core_imports_no_framework() {
        noClasses().that().resideInAnyPackage("io.rynxs.event..", "io.rynxs.merkle..", "io.rynxs.state..",
                        "io.rynxs.checkpoint..", "io.rynxs.segment..", "io.rynxs.migration..", "io.rynxs.decision..",
                        "io.rynxs.tlog..")
                .should().dependOnClassesThat().resideInAnyPackage(FRAMEWORKS)
                .check(classes);
    }

    @Test
    void event_uses_only_the_jdk_and_the_jcs_reference_library() {
        classes().that().resideInAPackage("io.rynxs.event..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.rynxs.event..", "org.erdtman.jcs..")
                .check(classes);
    }

    @Test
    void merkle_uses_only_the_jdk() {
        classes().that().resideInAPackage("io.rynxs.merkle..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.rynxs.merkle..")
                .allowEmptyShould(true)
                .check(classes);
    }

    @Test
    void core_packages_depend_only_inward() {
        classes().that().resideInAPackage("io.rynxs.state..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.rynxs.state..", "io.rynxs.event..", "org.erdtman.jcs..")
                .allowEmptyShould(true).check(classes);
        classes().that().resideInAPackage("io.rynxs.decision..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.rynxs.decision..", "io.rynxs.event..",
                        "io.rynxs.state..")
                .allowEmptyShould(true).check(classes);
        classes().that().resideInAPackage("io.rynxs.checkpoint..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.security..", "io.rynxs.checkpoint..",
                        "io.rynxs.event..", "io.rynxs.merkle..")
                .allowEmptyShould(true).check(classes);
        classes().that().resideInAPackage("io.rynxs.segment..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.rynxs.segment..", "io.rynxs.event..",
                        "io.rynxs.merkle..", "io.rynxs.checkpoint..", "org.erdtman.jcs..")
                .allowEmptyShould(true).check(classes);
        classes().that().resideInAPackage("io.rynxs.tlog..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.rynxs.tlog..", "io.rynxs.event..",
                        "io.rynxs.merkle..", "io.rynxs.checkpoint..", "io.rynxs.segment..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void migration_uses_only_the_jdk_the_event_package_and_jcs() {
        classes().that().resideInAPackage("io.rynxs.migration..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.rynxs.migration..", "io.rynxs.event..",
                        "org.erdtman.jcs..")
                .check(classes);
    }

    @Test
    void api_operator_and_shipping_never_import_each_other() {
        noClasses().that().resideInAPackage("io.rynxs.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rynxs.operator..", "io.rynxs.shipping..")
                .allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage("io.rynxs.operator..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rynxs.api..", "io.rynxs.shipping..")
                .allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage("io.rynxs.shipping..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rynxs.api..", "io.rynxs.operator..")
                .allowEmptyShould(true).check(classes);
    }

    @Test
    void replication_drives_shipping_over_the_store_and_knows_neither_the_api_nor_the_operator() {
        classes().that().resideInAPackage("io.rynxs.replication..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.rynxs.replication..", "io.rynxs.shipping..",
                        "io.rynxs.store..", "io.rynxs.event..", "io.rynxs.merkle..", "io.rynxs.state..", "io.rynxs.checkpoint..",
                        "io.rynxs.segment..", "org.slf4j..")
                .check(classes);
    }

    @Test
    void only_the_cli_and_metrics_know_the_replica() {
        noClasses().that().resideInAnyPackage("io.rynxs.api..", "io.rynxs.operator..", "io.rynxs.shipping..", "io.rynxs.store..",
                        "io.rynxs.config..")
                .should().dependOnClassesThat().resideInAPackage("io.rynxs.replication..")
                .because("the operator tells the replica its role through its hooks, which the CLI plugs in; the API sees the"
                        + " replica only through the suppliers the CLI hands it")
                .check(withTests);
    }

    @Test
    void the_store_does_not_reach_outward() {
        noClasses().that().resideInAPackage("io.rynxs.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rynxs.api..", "io.rynxs.operator..", "io.rynxs.shipping..",
                        "io.rynxs.replication..", "io.rynxs.metrics..")
                .check(classes);
    }

    @Test
    void config_uses_only_the_jdk() {
        classes().that().resideInAPackage("io.rynxs.config..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.rynxs.config..")
                .check(classes);
    }

    @Test
    void only_the_cli_reads_the_environment_and_hands_it_to_the_configuration() {
        noClasses().that().resideOutsideOfPackages("io.rynxs.cli..", "io.rynxs.console..", "io.rynxs.bench..")
                .should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .because("every RYNXS_* key is read and checked once, by io.rynxs.config, from the map the CLI passes it")
                .check(classes);
    }

    @Test
    void nothing_imports_the_cli_not_even_a_test() {
        noClasses().that().resideOutsideOfPackage("io.rynxs.cli..")
                .should().dependOnClassesThat().resideInAPackage("io.rynxs.cli..")
                .check(withTests);
    }

    @Test
    void the_benchmarks_are_their_own_package_that_only_the_cli_registers() {
        noClasses().that().resideOutsideOfPackages("io.rynxs.cli..", "io.rynxs.bench..")
                .should().dependOnClassesThat().resideInAPackage("io.rynxs.bench..")
                .check(withTests);
        classes().that().resideInAPackage("io.rynxs.bench..").should().onlyBeAccessed().byClassesThat()
                .resideInAnyPackage("io.rynxs.bench..", "io.rynxs.cli..").check(classes);
    }

    @Test
    void the_console_options_serve_only_the_commands_and_the_benchmarks() {
        noClasses().that().resideOutsideOfPackages("io.rynxs.cli..", "io.rynxs.bench..", "io.rynxs.console..")
                .should().dependOnClassesThat().resideInAPackage("io.rynxs.console..")
                .check(withTests);
    }

    @Test
    void api_operator_and_shipping_tests_never_import_each_others_code_either() {
        noClasses().that().resideInAPackage("io.rynxs.api..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rynxs.operator..", "io.rynxs.shipping..")
                .allowEmptyShould(true).check(withTests);
        noClasses().that().resideInAPackage("io.rynxs.shipping..")
                .should().dependOnClassesThat().resideInAnyPackage("io.rynxs.api..", "io.rynxs.operator..")
                .allowEmptyShould(true).check(withTests);
    }
}
