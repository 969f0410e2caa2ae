package io.qharness.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a command that talks to the nodes outside a run authenticates and encrypts: {@code
 * --api-key}, {@code --tls}, {@code --ca-file}, each falling back to its setting.
 */
final class ConnectionOptions {
  @Option(
      names = "--api-key",
      description = "API key (or QHARNESS_API_KEY).",
      arity = "0..1",
      interactive = false)
  String apiKey;

  @Option(
      names = "--tls",
      description = "TLS to the nodes (Qdrant with service.enable_tls; or QHARNESS_TLS=true).")
  Boolean tls;

  @Option(
      names = "--ca-file",
      paramLabel = "PEM",
      description = "CA certificate to trust for TLS (or QHARNESS_CA_FILE).")
  String caFile;

  /** Adds the options given as settings flags (apiKey, tls, caFile). */
  void addTo(Map<String, String> flags) {
    if (apiKey != null) {
      flags.put("apiKey", apiKey);
    }
    if (tls != null) {
      flags.put("tls", tls.toString());
    }
    if (caFile != null) {
      flags.put("caFile", caFile);
    }
  }
}
