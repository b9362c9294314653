package io.github.sparkbackprop.ml.internal.exchange;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections between the tasks of one barrier stage: every task with every other, opened
 * once when the stage starts and closed when it ends, over which {@link AllReduce} exchanges its
 * messages.
 *
 * <p><b>Joining.</b> Each task listens on its executor's own address (a free port), publishes
 * "address:port" through the {@link Rendezvous}, connects to every task of a higher index and
 * accepts every task of a lower one. A connecting task first presents the stage's secret (which
 * reaches the tasks through Spark, in the task's closure) and its index; a connection that does
 * not is refused, closed and logged, and joining goes on. The listening socket closes as soon as
 * all peers have joined.
 *
 * <p><b>Exchanging.</b> {@link #exchange} sends one length-prefixed message to some peers and
 * receives one from some peers, all at once, in the calling thread: the connections are
 * non-blocking channels under one selector, so a task writes to one peer while it reads from
 * another (two tasks writing large messages to each other, with nobody reading, would otherwise
 * block both), with no thread to hand messages to. Messages are built in, and received into,
 * direct buffers kept per peer, so that a step allocates nothing. Every
 * {@value #POLL_MILLIS} ms without progress a task checks that it may go on (a cancelled or
 * failed stage stops it) and that no peer it waits for has been silent for longer than the
 * timeout, which ends in a {@link PeerTimeoutException} naming the peer and the fix, never a
 * hang.
 *
 * <p><b>Closing</b> closes every connection and the selector; {@link #openSockets()} counts what
 * is still open in this JVM.
 */
public final class PeerGroup implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PeerGroup.class);
  private static final int MAGIC = 0x53425058;
  private static final int MAX_SECRET_BYTES = 1024;
  private static final int POLL_MILLIS = 100;
  /** How long a newly accepted connection may take to present the secret. */
  private static final long HANDSHAKE_MILLIS = 10_000;
  /**
   * The sockets of peer groups open in this JVM: each is removed when this class closes it,
   * also when something else (an interrupt) closed it first.
   */
  private static final Set<java.nio.channels.Channel> OPEN_SOCKETS =
      ConcurrentHashMap.newKeySet();

  private final Rendezvous rendezvous;
  private final int rank;
  private final int size;
  private final long timeoutMillis;
  private final SocketChannel[] channels;
  private final SelectionKey[] keys;
  private final Selector selector;
  private final ByteBuffer[] sendBuffers;
  private final ByteBuffer[] receiveBuffers;
  private final int refused;
  private boolean closed;

  private PeerGroup(Rendezvous rendezvous, SocketChannel[] channels, long timeoutMillis,
      int refused) throws IOException {
    this.rendezvous = rendezvous;
    this.rank = rendezvous.rank();
    this.size = rendezvous.size();
    this.timeoutMillis = timeoutMillis;
    this.channels = channels;
    this.refused = refused;
    this.keys = new SelectionKey[size];
    this.sendBuffers = new ByteBuffer[size];
    this.receiveBuffers = new ByteBuffer[size];
    this.selector = Selector.open();
    for (int peer = 0; peer < size; peer++) {
      if (peer != rank) {
        channels[peer].configureBlocking(false);
        keys[peer] = channels[peer].register(selector, 0, peer);
      }
    }
  }

  /**
   * Connects this task with every other task of the stage.
   *
   * @param rendezvous the stage's tasks
   * @param secret the stage's secret, which every connection must present
   * @param timeoutMillis how long to wait for a peer, here and in every later exchange
   * @throws PeerTimeoutException if a peer does not join in time
   */
  public static PeerGroup join(Rendezvous rendezvous, byte[] secret, long timeoutMillis)
      throws IOException {
    int rank = rendezvous.rank();
    int size = rendezvous.size();
    SocketChannel[] channels = new SocketChannel[size];
    ServerSocketChannel server = null;
    Selector accepting = null;
    boolean joined = false;
    try {
      InetAddress address = rendezvous.listenAddress();
      server = ServerSocketChannel.open();
      OPEN_SOCKETS.add(server);
      server.bind(new InetSocketAddress(address, 0), Math.max(size, 16));
      server.configureBlocking(false);
      accepting = Selector.open();
      server.register(accepting, SelectionKey.OP_ACCEPT);
      int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
      String[] addresses = rendezvous.allGather(address.getHostAddress() + ":" + port);
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      // Present the secret to every higher task first, then accept the lower ones, then read
      // the higher ones' answers: no task waits for one that waits in turn.
      ByteBuffer handshake = ByteBuffer.allocate(12 + secret.length);
      handshake.putInt(MAGIC).putInt(secret.length).put(secret).putInt(rank).flip();
      for (int peer = rank + 1; peer < size; peer++) {
        channels[peer] = connect(addresses[peer], timeoutMillis);
        writeFully(channels[peer], handshake.duplicate());
      }
      int refused = acceptLowerPeers(rendezvous, server, accepting, secret, channels, deadline,
          timeoutMillis);
      for (int peer = rank + 1; peer < size; peer++) {
        ByteBuffer answer = ByteBuffer.allocate(1);
        readFully(rendezvous, channels[peer], answer, deadline, peer, timeoutMillis);
        if (answer.get(0) != 1) {
          throw new IOException("Task " + peer + " of the barrier stage refused this task's"
              + " connection");
        }
      }
      PeerGroup group = new PeerGroup(rendezvous, channels, timeoutMillis, refused);
      joined = true;
      return group;
    } finally {
      closeQuietly(accepting);
      if (server != null) {
        closeQuietly(server);
        OPEN_SOCKETS.remove(server);
      }
      if (!joined) {
        for (SocketChannel channel : channels) {
          close(channel);
        }
      }
    }
  }

  private static SocketChannel connect(String hostPort, long timeoutMillis) throws IOException {
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort.substring(0, colon);
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    SocketChannel channel = SocketChannel.open();
    OPEN_SOCKETS.add(channel);
    try {
      channel.socket().connect(new InetSocketAddress(host, port),
          (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
      configure(channel);
      return channel;
    } catch (IOException e) {
      close(channel);
      throw e;
    }
  }

  private static void configure(SocketChannel channel) throws IOException {
    // Each message is written whole and then read: no reason to wait for more bytes.
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
  }

  /**
   * Accepts until every lower task has joined; refuses (and logs) connections without the
   * secret. Returns the number refused.
   */
  private static int acceptLowerPeers(Rendezvous rendezvous, ServerSocketChannel server,
      Selector accepting, byte[] secret, SocketChannel[] channels, long deadline,
      long timeoutMillis) throws IOException {
    int rank = rendezvous.rank();
    int missing = rank;
    int refused = 0;
    while (missing > 0) {
      SocketChannel channel = server.accept();
      if (channel == null) {
        accepting.select(POLL_MILLIS);
        accepting.selectedKeys().clear();
        rendezvous.checkAlive();
        if (System.nanoTime() > deadline) {
          List<Integer> absent = new ArrayList<>();
          for (int peer = 0; peer < rank; peer++) {
            if (channels[peer] == null) {
              absent.add(peer);
            }
          }
          throw new PeerTimeoutException("Task " + rank + " of the barrier stage waited "
              + timeoutMillis / 1000.0 + " s for tasks " + absent + " to connect");
        }
        continue;
      }
      OPEN_SOCKETS.add(channel);
      boolean kept = false;
      try {
        int peer = admit(rendezvous, channel, secret, channels, timeoutMillis);
        if (peer < 0) {
          refused++;
          continue;
        }
        writeFully(channel, ByteBuffer.wrap(new byte[] {1}));
        channels[peer] = channel;
        kept = true;
        missing--;
      } finally {
        if (!kept) {
          close(channel);
        }
      }
    }
    return refused;
  }

  /**
   * Reads a new connection's handshake: the index of the lower task it comes from, or -1 (and a
   * warning) if it did not present the stage's secret.
   */
  private static int admit(Rendezvous rendezvous, SocketChannel channel, byte[] secret,
      SocketChannel[] channels, long timeoutMillis) throws IOException {
    int rank = rendezvous.rank();
    String from = String.valueOf(channel.getRemoteAddress());
    String refusal;
    int peer = -1;
    try {
      configure(channel);
      long handshakeDeadline = System.nanoTime()
          + TimeUnit.MILLISECONDS.toNanos(Math.min(HANDSHAKE_MILLIS, timeoutMillis));
      ByteBuffer header = ByteBuffer.allocate(8);
      readFully(rendezvous, channel, header, handshakeDeadline, -1, HANDSHAKE_MILLIS);
      int magic = header.getInt(0);
      int secretBytes = header.getInt(4);
      if (magic != MAGIC || secretBytes < 0 || secretBytes > MAX_SECRET_BYTES) {
        refusal = "it does not speak this exchange";
      } else {
        ByteBuffer presented = ByteBuffer.allocate(secretBytes + 4);
        readFully(rendezvous, channel, presented, handshakeDeadline, -1, HANDSHAKE_MILLIS);
        byte[] presentedSecret = new byte[secretBytes];
        presented.flip();
        presented.get(presentedSecret);
        peer = presented.getInt();
        if (!MessageDigest.isEqual(presentedSecret, secret)) {
          refusal = "it did not present this stage's secret";
        } else if (peer < 0 || peer >= rank || channels[peer] != null) {
          refusal = "it claimed to be task " + peer + ", which is not a task this one waits for";
        } else {
          refusal = null;
        }
      }
    } catch (IOException e) {
      refusal = "it did not present a secret (" + e.getMessage() + ")";
    }
    if (refusal != null) {
      LOG.warn("Task {} of a spark-backprop barrier stage refused a connection from {}: {};"
          + " training goes on", rank, from, refusal);
      return -1;
    }
    return peer;
  }

  /** Writes all of {@code buffer} to a channel in blocking mode. */
  private static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /**
   * Fills {@code buffer} from a blocking channel; whenever nothing arrives for a poll interval,
   * checks that the task may go on and that the deadline has not passed.
   */
  private static void readFully(Rendezvous rendezvous, SocketChannel channel, ByteBuffer buffer,
      long deadline, int peer, long timeoutMillis) throws IOException {
    channel.configureBlocking(false);
    try (Selector waiting = Selector.open()) {
      channel.register(waiting, SelectionKey.OP_READ);
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer);
        if (n < 0) {
          throw new EOFException("Task " + peer + " of the barrier stage closed its connection");
        }
        if (n == 0) {
          waiting.select(POLL_MILLIS);
          waiting.selectedKeys().clear();
          rendezvous.checkAlive();
          if (System.nanoTime() > deadline) {
            throw new SocketTimeoutException("nothing from task " + peer + " within "
                + timeoutMillis / 1000.0 + " s");
          }
        }
      }
    } finally {
      // a channel registered with a selector stays so until that selector closes (above)
      channel.configureBlocking(true);
    }
  }

  /** This task's index. */
  public int rank() {
    return rank;
  }

  /** The number of tasks. */
  public int size() {
    return size;
  }

  /** How many connections without the secret were refused while joining. */
  public int refusedConnections() {
    return refused;
  }

  /**
   * A cleared little-endian buffer of at least {@code bytes} to build the next message to
   * {@code peer} in; it is this peer's own, reused by later calls, so it must not be used
   * after the next {@link #exchange}.
   */
  public ByteBuffer messageTo(int peer, int bytes) {
    ByteBuffer buffer = sendBuffers[peer];
    if (buffer == null || buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocateDirect(Math.max(bytes, 64)).order(ByteOrder.LITTLE_ENDIAN);
      sendBuffers[peer] = buffer;
    }
    buffer.clear();
    return buffer;
  }

  /**
   * Sends {@code outgoing[p]} (from its position to its limit) to every peer {@code p} for which
   * it is not {@code null}, and receives one message from every peer {@code p} for which
   * {@code incoming[p]}, all at once; returns the messages received, by peer, as little-endian
   * buffers valid until the next exchange.
   *
   * @throws PeerTimeoutException if a peer it waits for is silent for longer than the timeout
   */
  public ByteBuffer[] exchange(ByteBuffer[] outgoing, boolean[] incoming) throws IOException {
    ByteBuffer[][] sending = new ByteBuffer[size][];
    ByteBuffer[] headers = new ByteBuffer[size];
    ByteBuffer[] received = new ByteBuffer[size];
    long[] lastProgress = new long[size];
    long now = System.nanoTime();
    int pending = 0;
    for (int peer = 0; peer < size; peer++) {
      lastProgress[peer] = now;
      if (peer == rank) {
        continue;
      }
      if (outgoing[peer] != null) {
        ByteBuffer length = ByteBuffer.allocate(4).putInt(0, outgoing[peer].remaining());
        sending[peer] = new ByteBuffer[] {length, outgoing[peer]};
        pending++;
      }
      if (incoming[peer]) {
        headers[peer] = ByteBuffer.allocate(4);
        pending++;
      }
    }
    while (pending > 0) {
      boolean progress = false;
      for (int peer = 0; peer < size; peer++) {
        if (sending[peer] != null) {
          if (channels[peer].write(sending[peer]) > 0) {
            progress = true;
            lastProgress[peer] = System.nanoTime();
          }
          if (!sending[peer][0].hasRemaining() && !sending[peer][1].hasRemaining()) {
            sending[peer] = null;
            pending--;
          }
        }
        if (awaiting(peer, headers, received)) {
          if (receive(peer, headers, received) > 0) {
            progress = true;
            lastProgress[peer] = System.nanoTime();
          }
          if (!awaiting(peer, headers, received)) {
            pending--;
          }
        }
      }
      if (pending > 0 && !progress) {
        await(sending, headers, received, lastProgress);
      }
    }
    for (int peer = 0; peer < size; peer++) {
      if (received[peer] != null) {
        received[peer].flip();
      }
    }
    return received;
  }

  /** Whether the message of {@code peer} is still (partly) to come. */
  private static boolean awaiting(int peer, ByteBuffer[] headers, ByteBuffer[] received) {
    return headers[peer] != null || (received[peer] != null && received[peer].hasRemaining());
  }

  /**
   * Reads what {@code peer} has sent: into its length header, then (once the header is whole)
   * into its message; returns the bytes read.
   */
  private int receive(int peer, ByteBuffer[] headers, ByteBuffer[] received) throws IOException {
    int n = 0;
    if (headers[peer] != null) {
      n += read(peer, headers[peer]);
      if (headers[peer].hasRemaining()) {
        return n;
      }
      int length = headers[peer].getInt(0);
      if (length < 0) {
        throw new IOException("Task " + peer + " sent a message of negative length " + length);
      }
      headers[peer] = null;
      received[peer] = receiveBuffer(peer, length);
    }
    if (received[peer].hasRemaining()) {
      n += read(peer, received[peer]);
    }
    return n;
  }

  private int read(int peer, ByteBuffer into) throws IOException {
    int n = channels[peer].read(into);
    if (n < 0) {
      throw new EOFException("Task " + peer + " of the barrier stage closed its connection"
          + " (its task ended or failed)");
    }
    return n;
  }

  private ByteBuffer receiveBuffer(int peer, int length) {
    ByteBuffer buffer = receiveBuffers[peer];
    if (buffer == null || buffer.capacity() < length) {
      buffer = ByteBuffer.allocateDirect(Math.max(length, 64)).order(ByteOrder.LITTLE_ENDIAN);
      receiveBuffers[peer] = buffer;
    }
    buffer.clear().limit(length);
    return buffer;
  }

  /**
   * Waits up to a poll interval for a channel to be ready for what is pending on it; then
   * checks that the task may go on and that no peer it waits on has been silent for too long.
   */
  private void await(ByteBuffer[][] sending, ByteBuffer[] headers, ByteBuffer[] received,
      long[] lastProgress) throws IOException {
    for (int peer = 0; peer < size; peer++) {
      if (peer != rank) {
        keys[peer].interestOps((sending[peer] != null ? SelectionKey.OP_WRITE : 0)
            | (awaiting(peer, headers, received) ? SelectionKey.OP_READ : 0));
      }
    }
    int ready = selector.select(POLL_MILLIS);
    selector.selectedKeys().clear();
    if (ready > 0) {
      return;
    }
    rendezvous.checkAlive();
    long now = System.nanoTime();
    for (int peer = 0; peer < size; peer++) {
      boolean waiting = peer != rank
          && (sending[peer] != null || awaiting(peer, headers, received));
      if (waiting && now - lastProgress[peer] > TimeUnit.MILLISECONDS.toNanos(timeoutMillis)) {
        throw new PeerTimeoutException("Task " + rank + " of the barrier stage heard nothing"
            + " from task " + peer + " for " + timeoutMillis / 1000.0 + " s");
      }
    }
  }

  /** Closes every connection and the selector; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(selector);
    for (SocketChannel channel : channels) {
      close(channel);
    }
  }

  /** Sockets (listening or connected) of peer groups open in this JVM now. */
  public static int openSockets() {
    return OPEN_SOCKETS.size();
  }

  private static void close(SocketChannel channel) {
    if (channel != null) {
      closeQuietly(channel);
      OPEN_SOCKETS.remove(channel);
    }
  }

  /** Closes a socket, channel or selector of the exchange, if any; a failure is only logged. */
  static void closeQuietly(AutoCloseable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.debug("closing a resource of a barrier stage failed", e);
      }
    }
  }
}
