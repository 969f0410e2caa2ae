package io.qharness.results;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** The harness version, and the git commit of the working tree it ran from, for run records. */
public record HarnessInfo(String version, String gitCommit, Boolean gitDirty) {
  private static volatile HarnessInfo cached;

  public static HarnessInfo current() {
    HarnessInfo h = cached;
    if (h == null) {
      String commit = git("rev-parse", "HEAD");
      String status = commit == null ? null : git("status", "--porcelain", "--untracked-files=no");
      h =
          new HarnessInfo(
              buildVersion(),
              commit == null ? "unknown" : commit,
              status == null ? null : !status.isBlank());
      cached = h;
    }
    return h;
  }

  /** The version Maven filtered into qharness-version.properties. */
  public static String buildVersion() {
    try (InputStream in = HarnessInfo.class.getResourceAsStream("/qharness-version.properties")) {
      if (in != null) {
        Properties p = new Properties();
        p.load(in);
        return p.getProperty("version", "unknown");
      }
    } catch (IOException ignored) {
      // fall through
    }
    return "unknown";
  }

  private static String git(String... args) {
    try {
      String[] cmd = new String[args.length + 1];
      cmd[0] = "git";
      System.arraycopy(args, 0, cmd, 1, args.length);
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return null;
      }
      return new String(out, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
