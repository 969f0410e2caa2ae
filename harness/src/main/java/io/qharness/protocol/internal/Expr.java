package io.qharness.protocol.internal;

import io.gatling.core.session.Session;
import java.util.Objects;
import java.util.function.Function;

/**
 * A value resolved per virtual user: a constant, a session attribute, or a function of the Gatling
 * Java session. Evaluated on the hot path, so constants cost nothing.
 */
@FunctionalInterface
public interface Expr<T> {
  T apply(Session session);

  static <T> Expr<T> constant(T value) {
    Objects.requireNonNull(value, "value");
    return s -> value;
  }

  static <T> Expr<T> of(Function<io.gatling.javaapi.core.Session, T> f) {
    Objects.requireNonNull(f, "function");
    return s -> f.apply(new io.gatling.javaapi.core.Session(s));
  }

  /** The session attribute {@code name}; fails the request clearly when it is missing. */
  static <T> Expr<T> attribute(String name) {
    return s -> {
      io.gatling.javaapi.core.Session js = new io.gatling.javaapi.core.Session(s);
      if (!js.contains(name)) {
        throw new IllegalStateException(
            "session attribute '" + name + "' is not set (feed it, or set it before this request)");
      }
      return js.get(name);
    };
  }
}
