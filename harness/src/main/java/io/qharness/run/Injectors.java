package io.qharness.run;

import io.qharness.config.Catalog;
import io.qharness.config.ConfigException;
import io.qharness.config.Settings;
import io.qharness.protocol.OpenLoad;
import io.qharness.results.RunFile;
import io.qharness.results.RunMerge;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * This process's place in a run of several injectors ({@code injectors}, {@code injectorIndex},
 * {@code startAt}): which share of every schedule it sends, where its part of the record goes, and
 * when its load starts. Settings that cannot be shared out are refused before anything starts.
 */
public final class Injectors {
  /** Clocks further apart than this (beyond HTTP Date's whole seconds) would skew the start. */
  static final Duration MAX_CLOCK_OFFSET = Duration.ofMillis(2500);

  private final int count;
  private final int index;
  private final Instant startAt;

  private Injectors(int count, int index, Instant startAt) {
    this.count = count;
    this.index = index;
    this.startAt = startAt;
  }

  /** The settings' injectors, checked: a problem is a ConfigException naming the fix. */
  public static Injectors of(Settings s) {
    int count = s.get(Catalog.INJECTORS);
    int index = s.get(Catalog.INJECTOR_INDEX);
    Instant startAt = s.isSet(Catalog.START_AT) ? s.get(Catalog.START_AT) : null;
    if (index >= count) {
      throw new ConfigException(
          "injectorIndex="
              + index
              + " is not below injectors="
              + count
              + "; number the injectors 0.."
              + (count - 1));
    }
    if (count > 1) {
      requireShareable(s, count);
    }
    if (startAt != null && Instant.now().isAfter(startAt)) {
      throw new ConfigException(
          String.format(
              Locale.ROOT,
              "startAt=%s passed %.1f s ago; give a later one (the Helm chart sets it at install:"
                  + " raise startDelaySeconds)",
              startAt,
              Duration.between(startAt, Instant.now()).toMillis() / 1000.0));
    }
    return new Injectors(count, index, startAt);
  }

  private static void requireShareable(Settings s, int count) {
    String n = "injectors=" + count;
    if (!s.isSet(Catalog.RUN_ID)) {
      throw new ConfigException(
          n
              + " needs runId: every injector of one run gives the same one (e.g. --run-id"
              + " nightly-7)");
    }
    if (s.get(Catalog.UPLOAD)) {
      throw new ConfigException(
          n
              + " needs upload=false: load the collection once first (./qharness run Load ...),"
              + " then start the injectors on it");
    }
    for (var solo : List.of(Catalog.FAULTS, Catalog.SCALE)) {
      if (s.isSet(solo)) {
        throw new ConfigException(
            n
                + " cannot share out "
                + solo.name()
                + ": it plays one schedule against the cluster; run it from one injector");
      }
    }
  }

  /** Refuses a workload that steps through one schedule of its own (a sweep, a fill). */
  void requireSolo(String what) {
    if (several()) {
      throw new ConfigException(
          "injectors="
              + count
              + " cannot share out "
              + what
              + ": its steps are judged one by one against the cluster; run it from one injector");
    }
  }

  public int count() {
    return count;
  }

  public int index() {
    return index;
  }

  public boolean several() {
    return count > 1;
  }

  /** When the load starts, or null to start as soon as the collection is ready. */
  public Instant startAt() {
    return startAt;
  }

  /** This injector's share of a schedule: every count-th arrival, from its index. */
  OpenLoad share(OpenLoad load) {
    return several() ? load.slice(index, count) : load;
  }

  /** Where this process's record goes: the run's directory, or its part in it. */
  public Path recordDir(Path resultsDir, String runId) {
    Path run = resultsDir.resolve(runId);
    return several() ? run.resolve(RunMerge.PARTS).resolve(Integer.toString(index)) : run;
  }

  /** What run.json says of this injector, or null for a run of one. */
  RunFile.Injectors describe() {
    return several() || startAt != null
        ? new RunFile.Injectors(count, index, startAt == null ? null : startAt.toString(), null)
        : null;
  }

  /**
   * Refuses a start when this machine's clock and {@code restAddress}'s (its HTTP Date header)
   * differ by more than {@link #MAX_CLOCK_OFFSET}: the injectors would not start together. Says
   * nothing when the node gives no Date.
   */
  void requireClockAgrees(String restAddress, boolean tls) {
    Optional<Duration> offset = clockOffset(restAddress, tls);
    if (offset.isPresent() && offset.get().abs().compareTo(MAX_CLOCK_OFFSET) > 0) {
      double s = offset.get().toMillis() / 1000.0;
      throw new ConfigException(
          String.format(
              Locale.ROOT,
              "this machine's clock is %.1f s %s node %s's (its HTTP Date): with startAt the"
                  + " injectors would not start together; sync the clocks (NTP, chrony)",
              Math.abs(s),
              s > 0 ? "ahead of" : "behind",
              restAddress));
    }
  }

  /** Local clock minus the node's, from its HTTP Date (whole seconds: midpoint of the request). */
  static Optional<Duration> clockOffset(String restAddress, boolean tls) {
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
      long before = System.currentTimeMillis();
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(URI.create((tls ? "https://" : "http://") + restAddress + "/"))
                  .timeout(Duration.ofSeconds(3))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      long after = System.currentTimeMillis();
      Optional<String> date = r.headers().firstValue("date");
      if (date.isEmpty()) {
        return Optional.empty();
      }
      long node =
          ZonedDateTime.parse(date.get(), DateTimeFormatter.RFC_1123_DATE_TIME)
              .toInstant()
              .toEpochMilli();
      // the Date is truncated to the second: the node's clock was within [node, node + 1 s)
      long local = (before + after) / 2;
      long offset = local < node ? local - node : Math.max(0, local - (node + 999));
      return Optional.of(Duration.ofMillis(offset));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** How long until startAt from now (zero once it has passed). */
  Duration untilStart() {
    if (startAt == null) {
      return Duration.ZERO;
    }
    Duration d = Duration.between(Instant.now(), startAt);
    return d.isNegative() ? Duration.ZERO : d;
  }
}
