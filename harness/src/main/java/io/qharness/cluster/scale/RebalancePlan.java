package io.qharness.cluster.scale;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which shard replicas to move (or copy) to spread a collection onto a new peer, or off a peer
 * being drained. Plans only from Active replicas, deterministically (ties go to the lowest shard
 * and peer id), and refuses what would lose data or silently lower a shard's replication.
 */
public final class RebalancePlan {
  /** One shard transfer: {@code copy} replicates, otherwise the replica moves. */
  public record Step(int shard, long from, long to, boolean copy) {}

  private RebalancePlan() {}

  /**
   * Moves (or copies) replicas onto {@code newPeer} until it holds its even share of the
   * collection's replicas, at most {@code maxSteps} (0: as many as the even share needs), each from
   * the peer that holds the most.
   *
   * @param peers every peer that holds replicas, with the new one
   */
  public static List<Step> spreadOnto(
      Placement placement, long newPeer, Collection<Long> peers, boolean copy, int maxSteps) {
    if (!peers.contains(newPeer)) {
      throw new IllegalArgumentException("peer " + newPeer + " is not among " + peers);
    }
    SortedMap<Integer, SortedMap<Long, Placement.Replica>> replicas = active(placement);
    Map<Long, Integer> count = counts(replicas, peers);
    int total = count.values().stream().mapToInt(Integer::intValue).sum();
    int share = copy ? (total + count.size() - 1) / count.size() : total / count.size();
    int wanted = Math.max(0, share - count.get(newPeer));
    if (maxSteps > 0) {
      wanted = Math.min(wanted, maxSteps);
    }
    List<Step> steps = new ArrayList<>();
    for (int k = 0; k < wanted; k++) {
      Step best = null;
      int bestLoad = -1;
      for (Map.Entry<Integer, SortedMap<Long, Placement.Replica>> e : replicas.entrySet()) {
        if (e.getValue().containsKey(newPeer)) {
          continue;
        }
        for (long from : e.getValue().keySet()) {
          int load = count.getOrDefault(from, 0);
          if (load > bestLoad) { // most loaded donor first; the lowest shard and peer on a tie
            best = new Step(e.getKey(), from, newPeer, copy);
            bestLoad = load;
          }
        }
      }
      if (best == null) {
        break; // every shard is on the new peer already
      }
      steps.add(best);
      SortedMap<Long, Placement.Replica> on = replicas.get(best.shard());
      Placement.Replica r = on.get(best.from());
      if (!copy) {
        on.remove(best.from());
        count.merge(best.from(), -1, Integer::sum);
      }
      on.put(newPeer, new Placement.Replica(best.shard(), newPeer, r.state(), r.points()));
      count.merge(newPeer, 1, Integer::sum);
    }
    return steps;
  }

  /**
   * Moves every replica off {@code peer} to the least loaded of {@code remaining} that lacks the
   * shard. Refuses, naming the shard, when a replica has nowhere to go: moving it is impossible and
   * dropping it would lower the shard's replication, or leave it with no replica at all.
   */
  public static List<Step> drain(Placement placement, long peer, Collection<Long> remaining) {
    SortedMap<Integer, SortedMap<Long, Placement.Replica>> all = placement.replicas();
    SortedMap<Integer, SortedMap<Long, Placement.Replica>> replicas = active(placement);
    Map<Long, Integer> count = counts(replicas, remaining);
    List<Step> steps = new ArrayList<>();
    for (Map.Entry<Integer, SortedMap<Long, Placement.Replica>> e : all.entrySet()) {
      int shard = e.getKey();
      if (!e.getValue().containsKey(peer)) {
        continue;
      }
      if (!e.getValue().get(peer).active()) {
        throw new IllegalStateException(
            "draining peer "
                + peer
                + ": its replica of shard "
                + shard
                + " is "
                + e.getValue().get(peer).state()
                + ", not Active, so it cannot be moved; wait until the shard is Active again");
      }
      Long to = null;
      for (long candidate : remaining) {
        if (candidate != peer
            && !e.getValue().containsKey(candidate)
            && (to == null || count.get(candidate) < count.get(to))) {
          to = candidate;
        }
      }
      if (to == null) {
        long others =
            e.getValue().values().stream().filter(r -> r.peer() != peer && r.active()).count();
        throw new IllegalStateException(
            "draining peer "
                + peer
                + " would "
                + (others == 0
                    ? "leave shard " + shard + " without a replica"
                    : "lower shard "
                        + shard
                        + " from "
                        + e.getValue().size()
                        + " replicas to "
                        + others)
                + ": every remaining peer holds it already; add a node before draining this one");
      }
      steps.add(new Step(shard, peer, to, false));
      count.merge(to, 1, Integer::sum);
    }
    return steps;
  }

  private static SortedMap<Integer, SortedMap<Long, Placement.Replica>> active(Placement p) {
    SortedMap<Integer, SortedMap<Long, Placement.Replica>> out = new TreeMap<>();
    p.replicas()
        .forEach(
            (shard, peers) -> {
              SortedMap<Long, Placement.Replica> on = new TreeMap<>();
              peers.forEach(
                  (peer, r) -> {
                    if (r.active()) {
                      on.put(peer, r);
                    }
                  });
              out.put(shard, on);
            });
    return out;
  }

  private static Map<Long, Integer> counts(
      SortedMap<Integer, SortedMap<Long, Placement.Replica>> replicas, Collection<Long> peers) {
    Map<Long, Integer> count = new TreeMap<>();
    peers.forEach(p -> count.put(p, 0));
    replicas.values().forEach(on -> on.keySet().forEach(p -> count.merge(p, 1, Integer::sum)));
    return count;
  }
}
