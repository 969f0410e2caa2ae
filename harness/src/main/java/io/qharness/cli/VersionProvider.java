package io.qharness.cli;

import io.qharness.results.HarnessInfo;
import io.qharness.spi.EmbeddedClusterProvider;
import picocli.CommandLine;

/** {@code --version} on every command: harness version, commit, and what it was built against. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    HarnessInfo h = HarnessInfo.current();
    return new String[] {
      "qharness "
          + h.version()
          + (h.gitCommit().equals("unknown")
              ? ""
              : " (" + h.gitCommit().substring(0, Math.min(12, h.gitCommit().length())) + ")"),
      "Qdrant gRPC API of io.qdrant:client"
          + EmbeddedClusterProvider.find()
              .map(p -> ", test double emulating Qdrant " + p.emulatedVersion())
              .orElse(", no embedded test double on the class path"),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
    };
  }
}
