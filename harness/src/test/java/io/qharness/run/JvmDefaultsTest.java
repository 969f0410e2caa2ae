package io.qharness.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmDefaultsTest {
  private static List<String> all() {
    List<String> all = new ArrayList<>(JvmDefaults.GC);
    all.addAll(JvmDefaults.heap(JvmDefaults.MIN_YOUNG_MB));
    all.addAll(JvmDefaults.JIT);
    return all;
  }

  @Test
  void withoutUserOptionsEveryDefaultApplies() {
    assertThat(JvmDefaults.missingFrom(List.of("-Dfoo=1"))).isEqualTo(all());
  }

  @Test
  void aUserWhoSetsTheHeapGetsWhatTheySet() {
    for (String heap :
        List.of(
            "-Xmx512m",
            "-Xms1g",
            "-XX:MaxRAMPercentage=50",
            "-XX:MaxHeapSize=1g",
            "-XX:MaxHeapFreeRatio=50")) {
      List<String> d = JvmDefaults.missingFrom(List.of(heap));
      assertThat(d).as(heap).noneMatch(o -> o.startsWith("-Xm") || o.contains("HeapFreeRatio"));
      assertThat(d).as(heap).containsAll(JvmDefaults.GC).containsAll(JvmDefaults.JIT);
    }
  }

  @Test
  void aUserWhoChoosesACollectorOrTheJitKeepsIt() {
    assertThat(JvmDefaults.missingFrom(List.of("-XX:+UseG1GC")))
        .doesNotContainAnyElementsOf(JvmDefaults.GC);
    assertThat(JvmDefaults.missingFrom(List.of("-XX:+UseZGC")))
        .doesNotContainAnyElementsOf(JvmDefaults.GC);
    assertThat(JvmDefaults.missingFrom(List.of("-XX:TieredStopAtLevel=1")))
        .doesNotContainAnyElementsOf(JvmDefaults.JIT);
    assertThat(JvmDefaults.missingFrom(List.of("-XX:-TieredCompilation")))
        .doesNotContainAnyElementsOf(JvmDefaults.JIT);
  }

  @Test
  void theLauncherPutsTheDefaultsBeforeTheUsersOptions() {
    List<String> cmd =
        new GatlingLauncher("cp", "Sim", Path.of("r")).jvmOptions(List.of("-Xmx2g")).command();
    assertThat(cmd).contains("-XX:+UseSerialGC", "-Xmx2g").doesNotContain("-Xmn16m");
    assertThat(cmd.indexOf("-XX:+UseSerialGC")).isLessThan(cmd.indexOf("-Xmx2g"));
    assertThat(new GatlingLauncher("cp", "Sim", Path.of("r")).processBuilder().environment())
        .containsEntry("MALLOC_ARENA_MAX", "2");
  }

  @Test
  void theYoungGenerationHoldsTheUploadsBatchesInFlight() {
    assertThat(JvmDefaults.youngMb(128, 256, 4)).isEqualTo(16); // the default workload
    assertThat(JvmDefaults.youngMb(768, 256, 4)).isBetween(64, 80);
    assertThat(JvmDefaults.youngMb(4096, 1000, 64)).isEqualTo(128);
    assertThat(JvmDefaults.missingFrom(List.of(), 72))
        .contains("-Xmn72m", "-Xms88m")
        .noneMatch(o -> o.contains("HeapFreeRatio")); // a large upload keeps the JVM's ratios
    assertThat(JvmDefaults.missingFrom(List.of(), 16))
        .contains("-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");
  }

  /** mvn gatling:test starts the JVM from the poms: the same defaults there (a fixed heap). */
  @Test
  void thePomsGiveGatlingTheSameDefaults() throws Exception {
    Path root = Path.of(System.getProperty("user.dir")).getParent();
    for (Path pom :
        List.of(root.resolve("pom.xml"), root.resolve("examples/gatling-project/pom.xml"))) {
      String text = Files.readString(pom);
      List<String> expected = new ArrayList<>(JvmDefaults.GC);
      expected.addAll(JvmDefaults.JIT);
      expected.add("-Xmn32m");
      for (String option : expected) {
        assertThat(text).as(pom + " " + option).contains("<jvmArg>" + option + "</jvmArg>");
      }
    }
  }
}
