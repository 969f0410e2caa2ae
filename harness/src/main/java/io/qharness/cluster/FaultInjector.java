package io.qharness.cluster;

/** Applies faults to the target's nodes: the test cluster through its API, compose through the docker CLI. */
public interface FaultInjector {
  String name();

  boolean supports(FaultEvent.Action action);

  /** Applies one event; throws with a clear message when it could not. */
  void apply(FaultEvent event) throws Exception;
}
