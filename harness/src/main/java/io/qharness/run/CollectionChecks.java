package io.qharness.run;

import io.qharness.cluster.ExistingCollection;
import io.qharness.cluster.Target;
import io.qharness.cluster.TenantCollection;
import io.qharness.cluster.WriteAudit;
import io.qharness.config.Catalog;
import io.qharness.config.ConfigException;
import io.qharness.config.Settings;
import io.qharness.grpc.NodeAddress;
import io.qharness.grpc.QdrantNodes;
import io.qharness.metrics.AckedWrites;
import io.qharness.results.RunFile.ReusedCollection;
import io.qharness.results.RunFile.Section;
import io.qharness.results.RunRecord;
import io.qharness.workload.Dataset;
import io.qharness.workload.PayloadGenerator;
import io.qharness.workload.PayloadIndexing;
import io.qharness.workload.tenants.TenantLayout;
import io.qharness.workload.vectors.VectorDistance;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * What a run checks on the collection outside the load, over its own channels: before the load,
 * that a reused collection holds this run's data set; after it, that every acknowledged write is
 * there (the write audit).
 */
final class CollectionChecks {
  private final Settings settings;
  private final Target target;
  private final RunRecord record;
  private final PrintStream out;
  private final AckedWrites acked;

  CollectionChecks(Settings settings, Target target, RunRecord record, PrintStream out) {
    this.settings = settings;
    this.target = target;
    this.record = record;
    this.out = out;
    this.acked = settings.get(Catalog.AUDIT) ? new AckedWrites() : null;
  }

  /** The acknowledged writes the protocol records for the audit; null when audit=false. */
  AckedWrites acked() {
    return acked;
  }

  WriteAudit.Result audit(Dataset d, VectorDistance distance) {
    if (acked == null) {
      return null;
    }
    WriteAudit.Result r;
    try (QdrantNodes nodes = adminNodes()) {
      r =
          WriteAudit.verify(
              nodes,
              settings.get(Catalog.COLLECTION),
              acked,
              settings.get(Catalog.AUDIT_VECTORS) && d != null ? d.vectorsInUse() : null,
              distance,
              settings.get(Catalog.DEADLINE));
    } catch (RuntimeException e) {
      out.println("qharness write audit could not run: " + e.getMessage());
      record.put(Section.AUDIT, Map.of("error", String.valueOf(e.getMessage())), true);
      return null;
    }
    out.println(r.summary());
    record.put(Section.AUDIT, r, true);
    return r;
  }

  /**
   * Throws what {@code refuse} makes of the reasons when a reused collection is not laid out as the
   * run's tenants say (tenant index, shard keys, sampled points' tenants).
   */
  void requireTenants(TenantLayout layout, Function<String, ConfigException> refuse) {
    String name = settings.get(Catalog.COLLECTION);
    List<String> problems;
    try (QdrantNodes nodes = adminNodes()) {
      problems =
          TenantCollection.problems(
              name,
              TenantCollection.read(nodes, name, layout, settings.get(Catalog.DEADLINE)),
              layout);
    } catch (IllegalStateException e) {
      throw refuse.apply("upload=false, but " + e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw refuse.apply("upload=false, but " + String.join("; ", problems));
    }
  }

  /** Throws what {@code refuse} makes of the reason when the collection does not hold the data. */
  void requireLoaded(Dataset d, VectorDistance distance, Function<String, ConfigException> refuse) {
    requireLoaded(d, distance, settings.get(Catalog.FILTERED_SEARCH_RATE) > 0, refuse);
  }

  /** As above; {@code categoryFilters}: the run's filtered searches need the payload index. */
  void requireLoaded(
      Dataset d,
      VectorDistance distance,
      boolean categoryFilters,
      Function<String, ConfigException> refuse) {
    String name = settings.get(Catalog.COLLECTION);
    if (target.embedded()) {
      throw refuse.apply(
          "upload=false needs hosts (a cluster loaded earlier): the embedded test cluster starts"
              + " empty on every run");
    }
    ExistingCollection.Check c;
    try (QdrantNodes nodes = adminNodes()) {
      c =
          ExistingCollection.check(
              nodes,
              name,
              settings.isSet(Catalog.VECTOR_NAME) ? settings.get(Catalog.VECTOR_NAME) : null,
              d.dimension(),
              distance,
              d.points(),
              settings.get(Catalog.DEADLINE));
    } catch (IllegalStateException e) {
      throw refuse.apply("upload=false, but " + e.getMessage());
    }
    List<String> problems = new ArrayList<>(c.problems());
    if (!c.otherVectors().isEmpty() && settings.get(Catalog.UPSERT_RATE) > 0) {
      // an upsert replaces the whole point: the vectors it does not carry would be dropped
      problems.add(
          "collection `"
              + name
              + "` has other vectors ("
              + String.join(", ", c.otherVectors())
              + ") that upserts of `"
              + settings.get(Catalog.VECTOR_NAME)
              + "` alone would drop; set upsertRate=0");
    }
    String field =
        settings.isSet(Catalog.FILTER_SELECTIVITY)
            ? PayloadGenerator.RANK
            : PayloadGenerator.CATEGORY;
    boolean indexed = c.payloadIndexes().contains(field);
    boolean wanted = settings.get(Catalog.PAYLOAD_INDEX) != PayloadIndexing.NONE;
    if (categoryFilters && indexed != wanted) {
      // filtered recall and latency depend on it: the run would not measure the workload it names
      problems.add(
          "collection `"
              + name
              + "` has "
              + (indexed ? "a" : "no")
              + " payload index on `"
              + field
              + "` and the run says payloadIndex="
              + settings.get(Catalog.PAYLOAD_INDEX).name().toLowerCase(Locale.ROOT));
    }
    if (!problems.isEmpty()) {
      throw refuse.apply(
          "upload=false, but "
              + String.join("; ", problems)
              + ": load it first with the same dataset, dim, points, distance, seed,"
              + " payloadIndex and filterSelectivity (./qharness run Load ...), or run with"
              + " upload=true");
    }
    record.put(Section.REUSED_COLLECTION, new ReusedCollection(name, c.points()), true);
    out.printf(
        Locale.ROOT,
        "qharness: upload=false: collection `%s` holds the data set's %,d points; not reloaded%n",
        name,
        c.points());
  }

  /**
   * One channel to each target node with the run's key, TLS and deadline, for calls outside the
   * load.
   */
  private QdrantNodes adminNodes() {
    List<NodeAddress> hosts = new ArrayList<>();
    target.grpcAddresses().forEach(a -> hosts.add(NodeAddress.parse(a)));
    return new QdrantNodes(hosts, Target.adminConnection(settings));
  }
}
