package io.qharness.protocol;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.qharness.protocol.Qdrant.pointCount;
import static io.qharness.protocol.Qdrant.qdrant;
import static io.qharness.protocol.Qdrant.recall;
import static io.qharness.protocol.Qdrant.resultCount;
import static io.qharness.protocol.Qdrant.resultIds;
import static io.qharness.protocol.Qdrant.scores;
import static io.qharness.protocol.Qdrant.topScore;
import static io.qharness.protocol.Qdrant.updateStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.qdrant.client.grpc.Collections.Datatype;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.PayloadIndexParams;
import io.qdrant.client.grpc.Collections.QuantizationConfig;
import io.qdrant.client.grpc.Collections.ScalarQuantization;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Points.FieldType;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.ReadConsistencyType;
import io.qdrant.client.grpc.Points.UpdateStatus;
import io.qdrant.client.grpc.Points.WriteOrderingType;
import io.qharness.metrics.AckedWrites;
import io.qharness.metrics.RunListener;
import io.qharness.workload.PointBatches;
import io.qharness.workload.QuerySet;
import io.qharness.workload.RecommendQuerySet;
import io.qharness.workload.hybrid.HybridQuerySet;
import io.qharness.workload.multi.MultiVectorQuerySet;
import io.qharness.workload.sparse.SparseVector;
import io.qharness.workload.vectors.VectorDistance;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Every method of the public DSL, called once as a user would: the compiler proves each exists with
 * the types shown, and the test below proves none was left out (a DSL method nobody calls is dead
 * or untested).
 */
class DslCompileTest {
  /** A simulation using every DSL method; compiled, never run. */
  static final class EveryMethod extends Simulation {
    {
      QuerySet queries = new QuerySet(new float[][] {{1, 0}}, new long[][] {{1}}, "dsl");
      MultiVectorQuerySet multi =
          new MultiVectorQuerySet(new float[][][] {{{1, 0}, {0, 1}}}, new long[][] {{1}});
      HybridQuerySet hybrid =
          new HybridQuerySet(
              new float[][] {{1, 0}},
              new SparseVector[] {new SparseVector(new int[] {3}, new float[] {1})},
              new long[][] {{1}},
              "dsl");
      PointBatches batches = new PointBatches(null, 16, PointBatches.Mode.SEQUENTIAL, id -> null);
      Filter filter = Filter.getDefaultInstance();
      QdrantProtocolBuilder protocol =
          qdrant()
              .hosts("127.0.0.1:6334")
              .hosts(List.of("127.0.0.1:6334", "127.0.0.1:6344"))
              .nodeSelection(NodeSelection.STICKY)
              .channelsPerNode(2)
              .ioThreads(2)
              .gzipResponses(true)
              .gatlingStats(true)
              .deadline(Duration.ofSeconds(5))
              .apiKey("key")
              .tls(true)
              .caFile("ca.pem")
              .collection("bench")
              .probeTimeout(Duration.ofSeconds(3))
              .reportingInterval(Duration.ofSeconds(1))
              .failover(2, 0.1, Duration.ofSeconds(1))
              .outlierEjection(5, Duration.ofSeconds(1))
              .outlierEjection(false)
              .standbyHosts("127.0.0.1:6364")
              .membership(new NodeMembership())
              .auditWrites(new AckedWrites())
              .stopOnInvalidInput(false)
              .readiness(
                  c -> CompletableFuture.completedFuture(new ReadinessCheck.State(true, "ready")))
              .console(System.err)
              .listeners(new RunListener() {});

      OpenLoad load =
          OpenLoad.constant(100, Duration.ofSeconds(10))
              .thenRamp(100, 200, Duration.ofSeconds(10))
              .thenConstant(200, Duration.ofSeconds(10));
      OpenLoad ramp = OpenLoad.ramp(1, 10, Duration.ofSeconds(5)).until(() -> false).slice(0, 2);
      long arrivals =
          load.arrivals()
              + ramp.offsetNanos(1)
              + (long) ramp.rateAt(0)
              + load.duration().toSeconds()
              + (ramp.ended() ? 1 : 0);
      NodeMembership members = new NodeMembership();
      members.bind(List.of("127.0.0.1:6364"), (node, serving) -> {});
      members.admit("127.0.0.1:6364");
      members.retire("127.0.0.1:6364");

      ScenarioBuilder all =
          scenario("every action")
              .exec(
                  qdrant("create")
                      .createCollection()
                      .vectorSize(128)
                      .distance(VectorDistance.DOT.toProto())
                      .shards(4)
                      .replicationFactor(2)
                      .writeConsistencyFactor(1)
                      .hnsw(16, 100)
                      .hnswM(16)
                      .hnswEfConstruct(100)
                      .onDisk(false)
                      .onDiskPayload(true)
                      .indexingThreshold(1000)
                      .fullScanThreshold(10)
                      .quantization(
                          QuantizationConfig.newBuilder()
                              .setScalar(ScalarQuantization.getDefaultInstance())
                              .build())
                      .scalarQuantization(true)
                      .binaryQuantization(true))
              .exec(
                  qdrant("create hybrid")
                      .createCollection()
                      .namedVector("dense", 128, VectorDistance.COSINE.toProto())
                      .namedVector(
                          "small",
                          VectorParams.newBuilder()
                              .setSize(64)
                              .setDistance(Distance.Dot)
                              .setDatatype(Datatype.Float16)
                              .build())
                      .multiVector("colbert", 128, VectorDistance.COSINE.toProto())
                      .sparseVector("sparse", true))
              .exec(
                  qdrant("create uint8").createCollection().vectorSize(8).datatype(Datatype.Uint8))
              .exec(
                  qdrant("hybrid")
                      .hybridQuery()
                      .queries(hybrid)
                      .using("dense", "sparse")
                      .using("dense")
                      .prefetchLimit(50)
                      .limit(10)
                      .fusion(io.qdrant.client.grpc.Points.Fusion.DBSF)
                      .hnswEf(64)
                      .filter(Filter.getDefaultInstance())
                      .withPayload(true))
              .exec(
                  qdrant("late interaction")
                      .multiVectorQuery()
                      .queries(multi)
                      .using("colbert")
                      .limit(10)
                      .hnswEf(64)
                      .readConsistency(2))
              .exec(
                  qdrant("by category")
                      .queryGroups()
                      .queries(queries)
                      .groupBy("category")
                      .groupSize(3)
                      .limit(5))
              .exec(
                  qdrant("more like these")
                      .recommend()
                      .examples(RecommendQuerySet.draw(4, 100, 2, 1, 7))
                      .using("dense")
                      .limit(10)
                      .hnswEf(64)
                      .exact(false)
                      .filter(session -> Filter.getDefaultInstance()))
              .exec(qdrant("delete").deleteCollection().collection("other"))
              .exec(
                  qdrant("create keyed")
                      .createCollection()
                      .vectorSize(8)
                      .customSharding()
                      .hnswOnDisk(true))
              .exec(qdrant("key").createShardKey("tenant-a").shards(2).replicationFactor(2))
              .exec(
                  qdrant("index category")
                      .createPayloadIndex("category", FieldType.FieldTypeKeyword)
                      .tenant(true))
              .exec(
                  qdrant("index rank")
                      .createPayloadIndex("rank", FieldType.FieldTypeInteger)
                      .principal(true))
              .exec(
                  qdrant("index price")
                      .createPayloadIndex("price", FieldType.FieldTypeFloat)
                      .params(PayloadIndexParams.getDefaultInstance()))
              .exec(
                  qdrant("wait")
                      .waitForGreen()
                      .collection("bench")
                      .stablePolls(3)
                      .timeout(Duration.ofMinutes(5))
                      .pollInterval(Duration.ofMillis(500)))
              .exec(
                  qdrant("upload")
                      .upsert()
                      .batches(batches)
                      .points(session -> List.of(PointStruct.getDefaultInstance()))
                      .waitForApply(true)
                      .ordering(WriteOrderingType.Strong)
                      .check(updateStatus().is(UpdateStatus.Completed)))
              .exec(
                  qdrant("search")
                      .search()
                      .queries(queries)
                      .vector(new float[] {1, 0})
                      .vector(session -> new float[] {1, 0})
                      .vectorAttribute("query")
                      .expectedIds(session -> new long[] {1})
                      .limit(10)
                      .hnswEf(64)
                      .exact(false)
                      .quantization(true, 2.0)
                      .filter(filter)
                      .filter(session -> filter)
                      .withPayload(true)
                      .withVectors(false)
                      .scoreThreshold(0.5f)
                      .readConsistency(ReadConsistencyType.Majority)
                      .readConsistency(2)
                      .collection("bench")
                      .collection(session -> "bench")
                      .check(
                          resultCount().is(10),
                          resultCount().gte(1),
                          resultCount().lte(10),
                          resultCount().between(1, 10),
                          scores().between(0, 1),
                          topScore().gte(0.5),
                          topScore().lte(1),
                          resultIds().saveAs("ids"),
                          resultIds().contain(1),
                          recall().atLeast(0.9),
                          recall().countBelow(0.8))
                      .paced(load))
              .exec(
                  qdrant("query")
                      .query()
                      .queries(queries)
                      .nearestId(session -> 1L)
                      .using("dense")
                      .limit(5))
              .exec(qdrant("batch").searchBatch().queries(queries).batchSize(4).limit(5))
              .exec(
                  qdrant("count")
                      .count()
                      .filter(filter)
                      .exact(true)
                      .check(pointCount().is(1), pointCount().gte(1)))
              .exec(
                  qdrant("get")
                      .retrieve()
                      .ids(1, 2, 3)
                      .ids(session -> new long[] {1})
                      .randomIds(1000, 10)
                      .withPayload(true)
                      .withVectors(false));
      setUp(all.injectOpen(atOnceUsers((int) Math.min(1, arrivals)))).protocols(protocol);
    }
  }

  /** The builders, entry points and check builders users call; what they return is all DSL. */
  private static final List<Class<?>> DSL =
      List.of(
          Qdrant.class,
          QdrantRequests.class,
          QdrantProtocolBuilder.class,
          QdrantActionBuilder.class,
          QueryApiActionBuilder.class,
          NearestActionBuilder.class,
          CreateCollectionActionBuilder.class,
          DeleteCollectionActionBuilder.class,
          CreatePayloadIndexActionBuilder.class,
          CreateShardKeyActionBuilder.class,
          WaitForGreenActionBuilder.class,
          UpsertActionBuilder.class,
          SearchActionBuilder.class,
          QueryActionBuilder.class,
          HybridQueryActionBuilder.class,
          MultiVectorQueryActionBuilder.class,
          QueryGroupsActionBuilder.class,
          RecommendActionBuilder.class,
          SearchBatchActionBuilder.class,
          CountActionBuilder.class,
          RetrieveActionBuilder.class,
          QdrantChecks.ResultCount.class,
          QdrantChecks.Scores.class,
          QdrantChecks.TopScore.class,
          QdrantChecks.ResultIds.class,
          QdrantChecks.PointCount.class,
          QdrantChecks.RecallCheck.class,
          QdrantChecks.Update.class,
          OpenLoad.class);

  /**
   * Every public method of each DSL class, overload by overload, is the target of a call in {@link
   * EveryMethod} (read from its bytecode, so a same-named method of another class does not count).
   * A method declared in a shared base (e.g. {@code limit} in QueryApiActionBuilder) counts when
   * called through any of its builders.
   */
  @Test
  void everyDslMethodIsCalledAbove() {
    JavaClasses compiled =
        new ClassFileImporter()
            .importPackagesOf(EveryMethod.class)
            .that(
                DescribedPredicate.describe(
                    "EveryMethod",
                    (JavaClass c) -> c.getName().startsWith(EveryMethod.class.getName())));
    Set<String> called = new HashSet<>();
    for (JavaClass c : compiled) {
      for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
        call.getTarget().resolveMember().ifPresent(m -> called.add(signature(m.reflect())));
      }
    }
    List<String> missing = new ArrayList<>();
    for (Class<?> c : DSL) {
      for (Method m : c.getDeclaredMethods()) {
        boolean api = Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge();
        boolean gatling =
            m.getName().equals("asScala")
                || m.getName().equals("protocol")
                || m.getName().equals("toString");
        if (api && !gatling && !called.contains(signature(m))) {
          missing.add(signature(m));
        }
      }
    }
    assertThat(missing).as("public DSL methods no code calls").isEmpty();
  }

  @Test
  void everyPublicBuilderIsInTheList() {
    JavaClasses protocol =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.qharness.protocol");
    List<String> builders = new ArrayList<>();
    for (JavaClass c : protocol) {
      if (c.getPackageName().equals("io.qharness.protocol")
          && c.getModifiers().contains(JavaModifier.PUBLIC)
          && c.getSimpleName().endsWith("Builder")) {
        builders.add(c.getName());
      }
    }
    assertThat(DSL.stream().map(Class::getName).toList()).containsAll(builders);
  }

  private static String signature(Method m) {
    StringBuilder b = new StringBuilder(m.getDeclaringClass().getSimpleName()).append('.');
    b.append(m.getName()).append('(');
    for (Class<?> p : m.getParameterTypes()) {
      b.append(p.getSimpleName()).append(',');
    }
    return b.append(')').toString();
  }
}
