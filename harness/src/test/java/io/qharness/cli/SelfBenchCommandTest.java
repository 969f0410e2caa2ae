package io.qharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The self-benches print figures (never judged on speed here: shared machines are noisy). */
class SelfBenchCommandTest {
  @Test
  void groundTruthBenchPrintsPairsPerSecondAndBandwidthForEachDistance() {
    Cli r =
        Cli.run(
            "selfbench",
            "groundtruth",
            "--dim",
            "16",
            "--base",
            "3000",
            "--queries",
            "20",
            "--k",
            "10",
            "--rounds",
            "1");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    for (String d : new String[] {"cosine", "euclid", "dot", "manhattan"}) {
      assertThat(r.out())
          .containsPattern(
              "(?m)^" + d + " .* base +3,000 +queries +20 .* pairs/s .* GFLOP/s .* GB/s");
    }
  }

  @Test
  void injectorBenchAccountsForEveryRecord() {
    Cli r = Cli.run("selfbench", "injector", "--threads", "2", "--records", "100000");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    Matcher m = Pattern.compile("([\\d,]+) records seen by the interval sampler").matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    assertThat(m.group(1)).isEqualTo("200,000");
  }

  @Test
  void badSizesAreUsageErrors() {
    Cli r = Cli.run("selfbench", "groundtruth", "--k", "0");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--k within 1..10000");
  }
}
