package io.qharness.cluster.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Placement as real Qdrant 1.19 reports it, and the plans made from it: spreading onto a new peer,
 * draining one, and the refusals that keep data and replication.
 */
class RebalancePlanTest {
  private static final long A = 1;
  private static final long B = 2;
  private static final long C = 3;
  private static final long D = 4;

  /** Each peer's own view: its local replicas, all Active, points 100 each. */
  private static Placement placement(Map<Long, int[]> shardsByPeer) {
    List<Placement.NodeView> views = new ArrayList<>();
    shardsByPeer.forEach(
        (peer, shards) -> {
          List<Placement.Replica> local = new ArrayList<>();
          for (int s : shards) {
            local.add(new Placement.Replica(s, peer, "Active", 100L));
          }
          views.add(new Placement.NodeView("n" + peer, peer, local, List.of(), List.of(), null));
        });
    return new Placement("c", views);
  }

  /** The default layout: 4 shards x replication 2 over 3 peers (3, 3, 2 replicas). */
  private static Placement fourByTwoOnThree() {
    return placement(
        Map.of(A, new int[] {0, 2, 3}, B, new int[] {0, 1, 3}, C, new int[] {1, 2}, D, new int[0]));
  }

  @Test
  void qdrantsOwnViewIsReadWithItsPartialReplicaAndTransfer() throws Exception {
    Placement.NodeView v;
    try (InputStream in =
        getClass().getResourceAsStream("/golden/collection-cluster-transfer-1.19.json")) {
      v = Placement.view("127.0.0.1:6333", new ObjectMapper().readTree(in).path("result"));
    }
    Placement p = new Placement("sc", List.of(v));
    assertThat(v.peerId()).isEqualTo(3192162875871311L);
    assertThat(v.local())
        .extracting(Placement.Replica::points)
        .containsExactly(4687L, 5991L, 4738L);
    assertThat(p.replica(1, 1871405063308653L).state()).isEqualTo("Partial");
    assertThat(p.transfers())
        .containsExactly(
            new Placement.Transfer(1, 3192162875871311L, 1871405063308653L, "stream_records", ""));
    assertThat(p.settled()).isFalse();
    assertThat(p.describe(Map.of(3192162875871311L, "node1", 1871405063308653L, "node4")))
        .contains("shard 1: node4 Partial, peer 2634174858213445 Active, node1 Active")
        .contains("transfer of shard 1 node1 -> node4 (stream_records)");
  }

  @Test
  void aNewPeerGetsItsEvenShareFromTheMostLoadedPeers() {
    List<RebalancePlan.Step> steps =
        RebalancePlan.spreadOnto(fourByTwoOnThree(), D, List.of(A, B, C, D), false, 0);
    assertThat(steps).hasSize(2); // 8 replicas over 4 peers
    assertThat(steps).allMatch(s -> s.to() == D && !s.copy());
    assertThat(steps).extracting(RebalancePlan.Step::from).containsExactlyInAnyOrder(A, B);
    assertThat(steps).extracting(RebalancePlan.Step::shard).doesNotHaveDuplicates();
  }

  @Test
  void copiesAndAStepLimitAreHonoured() {
    List<RebalancePlan.Step> steps =
        RebalancePlan.spreadOnto(fourByTwoOnThree(), D, List.of(A, B, C, D), true, 1);
    assertThat(steps).hasSize(1);
    assertThat(steps.get(0).copy()).isTrue();
  }

  @Test
  void aDrainMovesEveryReplicaToTheLeastLoadedPeerThatLacksIt() {
    Placement p =
        placement(
            Map.of(
                A,
                new int[] {0, 3},
                B,
                new int[] {1, 3},
                C,
                new int[] {1, 2},
                D,
                new int[] {0, 2}));
    List<RebalancePlan.Step> steps = RebalancePlan.drain(p, D, List.of(A, B, C));
    assertThat(steps).hasSize(2).allMatch(s -> s.from() == D);
    assertThat(steps)
        .allSatisfy(
            s -> assertThat(p.replica(s.shard(), s.to())).as("no shard twice on a peer").isNull());
  }

  @Test
  void aDrainThatWouldLowerReplicationOrLoseAShardIsRefused() {
    Placement full = placement(Map.of(A, new int[] {0}, B, new int[] {0}, C, new int[] {0}));
    assertThatThrownBy(() -> RebalancePlan.drain(full, C, List.of(A, B)))
        .hasMessageContaining("would lower shard 0 from 3 replicas to 2")
        .hasMessageContaining("add a node before draining");

    Placement only = placement(Map.of(A, new int[] {1}, B, new int[0]));
    assertThat(RebalancePlan.drain(only, A, List.of(B)))
        .containsExactly(new RebalancePlan.Step(1, A, B, false));
    Placement lonely = placement(Map.of(A, new int[] {1}));
    assertThatThrownBy(() -> RebalancePlan.drain(lonely, A, List.of()))
        .hasMessageContaining("leave shard 1 without a replica");
  }
}
