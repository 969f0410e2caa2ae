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

  /**
   * Blocks until the event can be applied, e.g. a start until the process a stop signalled has
   * exited: the fault's time is taken after it, so a late start is not read as a slow recovery.
   * Throws when the wait failed, and the event is then not applied.
   */
  default void awaitApplicable(FaultEvent event) throws Exception {}

  /** Applies one event; throws with a clear message when it could not. */
  void apply(FaultEvent event) throws Exception;
}
