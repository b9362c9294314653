package io.github.sparkbackprop.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.TestSpark;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * The driver never holds the training data: what tasks send back to the driver during
 * {@code fit} (their serialised results, as Spark measures them) does not grow with the number
 * of rows. Training on 8 times the rows, same network and partitions, must not make any task's
 * result, nor any stage's results together, noticeably larger; a trainer that collected rows,
 * blocks or per-row values would make them about 8 times larger.
 */
class DriverResultSizeTest {

  /** Task result bytes seen while attached. */
  private static final class ResultSizes extends SparkListener {
    final AtomicLong maxTask = new AtomicLong();
    final AtomicLong total = new AtomicLong();
    final Map<Integer, AtomicLong> perStage = new ConcurrentHashMap<>();

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
      if (taskEnd.taskMetrics() == null) {
        return;
      }
      long bytes = taskEnd.taskMetrics().resultSize();
      maxTask.accumulateAndGet(bytes, Math::max);
      total.addAndGet(bytes);
      perStage.computeIfAbsent(taskEnd.stageId(), s -> new AtomicLong()).addAndGet(bytes);
    }

    long maxStage() {
      return perStage.values().stream().mapToLong(AtomicLong::get).max().orElse(0);
    }
  }

  private static ResultSizes fitAndMeasure(long rows) throws TimeoutException {
    SparkSession spark = TestSpark.session();
    SparkContext sc = spark.sparkContext();
    ClusterTraining.Spec spec = new ClusterTraining.Spec().rows(rows).hidden(16).maxIter(5);
    ResultSizes sizes = new ResultSizes();
    sc.listenerBus().waitUntilEmpty();
    sc.addSparkListener(sizes);
    try {
      NeuralNetworkClassificationModel model =
          ClusterTraining.train(spec, ClusterTraining.data(spark, spec, null, false));
      assertEquals(rows, model.summary().numRows());
      // listeners hear of tasks asynchronously: let the bus deliver every event of the fit
      // (listenerBus is private[spark] in Scala, public to Java)
      sc.listenerBus().waitUntilEmpty();
    } finally {
      sc.removeSparkListener(sizes);
    }
    return sizes;
  }

  @Test
  void taskResultsDoNotGrowWithTheRowCount() throws TimeoutException {
    long small = 5_000;
    long large = 8 * small;
    ResultSizes few = fitAndMeasure(small);
    ResultSizes many = fitAndMeasure(large);
    System.out.printf("DriverResultSizeTest: %d rows: largest task result %d B, largest stage %d"
            + " B, total %d B; %d rows: %d B, %d B, %d B%n", small, few.maxTask.get(),
        few.maxStage(), few.total.get(), large, many.maxTask.get(), many.maxStage(),
        many.total.get());

    assertTrue(few.maxTask.get() > 0, "no task result measured");
    // a little slack for per-row counters that grow by a digit, never 8x
    assertTrue(many.maxTask.get() <= few.maxTask.get() * 1.2 + 512,
        "the largest task result grew with the rows: " + few.maxTask + " B for " + small
            + " rows, " + many.maxTask + " B for " + large);
    assertTrue(many.maxStage() <= few.maxStage() * 1.2 + 2048,
        "the largest stage's results grew with the rows: " + few.maxStage() + " B for " + small
            + " rows, " + many.maxStage() + " B for " + large);
    // and in absolute terms, far below the data: 40,000 rows of 40 doubles are 12.8 MB
    long dataBytes = large * new ClusterTraining.Spec().features * Double.BYTES;
    assertTrue(many.maxStage() < dataBytes / 50,
        "a stage sent " + many.maxStage() + " B to the driver, for " + dataBytes + " B of data");
  }
}
