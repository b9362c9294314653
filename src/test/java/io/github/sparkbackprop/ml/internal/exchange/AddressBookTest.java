package io.github.sparkbackprop.ml.internal.exchange;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The driver's address book: every task of a stage attempt gets every task's message, by index,
 * as soon as the last has sent its own; attempts do not mix; a connection without the secret is
 * refused; a task waiting for a peer that never comes times out, or stops when its stage is
 * cancelled.
 */
class AddressBookTest {

  private static final byte[] SECRET =
      "the stage's secret, 32 bytes....".getBytes(StandardCharsets.US_ASCII);

  private static AddressBook open() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    return AddressBook.open(loopback, loopback.getHostAddress(), SECRET);
  }

  @Test
  void everyTaskGetsEveryMessageByIndexAndQuickly() throws Exception {
    try (AddressBook book = open()) {
      for (String attempt : List.of("7.0", "7.1")) {
        long start = System.nanoTime();
        List<Object> results = LocalRendezvous.runTasks(new LocalRendezvous.Stage(4, m -> { }),
            task -> AddressBook.gather(book.address(), SECRET, attempt, task,
                "task " + task.rank() + " of " + attempt, 60_000));
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Object result : results) {
          assertArrayEquals(new String[] {"task 0 of " + attempt, "task 1 of " + attempt,
              "task 2 of " + attempt, "task 3 of " + attempt}, (String[]) result);
        }
        // Spark's allGather sleeps a second while it waits; this must not
        assertTrue(seconds < 0.9, "the exchange took " + seconds + " s");
      }
    }
  }

  @Test
  void aConnectionWithoutTheSecretIsRefused() throws Exception {
    try (AddressBook book = open()) {
      byte[] wrong = "another stage's secret, 32 bytes".getBytes(StandardCharsets.US_ASCII);
      List<Object> results = LocalRendezvous.runTasks(new LocalRendezvous.Stage(1, m -> { }),
          task -> AddressBook.gather(book.address(), wrong, "1.0", task, "intruder", 5_000));
      assertInstanceOf(java.io.IOException.class, results.get(0), String.valueOf(results));
    }
  }

  @Test
  void aTaskWaitingForAnAbsentPeerTimesOutOrStopsWithItsStage() throws Exception {
    try (AddressBook book = open()) {
      // a stage of 2 tasks of which only one comes: the one times out, naming the setting
      LocalRendezvous.Stage stage = new LocalRendezvous.Stage(1, m -> { });
      List<Object> results = LocalRendezvous.runTasks(stage, task -> AddressBook.gather(
          book.address(), SECRET, "2.0", new OneOfTwo(task), "alone", 300));
      PeerTimeoutException timeout = assertInstanceOf(PeerTimeoutException.class,
          results.get(0));
      assertTrue(timeout.getMessage().contains(PeerTimeoutException.TIMEOUT_CONF),
          timeout.getMessage());
      // the same, with the stage cancelled: the task stops within a poll, long before timing out
      stage.cancel();
      long start = System.nanoTime();
      results = LocalRendezvous.runTasks(stage, task -> AddressBook.gather(book.address(),
          SECRET, "3.0", new OneOfTwo(task), "alone", 60_000));
      assertInstanceOf(RuntimeException.class, results.get(0), String.valueOf(results));
      assertTrue((System.nanoTime() - start) / 1e9 < 10, "the cancelled task went on waiting");
    }
  }

  /** Task 0 of a stage of two whose task 1 never comes. */
  private static final class OneOfTwo implements Rendezvous {
    private final Rendezvous task;

    OneOfTwo(Rendezvous task) {
      this.task = task;
    }

    @Override
    public int rank() {
      return 0;
    }

    @Override
    public int size() {
      return 2;
    }

    @Override
    public InetAddress listenAddress() throws java.io.IOException {
      return task.listenAddress();
    }

    @Override
    public String[] allGather(String message) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void checkAlive() {
      task.checkAlive();
    }
  }

  @Test
  void closingStopsTheBookAndItsThread() throws Exception {
    AddressBook book = open();
    String name = "spark-backprop-address-book-" + book.address().substring(
        book.address().lastIndexOf(':') + 1);
    assertTrue(threadNamed(name), "no thread " + name);
    book.close();
    assertEquals(false, threadNamed(name), "the book's thread outlived it");
    assertThrows(java.io.IOException.class, () -> AddressBook.gather(book.address(), SECRET,
        "4.0", new OneOfTwo(null), "late", 1_000));
  }

  private static boolean threadNamed(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(name) && t.isAlive());
  }
}
