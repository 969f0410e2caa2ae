package io.qharness.cluster;

import io.qharness.testkit.TestCluster;
import io.qharness.testkit.TestNode;

/** Faults on the embedded test cluster, through its knobs. */
public final class TestClusterFaults implements FaultInjector {
  private final TestCluster cluster;

  public TestClusterFaults(TestCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public String name() {
    return "test cluster";
  }

  @Override
  public boolean supports(FaultEvent.Action action) {
    return true;
  }

  @Override
  public void apply(FaultEvent e) {
    TestNode n = cluster.node(e.node() - 1);
    switch (e.action()) {
      case STOP -> n.stop();
      case KILL -> n.kill();
      case START -> n.start();
      case PAUSE -> n.pause();
      case RESUME -> n.resume();
      case LATENCY -> n.faults().latency(e.latency());
      case CLEAR -> n.faults().clear();
    }
  }
}
