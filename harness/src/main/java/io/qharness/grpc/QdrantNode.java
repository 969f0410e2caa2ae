package io.qharness.grpc;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * The client side of one Qdrant node: a fixed set of gRPC channels used round-robin. Channels run
 * callbacks directly on their transport threads (our callbacks only record and hand the session
 * back to Gatling) and have gRPC's own retries off, so that every retry is one qharness counts.
 */
public final class QdrantNode {
  private final int index;
  private final NodeAddress address;
  private final ManagedChannel[] channels;
  private final Channel[] intercepted;
  private final int perLane;
  private final AtomicInteger next = new AtomicInteger();

  QdrantNode(int index, NodeAddress address, ConnectionSettings settings, IoLanes lanes) {
    this.index = index;
    this.address = address;
    this.perLane = settings.channelsPerNode();
    this.channels = new ManagedChannel[perLane * lanes.size()];
    this.intercepted = new Channel[channels.length];
    SslContext ssl = settings.tls() ? sslContext(settings) : null;
    for (int i = 0; i < channels.length; i++) {
      NettyChannelBuilder b =
          NettyChannelBuilder.forAddress(address.host(), address.port())
              .eventLoopGroup(lanes.group(i / perLane))
              .channelType(lanes.channelType())
              .directExecutor()
              .disableRetry()
              .maxInboundMessageSize(64 * 1024 * 1024)
              .keepAliveTime(30, TimeUnit.SECONDS)
              .userAgent("qharness");
      if (ssl != null) {
        b.sslContext(ssl);
      } else {
        b.usePlaintext();
      }
      channels[i] = b.build();
      intercepted[i] =
          settings.apiKey() == null
              ? channels[i]
              : ClientInterceptors.intercept(channels[i], new ApiKeyInterceptor(settings.apiKey()));
    }
  }

  private static SslContext sslContext(ConnectionSettings settings) {
    try {
      var b = GrpcSslContexts.forClient();
      if (settings.caFile() != null) {
        b.trustManager(settings.caFile());
      }
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "TLS setup failed"
              + (settings.caFile() == null ? "" : " with CA file " + settings.caFile())
              + ": "
              + e.getMessage()
              + "; the CA file must be a PEM certificate",
          e);
    }
  }

  public int index() {
    return index;
  }

  public NodeAddress address() {
    return address;
  }

  /** The next channel of any lane, round-robin. */
  public Channel channel() {
    int i = next.getAndIncrement() & Integer.MAX_VALUE;
    return intercepted[i % intercepted.length];
  }

  /** The next of a lane's channels, round-robin: served by that lane's thread. */
  public Channel channel(int lane) {
    int i = next.getAndIncrement() & Integer.MAX_VALUE;
    return intercepted[lane * perLane + i % perLane];
  }

  void shutdown() {
    for (ManagedChannel c : channels) {
      c.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return address.toString();
  }
}
