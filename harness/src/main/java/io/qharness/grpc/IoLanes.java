package io.qharness.grpc;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.EventLoop;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The injector's network threads: each lane is one event-loop thread owning one set of channels
 * (one per node and channel slot). A paced driver that runs on a lane's thread writes its calls,
 * arms their deadlines and reads their responses on that same thread: no hand-over to another
 * thread, and no wake-up, per request. That hand-over, not the work, was most of a request's CPU at
 * a few hundred requests per second.
 */
final class IoLanes implements AutoCloseable {
  private final EventLoopGroup[] groups;
  private final Class<? extends Channel> channelType;

  /**
   * @param lanes network threads, as {@link ConnectionSettings#ioThreads()} checked them
   */
  IoLanes(int lanes) {
    boolean epoll = Epoll.isAvailable();
    this.channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    this.groups = new EventLoopGroup[lanes];
    for (int i = 0; i < lanes; i++) {
      DefaultThreadFactory threads = new DefaultThreadFactory("qharness-io-" + i, true);
      groups[i] = epoll ? new EpollEventLoopGroup(1, threads) : new NioEventLoopGroup(1, threads);
    }
  }

  int size() {
    return groups.length;
  }

  EventLoopGroup group(int lane) {
    return groups[lane];
  }

  /** The lane's single thread, as an executor that can also schedule. */
  EventLoop loop(int lane) {
    return (EventLoop) groups[lane].next();
  }

  Class<? extends Channel> channelType() {
    return channelType;
  }

  @Override
  public void close() {
    for (EventLoopGroup g : groups) {
      g.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }
}
