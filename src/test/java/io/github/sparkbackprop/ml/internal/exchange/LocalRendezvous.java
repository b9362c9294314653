package io.github.sparkbackprop.ml.internal.exchange;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The tasks of a barrier stage as threads of this JVM, for tests of the exchange without Spark:
 * {@link #allGather} meets at a barrier, {@link #checkAlive} fails once the stage is cancelled.
 */
public final class LocalRendezvous implements Rendezvous {

  /** What the tasks of one stage share. */
  public static final class Stage {
    private final int size;
    private final String[] messages;
    private final CyclicBarrier barrier;
    private volatile boolean cancelled;

    /**
     * @param size the number of tasks
     * @param afterGather called once with every task's message when all have sent theirs,
     *     before any task goes on (a test's moment to act on the addresses)
     */
    public Stage(int size, Consumer<String[]> afterGather) {
      this.size = size;
      this.messages = new String[size];
      this.barrier = new CyclicBarrier(size, () -> afterGather.accept(messages.clone()));
    }

    /** Makes every task's next {@link #checkAlive} fail, as a cancelled Spark stage does. */
    public void cancel() {
      cancelled = true;
    }
  }

  /** What one task does with its rendezvous. */
  @FunctionalInterface
  public interface Task<R> {
    R run(LocalRendezvous rendezvous) throws Exception;
  }

  private final Stage stage;
  private final int rank;

  private LocalRendezvous(Stage stage, int rank) {
    this.stage = stage;
    this.rank = rank;
  }

  /**
   * Runs {@code task} once per task of {@code stage}, each in a thread of its own, and returns
   * what each returned or threw (a {@link Throwable}), by rank.
   */
  public static <R> List<Object> runTasks(Stage stage, Task<R> task) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(stage.size);
    try {
      List<Future<Object>> futures = new ArrayList<>();
      for (int rank = 0; rank < stage.size; rank++) {
        LocalRendezvous rendezvous = new LocalRendezvous(stage, rank);
        futures.add(threads.submit(() -> {
          try {
            return task.run(rendezvous);
          } catch (Throwable t) {
            return t;
          }
        }));
      }
      List<Object> results = new ArrayList<>();
      for (Future<Object> future : futures) {
        results.add(future.get(2, TimeUnit.MINUTES));
      }
      return results;
    } finally {
      threads.shutdownNow();
    }
  }

  @Override
  public int rank() {
    return rank;
  }

  @Override
  public int size() {
    return stage.size;
  }

  @Override
  public InetAddress listenAddress() {
    return InetAddress.getLoopbackAddress();
  }

  @Override
  public String[] allGather(String message) {
    stage.messages[rank] = message;
    try {
      stage.barrier.await(1, TimeUnit.MINUTES);
    } catch (InterruptedException | BrokenBarrierException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the tasks did not meet", e);
    }
    return stage.messages.clone();
  }

  @Override
  public void checkAlive() {
    if (stage.cancelled) {
      throw new IllegalStateException("the stage was cancelled");
    }
  }
}
