package io.qharness.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loopback ports free right now, picked at run time so parallel tests and a developer's own cluster
 * do not clash.
 */
public final class FreePorts {
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePorts() {}

  /** One free port. */
  public static int one() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port: " + e.getMessage(), e);
    }
  }

  /**
   * {@code n} bases p of three consecutive free ports p, p+1, p+2 (Qdrant's REST, gRPC and
   * peer-to-peer).
   */
  public static synchronized int[] triples(int n) {
    int[] out = new int[n];
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < n; i++) {
      for (int attempt = 0; ; attempt++) {
        if (attempt == 200) {
          throw new IllegalStateException(
              "no three consecutive free loopback ports found in 200 tries");
        }
        int base = 20000 + random.nextInt(30000);
        if (free(base) && free(base + 1) && free(base + 2)) {
          HANDED_OUT.add(base);
          HANDED_OUT.add(base + 1);
          HANDED_OUT.add(base + 2);
          out[i] = base;
          break;
        }
      }
    }
    return out;
  }

  private static boolean free(int port) {
    if (HANDED_OUT.contains(port)) {
      return false;
    }
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
