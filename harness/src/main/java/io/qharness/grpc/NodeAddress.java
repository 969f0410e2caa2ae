package io.qharness.grpc;

import java.util.ArrayList;
import java.util.List;

/** A Qdrant node's gRPC address, parsed and validated from "host:port". */
public record NodeAddress(String host, int port) {
  public NodeAddress {
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("node address needs a host");
    }
    if (!host.matches("[A-Za-z0-9._-]+")
        && !(host.contains(":") && host.matches("[0-9A-Fa-f:.%a-zA-Z]+"))) {
      throw new IllegalArgumentException(
          "host '"
              + host
              + "' is not a host name or IP address (letters, digits, '.', '-', '_'; IPv6 as"
              + " [addr]:port)");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "port of node " + host + " must be within 1..65535, got " + port);
    }
  }

  /**
   * Parses "host:port", "[ipv6]:port" or "host" (gRPC port 6334). A URL scheme such as http:// is
   * refused with a hint, since gRPC addresses take none.
   */
  public static NodeAddress parse(String text) {
    String s = text == null ? "" : text.trim();
    if (s.isEmpty()) {
      throw new IllegalArgumentException(
          "empty node address; expected host:port, e.g. 127.0.0.1:6334");
    }
    if (s.contains("://")) {
      throw new IllegalArgumentException(
          "node address '"
              + text
              + "' has a URL scheme; give the gRPC address as host:port, e.g. 127.0.0.1:6334");
    }
    String host;
    String port = null;
    if (s.startsWith("[")) {
      int end = s.indexOf(']');
      if (end < 0) {
        throw new IllegalArgumentException(
            "node address '" + text + "' has an unclosed IPv6 bracket");
      }
      host = s.substring(1, end);
      if (end + 1 < s.length()) {
        if (s.charAt(end + 1) != ':') {
          throw new IllegalArgumentException("node address '" + text + "': expected ':' after ']'");
        }
        port = s.substring(end + 2);
      }
    } else {
      int colon = s.lastIndexOf(':');
      if (colon >= 0 && s.indexOf(':') != colon) {
        throw new IllegalArgumentException(
            "node address '" + text + "': write IPv6 hosts as [addr]:port");
      }
      host = colon < 0 ? s : s.substring(0, colon);
      port = colon < 0 ? null : s.substring(colon + 1);
    }
    int p = 6334;
    if (port != null) {
      try {
        p = Integer.parseInt(port);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "node address '"
                + text
                + "': port '"
                + port
                + "' is not a number; expected host:port, e.g. 127.0.0.1:6334");
      }
    }
    try {
      return new NodeAddress(host, p);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("node address '" + text + "': " + e.getMessage());
    }
  }

  /** Parses a comma- or whitespace-separated list of addresses. */
  public static List<NodeAddress> parseList(String text) {
    List<NodeAddress> out = new ArrayList<>();
    for (String part : text.split("[,\\s]+")) {
      if (!part.isBlank()) {
        out.add(parse(part));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "no node address in '" + text + "'; expected e.g. 127.0.0.1:6334,127.0.0.1:6344");
    }
    return out;
  }

  @Override
  public String toString() {
    return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
  }
}
