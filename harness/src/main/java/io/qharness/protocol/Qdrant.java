package io.qharness.protocol;

/**
 * The qharness DSL for Qdrant, in the style of Gatling's HTTP DSL:
 *
 * <pre>{@code
 * import static io.qharness.protocol.Qdrant.*;
 *
 * QdrantProtocolBuilder protocol = qdrant().hosts("127.0.0.1:6334").collection("bench");
 * ScenarioBuilder scn = scenario("search")
 *     .exec(qdrant("search").search().queries(queries).limit(10).check(resultCount().is(10)));
 * }</pre>
 */
public final class Qdrant {
  private Qdrant() {}

  /** The protocol: nodes, node selection, channels, deadline, API key, TLS, default collection. */
  public static QdrantProtocolBuilder qdrant() {
    return new QdrantProtocolBuilder();
  }

  /** A request named {@code requestName} in Gatling's statistics. */
  public static QdrantRequests qdrant(String requestName) {
    return new QdrantRequests(requestName);
  }

  /** Number of results (points, retrieved points, or each query of a batch). */
  public static QdrantChecks.ResultCount resultCount() {
    return new QdrantChecks.ResultCount();
  }

  /** Every returned score. */
  public static QdrantChecks.Scores scores() {
    return new QdrantChecks.Scores();
  }

  /** The best (first) score. */
  public static QdrantChecks.TopScore topScore() {
    return new QdrantChecks.TopScore();
  }

  /** Returned ids: check them or save them into the session. */
  public static QdrantChecks.ResultIds resultIds() {
    return new QdrantChecks.ResultIds();
  }

  /** The number a Count request returned. */
  public static QdrantChecks.PointCount pointCount() {
    return new QdrantChecks.PointCount();
  }

  /** recall@k against the query's ground truth. */
  public static QdrantChecks.RecallCheck recall() {
    return new QdrantChecks.RecallCheck();
  }

  /** Status of an upsert (Completed, Acknowledged). */
  public static QdrantChecks.Update updateStatus() {
    return new QdrantChecks.Update();
  }
}
