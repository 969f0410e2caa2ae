package io.qharness.testcluster;

import static io.qdrant.client.ConditionFactory.filter;
import static io.qdrant.client.ConditionFactory.geoRadius;
import static io.qdrant.client.ConditionFactory.hasId;
import static io.qdrant.client.ConditionFactory.isEmpty;
import static io.qdrant.client.ConditionFactory.isNull;
import static io.qdrant.client.ConditionFactory.match;
import static io.qdrant.client.ConditionFactory.matchExceptKeywords;
import static io.qdrant.client.ConditionFactory.matchExceptValues;
import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.matchKeywords;
import static io.qdrant.client.ConditionFactory.matchText;
import static io.qdrant.client.ConditionFactory.matchValues;
import static io.qdrant.client.ConditionFactory.range;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.list;
import static io.qdrant.client.ValueFactory.nullValue;
import static io.qdrant.client.ValueFactory.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.MinShould;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The double's payload filters, with Qdrant 1.19's semantics as its condition checker has them
 * (lib/segment/src/payload_storage/condition_checker.rs and query_checker.rs): array values match
 * when any element does, a missing field matches no condition on its values (not even except), and
 * except matches when any value lies outside the list.
 */
class FilterMatcherTest {
  private static final PointId ID = id(7);
  private static final Map<String, Value> POINT =
      Map.of(
          "category",
          value("c3"),
          "tags",
          list(List.of(value("red"), value("blue"))),
          "price",
          value(12.5),
          "stock",
          value(4),
          "discontinued",
          value(false),
          "note",
          nullValue(),
          "empty",
          list(List.of()),
          "maker",
          value(Map.of("country", value("NL"), "since", value(1999))));

  private static boolean must(Condition... conditions) {
    return FilterMatcher.matches(
        Filter.newBuilder().addAllMust(List.of(conditions)).build(), ID, POINT);
  }

  @Test
  void fieldMatchesOnScalarsArraysAndNestedKeys() {
    assertThat(must(matchKeyword("category", "c3"))).isTrue();
    assertThat(must(matchKeyword("category", "c4"))).isFalse();
    assertThat(must(matchKeyword("tags", "blue"))).as("any array element").isTrue();
    assertThat(must(match("stock", 4))).isTrue();
    assertThat(must(match("discontinued", false))).isTrue();
    assertThat(must(matchKeywords("category", List.of("c1", "c3")))).isTrue();
    assertThat(must(matchValues("stock", List.of(1L, 2L)))).isFalse();
    assertThat(must(matchKeyword("maker.country", "NL"))).as("dotted path").isTrue();
    assertThat(must(match("maker.since", 1999))).isTrue();
    assertThat(must(matchKeyword("stock", "4"))).as("no cross-type match").isFalse();
  }

  @Test
  void exceptMatchesWhenAnyValueIsOutsideTheListAndNeverOnAMissingField() {
    assertThat(must(matchExceptKeywords("category", List.of("c1", "c2")))).isTrue();
    assertThat(must(matchExceptKeywords("category", List.of("c3")))).isFalse();
    assertThat(must(matchExceptKeywords("tags", List.of("red"))))
        .as("blue lies outside the list")
        .isTrue();
    assertThat(must(matchExceptKeywords("tags", List.of("red", "blue")))).isFalse();
    assertThat(must(matchExceptKeywords("missing", List.of("x"))))
        .as("a missing field, as Qdrant's check_empty")
        .isFalse();
    assertThat(must(matchExceptValues("stock", List.of(1L)))).isTrue();
    assertThat(must(matchExceptValues("category", List.of(1L))))
        .as("a value of another type is outside the list")
        .isTrue();
  }

  @Test
  void rangesCompareIntegersAndDoubles() {
    assertThat(must(range("price", Range.newBuilder().setGte(12.5).setLt(13).build()))).isTrue();
    assertThat(must(range("price", Range.newBuilder().setGt(12.5).build()))).isFalse();
    assertThat(must(range("stock", Range.newBuilder().setLte(4).build()))).isTrue();
    assertThat(must(range("category", Range.newBuilder().setGte(0).build())))
        .as("a string is in no range")
        .isFalse();
    assertThat(must(range("missing", Range.newBuilder().setGte(0).build()))).isFalse();
  }

  @Test
  void emptyNullAndIdConditions() {
    assertThat(must(isEmpty("missing"))).isTrue();
    assertThat(must(isEmpty("empty"))).isTrue();
    assertThat(must(isEmpty("note"))).as("null counts as empty").isTrue();
    assertThat(must(isEmpty("tags"))).isFalse();
    assertThat(must(isNull("note"))).isTrue();
    assertThat(must(isNull("missing"))).as("missing is not null").isFalse();
    assertThat(must(hasId(List.of(id(1), id(7))))).isTrue();
    assertThat(must(hasId(List.of(id(1))))).isFalse();
  }

  @Test
  void mustShouldMustNotMinShouldAndNestedFilters() {
    Condition c3 = matchKeyword("category", "c3");
    Condition c4 = matchKeyword("category", "c4");
    Condition red = matchKeyword("tags", "red");
    assertThat(
            FilterMatcher.matches(
                Filter.newBuilder().addShould(c4).addShould(red).build(), ID, POINT))
        .isTrue();
    assertThat(FilterMatcher.matches(Filter.newBuilder().addShould(c4).build(), ID, POINT))
        .isFalse();
    assertThat(FilterMatcher.matches(Filter.newBuilder().addMustNot(c3).build(), ID, POINT))
        .isFalse();
    Filter twoOfThree =
        Filter.newBuilder()
            .setMinShould(
                MinShould.newBuilder().addAllConditions(List.of(c3, c4, red)).setMinCount(2))
            .build();
    assertThat(FilterMatcher.matches(twoOfThree, ID, POINT)).isTrue();
    Filter threeOfThree =
        twoOfThree.toBuilder()
            .setMinShould(twoOfThree.getMinShould().toBuilder().setMinCount(3))
            .build();
    assertThat(FilterMatcher.matches(threeOfThree, ID, POINT)).isFalse();
    Filter nested = Filter.newBuilder().addMustNot(c4).build();
    assertThat(must(c3, filter(nested))).isTrue();
    assertThat(FilterMatcher.matches(Filter.getDefaultInstance(), ID, POINT))
        .as("an empty filter admits everything")
        .isTrue();
  }

  @Test
  void conditionsTheDoubleDoesNotImplementAreRefusedByName() {
    assertThatThrownBy(() -> must(geoRadius("where", 52.0, 4.0, 1000f)))
        .isInstanceOf(FilterMatcher.UnsupportedFilterException.class)
        .hasMessageContaining("geo");
    assertThatThrownBy(() -> must(matchText("category", "c")))
        .isInstanceOf(FilterMatcher.UnsupportedFilterException.class)
        .hasMessageContaining("TEXT");
  }
}
