package io.qharness.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qdrant.client.grpc.Collections.ShardKey;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.ShardKeySelector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PointBatchesTest {
  private static final Dataset DATA =
      Dataset.open("synthetic:uniform?dim=4&n=100&seed=1&queries=1", 1, 0);

  private static ShardKeySelector key(String k) {
    return ShardKeySelector.newBuilder().addShardKeys(ShardKey.newBuilder().setKeyword(k)).build();
  }

  @Test
  void givenBatchesAreUploadedOnceEachWithTheirFirstPointsShardKey() {
    PointBatches b =
        new PointBatches(DATA.vectorsInUse(), 30, PointBatches.Mode.SEQUENTIAL, null)
            .inBatches(new long[] {0, 10, 40, 41, 100 - 30, 100}, id -> key(id < 40 ? "a" : "b"));
    List<Long> ids = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    for (List<PointStruct> batch = b.next(); batch != null; batch = b.next()) {
      batch.forEach(p -> ids.add(p.getId().getNum()));
      keys.add(b.shardKey(batch).getShardKeys(0).getKeyword());
      sizes.add(batch.size());
      assertThat(b.taken()).isEqualTo(ids.size());
    }
    assertThat(sizes).containsExactly(10, 30, 1, 29, 30);
    assertThat(keys).containsExactly("a", "a", "b", "b", "b");
    assertThat(ids).hasSize(100).doesNotHaveDuplicates();
    assertThat(b.exhausted()).isTrue();
  }

  @Test
  void withoutShardKeysABatchGoesWhereQdrantPlacesIt() {
    PointBatches b = PointBatches.sequential(DATA.vectorsInUse(), 40);
    assertThat(b.shardKey(b.next())).isNull();
  }

  @Test
  void refusesBatchesLargerThanTheBatchSizeOrNotCoveringTheSet() {
    PointBatches b = new PointBatches(DATA.vectorsInUse(), 30, PointBatches.Mode.SEQUENTIAL, null);
    assertThatThrownBy(() -> b.inBatches(new long[] {0, 50, 100}, null))
        .hasMessageContaining("batch 0 holds 50 points, not within 1..30");
    assertThatThrownBy(() -> b.inBatches(new long[] {0, 30, 60}, null))
        .hasMessageContaining("must end at the set's size 100");
  }
}
