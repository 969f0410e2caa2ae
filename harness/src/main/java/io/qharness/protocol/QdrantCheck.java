package io.qharness.protocol;

import io.gatling.javaapi.core.Session;

/**
 * A check on a successful response. It returns null when the response passes, or a message saying
 * what was expected and what came back, which becomes the request's KO message.
 */
@FunctionalInterface
public interface QdrantCheck {
  /** Null when the response passes, else the KO message: what was expected and what came. */
  String check(QdrantResult result, CheckContext context);

  /**
   * The kinds of response this check understands; others are refused when the scenario is built.
   */
  default boolean appliesTo(QdrantResult.Kind kind) {
    return true;
  }

  /** Where a check may read the session and save values into it. */
  interface CheckContext {
    /** The virtual user's session, as it stands. */
    Session session();

    /** Saves a value into the session handed on (e.g. {@code resultIds().saveAs("ids")}). */
    void save(String key, Object value);
  }
}
