package io.qharness.run;

/**
 * A main class for {@link InjectorPreferencesTest}'s JVMs: what Gatling's latest-release check
 * answers, as Gatling's runner asks it at the start of every run.
 */
public final class ReleaseCheckProbe {
  private ReleaseCheckProbe() {}

  public static void main(String[] args) {
    System.out.println("latest release: " + io.gatling.commons.util.GatlingVersion.LatestRelease());
  }
}
