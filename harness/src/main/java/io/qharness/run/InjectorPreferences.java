package io.qharness.run;

import java.util.HashMap;
import java.util.Map;
import java.util.prefs.AbstractPreferences;
import java.util.prefs.Preferences;
import java.util.prefs.PreferencesFactory;

/**
 * The injector JVM's {@code java.util.prefs}, in memory, in which Gatling's latest-release check
 * finds a check already made. Without it Gatling 3.15 asks Maven Central over HTTPS on every run
 * (its cache of the answer expires after 86 s, and a misnamed key makes it fail to read back at
 * all) and writes the answer as XML through Saxon, a signed jar: 1-2.5 CPU-s of a run's fixed cost
 * and a call to the internet from a load generator. qharness pins its Gatling version, so the
 * "Gatling X is available" line it would print is not news for its users.
 *
 * <p>Chosen with {@code -Djava.util.prefs.PreferencesFactory=io.qharness.run.InjectorPreferences}
 * ({@link #OPTION}); nothing else in the injector uses preferences.
 */
public final class InjectorPreferences implements PreferencesFactory {
  /** The JVM option that chooses this factory. */
  public static final String OPTION =
      "-Djava.util.prefs.PreferencesFactory=" + InjectorPreferences.class.getName();

  /** Gatling's node and keys (io.gatling.commons.util.LatestGatlingRelease). */
  static final String GATLING_NODE = "/io/gatling/latestVersion";

  static final String LAST_CHECK = "lastCheckTimestamp";

  private static final Node USER = seeded();
  private static final Node SYSTEM = new Node(null, "");

  @Override
  public Preferences userRoot() {
    return USER;
  }

  @Override
  public Preferences systemRoot() {
    return SYSTEM;
  }

  /** A failed check made in the far future: still valid now, so Gatling neither asks nor writes. */
  private static Node seeded() {
    Node root = new Node(null, "");
    root.node(GATLING_NODE).putLong(LAST_CHECK, Long.MAX_VALUE / 2);
    return root;
  }

  /** One node, its values and children in memory. */
  private static final class Node extends AbstractPreferences {
    private final Map<String, String> values = new HashMap<>();
    private final Map<String, Node> children = new HashMap<>();

    Node(Node parent, String name) {
      super(parent, name);
    }

    @Override
    protected void putSpi(String key, String value) {
      values.put(key, value);
    }

    @Override
    protected String getSpi(String key) {
      return values.get(key);
    }

    @Override
    protected void removeSpi(String key) {
      values.remove(key);
    }

    @Override
    protected void removeNodeSpi() {
      ((Node) parent()).children.remove(name());
    }

    @Override
    protected String[] keysSpi() {
      return values.keySet().toArray(new String[0]);
    }

    @Override
    protected String[] childrenNamesSpi() {
      return children.keySet().toArray(new String[0]);
    }

    @Override
    protected AbstractPreferences childSpi(String name) {
      return children.computeIfAbsent(name, n -> new Node(this, n));
    }

    @Override
    protected void syncSpi() {
      // in memory: nothing to read back
    }

    @Override
    protected void flushSpi() {
      // in memory: nothing to write
    }
  }
}
