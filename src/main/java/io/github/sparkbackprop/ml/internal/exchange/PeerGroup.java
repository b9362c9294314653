package io.github.sparkbackprop.ml.internal.exchange;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections between the tasks of one barrier stage: every task with every other, opened
 * once when the stage starts and closed when it ends, over which {@link AllReduce} sends its
 * messages.
 *
 * <p><b>Joining.</b> Each task listens on its executor's own address (a free port), publishes
 * "address:port" through the {@link Rendezvous}, connects to every task of a higher index and
 * accepts every task of a lower one. A connecting task first presents the stage's secret (which
 * reaches the tasks through Spark, in the task's closure) and its index; a connection that does
 * not is refused, closed and logged, and joining goes on. The listening socket closes as soon as
 * all peers have joined.
 *
 * <p><b>Sending and receiving.</b> Messages are length-prefixed byte arrays. Sends are queued to
 * one sender thread per task, so that a task can send to some peers while it reads from others
 * (two tasks writing large messages to each other with nobody reading would block both). Reads
 * poll: every {@value #POLL_MILLIS} ms without data a task checks that it may go on (a
 * cancelled or failed stage stops it) and that the peer has not been silent for longer than the
 * timeout, which ends in a {@link PeerTimeoutException} naming the peer and the fix, never a hang.
 *
 * <p><b>Closing</b> waits for the queued sends, then closes every socket and stops the thread;
 * on failure it closes at once. {@link #openSockets()} counts what is still open in this JVM.
 */
public final class PeerGroup implements AutoCloseable {

  /** Prefix of the sender threads' names. */
  public static final String THREAD_PREFIX = "spark-backprop-exchange-";

  private static final Logger LOG = LoggerFactory.getLogger(PeerGroup.class);
  private static final int MAGIC = 0x53425058;
  private static final int MAX_SECRET_BYTES = 1024;
  private static final int POLL_MILLIS = 100;
  /** How long a newly accepted connection may take to present the secret. */
  private static final long HANDSHAKE_MILLIS = 10_000;
  private static final AtomicInteger OPEN_SOCKETS = new AtomicInteger();

  private final Rendezvous rendezvous;
  private final int rank;
  private final int size;
  private final long timeoutMillis;
  private final Socket[] sockets;
  private final DataOutputStream[] outs;
  private final InputStream[] ins;
  private final byte[][] buffers;
  private final ExecutorService sender;
  private final AtomicReference<Throwable> sendFailure = new AtomicReference<>();
  private final int refused;
  private boolean closed;

  private PeerGroup(Rendezvous rendezvous, Socket[] sockets, long timeoutMillis, int refused)
      throws IOException {
    this.rendezvous = rendezvous;
    this.rank = rendezvous.rank();
    this.size = rendezvous.size();
    this.timeoutMillis = timeoutMillis;
    this.sockets = sockets;
    this.refused = refused;
    this.outs = new DataOutputStream[size];
    this.ins = new InputStream[size];
    this.buffers = new byte[size][];
    for (int peer = 0; peer < size; peer++) {
      if (peer != rank) {
        outs[peer] = new DataOutputStream(
            new BufferedOutputStream(sockets[peer].getOutputStream(), 1 << 16));
        ins[peer] = new BufferedInputStream(sockets[peer].getInputStream(), 1 << 16);
        buffers[peer] = new byte[0];
      }
    }
    int index = rank;
    this.sender = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, THREAD_PREFIX + "sender-" + index);
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * Connects this task with every other task of the stage.
   *
   * @param rendezvous the stage's tasks
   * @param secret the stage's secret, which every connection must present
   * @param timeoutMillis how long to wait for a peer, here and in every later receive
   * @throws PeerTimeoutException if a peer does not join in time
   */
  public static PeerGroup join(Rendezvous rendezvous, byte[] secret, long timeoutMillis)
      throws IOException {
    int rank = rendezvous.rank();
    int size = rendezvous.size();
    Socket[] sockets = new Socket[size];
    ServerSocket server = null;
    boolean joined = false;
    try {
      InetAddress address = rendezvous.listenAddress();
      server = new ServerSocket();
      OPEN_SOCKETS.incrementAndGet();
      server.bind(new InetSocketAddress(address, 0), Math.max(size, 16));
      server.setSoTimeout(POLL_MILLIS);
      String[] addresses =
          rendezvous.allGather(address.getHostAddress() + ":" + server.getLocalPort());
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      // Present the secret to every higher task first, then accept the lower ones, then read
      // the higher ones' answers: no task waits for one that waits in turn.
      for (int peer = rank + 1; peer < size; peer++) {
        sockets[peer] = connect(addresses[peer], timeoutMillis);
        DataOutputStream out = new DataOutputStream(sockets[peer].getOutputStream());
        out.writeInt(MAGIC);
        out.writeInt(secret.length);
        out.write(secret);
        out.writeInt(rank);
        out.flush();
      }
      int refused = acceptLowerPeers(rendezvous, server, secret, sockets, deadline, timeoutMillis);
      for (int peer = rank + 1; peer < size; peer++) {
        byte[] answer = new byte[1];
        readFully(rendezvous, sockets[peer].getInputStream(), answer, 1, deadline, peer,
            timeoutMillis);
        if (answer[0] != 1) {
          throw new IOException("Task " + peer + " of the barrier stage refused this task's"
              + " connection");
        }
      }
      PeerGroup group = new PeerGroup(rendezvous, sockets, timeoutMillis, refused);
      joined = true;
      return group;
    } finally {
      close(server);
      if (!joined) {
        for (Socket socket : sockets) {
          close(socket);
        }
      }
    }
  }

  private static Socket connect(String hostPort, long timeoutMillis) throws IOException {
    int colon = hostPort.lastIndexOf(':');
    String host = hostPort.substring(0, colon);
    int port = Integer.parseInt(hostPort.substring(colon + 1));
    Socket socket = new Socket();
    OPEN_SOCKETS.incrementAndGet();
    try {
      socket.connect(new InetSocketAddress(host, port),
          (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
      configure(socket);
      return socket;
    } catch (IOException e) {
      close(socket);
      throw e;
    }
  }

  private static void configure(Socket socket) throws IOException {
    // Each message is written whole and then read: no reason to wait for more bytes.
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(POLL_MILLIS);
  }

  /**
   * Accepts until every lower task has joined; refuses (and logs) connections without the
   * secret. Returns the number refused.
   */
  private static int acceptLowerPeers(Rendezvous rendezvous, ServerSocket server, byte[] secret,
      Socket[] sockets, long deadline, long timeoutMillis) throws IOException {
    int rank = rendezvous.rank();
    int missing = rank;
    int refused = 0;
    while (missing > 0) {
      Socket socket;
      try {
        socket = server.accept();
        OPEN_SOCKETS.incrementAndGet();
      } catch (SocketTimeoutException e) {
        rendezvous.checkAlive();
        if (System.nanoTime() > deadline) {
          List<Integer> absent = new ArrayList<>();
          for (int peer = 0; peer < rank; peer++) {
            if (sockets[peer] == null) {
              absent.add(peer);
            }
          }
          throw new PeerTimeoutException("Task " + rank + " of the barrier stage waited "
              + timeoutMillis / 1000.0 + " s for tasks " + absent + " to connect");
        }
        continue;
      }
      String refusal;
      int peer = -1;
      try {
        configure(socket);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        long handshakeDeadline = System.nanoTime()
            + TimeUnit.MILLISECONDS.toNanos(Math.min(HANDSHAKE_MILLIS, timeoutMillis));
        byte[] header = new byte[8];
        readFully(rendezvous, in, header, 8, handshakeDeadline, -1, HANDSHAKE_MILLIS);
        ByteBuffer fields = ByteBuffer.wrap(header);
        int magic = fields.getInt();
        int secretBytes = fields.getInt();
        if (magic != MAGIC || secretBytes < 0 || secretBytes > MAX_SECRET_BYTES) {
          refusal = "it does not speak this exchange";
        } else {
          byte[] presented = new byte[secretBytes + 4];
          readFully(rendezvous, in, presented, presented.length, handshakeDeadline, -1,
              HANDSHAKE_MILLIS);
          peer = ByteBuffer.wrap(presented, secretBytes, 4).getInt();
          byte[] presentedSecret = new byte[secretBytes];
          System.arraycopy(presented, 0, presentedSecret, 0, secretBytes);
          if (!MessageDigest.isEqual(presentedSecret, secret)) {
            refusal = "it did not present this stage's secret";
          } else if (peer < 0 || peer >= rank || sockets[peer] != null) {
            refusal = "it claimed to be task " + peer + ", which is not a task this one waits for";
          } else {
            refusal = null;
          }
        }
      } catch (IOException e) {
        refusal = "it did not present a secret (" + e.getMessage() + ")";
      }
      if (refusal != null) {
        refused++;
        LOG.warn("Task {} of a spark-backprop barrier stage refused a connection from {}: {};"
            + " training goes on", rank, socket.getRemoteSocketAddress(), refusal);
        close(socket);
        continue;
      }
      socket.getOutputStream().write(1);
      socket.getOutputStream().flush();
      sockets[peer] = socket;
      missing--;
    }
    return refused;
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
   * Queues {@code length} bytes of {@code message} for {@code peer}; the array must not change
   * until the group is closed or the message has been received.
   */
  public void send(int peer, byte[] message, int length) throws IOException {
    rethrowSendFailure();
    DataOutputStream out = outs[peer];
    sender.execute(() -> {
      if (sendFailure.get() != null) {
        return;
      }
      try {
        out.writeInt(length);
        out.write(message, 0, length);
        out.flush();
      } catch (IOException | RuntimeException e) {
        sendFailure.compareAndSet(null, e);
      }
    });
  }

  /**
   * The next message from {@code peer}, as a little-endian buffer that stays valid until the
   * next receive from that peer.
   *
   * @throws PeerTimeoutException if the peer sends nothing for longer than the timeout
   */
  public ByteBuffer receive(int peer) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    byte[] header = new byte[4];
    readFully(peer, header, 4, deadline);
    int length = ByteBuffer.wrap(header).getInt();
    if (length < 0) {
      throw new IOException("Task " + peer + " sent a message of negative length " + length);
    }
    if (buffers[peer].length < length) {
      buffers[peer] = new byte[length];
    }
    readFully(peer, buffers[peer], length, deadline);
    return ByteBuffer.wrap(buffers[peer], 0, length).slice().order(ByteOrder.LITTLE_ENDIAN);
  }

  private void readFully(int peer, byte[] into, int length, long deadline) throws IOException {
    rethrowSendFailure();
    readFully(rendezvous, ins[peer], into, length, deadline, peer, timeoutMillis);
  }

  /**
   * Reads {@code length} bytes; whenever {@code in} has none for a poll interval, checks that
   * the task may go on and that the peer has been silent for less than the timeout (measured
   * from the last bytes it sent, so a long message from a slow link is no timeout).
   */
  private static void readFully(Rendezvous rendezvous, InputStream in, byte[] into, int length,
      long deadline, int peer, long timeoutMillis) throws IOException {
    int read = 0;
    long until = deadline;
    while (read < length) {
      try {
        int n = in.read(into, read, length - read);
        if (n < 0) {
          throw new EOFException("Task " + peer + " of the barrier stage closed its connection"
              + " (its task ended or failed)");
        }
        read += n;
        until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      } catch (SocketTimeoutException e) {
        rendezvous.checkAlive();
        if (System.nanoTime() > until) {
          throw new PeerTimeoutException("Task " + rendezvous.rank() + " of the barrier stage"
              + " heard nothing from task " + peer + " for " + timeoutMillis / 1000.0 + " s");
        }
      }
    }
  }

  private void rethrowSendFailure() throws IOException {
    Throwable failure = sendFailure.get();
    if (failure != null) {
      throw new IOException("Sending to a task of the barrier stage failed: " + failure,
          failure);
    }
  }

  /**
   * Waits for the queued sends (up to the timeout, checking that the task may go on), then
   * closes every connection and stops the sender thread.
   */
  public void finish() throws IOException {
    sender.shutdown();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    try {
      while (!sender.awaitTermination(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        rendezvous.checkAlive();
        if (System.nanoTime() > deadline) {
          throw new PeerTimeoutException("Task " + rank + " of the barrier stage could not"
              + " deliver its last messages in " + timeoutMillis / 1000.0 + " s");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while sending to the barrier stage's tasks", e);
    } finally {
      close();
    }
    rethrowSendFailure();
  }

  /** Closes every connection at once and stops the sender thread; idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    sender.shutdownNow();
    for (Socket socket : sockets) {
      close(socket);
    }
  }

  /** Sockets (listening or connected) of peer groups open in this JVM now. */
  public static int openSockets() {
    return OPEN_SOCKETS.get();
  }

  private static void close(Socket socket) {
    if (socket != null && !socket.isClosed()) {
      try {
        socket.close();
      } catch (IOException e) {
        LOG.debug("closing a connection of a barrier stage failed", e);
      }
      OPEN_SOCKETS.decrementAndGet();
    }
  }

  private static void close(ServerSocket server) {
    if (server != null && !server.isClosed()) {
      try {
        server.close();
      } catch (IOException e) {
        LOG.debug("closing the listening socket of a barrier stage failed", e);
      }
      OPEN_SOCKETS.decrementAndGet();
    }
  }
}
