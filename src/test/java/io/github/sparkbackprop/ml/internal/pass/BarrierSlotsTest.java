package io.github.sparkbackprop.ml.internal.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.LogCapture;
import io.github.sparkbackprop.ml.NeuralNetworkClassifier;
import io.github.sparkbackprop.ml.TestData;
import io.github.sparkbackprop.ml.TestSpark;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A fit whose barrier stage must wait for other fits' stages says so once, with the fix (fewer
 * partitions per fit), and every stage gives back the slots it counted.
 */
class BarrierSlotsTest {

  @Test
  void theHintOnlyWhereTheOtherFitsLeaveTooFewSlots() {
    assertNull(BarrierSlots.waitHint(0, 2, 2), "alone");
    assertNull(BarrierSlots.waitHint(1, 1, 2), "two fits of one partition on two slots");
    assertNull(BarrierSlots.waitHint(4, 4, 8), "two fits of four partitions on eight slots");
    String hint = BarrierSlots.waitHint(2, 2, 2);
    assertTrue(hint.contains("barrier stage of 2 tasks waits"), hint);
    assertTrue(hint.contains("hold 2 of the cluster's 2 task slots"), hint);
    assertTrue(hint.contains("at most task slots / parallelism partitions"), hint);
    assertTrue(hint.contains("df.repartition(1)"), hint);
    assertTrue(BarrierSlots.waitHint(1, 8, 8).contains("df.repartition(4)"));
  }

  @Test
  void aFitWhoseStagesWaitForAnotherFitsSaysSoOnceAndGivesItsSlotsBack() {
    Dataset<Row> data = TestData.blobs(300, 4, 3, 7).repartition(2).cache();
    SparkContext sc = TestSpark.session().sparkContext();
    // every epoch its own barrier stage: three stages, one hint
    sc.setLocalProperty(BarrierMiniBatchLoss.SPAN_CONF, "0s");
    BarrierSlots otherFit = new BarrierSlots(2);
    try (LogCapture warnings = new LogCapture(BarrierSlots.class, Level.WARN)) {
      fit(data);
      assertEquals(List.of(), warnings.messages(), "a fit alone");
      otherFit.claim(() -> 2);
      try {
        fit(data);
      } finally {
        otherFit.release();
      }
      List<String> told = warnings.messages();
      assertEquals(1, told.size(), told.toString());
      assertTrue(told.get(0).contains("hold 2 of the cluster's 2 task slots"), told.get(0));
      assertTrue(told.get(0).contains("df.repartition(1)"), told.get(0));
    } finally {
      sc.setLocalProperty(BarrierMiniBatchLoss.SPAN_CONF, null);
      data.unpersist();
    }
    assertEquals(0, BarrierSlots.held(), "slots still counted after the fits");
  }

  private static void fit(Dataset<Row> data) {
    new NeuralNetworkClassifier().setSolver("adam").setHiddenLayers(new int[] {6})
        .setBatchSize(50).setMaxIter(3).setTol(0).setSeed(3).setExecutionMode("barrier")
        .fit(data);
  }
}
