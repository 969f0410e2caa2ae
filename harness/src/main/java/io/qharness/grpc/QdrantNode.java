package io.qharness.grpc;

import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Codec;
import io.grpc.DecompressorRegistry;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * The client side of one Qdrant node: a fixed set of gRPC channels used round-robin. Channels run
 * callbacks directly on their transport threads (our callbacks only record and hand the session
 * back to Gatling) and have gRPC's own retries off, so that every retry is one qharness counts.
 */
public final class QdrantNode {
  /**
   * Decompressors that advertise nothing: no grpc-accept-encoding header, so the server answers
   * uncompressed.
   */
  private static final DecompressorRegistry IDENTITY_ONLY =
      DecompressorRegistry.emptyInstance().with(Codec.Identity.NONE, false);

  private final int index;
  private final NodeAddress address;
  private final ConnectionSettings settings;
  private final IoLanes lanes;
  private final SslContext ssl;
  private final int perLane;
  private final AtomicInteger next = new AtomicInteger();

  /** The channels, replaced as a whole when the node is reconnected. */
  private volatile Channels current;

  private record Channels(ManagedChannel[] raw, Channel[] intercepted) {}

  QdrantNode(int index, NodeAddress address, ConnectionSettings settings, IoLanes lanes) {
    this.index = index;
    this.address = address;
    this.settings = settings;
    this.lanes = lanes;
    this.perLane = settings.channelsPerNode();
    this.ssl = settings.tls() ? sslContext(settings) : null;
    this.current = connect();
  }

  private Channels connect() {
    ManagedChannel[] channels = new ManagedChannel[perLane * lanes.size()];
    Channel[] intercepted = new Channel[channels.length];
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
      if (!settings.gzipResponses()) {
        b.decompressorRegistry(IDENTITY_ONLY);
      }
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
    return new Channels(channels, intercepted);
  }

  /**
   * Replaces every connection to the node with a new one and closes the old at once, failing the
   * calls still on them (UNAVAILABLE, "Channel shutdownNow invoked"). For an ejected node: its
   * stuck calls are retried elsewhere now rather than cancelled one by one at their deadlines, and
   * what piled up on the old connection cannot take later calls down with it.
   */
  void reconnect() {
    Channels old = current;
    current = connect();
    for (ManagedChannel c : old.raw()) {
      c.shutdownNow();
    }
  }

  /**
   * Lets every connection that failed reconnect at once instead of after gRPC's backoff (which
   * grows to minutes): a restarted node is found by the next probe.
   */
  public void resetBackoff() {
    for (ManagedChannel c : current.raw()) {
      c.resetConnectBackoff();
    }
  }

  /** Every channel to the node, one per lane and slot: a probe checks each. */
  List<Channel> channels() {
    return List.of(current.intercepted());
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
    Channel[] channels = current.intercepted();
    int i = next.getAndIncrement() & Integer.MAX_VALUE;
    return channels[i % channels.length];
  }

  /** The next of a lane's channels, round-robin: served by that lane's thread. */
  public Channel channel(int lane) {
    Channel[] channels = current.intercepted();
    int i = next.getAndIncrement() & Integer.MAX_VALUE;
    return channels[lane * perLane + i % perLane];
  }

  void shutdown() {
    for (ManagedChannel c : current.raw()) {
      c.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return address.toString();
  }
}
