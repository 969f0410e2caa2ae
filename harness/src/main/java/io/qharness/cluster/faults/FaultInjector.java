package io.qharness.cluster.faults;

/**
 * Applies faults to the target's nodes: the test cluster through its API, compose through the
 * docker CLI, or the user's commands.
 */
public interface FaultInjector {
  String name();

  boolean supports(FaultEvent.Action action);

  /** What applying an event does, for the console and the record (e.g. the command it runs). */
  default String describe(FaultEvent event) {
    return name() + " " + event.action().label() + " node" + event.node();
  }

  /** Applies one event; throws with a clear message when it could not. */
  void apply(FaultEvent event) throws Exception;
}
