package io.github.sparkbackprop.ml.internal.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The connections of a barrier stage's tasks, as threads of one JVM: who may join, what a task
 * waiting on a silent, failed or cancelled peer does, and that nothing stays open.
 */
class PeerGroupTest {

  private static final byte[] SECRET = "the stage's secret, 32 bytes....".getBytes(
      StandardCharsets.UTF_8);

  @AfterEach
  void nothingStaysOpen() throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < until && PeerGroup.openSockets() != 0) {
      Thread.sleep(20);
    }
    assertEquals(0, PeerGroup.openSockets(), "sockets of peer groups still open");
  }

  /** Every task sends its rank to every other and returns what it received, by peer. */
  private static int[] exchangeRanks(PeerGroup group) throws Exception {
    ByteBuffer[] outgoing = new ByteBuffer[group.size()];
    boolean[] everyPeer = new boolean[group.size()];
    for (int peer = 0; peer < group.size(); peer++) {
      if (peer != group.rank()) {
        outgoing[peer] = group.messageTo(peer, 4).putInt(100 + group.rank()).flip();
        everyPeer[peer] = true;
      }
    }
    ByteBuffer[] received = group.exchange(outgoing, everyPeer);
    int[] ranks = new int[group.size()];
    for (int peer = 0; peer < group.size(); peer++) {
      if (peer != group.rank()) {
        ranks[peer] = received[peer].getInt();
      }
    }
    return ranks;
  }

  /** Waits for a message from task 1 (only). */
  private static ByteBuffer fromTaskOne(PeerGroup group) throws Exception {
    boolean[] fromOne = new boolean[group.size()];
    fromOne[1] = true;
    return group.exchange(new ByteBuffer[group.size()], fromOne)[1];
  }

  @Test
  void largeMessagesCrossBothWaysAtOnceWithoutDeadlock() throws Exception {
    // 8 MB each way, far more than the sockets' buffers: each task must read while it writes
    LocalRendezvous.Stage stage = new LocalRendezvous.Stage(3, addresses -> { });
    List<Object> results = LocalRendezvous.runTasks(stage, rendezvous -> {
      try (PeerGroup group = PeerGroup.join(rendezvous, SECRET, 20_000)) {
        ByteBuffer[] outgoing = new ByteBuffer[3];
        boolean[] everyPeer = new boolean[3];
        for (int peer = 0; peer < 3; peer++) {
          if (peer != group.rank()) {
            ByteBuffer message = group.messageTo(peer, 8 << 20);
            while (message.hasRemaining()) {
              message.putInt(group.rank() * 1000 + peer);
            }
            outgoing[peer] = message.flip();
            everyPeer[peer] = true;
          }
        }
        ByteBuffer[] received = group.exchange(outgoing, everyPeer);
        int[] check = new int[3];
        for (int peer = 0; peer < 3; peer++) {
          if (peer != group.rank()) {
            assertEquals(8 << 20, received[peer].remaining());
            check[peer] = received[peer].getInt(received[peer].limit() - 4);
          }
        }
        return check;
      }
    });
    for (int rank = 0; rank < 3; rank++) {
      int[] check = (int[]) results.get(rank);
      for (int peer = 0; peer < 3; peer++) {
        assertEquals(peer == rank ? 0 : peer * 1000 + rank, check[peer], rank + " from " + peer);
      }
    }
  }

  private static Socket connect(String hostPort) throws Exception {
    int colon = hostPort.lastIndexOf(':');
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(hostPort.substring(0, colon),
        Integer.parseInt(hostPort.substring(colon + 1))), 5000);
    return socket;
  }

  @Test
  void connectionsWithoutTheSecretAreRefusedAndTheStageStillForms() throws Exception {
    List<Socket> intruders = new ArrayList<>();
    // Before any task connects, one intruder presents a wrong secret to task 2 and another
    // speaks something else to task 1: both are first in their listeners' queues.
    LocalRendezvous.Stage stage = new LocalRendezvous.Stage(3, addresses -> {
      try {
        Socket wrongSecret = connect(addresses[2]);
        DataOutputStream out = new DataOutputStream(wrongSecret.getOutputStream());
        out.writeInt(0x53425058);
        out.writeInt(SECRET.length);
        out.write(new byte[SECRET.length]);
        out.writeInt(0);
        out.flush();
        Socket stranger = connect(addresses[1]);
        stranger.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(
            StandardCharsets.US_ASCII));
        intruders.add(wrongSecret);
        intruders.add(stranger);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    List<Object> results = LocalRendezvous.runTasks(stage, rendezvous -> {
      try (PeerGroup group = PeerGroup.join(rendezvous, SECRET, 20_000)) {
        int[] received = exchangeRanks(group);
        return new int[] {group.refusedConnections(), received[0], received[1], received[2]};
      }
    });
    assertEquals(List.of(0, 1, 1), List.of(((int[]) results.get(0))[0],
        ((int[]) results.get(1))[0], ((int[]) results.get(2))[0]), "refused per task");
    for (int rank = 0; rank < 3; rank++) {
      int[] r = (int[]) results.get(rank);
      for (int peer = 0; peer < 3; peer++) {
        assertEquals(peer == rank ? 0 : 100 + peer, r[1 + peer], "task " + rank + " from " + peer);
      }
    }
    for (Socket intruder : intruders) {
      intruder.setSoTimeout(5000);
      InputStream in = intruder.getInputStream();
      int answer;
      try {
        answer = in.read();
      } catch (java.net.SocketException reset) {
        answer = -1; // closed with the intruder's bytes unread: a reset, no answer either
      }
      assertEquals(-1, answer, "the refused connection is closed without an answer");
      intruder.close();
    }
  }

  @Test
  void aSilentPeerEndsInATimeoutThatNamesItNotAHang() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    LocalRendezvous.Stage stage = new LocalRendezvous.Stage(2, addresses -> { });
    long start = System.nanoTime();
    List<Object> results = LocalRendezvous.runTasks(stage, rendezvous -> {
      try (PeerGroup group = PeerGroup.join(rendezvous, SECRET, 1500)) {
        if (group.rank() == 1) {
          done.await(1, TimeUnit.MINUTES); // joined, then silent
          return "silent";
        }
        try {
          return fromTaskOne(group);
        } finally {
          done.countDown();
        }
      }
    });
    double seconds = (System.nanoTime() - start) / 1e9;
    PeerTimeoutException timeout = assertInstanceOf(PeerTimeoutException.class, results.get(0));
    assertTrue(timeout.getMessage().contains("heard nothing from task 1 for 1.5 s"),
        timeout.getMessage());
    assertTrue(timeout.getMessage().contains(PeerTimeoutException.TIMEOUT_CONF)
        && timeout.getMessage().contains("perStep"), timeout.getMessage());
    assertTrue(seconds < 30, "took " + seconds + " s");
  }

  @Test
  void aCancelledStageStopsATaskWaitingOnItsPeerAtOnce() throws Exception {
    CountDownLatch joined = new CountDownLatch(2);
    CountDownLatch done = new CountDownLatch(1);
    LocalRendezvous.Stage stage = new LocalRendezvous.Stage(2, addresses -> { });
    Thread canceller = new Thread(() -> {
      try {
        joined.await(1, TimeUnit.MINUTES);
        Thread.sleep(300);
        stage.cancel();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    canceller.start();
    long start = System.nanoTime();
    List<Object> results = LocalRendezvous.runTasks(stage, rendezvous -> {
      try (PeerGroup group = PeerGroup.join(rendezvous, SECRET, 600_000)) {
        joined.countDown();
        if (group.rank() == 1) {
          done.await(1, TimeUnit.MINUTES);
          return "silent";
        }
        try {
          return fromTaskOne(group);
        } finally {
          done.countDown();
        }
      }
    });
    canceller.join();
    double seconds = (System.nanoTime() - start) / 1e9;
    IllegalStateException cancelled = assertInstanceOf(IllegalStateException.class,
        results.get(0));
    assertTrue(cancelled.getMessage().contains("cancelled"), cancelled.getMessage());
    assertTrue(seconds < 10, "a 10-minute timeout, yet the cancelled task stopped after "
        + seconds + " s");
  }

  @Test
  void aPeerWhoseTaskEndedIsNamedAtOnce() throws Exception {
    LocalRendezvous.Stage stage = new LocalRendezvous.Stage(2, addresses -> { });
    List<Object> results = LocalRendezvous.runTasks(stage, rendezvous -> {
      try (PeerGroup group = PeerGroup.join(rendezvous, SECRET, 600_000)) {
        if (group.rank() == 1) {
          return "failed without a word"; // closes its connections
        }
        return fromTaskOne(group);
      }
    });
    EOFException ended = assertInstanceOf(EOFException.class, results.get(0));
    assertTrue(ended.getMessage().contains("Task 1"), ended.getMessage());
  }
}
