package io.qharness.protocol;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Which of the protocol's hosts take calls, changed while the load runs: a node that joins the
 * cluster is admitted once it is ready, and a node being drained out of it is retired before its
 * shards move. Hosts given with {@link QdrantProtocolBuilder#standbyHosts} start retired.
 *
 * <pre>{@code
 * NodeMembership members = new NodeMembership();
 * qdrant().hosts(h1, h2, h3).standbyHosts(h4).membership(members) ...
 * members.admit(h4); // once node 4 is a ready voter
 * }</pre>
 */
public final class NodeMembership {
  private volatile List<String> hosts = List.of();
  private volatile BiConsumer<Integer, Boolean> control;

  /** Called by the protocol when it starts: its hosts in order, and how to change one. */
  public void bind(List<String> hosts, BiConsumer<Integer, Boolean> serving) {
    this.hosts = List.copyOf(hosts);
    this.control = serving;
  }

  /** Lets the host take calls. */
  public void admit(String host) {
    set(host, true);
  }

  /** Stops giving the host new calls (those in flight finish). */
  public void retire(String host) {
    set(host, false);
  }

  private void set(String host, boolean serving) {
    BiConsumer<Integer, Boolean> c = control;
    if (c == null) {
      throw new IllegalStateException(
          "no protocol uses this membership yet: pass it to qdrant().membership(...) and start the"
              + " simulation first");
    }
    int i = hosts.indexOf(host);
    if (i < 0) {
      throw new IllegalArgumentException(
          host + " is not one of the protocol's hosts " + hosts + "; add it with standbyHosts");
    }
    c.accept(i, serving);
  }
}
