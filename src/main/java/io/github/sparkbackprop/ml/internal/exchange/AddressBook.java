package io.github.sparkbackprop.ml.internal.exchange;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the tasks of a barrier stage learn each other's listening addresses: a small server on
 * the driver (as XGBoost's tracker is), which each task tells its address and which answers
 * every task of a stage attempt with all of them once the last has told it.
 *
 * <p>Spark's own {@code BarrierTaskContext.allGather} does the same through the driver's
 * barrier coordinator, but waits for the answer by sleeping a whole second whenever it has not
 * come at once: measured on {@code local[2]}, one of the two tasks waited 1.0 s in most epochs,
 * a second per epoch that no step needs. Here a task waits on its socket and hears the answer as
 * soon as it is sent.
 *
 * <p>Every message carries the stage's secret; a connection without it is refused and logged.
 * Messages are grouped by a key naming the stage attempt, so that the tasks of a stage Spark
 * runs again never meet those of the failed attempt; a task that registers again under the same
 * key and index replaces its earlier registration.
 */
public final class AddressBook implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(AddressBook.class);
  private static final int MAGIC = 0x53424142;
  private static final int MAX_SECRET_BYTES = 1024;
  private static final int MAX_TASKS = 1 << 20;
  private static final int HANDSHAKE_MILLIS = 10_000;
  private static final int POLL_MILLIS = 100;

  private final ServerSocket server;
  private final byte[] secret;
  private final String address;
  private final Thread thread;
  private final Map<String, Group> groups = new HashMap<>();
  private volatile boolean closed;

  /** The registrations of one stage attempt so far. */
  private static final class Group {
    final Socket[] sockets;
    final String[] messages;
    int registered;

    Group(int size) {
      sockets = new Socket[size];
      messages = new String[size];
    }
  }

  private AddressBook(ServerSocket server, byte[] secret, String advertisedHost) {
    this.server = server;
    this.secret = secret.clone();
    this.address = advertisedHost + ":" + server.getLocalPort();
    this.thread = new Thread(this::serve, "spark-backprop-address-book-" + server.getLocalPort());
    thread.setDaemon(true);
  }

  /**
   * Opens a book listening on {@code bind} (any free port), whose tasks reach it at
   * {@code advertisedHost}, and starts answering on a daemon thread of its own.
   *
   * @param secret what every task must present
   */
  public static AddressBook open(InetAddress bind, String advertisedHost, byte[] secret)
      throws IOException {
    ServerSocket server = new ServerSocket();
    try {
      server.bind(new InetSocketAddress(bind, 0), 64);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    AddressBook book = new AddressBook(server, secret, advertisedHost);
    book.thread.start();
    return book;
  }

  /** {@code host:port} where tasks reach this book. */
  public String address() {
    return address;
  }

  private void serve() {
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("The address book of the barrier stage stopped accepting: {}", e.toString());
        }
        return;
      }
      try {
        register(socket);
      } catch (IOException | RuntimeException e) {
        LOG.warn("The address book of the barrier stage refused a connection from {}: {}",
            socket.getRemoteSocketAddress(), e.getMessage());
        PeerGroup.closeQuietly(socket);
      }
    }
  }

  private void register(Socket socket) throws IOException {
    socket.setSoTimeout(HANDSHAKE_MILLIS);
    socket.setTcpNoDelay(true);
    DataInputStream in = new DataInputStream(socket.getInputStream());
    int magic = in.readInt();
    int secretBytes = in.readInt();
    if (magic != MAGIC || secretBytes < 0 || secretBytes > MAX_SECRET_BYTES) {
      throw new IOException("it does not speak this exchange");
    }
    byte[] presented = new byte[secretBytes];
    in.readFully(presented);
    if (!MessageDigest.isEqual(presented, secret)) {
      throw new IOException("it did not present this stage's secret");
    }
    String key = in.readUTF();
    int rank = in.readInt();
    int size = in.readInt();
    String message = in.readUTF();
    if (size < 1 || size > MAX_TASKS || rank < 0 || rank >= size) {
      throw new IOException("task " + rank + " of " + size + " is not a task of a stage");
    }
    Group group = groups.computeIfAbsent(key, k -> new Group(size));
    if (group.sockets.length != size) {
      throw new IOException("task " + rank + " says its stage " + key + " has " + size
          + " tasks, an earlier one said " + group.sockets.length);
    }
    if (group.sockets[rank] == null) {
      group.registered++;
    } else {
      // the same task again: its earlier connection is stale
      PeerGroup.closeQuietly(group.sockets[rank]);
    }
    group.sockets[rank] = socket;
    group.messages[rank] = message;
    if (group.registered == size) {
      groups.remove(key);
      answer(group);
    }
  }

  private static void answer(Group group) {
    byte[] reply = encode(group.messages);
    for (Socket socket : group.sockets) {
      try {
        socket.getOutputStream().write(reply);
        socket.getOutputStream().flush();
      } catch (IOException e) {
        // the task is gone; its peers learn it when they connect to it
        LOG.warn("The address book could not answer a task of the barrier stage: {}",
            e.toString());
      } finally {
        PeerGroup.closeQuietly(socket);
      }
    }
  }

  private static byte[] encode(String[] messages) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(0); // the length, below
      out.writeInt(messages.length);
      for (String message : messages) {
        out.writeUTF(message);
      }
      out.flush();
      byte[] reply = bytes.toByteArray();
      int length = reply.length - 4;
      reply[0] = (byte) (length >>> 24);
      reply[1] = (byte) (length >>> 16);
      reply[2] = (byte) (length >>> 8);
      reply[3] = (byte) length;
      return reply;
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
  }

  /**
   * A task's side: tells the book at {@code bookAddress} this task's {@code message} under
   * {@code key} and returns every task's message, by index, once all have told theirs. While it
   * waits it checks every {@value #POLL_MILLIS} ms that the task may go on.
   *
   * @param rendezvous this task's index, the number of tasks, and whether it may go on
   * @param key the stage attempt, the same for all its tasks
   * @param timeoutMillis how long to wait for the last task
   * @throws PeerTimeoutException if not every task has told the book in time
   */
  public static String[] gather(String bookAddress, byte[] secret, String key,
      Rendezvous rendezvous, String message, long timeoutMillis) throws IOException {
    int colon = bookAddress.lastIndexOf(':');
    InetSocketAddress at = new InetSocketAddress(bookAddress.substring(0, colon),
        Integer.parseInt(bookAddress.substring(colon + 1)));
    try (Socket socket = new Socket()) {
      socket.connect(at, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
      socket.setTcpNoDelay(true);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeInt(MAGIC);
      out.writeInt(secret.length);
      out.write(secret);
      out.writeUTF(key);
      out.writeInt(rendezvous.rank());
      out.writeInt(rendezvous.size());
      out.writeUTF(message);
      out.flush();
      socket.getOutputStream().write(bytes.toByteArray());
      socket.getOutputStream().flush();
      socket.setSoTimeout(POLL_MILLIS);
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      InputStream in = socket.getInputStream();
      byte[] header = readFully(in, 4, rendezvous, deadline, timeoutMillis);
      int length = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16)
          | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
      DataInputStream reply = new DataInputStream(new ByteArrayInputStream(
          readFully(in, length, rendezvous, deadline, timeoutMillis)));
      String[] messages = new String[reply.readInt()];
      for (int i = 0; i < messages.length; i++) {
        messages[i] = reply.readUTF();
      }
      return messages;
    }
  }

  private static byte[] readFully(InputStream in, int length, Rendezvous rendezvous,
      long deadline, long timeoutMillis) throws IOException {
    byte[] buffer = new byte[length];
    int read = 0;
    while (read < length) {
      try {
        int n = in.read(buffer, read, length - read);
        if (n < 0) {
          throw new IOException("The driver's address book closed the connection before"
              + " every task of the barrier stage had joined");
        }
        read += n;
      } catch (SocketTimeoutException e) {
        rendezvous.checkAlive();
        if (System.nanoTime() > deadline) {
          throw new PeerTimeoutException("Task " + rendezvous.rank() + " of the barrier stage"
              + " waited " + timeoutMillis / 1000.0 + " s for the other tasks to join");
        }
      }
    }
    return buffer;
  }

  /** Stops answering and closes every connection still waiting. */
  @Override
  public void close() {
    closed = true;
    PeerGroup.closeQuietly(server);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Group group : groups.values()) {
      for (Socket socket : group.sockets) {
        if (socket != null) {
          PeerGroup.closeQuietly(socket);
        }
      }
    }
    groups.clear();
  }
}
