package io.qharness.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qdrant.client.grpc.Collections.ShardKey;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.ShardKeySelector;
import org.junit.jupiter.api.Test;

class QuerySetTest {
  private final float[][] vectors = {{1, 0}, {0, 1}, {1, 1}};

  @Test
  void shardKeysAndRecallSinkTravelWithTheQueriesThroughEveryCopy() {
    ShardKeySelector[] keys = new ShardKeySelector[3];
    for (int i = 0; i < 3; i++) {
      keys[i] =
          ShardKeySelector.newBuilder()
              .addShardKeys(ShardKey.newBuilder().setKeyword("k" + i))
              .build();
    }
    QueryRecall sink = new QueryRecall(3);
    QuerySet q =
        new QuerySet(vectors, null, "q")
            .withFilters(new Filter[] {null, Filter.getDefaultInstance(), null}, "f")
            .withShardKeys(keys, "keys")
            .withRecallPerQuery(sink)
            .withGroundTruth(new long[][] {{1}, {2}, {3}})
            .slice(1, 2);
    assertThat(q.shardKeys(2).getShardKeys(0).getKeyword()).isEqualTo("k2");
    assertThat(q.filter(1)).isNotNull();
    assertThat(q.groundTruth(2)).containsExactly(3);
    q.recalled(2, 0.5);
    q.recalled(2, 1.0);
    assertThat(sink.count(2)).isEqualTo(2);
    assertThat(sink.sum(2)).isEqualTo(1.5);
    assertThat(sink.count(0)).isZero();
    assertThat(new QuerySet(vectors, null, "plain").shardKeys(0)).isNull();
  }

  @Test
  void refusesPerQueryPartsOfTheWrongLength() {
    QuerySet q = new QuerySet(vectors, null, "q");
    assertThatThrownBy(() -> q.withShardKeys(new ShardKeySelector[2], "keys"))
        .hasMessageContaining("2 shard key selectors for 3 queries");
    assertThatThrownBy(() -> q.withRecallPerQuery(new QueryRecall(4)))
        .hasMessageContaining("4 queries for 3");
    assertThatThrownBy(() -> q.withGroundTruth(new long[1][]))
        .hasMessageContaining("1 rows for 3 queries");
  }
}
