package io.qharness.protocol;

/**
 * A check on a successful response. It returns null when the response passes, or a message saying
 * what was expected and what came back, which becomes the request's KO message.
 */
@FunctionalInterface
public interface QdrantCheck {
  String check(QdrantResult result, CheckContext context);

  /** The kinds of response this check understands; others are refused when the scenario is built. */
  default boolean appliesTo(QdrantResult.Kind kind) {
    return true;
  }

  /** Where a check may read the session and save values into it. */
  interface CheckContext {
    io.gatling.javaapi.core.Session session();

    void save(String key, Object value);
  }
}
