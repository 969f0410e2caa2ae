package io.qharness.testcluster;

import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.FieldCondition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Match;
import io.qdrant.client.grpc.Common.PointId;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.JsonWithInt.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates Qdrant payload filters against a point: must / should / must_not / min_should, field
 * match (keyword, integer, bool, any-of, except), range, is_empty, is_null, has_id and nested
 * filters. Other conditions (geo, full text, datetime, nested arrays) are refused with a clear
 * message rather than silently mis-evaluated.
 */
final class FilterMatcher {
  private FilterMatcher() {}

  /** Thrown for filter conditions the test cluster does not implement. */
  static final class UnsupportedFilterException extends RuntimeException {
    UnsupportedFilterException(String message) {
      super(message);
    }
  }

  static boolean matches(Filter filter, PointId id, Map<String, Value> payload) {
    for (Condition c : filter.getMustList()) {
      if (!matches(c, id, payload)) {
        return false;
      }
    }
    for (Condition c : filter.getMustNotList()) {
      if (matches(c, id, payload)) {
        return false;
      }
    }
    if (filter.getShouldCount() > 0) {
      boolean any = false;
      for (Condition c : filter.getShouldList()) {
        if (matches(c, id, payload)) {
          any = true;
          break;
        }
      }
      if (!any) {
        return false;
      }
    }
    if (filter.hasMinShould()) {
      long hits = 0;
      for (Condition c : filter.getMinShould().getConditionsList()) {
        if (matches(c, id, payload)) {
          hits++;
        }
      }
      return hits >= filter.getMinShould().getMinCount();
    }
    return true;
  }

  private static boolean matches(Condition c, PointId id, Map<String, Value> payload) {
    switch (c.getConditionOneOfCase()) {
      case FIELD:
        return field(c.getField(), payload);
      case FILTER:
        return matches(c.getFilter(), id, payload);
      case HAS_ID:
        return c.getHasId().getHasIdList().contains(id);
      case IS_EMPTY:
        return values(payload, c.getIsEmpty().getKey()).isEmpty();
      case IS_NULL:
        return isNull(payload, c.getIsNull().getKey());
      default:
        throw new UnsupportedFilterException(
            "the qharness test cluster does not implement the "
                + c.getConditionOneOfCase()
                + " filter condition; supported: field match/range, is_empty, is_null, has_id,"
                + " nested filter");
    }
  }

  private static boolean field(FieldCondition f, Map<String, Value> payload) {
    List<Value> values = values(payload, f.getKey());
    if (f.hasIsEmpty() && f.getIsEmpty() != values.isEmpty()) {
      return false;
    }
    if (f.hasIsNull() && f.getIsNull() != isNull(payload, f.getKey())) {
      return false;
    }
    if (f.hasGeoBoundingBox()
        || f.hasGeoRadius()
        || f.hasGeoPolygon()
        || f.hasDatetimeRange()
        || f.hasValuesCount()) {
      throw new UnsupportedFilterException(
          "the qharness test cluster does not implement geo, datetime or values_count conditions"
              + " (key '"
              + f.getKey()
              + "')");
    }
    if (values.isEmpty() && !f.hasIsEmpty() && !f.hasIsNull()) {
      return false; // as Qdrant: a missing field matches no condition on its values, not even
      // except
    }
    if (f.hasMatch() && !match(f.getMatch(), values)) {
      return false;
    }
    if (f.hasRange() && !range(f.getRange(), values)) {
      return false;
    }
    return true;
  }

  private static boolean match(Match m, List<Value> values) {
    switch (m.getMatchValueCase()) {
      case KEYWORD:
        return values.stream()
            .anyMatch(v -> v.hasStringValue() && v.getStringValue().equals(m.getKeyword()));
      case INTEGER:
        return values.stream()
            .anyMatch(v -> v.hasIntegerValue() && v.getIntegerValue() == m.getInteger());
      case BOOLEAN:
        return values.stream()
            .anyMatch(v -> v.hasBoolValue() && v.getBoolValue() == m.getBoolean());
      case KEYWORDS:
        return values.stream()
            .anyMatch(
                v ->
                    v.hasStringValue()
                        && m.getKeywords().getStringsList().contains(v.getStringValue()));
      case INTEGERS:
        return values.stream()
            .anyMatch(
                v ->
                    v.hasIntegerValue()
                        && m.getIntegers().getIntegersList().contains(v.getIntegerValue()));
      // as Qdrant: any value outside the list matches (values of another type are outside it)
      case EXCEPT_KEYWORDS:
        return values.stream()
            .anyMatch(
                v ->
                    !(v.hasStringValue()
                        && m.getExceptKeywords().getStringsList().contains(v.getStringValue())));
      case EXCEPT_INTEGERS:
        return values.stream()
            .anyMatch(
                v ->
                    !(v.hasIntegerValue()
                        && m.getExceptIntegers().getIntegersList().contains(v.getIntegerValue())));
      default:
        throw new UnsupportedFilterException(
            "the qharness test cluster does not implement match on "
                + m.getMatchValueCase()
                + "; supported: keyword, integer, boolean, keywords, integers, except_keywords,"
                + " except_integers");
    }
  }

  private static boolean range(Range r, List<Value> values) {
    for (Value v : values) {
      double x;
      if (v.hasIntegerValue()) {
        x = v.getIntegerValue();
      } else if (v.hasDoubleValue()) {
        x = v.getDoubleValue();
      } else {
        continue;
      }
      if ((!r.hasLt() || x < r.getLt())
          && (!r.hasLte() || x <= r.getLte())
          && (!r.hasGt() || x > r.getGt())
          && (!r.hasGte() || x >= r.getGte())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isNull(Map<String, Value> payload, String key) {
    Value v = lookup(payload, key);
    return v != null && v.hasNullValue();
  }

  /** The non-null values at a dotted key path; lists are flattened, as Qdrant does. */
  static List<Value> values(Map<String, Value> payload, String key) {
    Value v = lookup(payload, key);
    List<Value> out = new ArrayList<>();
    if (v == null || v.hasNullValue()) {
      return out;
    }
    if (v.hasListValue()) {
      for (Value e : v.getListValue().getValuesList()) {
        if (!e.hasNullValue()) {
          out.add(e);
        }
      }
    } else {
      out.add(v);
    }
    return out;
  }

  private static Value lookup(Map<String, Value> payload, String key) {
    Value v = payload.get(key);
    if (v != null || key.indexOf('.') < 0) {
      return v;
    }
    Map<String, Value> current = payload;
    String[] parts = key.split("\\.");
    for (int i = 0; i < parts.length; i++) {
      Value next = current.get(parts[i]);
      if (next == null) {
        return null;
      }
      if (i == parts.length - 1) {
        return next;
      }
      if (!next.hasStructValue()) {
        return null;
      }
      current = next.getStructValue().getFieldsMap();
    }
    return null;
  }
}
