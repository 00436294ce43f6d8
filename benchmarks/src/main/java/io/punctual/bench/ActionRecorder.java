package io.punctual.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP target (Netty) that records when each action started: for every call, its arrival
 * on the wall clock minus the {@code Punctual-Scheduled-At} header (action lateness, in µs), and
 * its {@code Idempotency-Key}, to count calls made more than once.
 */
final class ActionRecorder implements AutoCloseable {
  private static final byte[] OK = "ok".getBytes(StandardCharsets.UTF_8);

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel channel;
  private final Set<String> keys = new HashSet<>();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong connections = new AtomicLong();
  private long[] latenessMicros = new long[1 << 16];
  private long[] scheduledMs = new long[1 << 16];
  private int calls;
  private long repeated;
  private long early;

  ActionRecorder() throws InterruptedException {
    channel =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    connections.incrementAndGet();
                    ch.pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(1 << 20))
                        .addLast(new Answer());
                  }
                })
            .bind("127.0.0.1", 0)
            .sync()
            .channel();
  }

  /** What arrived since the last {@link #reset}. */
  record Actions(long calls, long repeated, long early, long[] latenessMicros, String timeline) {
    /** The q-quantile of the action lateness, in ms (q in [0, 1]); NaN without calls. */
    double lateness(double q) {
      if (latenessMicros.length == 0) {
        return Double.NaN;
      }
      int index =
          (int) Math.min(latenessMicros.length - 1, Math.ceil(q * latenessMicros.length) - 1);
      return latenessMicros[Math.max(0, index)] / 1000.0;
    }
  }

  String url() {
    return "http://127.0.0.1:" + ((InetSocketAddress) channel.localAddress()).getPort() + "/hook";
  }

  /** Every call received, recorded or not, since the target started. */
  long received() {
    return received.get();
  }

  /** Connections accepted since the target started: calls over few connections reuse them. */
  long connections() {
    return connections.get();
  }

  /**
   * The calls recorded so far whose instant is at or after {@code fromMs}: their count and lateness
   * (repeats and early calls are counted over the whole run by {@link #await}).
   */
  synchronized Actions from(long fromMs) {
    long[] selected = new long[calls];
    int n = 0;
    for (int i = 0; i < calls; i++) {
      if (scheduledMs[i] >= fromMs) {
        selected[n++] = latenessMicros[i];
      }
    }
    long[] sorted = Arrays.copyOf(selected, n);
    Arrays.sort(sorted);
    return new Actions(n, 0, 0, sorted, "");
  }

  /** Forgets every call recorded so far. */
  synchronized void reset() {
    keys.clear();
    calls = 0;
    repeated = 0;
    early = 0;
  }

  /** Waits until {@code expected} distinct calls arrived, or none arrived for {@code idle}. */
  Actions await(long expected, Duration idle) throws InterruptedException {
    int last = -1;
    long quietSince = System.nanoTime();
    while (true) {
      int now;
      synchronized (this) {
        now = keys.size();
      }
      if (now >= expected || System.nanoTime() - quietSince > idle.toNanos()) {
        break;
      }
      if (now != last) {
        last = now;
        quietSince = System.nanoTime();
      }
      Thread.sleep(100);
    }
    synchronized (this) {
      long[] sorted = Arrays.copyOf(latenessMicros, calls);
      Arrays.sort(sorted);
      return new Actions(keys.size(), repeated, early, sorted, timeline());
    }
  }

  private synchronized void record(String key, long scheduledMs, Instant arrived) {
    if (!keys.add(key)) {
      repeated++;
      return;
    }
    long late =
        arrived.getEpochSecond() * 1_000_000 + arrived.getNano() / 1000 - scheduledMs * 1000;
    if (late < 0) {
      early++;
    }
    if (calls == latenessMicros.length) {
      latenessMicros = Arrays.copyOf(latenessMicros, calls * 2);
      this.scheduledMs = Arrays.copyOf(this.scheduledMs, calls * 2);
    }
    this.scheduledMs[calls] = scheduledMs;
    latenessMicros[calls++] = late;
  }

  /** The greatest action lateness (ms) per second of scheduled time, as text. */
  private String timeline() {
    if (calls == 0) {
      return "";
    }
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (int i = 0; i < calls; i++) {
      first = Math.min(first, scheduledMs[i]);
      last = Math.max(last, scheduledMs[i]);
    }
    long[] worst = new long[(int) ((last - first) / 1000 + 1)];
    Arrays.fill(worst, Long.MIN_VALUE);
    for (int i = 0; i < calls; i++) {
      int second = (int) ((scheduledMs[i] - first) / 1000);
      worst[second] = Math.max(worst[second], latenessMicros[i] / 1000);
    }
    StringBuilder text = new StringBuilder();
    for (long ms : worst) {
      text.append(ms == Long.MIN_VALUE ? "-" : Long.toString(ms)).append(' ');
    }
    return text.toString().trim();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext context, FullHttpRequest request) {
      Instant arrived = Instant.now();
      received.incrementAndGet();
      String scheduled = request.headers().get("Punctual-Scheduled-At");
      String key = request.headers().get("Idempotency-Key");
      String timer = request.headers().get("Punctual-Timer-Id");
      if (scheduled != null && key != null && (timer == null || !timer.startsWith("w"))) {
        record(key, Long.parseLong(scheduled), arrived);
      }
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(OK));
      response.headers().set(HttpHeaderNames.CONTENT_LENGTH, OK.length);
      context.writeAndFlush(response);
    }
  }
}
