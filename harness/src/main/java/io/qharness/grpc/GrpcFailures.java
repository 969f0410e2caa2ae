package io.qharness.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;

/**
 * Turns gRPC failures into messages that name the problem and the fix, for Gatling's KO messages
 * and for start-up errors.
 */
public final class GrpcFailures {
  private GrpcFailures() {}

  /** A one-line description of a failed call to {@code node}. */
  public static String describe(Throwable t, QdrantNode node, Duration deadline) {
    Status s = Status.fromThrowable(t);
    String where = node == null ? "" : " on node " + node.address();
    String detail = s.getDescription() == null ? "" : s.getDescription();
    if (speaksHttp1(s)) {
      return "node"
          + (node == null ? "" : " " + node.address())
          + " answered in HTTP/1.1 where gRPC (HTTP/2) was expected: this is probably its REST"
          + " port; Qdrant serves gRPC on another port, usually 6334 (REST on 6333): give the gRPC"
          + " port in hosts";
    }
    if (speaksTls(s)) {
      return "node"
          + (node == null ? "" : " " + node.address())
          + " answered with TLS to a plain-text connection: turn tls on"
          + " (qharness.tls=true / --tls true, and caFile / --ca-file for a private CA)";
    }
    if (cutOff(s)) {
      return "cut off"
          + where
          + ": qharness ejected the node (see node health in the summary) and could not retry the"
          + " call elsewhere";
    }
    if (goAway(s)) {
      String c = cause(s);
      return "node"
          + (node == null ? "" : " " + node.address())
          + " closed its connection with "
          + c
          + (c.contains("too_many_resets")
              ? " (its HTTP/2 rapid-reset guard counted cancelled calls, e.g. of calls left"
                  + " waiting on a frozen node: keep outlier ejection on)"
              : "");
    }
    switch (s.getCode()) {
      case UNAVAILABLE:
        return unavailable(s, node, where, detail);
      case DEADLINE_EXCEEDED:
        return "deadline of "
            + (deadline == null ? "?" : deadline.toMillis() + " ms")
            + " exceeded"
            + where
            + " (raise the deadline, or lower the load)";
      case UNAUTHENTICATED:
        return "authentication failed"
            + where
            + ": "
            + detail
            + " (set the cluster's API key: qharness.apiKey / QHARNESS_API_KEY)";
      case PERMISSION_DENIED:
        return "permission denied"
            + where
            + ": "
            + detail
            + " (the API key lacks rights for this call)";
      case NOT_FOUND:
        if (detail.contains("Collection")) {
          return detail + " (create the collection first, or check the collection name)";
        }
        return detail;
      case INVALID_ARGUMENT:
        if (detail.contains("dimension")) {
          return detail + " (the vectors sent do not match the collection's vector size)";
        }
        return detail.isEmpty() ? "INVALID_ARGUMENT" + where : detail;
      case UNIMPLEMENTED:
        return "UNIMPLEMENTED" + where + ": " + detail + " (the server does not offer this call)";
      default:
        return s.getCode() + where + (detail.isEmpty() ? "" : ": " + detail) + causeSuffix(s);
    }
  }

  /** An UNAVAILABLE call: a TLS mismatch, a node that cannot be reached, or the server's words. */
  private static String unavailable(Status s, QdrantNode node, String where, String detail) {
    String tls = tlsProblem(s);
    if (tls != null) {
      return "TLS handshake failed" + where + ": " + tls;
    }
    if (isConnectionFailure(s)) {
      if (String.valueOf(s.getDescription()).contains("Network closed for unknown reason")) {
        return "node"
            + (node == null ? "" : " " + node.address())
            + " closed the connection during the handshake: if the cluster serves TLS, turn tls"
            + " on (qharness.tls=true / --tls true, with caFile for a private CA); otherwise"
            + " check the gRPC port";
      }
      return "node"
          + (node == null ? "" : " " + node.address())
          + " unreachable ("
          + rootMessage(s)
          + "): is it running and is the gRPC port right?";
    }
    return "UNAVAILABLE" + where + ": " + detail;
  }

  /** gRPC's status for calls on a channel closed with {@code shutdownNow()}. */
  private static final String SHUTDOWN_NOW = "Channel shutdownNow invoked";

  /** A call cut off by qharness closing the node's connections (it ejected the node). */
  public static boolean cutOff(Status s) {
    return s.getCode() == Status.Code.UNAVAILABLE
        && String.valueOf(s.getDescription()).contains(SHUTDOWN_NOW);
  }

  /**
   * The node closed the connection the call was on with an HTTP/2 GOAWAY (gRPC reports it as
   * UNAVAILABLE, or RESOURCE_EXHAUSTED for ENHANCE_YOUR_CALM).
   */
  static boolean goAway(Status s) {
    return String.valueOf(s.getDescription()).contains("GOAWAY");
  }

  /**
   * Whether another node may serve a call that failed this way: the node or its connection was
   * unavailable, or the node closed the connection. Only for idempotent calls.
   */
  public static boolean retriableElsewhere(Status s) {
    return s.getCode() == Status.Code.UNAVAILABLE || goAway(s);
  }

  /** How a failed call bears on its node's health (outlier ejection). */
  public static NodeHealth.Outcome outcome(Status s) {
    if (cutOff(s)) {
      return NodeHealth.Outcome.CUT_OFF;
    }
    if (goAway(s) || isConnectionFailure(s)) {
      return NodeHealth.Outcome.CONNECTION_LOST;
    }
    return switch (s.getCode()) {
      case DEADLINE_EXCEEDED -> NodeHealth.Outcome.TIMEOUT;
      case UNAVAILABLE, INTERNAL, RESOURCE_EXHAUSTED, UNKNOWN, DATA_LOSS, ABORTED ->
          NodeHealth.Outcome.NODE_ERROR;
      default -> NodeHealth.Outcome.ANSWERED; // the request's own fault: any node says the same
    };
  }

  /**
   * A short, stable name of why a call failed, to count failures by cause: e.g. {@code GOAWAY
   * ENHANCE_YOUR_CALM too_many_resets}, {@code deadline exceeded}, {@code connection refused}.
   */
  public static String cause(Status s) {
    String d = String.valueOf(s.getDescription());
    if (cutOff(s)) {
      return CUT_OFF;
    }
    if (goAway(s)) {
      // "Connection closed after GOAWAY. HTTP/2 error code: ENHANCE_YOUR_CALM (Bandwidth
      // exhausted), debug data: too_many_resets"
      String code = between(d, "error code: ", new char[] {' ', ',', '('});
      String debug = between(d, "debug data: ", new char[] {',', ';'});
      return "GOAWAY"
          + (code == null ? "" : " " + code)
          + (debug == null || debug.isBlank() ? "" : " " + debug.trim());
    }
    if (isConnectionFailure(s)) {
      String all = d + " " + (s.getCause() == null ? "" : rootMessage(s));
      return all.contains("refused") ? "connection refused" : "connection closed";
    }
    if (s.getCode() == Status.Code.DEADLINE_EXCEEDED) {
      return "deadline exceeded";
    }
    String brief = s.getDescription() == null ? "" : ": " + s.getDescription();
    if (brief.length() > 82) {
      brief = brief.substring(0, 80) + "~";
    }
    return s.getCode().name() + brief;
  }

  /** The cause of calls cut off when qharness ejected their node. */
  public static final String CUT_OFF = "cut off at ejection";

  /** A sentence on a count of failures of one cause on one node, for fault-impact reports. */
  public static String causeSentence(String cause, String node) {
    if (cause.startsWith("GOAWAY")) {
      return node + " closed its connection with " + cause;
    }
    return switch (cause) {
      case CUT_OFF -> "calls in flight on " + node + " were cut off when qharness ejected it";
      case "connection refused" -> node + " refused connections";
      case "connection closed" -> node + "'s connection was closed";
      case "deadline exceeded" -> node + " did not answer within the deadline";
      default -> node + " answered " + cause;
    };
  }

  private static String between(String s, String after, char[] stops) {
    int i = s.indexOf(after);
    if (i < 0) {
      return null;
    }
    int start = i + after.length();
    int end = s.length();
    for (char c : stops) {
      int j = s.indexOf(c, start);
      if (j >= 0 && j < end) {
        end = j;
      }
    }
    return s.substring(start, end);
  }

  /** A connection that could not be made or was lost, as opposed to an UNAVAILABLE from Qdrant. */
  public static boolean isConnectionFailure(Status s) {
    if (s.getCode() != Status.Code.UNAVAILABLE) {
      return false;
    }
    if (s.getCause() != null) {
      return true;
    }
    String d = s.getDescription();
    return d != null
        && (d.startsWith("io exception")
            || d.contains("Connection refused")
            || d.contains("Network closed"));
  }

  /**
   * An HTTP/1.1 server where gRPC was expected: the first bytes back spell "HTTP/" (48 54 54 50 2f)
   * where the HTTP/2 SETTINGS frame should be, as from Qdrant's REST port.
   */
  static boolean speaksHttp1(Status s) {
    String all = chain(s);
    int hex = all.indexOf("first 5 bytes: ");
    return all.contains("First received frame was not SETTINGS")
        && hex >= 0
        && all.startsWith("485454502f", hex + 15);
  }

  private static String chain(Status s) {
    StringBuilder chain = new StringBuilder(String.valueOf(s.getDescription()));
    for (Throwable c = s.getCause(); c != null; c = c.getCause()) {
      chain.append(" | ").append(c.getMessage());
    }
    return chain.toString();
  }

  /**
   * A plain-text HTTP/2 client talking to a TLS server: the first bytes back are a TLS record (0x15
   * alert or 0x16 handshake, version 0x03xx) where the HTTP/2 SETTINGS frame should be.
   */
  static boolean speaksTls(Status s) {
    String all = chain(s);
    int hex = all.indexOf("first 5 bytes: ");
    return all.contains("First received frame was not SETTINGS")
        && hex >= 0
        && (all.startsWith("1503", hex + 15) || all.startsWith("1603", hex + 15));
  }

  /**
   * A TLS mismatch or trust failure, worded with its fix; null when the failure is not about TLS.
   */
  static String tlsProblem(Status s) {
    StringBuilder chain = new StringBuilder(String.valueOf(s.getDescription()));
    for (Throwable c = s.getCause(); c != null; c = c.getCause()) {
      chain.append(" | ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
    }
    String all = chain.toString();
    if (all.contains("NotSslRecordException") || all.contains("not an SSL/TLS record")) {
      return "the node does not speak TLS (turn tls off: qharness.tls=false / --tls false, or check"
          + " the port)";
    }
    if (all.contains("trust anchor")
        || all.contains("PKIX")
        || all.contains("CertPathValidator")
        || all.contains("unable to find valid certification path")) {
      return "the node's certificate is not trusted ("
          + rootMessage(s)
          + "); give the cluster's CA certificate with caFile / --ca-file";
    }
    if (all.contains("No subject alternative")
        || all.contains("doesn't match any of the subject alternative names")) {
      return "the node's certificate does not name the address used ("
          + rootMessage(s)
          + "); connect by a name or IP in its certificate";
    }
    if (all.contains("SSLHandshakeException")) {
      return rootMessage(s) + " (check tls and caFile)";
    }
    if (all.contains("Network closed for unknown reason")) {
      return null; // described by the caller, who knows whether TLS is on
    }
    return null;
  }

  private static String rootMessage(Status s) {
    Throwable c = s.getCause();
    while (c != null && c.getCause() != null) {
      c = c.getCause();
    }
    if (c != null && c.getMessage() != null) {
      return c.getMessage();
    }
    return s.getDescription() == null ? "UNAVAILABLE" : s.getDescription();
  }

  private static String causeSuffix(Status s) {
    return s.getCause() == null ? "" : " (" + s.getCause() + ")";
  }

  public static boolean is(Throwable t, Status.Code code) {
    return t instanceof StatusRuntimeException
        && ((StatusRuntimeException) t).getStatus().getCode() == code;
  }
}
