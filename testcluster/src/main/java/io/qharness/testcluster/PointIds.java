package io.qharness.testcluster;

import io.qdrant.client.grpc.Common.PointId;
import java.util.Comparator;

/** Point id helpers: ordering as Qdrant lists them, and placement of an id on a shard. */
final class PointIds {
  private PointIds() {}

  /** Numeric ids ascending, then UUIDs by text. */
  static final Comparator<PointId> ORDER =
      (a, b) -> {
        boolean an = a.hasNum();
        boolean bn = b.hasNum();
        if (an && bn) {
          return Long.compareUnsigned(a.getNum(), b.getNum());
        }
        if (an != bn) {
          return an ? -1 : 1;
        }
        return a.getUuid().compareTo(b.getUuid());
      };

  /** The shard holding an id: a mixed hash of the id modulo the shard count. */
  static int shardOf(PointId id, int shards) {
    long h = id.hasNum() ? id.getNum() : id.getUuid().hashCode();
    // SplitMix64 finaliser: consecutive ids spread evenly over shards.
    h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
    h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
    h = h ^ (h >>> 31);
    return (int) Long.remainderUnsigned(h, shards);
  }

  static String describe(PointId id) {
    return id.hasNum() ? Long.toUnsignedString(id.getNum()) : id.getUuid();
  }
}
