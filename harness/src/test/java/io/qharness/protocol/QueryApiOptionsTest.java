package io.qharness.protocol;

import static io.qdrant.client.ConditionFactory.matchKeyword;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.SparseVector;
import io.qharness.protocol.internal.Operation;
import org.junit.jupiter.api.Test;

/**
 * The ranked-read options every Query-API builder shares reach the request each one sends: the same
 * filter, payload, consistency and search parameters on a recommendation as on a search, and on a
 * hybrid query the parameters on the dense prefetch and the filter on both.
 */
class QueryApiOptionsTest {
  private static final Filter CATEGORY =
      Filter.newBuilder().addMust(matchKeyword("category", "a")).build();

  @Test
  void aRecommendationCarriesTheSharedOptions() {
    RecommendExamples examples =
        new RecommendExamples() {
          @Override
          public int next() {
            return 0;
          }

          @Override
          public long[] positive(int i) {
            return new long[] {1, 2};
          }

          @Override
          public long[] negative(int i) {
            return new long[] {3};
          }
        };
    QueryPoints q =
        request(
            Qdrant.qdrant("reco")
                .recommend()
                .examples(examples)
                .limit(7)
                .hnswEf(96)
                .using("image")
                .filter(CATEGORY)
                .withPayload(true)
                .readConsistency(2)
                .operation());
    assertThat(q.getLimit()).isEqualTo(7);
    assertThat(q.getParams().getHnswEf()).isEqualTo(96);
    assertThat(q.getUsing()).isEqualTo("image");
    assertThat(q.getFilter()).isEqualTo(CATEGORY);
    assertThat(q.getWithPayload().getEnable()).isTrue();
    assertThat(q.getReadConsistency().getFactor()).isEqualTo(2);
    assertThat(q.getQuery().getRecommend().getPositiveCount()).isEqualTo(2);
  }

  @Test
  void aHybridQuerySearchesTheDensePrefetchWithTheParametersAndFiltersBoth() {
    HybridQueries queries =
        new HybridQueries() {
          @Override
          public int next() {
            return 0;
          }

          @Override
          public float[] dense(int i) {
            return new float[] {1, 0};
          }

          @Override
          public SparseVector sparseVector(int i) {
            return SparseVector.newBuilder().addIndices(3).addValues(1f).build();
          }
        };
    QueryPoints q =
        request(
            Qdrant.qdrant("hybrid")
                .hybridQuery()
                .queries(queries)
                .using("text-dense", "text-sparse")
                .hnswEf(32)
                .filter(CATEGORY)
                .limit(5)
                .operation());
    assertThat(q.getLimit()).isEqualTo(5);
    assertThat(q.getPrefetch(0).getUsing()).isEqualTo("text-dense");
    assertThat(q.getPrefetch(0).getParams().getHnswEf()).isEqualTo(32);
    assertThat(q.getPrefetch(1).getUsing()).isEqualTo("text-sparse");
    assertThat(q.getPrefetch(1).hasParams()).isFalse();
    assertThat(q.getPrefetch(0).getFilter()).isEqualTo(CATEGORY);
    assertThat(q.getPrefetch(1).getFilter()).isEqualTo(CATEGORY);
    assertThat(q.hasUsing()).as("the fusion itself searches no vector").isFalse();
    assertThat(q.hasParams()).isFalse();
  }

  @Test
  void aMultivectorQueryWithoutItsVectorNameIsRefused() {
    MultiVectorQueries one =
        new MultiVectorQueries() {
          @Override
          public int next() {
            return 0;
          }

          @Override
          public float[][] query(int i) {
            return new float[][] {{1, 0}};
          }
        };
    assertThatThrownBy(() -> Qdrant.qdrant("late").multiVectorQuery().queries(one).operation())
        .hasMessageContaining(".using(multivector name)");
  }

  private static QueryPoints request(Operation<?, ?> op) {
    return (QueryPoints) op.request(null, "c", new NoTruth());
  }

  private static final class NoTruth implements Operation.CallContext {
    @Override
    public void expect(long[] ids, int k) {}

    @Override
    public void expectBatch(long[][] ids, int k) {}

    @Override
    public long[] expected() {
      return null;
    }

    @Override
    public long[][] expectedBatch() {
      return null;
    }

    @Override
    public int k() {
      return 0;
    }
  }
}
