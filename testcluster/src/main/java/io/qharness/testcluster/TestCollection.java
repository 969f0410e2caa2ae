package io.qharness.testcluster;

import io.qdrant.client.grpc.Collections.CreateCollection;
import io.qdrant.client.grpc.Collections.PayloadIndexParams;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A collection in the test cluster: its creation request (echoed back by GetCollectionInfo), the
 * vector parameters, and shard_number shards each with up to replication_factor replicas placed
 * round-robin over the nodes, so that with 3 nodes and replication 2 any one node can be lost.
 */
final class TestCollection {
  final String name;
  final CreateCollection request;
  final int dim;
  final Similarity distance;
  final int shardNumber;
  final int replicationFactor;
  final int writeConsistencyFactor;

  /** Per shard its replicas; copy-on-write, since shard transfers add and remove replicas. */
  final List<List<Replica>> shards;

  /** Shard transfers running now. */
  final List<ShardTransfer> transfers = new CopyOnWriteArrayList<>();

  final AtomicLong operations = new AtomicLong();

  /**
   * Payload indexes by field. The double filters by scanning payloads whatever is indexed; it keeps
   * them only to report them as Qdrant does (payload_schema).
   */
  final Map<String, PayloadSchemaType> payloadIndexes = new ConcurrentHashMap<>();

  /** The parameters each index was created with (is_tenant, ...), when given. */
  final Map<String, PayloadIndexParams> payloadIndexParams = new ConcurrentHashMap<>();

  /** While System.nanoTime() is before this, the collection reports Yellow (optimising). */
  volatile long optimisingUntilNanos;

  /** One optimisation window: from the write that started it to the end of the Yellow status. */
  record Window(String uuid, long startNanos, long endNanos) {}

  /** The last windows, oldest first, as many as Qdrant keeps trackers per shard. */
  private final java.util.ArrayDeque<Window> windows = new java.util.ArrayDeque<>();

  /** A write at {@code now} makes the collection optimise for {@code delayNanos} from now. */
  synchronized void optimiseAfterWrite(long now, long delayNanos) {
    Window last = windows.peekLast();
    if (last != null && now < last.endNanos()) {
      windows.pollLast();
      windows.addLast(new Window(last.uuid(), last.startNanos(), now + delayNanos));
    } else {
      windows.addLast(new Window(UUID.randomUUID().toString(), now, now + delayNanos));
      if (windows.size() > 16) {
        windows.pollFirst();
      }
    }
    optimisingUntilNanos = now + delayNanos;
  }

  synchronized List<Window> optimisationWindows() {
    return List.copyOf(windows);
  }

  /**
   * Grey: optimisations pending until the next update operation triggers them (as after a Qdrant
   * restart).
   */
  volatile boolean optimisationsPending;

  /** Red: the optimiser failed with this error and did not recover; null when fine. */
  volatile String optimiserError;

  TestCollection(
      CreateCollection request,
      int dim,
      Similarity distance,
      int shardNumber,
      int replicationFactor,
      int writeConsistencyFactor,
      List<Integer> placementNodes) {
    this.name = request.getCollectionName();
    this.request = request;
    this.dim = dim;
    this.distance = distance;
    this.shardNumber = shardNumber;
    this.replicationFactor = replicationFactor;
    this.writeConsistencyFactor = writeConsistencyFactor;
    List<List<Replica>> s = new ArrayList<>(shardNumber);
    int copies = Math.min(replicationFactor, placementNodes.size());
    for (int shard = 0; shard < shardNumber; shard++) {
      List<Replica> replicas = new ArrayList<>(copies);
      for (int r = 0; r < copies; r++) {
        int node = placementNodes.get((shard + r) % placementNodes.size());
        replicas.add(new Replica(shard, node, new PointStore(dim)));
      }
      s.add(new CopyOnWriteArrayList<>(replicas));
    }
    this.shards = List.copyOf(s);
  }
}
