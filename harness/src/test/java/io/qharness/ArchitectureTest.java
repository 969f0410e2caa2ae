package io.qharness;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;

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

  /** Top to bottom: each package may use only those below it. */
  private static final String[][] LAYERS = {
    {"cli", "io.qharness.cli.."},
    {"simulation", "io.qharness.simulation.."},
    {"bench", "io.qharness.bench.."},
    {"run", "io.qharness.run.."},
    {"report", "io.qharness.report.."},
    {"cluster", "io.qharness.cluster.."},
    {"config", "io.qharness.config.."},
    {"workload", "io.qharness.workload.."},
    // with its internals, which only the DSL reaches (rule below)
    {"protocol", "io.qharness.protocol.."},
    {"results", "io.qharness.results.."},
    {"grpc", "io.qharness.grpc.."},
    {"metrics", "io.qharness.metrics.."},
  };

  @ArchTest static final ArchRule layers = layered();

  private static ArchRule layered() {
    Architectures.LayeredArchitecture rule =
        layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String[] layer : LAYERS) {
      rule = rule.layer(layer[0]).definedBy(layer[1]);
    }
    rule = rule.whereLayer(LAYERS[0][0]).mayNotBeAccessedByAnyLayer();
    for (int i = 1; i < LAYERS.length; i++) {
      String[] above = new String[i];
      for (int a = 0; a < i; a++) {
        above[a] = LAYERS[a][0];
      }
      rule = rule.whereLayer(LAYERS[i][0]).mayOnlyBeAccessedByLayers(above);
    }
    return rule;
  }

  /**
   * The workload's parts, top to bottom: the kinds built on the rest (hybrid, multivector, sparse),
   * ground truth, data sets and query sets, file readers, vectors, distance kernels.
   */
  @ArchTest
  static final ArchRule workloadParts =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("kinds")
          .definedBy(
              "io.qharness.workload.hybrid..",
              "io.qharness.workload.multi..",
              "io.qharness.workload.sparse..")
          .layer("truth")
          .definedBy("io.qharness.workload.truth..")
          .layer("sets")
          .definedBy("io.qharness.workload")
          .layer("filtered")
          .definedBy("io.qharness.workload.filtered..")
          .layer("files")
          .definedBy("io.qharness.workload.files..")
          .layer("vectors")
          .definedBy("io.qharness.workload.vectors..")
          .layer("kernels")
          .definedBy("io.qharness.workload.kernels..")
          .whereLayer("kinds")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("truth")
          .mayOnlyBeAccessedByLayers("kinds")
          .whereLayer("sets")
          .mayOnlyBeAccessedByLayers("kinds", "truth")
          .whereLayer("filtered")
          .mayOnlyBeAccessedByLayers("kinds", "truth", "sets")
          .whereLayer("files")
          .mayOnlyBeAccessedByLayers("kinds", "truth", "sets")
          .whereLayer("vectors")
          .mayOnlyBeAccessedByLayers("kinds", "truth", "sets", "files")
          .whereLayer("kernels")
          .mayOnlyBeAccessedByLayers("kinds", "truth", "sets", "files", "vectors");

  @ArchTest
  static final ArchRule analysisKnowsNoRendering =
      noClasses()
          .that()
          .resideInAPackage("io.qharness.report")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.qharness.report.render..")
          .because(
              "verdicts and analyses are computed once and rendered as HTML, Markdown or JUnit");

  @ArchTest
  static final ArchRule theDslNamesNoWorkloadType =
      noClasses()
          .that()
          .resideInAPackage("io.qharness.protocol..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.qharness.workload..")
          .because(
              "the DSL takes small input interfaces (QueryVectors, PointSource, ...) that the"
                  + " workload's sets implement, so users can feed it their own");

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
