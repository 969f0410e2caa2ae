package io.qharness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reading Qdrant's per-segment telemetry, and which search path served a window, from its counters.
 */
class SearchPathsTest {
  /** Captured from the real Qdrant 1.19.0 server with the test double's golden samples. */
  private static final Path GOLDEN =
      Path.of("../testcluster/src/test/resources/golden/qdrant-1.19.0/telemetry.json");

  @Test
  void realTelemetryIsReadPerLocalReplicaAndSegment() throws Exception {
    JsonNode json = new ObjectMapper().readTree(Files.readString(GOLDEN));
    CollectionTelemetry t = CollectionTelemetry.parse("n1", "golden", json);
    assertThat(t.indexingThresholdKb()).isEqualTo(1);
    assertThat(t.fullScanThresholdKb()).isEqualTo(10);
    assertThat(t.replicas())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.status()).isEqualTo("green"));
    List<CollectionTelemetry.Segment> indexed =
        t.replicas().stream()
            .flatMap(r -> r.segments().stream())
            .filter(CollectionTelemetry.Segment::hnsw)
            .toList();
    assertThat(indexed)
        .isNotEmpty()
        .allSatisfy(
            s -> {
              assertThat(s.indexedVectors()).isEqualTo(s.vectors());
              // the golden sequence: 4 unfiltered searches (one over REST), 3 filtered below the
              // full-scan threshold, 3 exact
              assertThat(s.searches())
                  .containsEntry(SearchPath.HNSW, 4L)
                  .containsEntry(SearchPath.PLAIN, 3L)
                  .containsEntry(SearchPath.EXACT, 3L);
            });
    long[] io = t.indexedOfExpected();
    assertThat(io[0]).isEqualTo(io[1]).isPositive();
    assertThat(CollectionTelemetry.parse("n1", "other", json))
        .as("a collection the node does not list")
        .isNull();
  }

  private static SearchPathShares.Snapshot snapshot(
      Map<SearchPathShares.SegmentKey, CollectionTelemetry.Segment> segments) {
    return new SearchPathShares.Snapshot(segments, List.of());
  }

  private static CollectionTelemetry.Segment segment(
      String uuid, long vectors, Map<SearchPath, Long> searches) {
    return new CollectionTelemetry.Segment(uuid, true, vectors, vectors, vectors * 512, searches);
  }

  @Test
  void sharesWeighEachSegmentSearchByTheVectorsItCovered() {
    SearchPathShares.SegmentKey big = new SearchPathShares.SegmentKey("n1", 0, "big");
    SearchPathShares.SegmentKey small = new SearchPathShares.SegmentKey("n1", 0, "small");
    var before =
        snapshot(
            Map.of(
                big,
                segment("big", 9_900, Map.of(SearchPath.HNSW, 100L)),
                small,
                segment("small", 100, Map.of(SearchPath.PLAIN, 100L))));
    var after =
        snapshot(
            Map.of(
                big,
                segment("big", 9_900, Map.of(SearchPath.HNSW, 200L)),
                small,
                segment("small", 100, Map.of(SearchPath.PLAIN, 200L))));
    SearchPathShares s = SearchPathShares.between(before, after);
    assertThat(s.segmentSearches())
        .containsEntry(SearchPath.HNSW, 100L)
        .containsEntry(SearchPath.PLAIN, 100L);
    // as many segment searches each way, but 99 % of the vectors went through the graph
    assertThat(s.share(SearchPath.HNSW)).isEqualTo(0.99);
    assertThat(s.hnswServed()).isTrue();
    assertThat(s.describe())
        .startsWith("HNSW 99.0%, plain 1.0% of searched vectors (200 segment searches)");
  }

  @Test
  void aRestartedNodeOrANewSegmentCountsFromZero() {
    SearchPathShares.SegmentKey k = new SearchPathShares.SegmentKey("n1", 1, "s");
    SearchPathShares.SegmentKey fresh = new SearchPathShares.SegmentKey("n2", 1, "new");
    var before = snapshot(Map.of(k, segment("s", 1000, Map.of(SearchPath.PLAIN, 500L))));
    var after =
        snapshot(
            Map.of(
                k,
                segment("s", 1000, Map.of(SearchPath.PLAIN, 30L)),
                fresh,
                segment("new", 1000, Map.of(SearchPath.PLAIN, 20L))));
    SearchPathShares s = SearchPathShares.between(before, after);
    assertThat(s.segmentSearches()).containsExactlyEntriesOf(Map.of(SearchPath.PLAIN, 50L));
    assertThat(s.hnswServed()).isFalse();
    assertThat(SearchPathShares.between(after, after).measured()).isFalse();
  }

  @Test
  void readinessWaitsForEverySegmentAboveTheThresholdToBeIndexed() {
    IndexReadiness r = new IndexReadiness(null, List.of());
    CollectionTelemetry.Segment indexed =
        new CollectionTelemetry.Segment("a", true, 2000, 2000, 2000 * 512, Map.of());
    CollectionTelemetry.Segment building =
        new CollectionTelemetry.Segment("b", false, 2000, 0, 2000 * 512, Map.of());
    CollectionTelemetry.Segment tiny =
        new CollectionTelemetry.Segment(
            "c", false, 1, 0, 512, Map.of()); // below 1 KB: never indexed
    var green =
        new CollectionTelemetry.Replica(
            0, "green", 0, 0, List.of(indexed, tiny), CollectionTelemetry.Usage.NONE);
    var yellow =
        new CollectionTelemetry.Replica(
            1, "yellow", 0, 1, List.of(building), CollectionTelemetry.Usage.NONE);
    var notYet =
        r.judge(
            List.of(
                new NodeTelemetry.Answer(
                    "n1", new CollectionTelemetry("n1", "c", List.of(green), 1L, 10L), null),
                new NodeTelemetry.Answer(
                    "n2", new CollectionTelemetry("n2", "c", List.of(yellow), 1L, 10L), null)));
    assertThat(notYet.ready()).isFalse();
    assertThat(notYet.detail())
        .contains("n2 shard 1 yellow")
        .contains("1 optimisation(s) running")
        .contains("0 of 2,000 vectors that should be HNSW-indexed");
    var done =
        r.judge(
            List.of(
                new NodeTelemetry.Answer(
                    "n1", new CollectionTelemetry("n1", "c", List.of(green), 1L, 10L), null),
                new NodeTelemetry.Answer(
                    "n2", new CollectionTelemetry("n2", "c", List.of(green), 1L, 10L), null)));
    assertThat(done.ready()).isTrue();
    assertThat(done.detail()).startsWith("4,000 of 4,000 vectors");
    assertThat(r.last().secondsToReady()).isGreaterThanOrEqualTo(0);
    // every replica Green and indexed, but a merge queued and not started yet: not ready
    var queued =
        r.judge(
            List.of(
                new NodeTelemetry.Answer(
                    "n1", new CollectionTelemetry("n1", "c", List.of(green), 1L, 10L), null)),
            new Optimizations.Snapshot(1, 4000, List.of(), List.of()));
    assertThat(queued.ready()).isFalse();
    assertThat(queued.detail()).isEqualTo("1 optimisation(s) queued (4,000 points)");
    // telemetry is optional: an unreadable node does not block (its gRPC status still does), and it
    // is said
    var unread = r.judge(List.of(new NodeTelemetry.Answer("n3", null, "connection refused")));
    assertThat(unread.ready()).isTrue();
    assertThat(unread.detail())
        .contains("no node's telemetry could be read")
        .contains("n3 (connection refused)")
        .contains("restHosts");
  }
}
