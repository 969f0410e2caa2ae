package io.qharness.workload.filtered;

import com.fasterxml.jackson.databind.JsonNode;
import io.qdrant.client.grpc.Common.Condition;
import io.qdrant.client.grpc.Common.FieldCondition;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.GeoPoint;
import io.qdrant.client.grpc.Common.GeoRadius;
import io.qdrant.client.grpc.Common.Match;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.Common.RepeatedIntegers;
import io.qdrant.client.grpc.Common.RepeatedStrings;
import io.qdrant.client.grpc.Points.FieldType;
import java.util.Iterator;
import java.util.Map;

/**
 * The filter conditions of Qdrant's filtered benchmark data sets (tests.jsonl, as
 * vector-db-benchmark reads them) as Qdrant filters: {@code {"and": [...], "or": [...]}}, each
 * entry {@code {field: {kind: criteria}}} with kinds match (value), match_any (any), match_text
 * (text), range (gt, gte, lt, lte) and geo (lat, lon, radius in metres). "and" entries become must,
 * "or" entries should.
 */
public final class Conditions {
  private Conditions() {}

  /** The filter, or null for no conditions; {@code where} names the line in errors. */
  public static Filter filter(JsonNode conditions, String where) {
    if (conditions == null || conditions.isNull() || conditions.isEmpty()) {
      return null;
    }
    Filter.Builder f = Filter.newBuilder();
    for (Iterator<Map.Entry<String, JsonNode>> it = conditions.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> op = it.next();
      boolean and = op.getKey().equals("and");
      if (!and && !op.getKey().equals("or")) {
        throw new IllegalArgumentException(
            where + ": unknown operator '" + op.getKey() + "'; expected and / or");
      }
      for (JsonNode entry : op.getValue()) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = entry.fields(); fields.hasNext(); ) {
          Map.Entry<String, JsonNode> field = fields.next();
          for (Iterator<Map.Entry<String, JsonNode>> kinds = field.getValue().fields();
              kinds.hasNext(); ) {
            Map.Entry<String, JsonNode> kind = kinds.next();
            Condition c =
                Condition.newBuilder()
                    .setField(condition(field.getKey(), kind.getKey(), kind.getValue(), where))
                    .build();
            if (and) {
              f.addMust(c);
            } else {
              f.addShould(c);
            }
          }
        }
      }
    }
    return f.build();
  }

  private static FieldCondition condition(String key, String kind, JsonNode v, String where) {
    FieldCondition.Builder c = FieldCondition.newBuilder().setKey(key);
    switch (kind) {
      case "match" -> {
        JsonNode value = v.path("value");
        Match.Builder m = Match.newBuilder();
        if (value.isIntegralNumber()) {
          m.setInteger(value.asLong());
        } else if (value.isBoolean()) {
          m.setBoolean(value.asBoolean());
        } else if (value.isTextual()) {
          m.setKeyword(value.asText());
        } else {
          throw new IllegalArgumentException(
              where + ": match on '" + key + "' needs a string, integer or boolean value");
        }
        c.setMatch(m);
      }
      case "match_any" -> {
        JsonNode any = v.path("any");
        if (any.size() > 0 && any.get(0).isIntegralNumber()) {
          RepeatedIntegers.Builder r = RepeatedIntegers.newBuilder();
          any.forEach(x -> r.addIntegers(x.asLong()));
          c.setMatch(Match.newBuilder().setIntegers(r));
        } else {
          RepeatedStrings.Builder r = RepeatedStrings.newBuilder();
          any.forEach(x -> r.addStrings(x.asText()));
          c.setMatch(Match.newBuilder().setKeywords(r));
        }
      }
      case "match_text" -> c.setMatch(Match.newBuilder().setText(v.path("text").asText()));
      case "range" -> {
        Range.Builder r = Range.newBuilder();
        if (v.has("gt")) {
          r.setGt(v.get("gt").asDouble());
        }
        if (v.has("gte")) {
          r.setGte(v.get("gte").asDouble());
        }
        if (v.has("lt")) {
          r.setLt(v.get("lt").asDouble());
        }
        if (v.has("lte")) {
          r.setLte(v.get("lte").asDouble());
        }
        c.setRange(r);
      }
      case "geo" ->
          c.setGeoRadius(
              GeoRadius.newBuilder()
                  .setCenter(
                      GeoPoint.newBuilder()
                          .setLat(v.path("lat").asDouble())
                          .setLon(v.path("lon").asDouble()))
                  .setRadius((float) v.path("radius").asDouble()));
      default ->
          throw new IllegalArgumentException(
              where
                  + ": unknown condition '"
                  + kind
                  + "' on '"
                  + key
                  + "'; expected match, match_any, match_text, range or geo");
    }
    return c.build();
  }

  /**
   * The payload index a condition's field needs: keyword or integer for matches, float for ranges,
   * geo, text. Null when the conditions do not say.
   */
  public static FieldType indexFor(String kind, JsonNode criteria) {
    return switch (kind) {
      case "match" ->
          criteria.path("value").isIntegralNumber()
              ? FieldType.FieldTypeInteger
              : criteria.path("value").isBoolean()
                  ? FieldType.FieldTypeBool
                  : FieldType.FieldTypeKeyword;
      case "match_any" ->
          criteria.path("any").size() > 0 && criteria.path("any").get(0).isIntegralNumber()
              ? FieldType.FieldTypeInteger
              : FieldType.FieldTypeKeyword;
      case "match_text" -> FieldType.FieldTypeText;
      case "range" -> FieldType.FieldTypeFloat;
      case "geo" -> FieldType.FieldTypeGeo;
      default -> null;
    };
  }
}
