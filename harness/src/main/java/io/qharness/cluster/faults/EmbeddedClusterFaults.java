package io.qharness.cluster.faults;

import io.qharness.spi.EmbeddedCluster;

/**
 * Faults on the embedded cluster, through its own knobs: every action, network latency included.
 */
public final class EmbeddedClusterFaults implements FaultInjector {
  private final EmbeddedCluster cluster;

  public EmbeddedClusterFaults(EmbeddedCluster cluster) {
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
    cluster.fault(e.node(), EmbeddedCluster.Fault.valueOf(e.action().name()), e.latency());
  }
}
