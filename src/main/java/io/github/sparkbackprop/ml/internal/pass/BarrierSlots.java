package io.github.sparkbackprop.ml.internal.pass;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task slots this driver's barrier stages hold, so that a fit whose stage must wait for
 * another fit's can say so, once, with the fix.
 *
 * <p>A barrier stage starts only when every one of its tasks has a slot, and keeps them all for
 * its whole span. Fits run side by side (a {@code CrossValidator} with {@code parallelism} 2)
 * over training rows in as many partitions as the cluster has slots therefore take turns, one
 * span at a time, and the parallelism buys nothing; with the rows in at most
 * {@code slots / parallelism} partitions each, their stages run at once. The count is of this
 * JVM's stages (one SparkContext per JVM).
 */
final class BarrierSlots {

  private static final Logger LOG = LoggerFactory.getLogger(BarrierSlots.class);
  private static final AtomicInteger HELD = new AtomicInteger();

  private final int tasks;
  private boolean told;

  /** @param tasks the tasks of each of the fit's barrier stages (its training partitions) */
  BarrierSlots(int tasks) {
    this.tasks = tasks;
  }

  /**
   * Claims the slots of one of the fit's stages, and logs the first time in this fit that other
   * fits' stages hold so many slots that it must wait for them. Each claim is followed by one
   * {@link #release}.
   *
   * @param slots the task slots the cluster has now, asked only when other fits' stages hold
   *     some and this fit has not been told yet (a fit alone pays nothing per stage)
   */
  void claim(IntSupplier slots) {
    int heldByOthers = HELD.getAndAdd(tasks);
    if (heldByOthers == 0 || told) {
      return;
    }
    String hint = waitHint(heldByOthers, tasks, slots.getAsInt());
    if (hint != null) {
      told = true;
      LOG.warn(hint);
    }
  }

  /** Gives back the slots of the stage {@link #claim} counted. */
  void release() {
    HELD.addAndGet(-tasks);
  }

  /**
   * What to tell a fit whose stage of {@code tasks} tasks starts while other fits' stages hold
   * {@code heldByOthers} of the {@code slots} slots; {@code null} if it need not wait.
   */
  static String waitHint(int heldByOthers, int tasks, int slots) {
    if (heldByOthers == 0 || heldByOthers + tasks <= slots) {
      return null;
    }
    int share = Math.max(1, slots / 2);
    return "This fit's barrier stage of " + tasks + " tasks waits until other fits' barrier"
        + " stages, which hold " + heldByOthers + " of the cluster's " + slots + " task slots,"
        + " end: a barrier stage runs only with a slot for every partition of the training"
        + " rows, so fits run side by side (a CrossValidator's parallelism) take turns. To"
        + " train them at once, give the training DataFrame at most task slots / parallelism"
        + " partitions (with parallelism 2 here, df.repartition(" + share + ")).";
  }

  /** The slots this JVM's barrier stages hold now (for tests). */
  static int held() {
    return HELD.get();
  }
}
