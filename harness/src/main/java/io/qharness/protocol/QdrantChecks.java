package io.qharness.protocol;

import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qharness.protocol.QdrantResult.Kind;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.function.LongPredicate;

/** The checks offered by the DSL; reach them through {@link Qdrant}. */
public final class QdrantChecks {
  private QdrantChecks() {}

  private static QdrantCheck limited(Set<Kind> kinds, QdrantCheck check) {
    return new QdrantCheck() {
      @Override
      public String check(QdrantResult r, CheckContext c) {
        return check.check(r, c);
      }

      @Override
      public boolean appliesTo(Kind kind) {
        return kinds.contains(kind);
      }
    };
  }

  /** Checks on the number of results: points, retrieved points, or each query of a batch. */
  public static final class ResultCount {
    ResultCount() {}

    /** Exactly {@code n} results, e.g. {@code resultCount().is(10)}. */
    public QdrantCheck is(int n) {
      return of(x -> x == n, "exactly " + n);
    }

    /** At least {@code n} results. */
    public QdrantCheck gte(int n) {
      return of(x -> x >= n, "at least " + n);
    }

    /** At most {@code n} results. */
    public QdrantCheck lte(int n) {
      return of(x -> x <= n, "at most " + n);
    }

    /** Between {@code min} and {@code max} results, both included. */
    public QdrantCheck between(int min, int max) {
      return of(x -> x >= min && x <= max, "between " + min + " and " + max);
    }

    private QdrantCheck of(LongPredicate ok, String expected) {
      return limited(
          EnumSet.of(Kind.POINTS, Kind.BATCH, Kind.RETRIEVED),
          (r, c) -> {
            switch (r.kind()) {
              case BATCH:
                List<List<ScoredPoint>> batches = r.batches();
                for (int i = 0; i < batches.size(); i++) {
                  if (!ok.test(batches.get(i).size())) {
                    return "resultCount: expected "
                        + expected
                        + " results for query "
                        + i
                        + " of the batch, got "
                        + batches.get(i).size();
                  }
                }
                return null;
              case RETRIEVED:
                return ok.test(r.retrieved().size())
                    ? null
                    : "resultCount: expected " + expected + " points, got " + r.retrieved().size();
              default:
                return ok.test(r.points().size())
                    ? null
                    : "resultCount: expected " + expected + " results, got " + r.points().size();
            }
          });
    }
  }

  /** Checks on every returned score. */
  public static final class Scores {
    Scores() {}

    /** Every score within [min, max]. */
    public QdrantCheck between(double min, double max) {
      return limited(
          EnumSet.of(Kind.POINTS, Kind.BATCH),
          (r, c) -> {
            List<List<ScoredPoint>> all =
                r.kind() == Kind.BATCH ? r.batches() : List.of(r.points());
            for (List<ScoredPoint> list : all) {
              for (ScoredPoint p : list) {
                if (p.getScore() < min || p.getScore() > max) {
                  return String.format(
                      Locale.ROOT,
                      "scores: expected every score within [%s, %s], got %s",
                      min,
                      max,
                      p.getScore());
                }
              }
            }
            return null;
          });
    }
  }

  /** Checks on the best (first) score. */
  public static final class TopScore {
    TopScore() {}

    /** Every score is at least {@code min}. */
    public QdrantCheck gte(double min) {
      return of(s -> s >= min, ">= " + min);
    }

    /** Every score is at most {@code max}. */
    public QdrantCheck lte(double max) {
      return of(s -> s <= max, "<= " + max);
    }

    private QdrantCheck of(DoublePredicate ok, String expected) {
      return limited(
          EnumSet.of(Kind.POINTS),
          (r, c) -> {
            if (r.points().isEmpty()) {
              return "topScore: expected a score " + expected + ", got no result";
            }
            float s = r.points().get(0).getScore();
            return ok.test(s) ? null : "topScore: expected " + expected + ", got " + s;
          });
    }
  }

  /** Checks on returned ids, and saving them for later requests. */
  public static final class ResultIds {
    ResultIds() {}

    /** Saves the numeric ids (a long[]) into the session under {@code key}. */
    public QdrantCheck saveAs(String key) {
      return limited(
          EnumSet.of(Kind.POINTS, Kind.RETRIEVED),
          (r, c) -> {
            c.save(key, r.ids());
            return null;
          });
    }

    /** Every one of {@code ids} is returned. */
    public QdrantCheck contain(long... ids) {
      long[] wanted = ids.clone();
      return limited(
          EnumSet.of(Kind.POINTS, Kind.RETRIEVED),
          (r, c) -> {
            long[] got = r.ids();
            for (long id : wanted) {
              if (Arrays.stream(got).noneMatch(x -> x == id)) {
                return "resultIds: expected id " + id + " among " + Arrays.toString(got);
              }
            }
            return null;
          });
    }
  }

  /** Checks on a Count response. */
  public static final class PointCount {
    PointCount() {}

    /** The count is exactly {@code n}. */
    public QdrantCheck is(long n) {
      return of(x -> x == n, "exactly " + n);
    }

    /** The count is at least {@code n}. */
    public QdrantCheck gte(long n) {
      return of(x -> x >= n, "at least " + n);
    }

    private QdrantCheck of(LongPredicate ok, String expected) {
      return limited(
          EnumSet.of(Kind.COUNT),
          (r, c) ->
              ok.test(r.count())
                  ? null
                  : "pointCount: expected " + expected + ", got " + r.count());
    }
  }

  /**
   * recall@k against the query's expected ids (ground truth carried by the action). Below the
   * threshold a response is KO with {@link #atLeast}, or only counted with {@link #countBelow}.
   */
  public static final class RecallCheck {
    RecallCheck() {}

    /**
     * A response whose recall@k is below {@code threshold} is KO, e.g. {@code
     * recall().atLeast(0.9)}.
     */
    public QdrantCheck atLeast(double threshold) {
      return of(threshold, true);
    }

    /**
     * Responses whose recall@k is below {@code threshold} are counted (in the summary) but stay OK.
     */
    public QdrantCheck countBelow(double threshold) {
      return of(threshold, false);
    }

    private QdrantCheck of(double threshold, boolean fail) {
      if (threshold < 0 || threshold > 1) {
        throw new IllegalArgumentException(
            "recall threshold must be within [0, 1], got " + threshold);
      }
      return new RecallThreshold(threshold, fail);
    }
  }

  /** Marker type: the action counts responses under the threshold in its metrics. */
  public static final class RecallThreshold implements QdrantCheck {
    private final double threshold;
    private final boolean fail;

    RecallThreshold(double threshold, boolean fail) {
      this.threshold = threshold;
      this.fail = fail;
    }

    /** The recall floor. */
    public double threshold() {
      return threshold;
    }

    @Override
    public String check(QdrantResult r, CheckContext c) {
      if (r.expectedIds() == null) {
        return "recall: this request carries no expected ids; use queries with ground truth";
      }
      double recall = r.recall();
      if (!fail || !(recall < threshold)) {
        return null;
      }
      return String.format(
          Locale.ROOT, "recall@%d: expected at least %.4f, got %.4f", r.k(), threshold, recall);
    }

    @Override
    public boolean appliesTo(Kind kind) {
      return kind == Kind.POINTS;
    }
  }

  /** Checks on an upsert's status. */
  public static final class Update {
    Update() {}

    /** The write reached this status, e.g. {@code updateStatus().is(UpdateStatus.Completed)}. */
    public QdrantCheck is(UpdateStatus status) {
      return limited(
          EnumSet.of(Kind.UPDATE),
          (r, c) ->
              r.update().getStatus() == status
                  ? null
                  : "updateStatus: expected " + status + ", got " + r.update().getStatus());
    }
  }
}
