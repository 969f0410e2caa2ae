package io.qharness.metrics;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The run's interval histograms in HdrHistogram's log format ({@code histograms.hlog}), one tagged
 * entry per operation x node x kind per interval: latency of successful and failed calls in
 * microseconds, and recall@k in units of 1/{@value OperationMetrics#RECALL_SCALE}. Logs of several
 * injector processes running the same workload merge into one set of histograms.
 *
 * <p>Tags read {@code <kind>:<operation, URL-encoded>@<node>}, e.g. {@code
 * ok:upload%20batch@127.0.0.1:6334}, since a tag may hold neither commas nor white space.
 */
public final class IntervalLog implements RunListener {
  public static final String FILE = "histograms.hlog";

  private final Path file;
  private PrintStream out;
  private HistogramLogWriter writer;

  public IntervalLog(Path runDir) {
    this.file = runDir.resolve(FILE);
  }

  @Override
  public synchronized void started(RunMetrics metrics) {
    try {
      Files.createDirectories(file.getParent());
      out = new PrintStream(file.toFile(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the interval log " + file + ": " + e.getMessage(), e);
    }
    writer = new HistogramLogWriter(out);
    writer.outputComment(
        "qharness interval histograms; tags: <ok|ko|recall>:<operation>@<node>; latency in"
            + " microseconds");
    writer.outputLogFormatVersion();
    writer.outputStartTime(metrics.startMillis());
    writer.setBaseTime(metrics.startMillis());
    writer.outputLegend();
  }

  @Override
  public synchronized void interval(RunMetrics.Interval interval) {
    if (writer == null) {
      return;
    }
    for (RunMetrics.SeriesInterval s : interval.series()) {
      Histogram h = s.histogram();
      h.setTag(tag(s.kind(), s.operation(), s.node()));
      writer.outputIntervalHistogram(h);
    }
    out.flush();
  }

  @Override
  public synchronized void ended(RunSummary summary) {
    if (out != null) {
      out.close();
    }
  }

  /** A series' tag, as the log writes it. */
  public static String tag(Series s) {
    return tag(s.kind(), s.operation(), s.node());
  }

  static String tag(RunMetrics.Kind kind, String operation, String node) {
    return kind.tag
        + ":"
        + URLEncoder.encode(operation, StandardCharsets.UTF_8).replace("+", "%20")
        + "@"
        + node;
  }

  /** A series key read back from a tag. */
  public record Series(RunMetrics.Kind kind, String operation, String node) {
    static Series parse(String tag, Path source) {
      int colon = tag == null ? -1 : tag.indexOf(':');
      int at = tag == null ? -1 : tag.indexOf('@', colon + 1);
      if (colon < 0 || at < 0) {
        throw new IllegalArgumentException(
            source
                + ": histogram tag '"
                + tag
                + "' is not <kind>:<operation>@<node>; not a qharness interval log");
      }
      String k = tag.substring(0, colon);
      RunMetrics.Kind kind = null;
      for (RunMetrics.Kind x : RunMetrics.Kind.values()) {
        if (x.tag.equals(k)) {
          kind = x;
        }
      }
      if (kind == null) {
        throw new IllegalArgumentException(
            source + ": unknown series kind '" + k + "' in tag '" + tag + "'");
      }
      return new Series(
          kind,
          URLDecoder.decode(tag.substring(colon + 1, at), StandardCharsets.UTF_8),
          tag.substring(at + 1));
    }
  }

  /**
   * Reads one or more interval logs (several injectors) and adds up each series over all of them,
   * keeping interval order per file. Corrupt files raise an error naming the file.
   */
  public static Map<Series, Histogram> merge(List<Path> logs) {
    Map<Series, Histogram> merged = new LinkedHashMap<>();
    for (Path log : logs) {
      HistogramLogReader reader;
      try {
        reader = new HistogramLogReader(log.toFile());
      } catch (FileNotFoundException e) {
        throw new IllegalArgumentException("interval log " + log + " does not exist");
      }
      try {
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
          Series s = Series.parse(h.getTag(), log);
          merged.computeIfAbsent(s, x -> new Histogram(3)).add((Histogram) h);
        }
      } catch (RuntimeException e) {
        if (e instanceof IllegalArgumentException
            && e.getMessage() != null
            && e.getMessage().startsWith(log.toString())) {
          throw e;
        }
        throw new IllegalArgumentException(
            "interval log " + log + " is corrupt or not in HdrHistogram's log format (" + e + ")");
      } finally {
        reader.close();
      }
    }
    return merged;
  }

  /** One interval histogram read back: its series, its time span (unix millis) and its values. */
  public record Entry(Series series, long startMillis, long endMillis, Histogram histogram) {}

  /** Reads every interval histogram of one log in file order; a corrupt file raises naming it. */
  public static List<Entry> read(Path log) {
    return read(log, false);
  }

  /**
   * The intervals of a log its writer was killed while writing (a crashed injector): every complete
   * one, up to a last line cut off mid-write, which is left out instead of failing the read.
   */
  public static List<Entry> readUpToCut(Path log) {
    return read(log, true);
  }

  private static List<Entry> read(Path log, boolean tolerateCut) {
    HistogramLogReader reader;
    try {
      reader = new HistogramLogReader(log.toFile());
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("interval log " + log + " does not exist");
    }
    List<Entry> out = new ArrayList<>();
    try {
      EncodableHistogram h;
      // absolute (unix) times, not offsets from each log's start: injectors' logs line up in
      // wall-clock time
      while ((h = reader.nextAbsoluteIntervalHistogram(0.0, Double.MAX_VALUE)) != null) {
        out.add(
            new Entry(
                Series.parse(h.getTag(), log),
                h.getStartTimeStamp(),
                h.getEndTimeStamp(),
                (Histogram) h));
      }
    } catch (RuntimeException e) {
      if (tolerateCut) {
        return out;
      }
      if (e instanceof IllegalArgumentException
          && e.getMessage() != null
          && e.getMessage().startsWith(log.toString())) {
        throw e;
      }
      throw new IllegalArgumentException(
          "interval log " + log + " is corrupt or not in HdrHistogram's log format (" + e + ")");
    } finally {
      reader.close();
    }
    return out;
  }
}
