package io.github.sparkbackprop.ml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/** Records the Spark jobs started while it is attached, with their descriptions. */
final class JobRecorder extends SparkListener implements AutoCloseable {

  private final SparkContext sc;
  private final List<String> descriptions = Collections.synchronizedList(new ArrayList<>());
  private final List<Integer> stageCounts = Collections.synchronizedList(new ArrayList<>());

  JobRecorder(SparkContext sc) {
    this.sc = sc;
    sc.addSparkListener(this);
  }

  @Override
  public void onJobStart(SparkListenerJobStart jobStart) {
    String description = jobStart.properties() == null
        ? null
        : jobStart.properties().getProperty("spark.job.description");
    synchronized (descriptions) {
      descriptions.add(description == null ? "" : description);
      stageCounts.add(jobStart.stageInfos().size());
    }
  }

  /**
   * Number of stages (run or skipped) of each job started so far whose description starts with
   * {@code prefix}, in start order.
   */
  List<Integer> stageCounts(String prefix) {
    waitForListenerBus();
    List<Integer> counts = new ArrayList<>();
    synchronized (descriptions) {
      for (int i = 0; i < descriptions.size(); i++) {
        if (descriptions.get(i).startsWith(prefix)) {
          counts.add(stageCounts.get(i));
        }
      }
    }
    return counts;
  }

  /** Descriptions of the jobs started so far (after the listener bus has caught up). */
  List<String> jobs() {
    waitForListenerBus();
    synchronized (descriptions) {
      return new ArrayList<>(descriptions);
    }
  }

  private void waitForListenerBus() {
    // Events reach listeners on the bus's own thread: wait until it has delivered every event
    // posted so far, so that a job started before this call is never missed.
    // (listenerBus is private[spark] in Scala, public to Java)
    try {
      sc.listenerBus().waitUntilEmpty();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("Spark's listener bus did not drain in 10 s", e);
    }
  }

  @Override
  public void close() {
    sc.removeSparkListener(this);
  }
}
