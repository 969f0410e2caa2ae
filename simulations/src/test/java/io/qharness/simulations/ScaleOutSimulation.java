package io.qharness.simulations;

import io.qharness.config.Catalog;
import io.qharness.config.Settings;

/**
 * The default mixed workload (searches, filtered searches, upserts, each an open model) with a
 * scale event played under it: by default a node joins, shards spread onto it, then it is drained
 * out again ({@code scale=join nodeN; rebalance; drain nodeN}, N the first scale host). The
 * measured load lasts until the event has played and settled ({@code scaleSteady}); {@code
 * duration} only caps it. Each shard transfer is timed and set against the load's latency, errors
 * and recall, the placement is read from every node before and after, and every acknowledged write
 * is audited.
 *
 * <pre>
 * ./qharness run ScaleOut                                      # the test double's spare node
 * ./qharness run ScaleOut --hosts $HOSTS --scale-hosts 127.0.0.1:6364 \
 *     --scale-start-command 'systemctl start qdrant@{n}'       # a real cluster
 * </pre>
 */
public class ScaleOutSimulation extends MixedWorkloadSimulation {
  @Override
  protected Settings defaults(Settings settings) {
    int members =
        settings.isSet(Catalog.HOSTS)
            ? settings.get(Catalog.HOSTS).size()
            : settings.get(Catalog.TEST_CLUSTER_NODES);
    String node = "node" + (members + 1);
    return settings
        .withDefault(
            Catalog.SCALE, "join " + node + "; rebalance; drain " + node, "ScaleOut's default")
        .withDefault(Catalog.DURATION, "15m", "ScaleOut's cap: the load ends with the event");
  }
}
