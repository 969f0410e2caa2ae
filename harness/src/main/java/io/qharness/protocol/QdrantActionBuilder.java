package io.qharness.protocol;

import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;
import io.qharness.protocol.internal.Expr;
import io.qharness.protocol.internal.Operation;
import io.qharness.protocol.internal.QdrantComponents;
import io.qharness.protocol.internal.QdrantProtocol;
import io.qharness.protocol.internal.RequestAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Common options of Qdrant request actions. Builders are immutable: every option returns a copy, so
 * a base request can be specialised several ways, as with Gatling's own DSL.
 */
public abstract class QdrantActionBuilder<B extends QdrantActionBuilder<B>>
    implements ActionBuilder, Cloneable {
  final String requestName;
  Expr<String> collection;
  List<QdrantCheck> checks = List.of();
  OpenLoad pacing;

  QdrantActionBuilder(String requestName) {
    if (requestName == null || requestName.isBlank()) {
      throw new IllegalArgumentException("a request needs a name: qdrant(\"search\")");
    }
    this.requestName = requestName;
  }

  @SuppressWarnings("unchecked")
  final B with(Consumer<B> change) {
    try {
      B copy = (B) clone();
      change.accept(copy);
      return copy;
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
  }

  /** The collection to address, instead of the protocol's default one. */
  public B collection(String name) {
    Objects.requireNonNull(name, "collection name");
    return with(b -> b.collection = Expr.constant(name));
  }

  /** The collection to address, per virtual user, from its session. */
  public B collection(Function<Session, String> name) {
    return with(b -> b.collection = Expr.of(name));
  }

  /** Checks on the response; the first failing one turns the request KO with its message. */
  public B check(QdrantCheck... more) {
    QdrantResult.Kind kind = kind();
    for (QdrantCheck c : more) {
      if (!c.appliesTo(kind)) {
        throw new IllegalArgumentException(
            "request '" + requestName + "': this check does not apply to " + kind + " responses");
      }
    }
    List<QdrantCheck> all = new ArrayList<>(checks);
    all.addAll(List.of(more));
    return with(b -> b.checks = List.copyOf(all));
  }

  /**
   * Drives this request on an open-model schedule: a virtual user reaching it fires every scheduled
   * arrival without waiting for earlier responses, and latency is measured from each arrival's
   * intended time (coordinated omission corrected). Inject one or a few users into such a scenario,
   * e.g. {@code atOnceUsers(1)}; they share the schedule.
   */
  public B paced(OpenLoad load) {
    Objects.requireNonNull(load, "load");
    return with(b -> b.pacing = load);
  }

  /** The kind of response, for check validation. */
  abstract QdrantResult.Kind kind();

  /** The call this action makes, built from the options; validates them. */
  abstract Operation<?, ?> operation();

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    Operation<?, ?> op = operation();
    String name = requestName;
    Expr<String> coll = collection;
    List<QdrantCheck> cs = checks;
    OpenLoad load = pacing;
    return new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        QdrantComponents components =
            ctx.protocolComponentsRegistry().components(QdrantProtocol.KEY);
        return new RequestAction<>(name, op, coll, cs, load, ctx, next, components);
      }
    };
  }
}
