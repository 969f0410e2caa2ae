package io.qharness.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/**
 * How failed calls are named, counted and weighed for outlier ejection, on the statuses grpc-java
 * gave against real Qdrant 1.19 (a node resumed after SIGSTOP, a killed node) and on its own.
 */
class FailureCausesTest {
  /** What grpc-java reported when a resumed Qdrant 1.19 node closed its connection. */
  private static final Status TOO_MANY_RESETS =
      Status.RESOURCE_EXHAUSTED.withDescription(
          "Connection closed after GOAWAY. HTTP/2 error code: ENHANCE_YOUR_CALM (Bandwidth"
              + " exhausted), debug data: too_many_resets");

  private static final Status REFUSED =
      Status.UNAVAILABLE
          .withDescription("io exception")
          .withCause(new ConnectException("Connection refused: /127.0.0.1:16344"));

  private static final Status CUT_OFF =
      Status.UNAVAILABLE.withDescription("Channel shutdownNow invoked");

  @Test
  void aGoAwayIsNamedByItsErrorCodeAndDebugData() {
    assertThat(GrpcFailures.cause(TOO_MANY_RESETS))
        .isEqualTo("GOAWAY ENHANCE_YOUR_CALM too_many_resets");
    assertThat(GrpcFailures.causeSentence(GrpcFailures.cause(TOO_MANY_RESETS), "node2"))
        .isEqualTo("node2 closed its connection with GOAWAY ENHANCE_YOUR_CALM too_many_resets");
    assertThat(GrpcFailures.outcome(TOO_MANY_RESETS)).isEqualTo(NodeHealth.Outcome.CONNECTION_LOST);
    assertThat(GrpcFailures.retriableElsewhere(TOO_MANY_RESETS)).isTrue();
    assertThat(GrpcFailures.describe(TOO_MANY_RESETS.asRuntimeException(), null, null))
        .contains("closed its connection with GOAWAY ENHANCE_YOUR_CALM too_many_resets")
        .contains("rapid-reset guard")
        .contains("keep outlier ejection on");
  }

  @Test
  void aGracefulGoAwayIsNamedToo() {
    Status s =
        Status.UNAVAILABLE.withDescription(
            "Connection closed after GOAWAY. HTTP/2 error code: NO_ERROR, debug data: ");
    assertThat(GrpcFailures.cause(s)).isEqualTo("GOAWAY NO_ERROR");
    assertThat(GrpcFailures.outcome(s)).isEqualTo(NodeHealth.Outcome.CONNECTION_LOST);
  }

  @Test
  void connectionFailuresDeadlinesAndCutOffCalls() {
    assertThat(GrpcFailures.cause(REFUSED)).isEqualTo("connection refused");
    assertThat(GrpcFailures.outcome(REFUSED)).isEqualTo(NodeHealth.Outcome.CONNECTION_LOST);
    assertThat(GrpcFailures.cause(Status.DEADLINE_EXCEEDED)).isEqualTo("deadline exceeded");
    assertThat(GrpcFailures.outcome(Status.DEADLINE_EXCEEDED))
        .isEqualTo(NodeHealth.Outcome.TIMEOUT);
    assertThat(GrpcFailures.retriableElsewhere(Status.DEADLINE_EXCEEDED)).isFalse();
    assertThat(GrpcFailures.cause(CUT_OFF)).isEqualTo(GrpcFailures.CUT_OFF);
    assertThat(GrpcFailures.outcome(CUT_OFF)).isEqualTo(NodeHealth.Outcome.CUT_OFF);
    assertThat(GrpcFailures.retriableElsewhere(CUT_OFF)).isTrue();
    assertThat(GrpcFailures.describe(CUT_OFF.asRuntimeException(), null, null))
        .contains("qharness ejected the node");
  }

  @Test
  void aNodesOwnFailureCountsButTheRequestsOwnRefusalDoesNot() {
    Status noReplica = Status.UNAVAILABLE.withDescription("No active replica for shard 2");
    assertThat(GrpcFailures.outcome(noReplica)).isEqualTo(NodeHealth.Outcome.NODE_ERROR);
    assertThat(GrpcFailures.cause(noReplica))
        .isEqualTo("UNAVAILABLE: No active replica for shard 2");
    Status wrongDim = Status.INVALID_ARGUMENT.withDescription("Wrong input: Vector dimension");
    assertThat(GrpcFailures.outcome(wrongDim)).isEqualTo(NodeHealth.Outcome.ANSWERED);
    assertThat(GrpcFailures.retriableElsewhere(wrongDim)).isFalse();
    assertThat(GrpcFailures.cause(Status.INTERNAL.withDescription("x".repeat(200))))
        .hasSizeLessThan(100);
  }

  @Test
  void aRestPortGivenAsAGrpcHostIsNamedWithTheFix() {
    // what grpc-java reports when the first bytes back are Qdrant's REST port's "HTTP/1.1 400"
    Status s =
        Status.UNAVAILABLE
            .withDescription("Network closed for unknown reason")
            .withCause(
                new RuntimeException(
                    "First received frame was not SETTINGS. Hex dump for first 5 bytes:"
                        + " 485454502f"));
    assertThat(GrpcFailures.describe(s.asRuntimeException(), null, null))
        .contains("answered in HTTP/1.1 where gRPC (HTTP/2) was expected")
        .contains("probably its REST port")
        .contains("usually 6334");
  }
}
