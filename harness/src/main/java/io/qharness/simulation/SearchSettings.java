package io.qharness.simulation;

import io.qdrant.client.grpc.Points.ReadConsistencyType;
import io.qharness.config.Catalog;
import io.qharness.config.Settings;
import io.qharness.protocol.QueryApiActionBuilder;
import java.util.Locale;

/**
 * The run's search-time settings applied to a search, query or recommendation action, so every
 * simulation honours {@code -Dqharness.hnswEf=...} and the like the same way:
 *
 * <pre>{@code
 * SearchSettings.all(run.settings(), qdrant("search").search().queries(queries).limit(10))
 * }</pre>
 */
public final class SearchSettings {
  private SearchSettings() {}

  /**
   * The search-time settings (hnswEf, exactSearch, readConsistency, rescore, oversampling) applied
   * to a nearest-neighbour action.
   */
  public static <B extends QueryApiActionBuilder<B>> B all(Settings settings, B search) {
    B b = search;
    if (settings.isSet(Catalog.HNSW_EF)) {
      b = b.hnswEf(settings.get(Catalog.HNSW_EF));
    }
    if (settings.get(Catalog.EXACT_SEARCH)) {
      b = b.exact(true);
    }
    return tuning(settings, b);
  }

  /**
   * The search-time settings other than hnswEf and exactSearch: readConsistency, rescore,
   * oversampling, what a response carries (withPayload, withVectors).
   */
  public static <B extends QueryApiActionBuilder<B>> B tuning(Settings settings, B search) {
    if (settings.get(Catalog.WITH_PAYLOAD)) {
      search = search.withPayload(true);
    }
    if (settings.get(Catalog.WITH_VECTORS)) {
      search = search.withVectors(true);
    }
    if (settings.isSet(Catalog.RESCORE) || settings.isSet(Catalog.OVERSAMPLING)) {
      search =
          search.quantization(
              settings.isSet(Catalog.RESCORE) ? settings.get(Catalog.RESCORE) : null,
              settings.isSet(Catalog.OVERSAMPLING) ? settings.get(Catalog.OVERSAMPLING) : null);
    }
    if (settings.isSet(Catalog.VECTOR_NAME)) {
      search = search.using(settings.get(Catalog.VECTOR_NAME));
    }
    if (!settings.isSet(Catalog.READ_CONSISTENCY)) {
      return search;
    }
    String rc = settings.get(Catalog.READ_CONSISTENCY);
    return Character.isDigit(rc.charAt(0))
        ? search.readConsistency(Integer.parseInt(rc))
        : search.readConsistency(
            ReadConsistencyType.valueOf(
                rc.substring(0, 1).toUpperCase(Locale.ROOT) + rc.substring(1)));
  }
}
