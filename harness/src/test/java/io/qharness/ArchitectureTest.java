package io.qharness;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The harness's design, enforced: top-level packages form layers without cycles; the protocol's
 * internals are reached only through its public DSL; nothing imports the test double, which plugs
 * in through the SPI, and only the wiring (run, cli, cluster targets) touches that SPI.
 */
@AnalyzeClasses(
    packages = "io.qharness",
    importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.HarnessOnly.class})
class ArchitectureTest {
  /**
   * The harness module's own classes: not the SPI, nor the test double that its tests put on the
   * class path.
   */
  static final class HarnessOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
      return !location.contains("/spi/")
          && !location.contains("/testcluster/")
          && !location.contains("/test-support/")
          && !location.contains("qharness-spi")
          && !location.contains("qharness-testcluster")
          && !location.contains("qharness-test-support");
    }
  }

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("io.qharness.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule layers =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("simulation")
          .definedBy("io.qharness.simulation..")
          .layer("cli")
          .definedBy("io.qharness.cli..")
          .layer("run")
          .definedBy("io.qharness.run..")
          .layer("report")
          .definedBy("io.qharness.report..")
          .layer("cluster")
          .definedBy("io.qharness.cluster..")
          .layer("config")
          .definedBy("io.qharness.config..")
          .layer("protocol")
          .definedBy("io.qharness.protocol..")
          .layer("grpc")
          .definedBy("io.qharness.grpc..")
          .layer("results")
          .definedBy("io.qharness.results..")
          .layer("metrics")
          .definedBy("io.qharness.metrics..")
          .layer("workload")
          .definedBy("io.qharness.workload..")
          .whereLayer("simulation")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("cli")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("run")
          .mayOnlyBeAccessedByLayers("simulation", "cli")
          .whereLayer("report")
          .mayOnlyBeAccessedByLayers("run", "cli")
          .whereLayer("cluster")
          .mayOnlyBeAccessedByLayers("report", "run", "cli")
          .whereLayer("config")
          .mayOnlyBeAccessedByLayers("simulation", "cluster", "report", "run", "cli")
          .whereLayer("protocol")
          .mayOnlyBeAccessedByLayers("simulation", "config", "cluster", "run", "cli");

  @ArchTest
  static final ArchRule protocolInternalsOnlyThroughTheDsl =
      noClasses()
          .that()
          .resideOutsideOfPackage("io.qharness.protocol..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.qharness.protocol.internal..")
          .because(
              "users and the rest of qharness go through the public DSL (io.qharness.protocol), as"
                  + " with Gatling's own protocols");

  @ArchTest
  static final ArchRule theTestDoubleIsNeverImported =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.qharness.testcluster..")
          .because(
              "the embedded test double plugs in through io.qharness.spi; the harness runs without"
                  + " it when hosts are given");

  @ArchTest
  static final ArchRule onlyTheWiringStartsTheEmbeddedCluster =
      noClasses()
          .that()
          .resideOutsideOfPackages(
              "io.qharness.cluster..", "io.qharness.run..", "io.qharness.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.qharness.spi..");
}
