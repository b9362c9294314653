package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.internal.train.NeuralNetworkTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/**
 * Progress a user can follow: one log line per epoch with the epoch, the training objective, the
 * validation loss, the learning rate and the seconds it took.
 */
class ProgressLogTest {

  private static final Pattern EPOCH_LINE = Pattern.compile("epoch (\\d+)/3: training objective"
      + " ([0-9.eE+-]+), validation loss ([0-9.eE+-]+), learning rate ([0-9.eE+-]+),"
      + " ([0-9.eE+-]+) s");

  @Test
  void everyEpochLogsOneLineWithLossesRateAndSeconds() {
    Dataset<Row> data = TestData.blobs(600, 4, 3, 21)
        .withColumn("holdOut", functions.rand(5).lt(0.2));
    List<String> epochLines = new ArrayList<>();
    try (LogCapture capture = new LogCapture(NeuralNetworkTrainer.class, Level.INFO)) {
      new NeuralNetworkClassifier().setSolver("adam").setHiddenLayers(new int[] {8})
          .setBatchSize(100).setStepSize(0.01).setMaxIter(3).setTol(0)
          .setValidationIndicatorCol("holdOut").setSeed(4).fit(data);
      capture.messages().stream().filter(m -> m.startsWith("epoch ")).forEach(epochLines::add);
    }
    assertEquals(3, epochLines.size(), "epoch lines: " + epochLines);
    for (int e = 1; e <= 3; e++) {
      Matcher m = EPOCH_LINE.matcher(epochLines.get(e - 1));
      assertTrue(m.matches(), "not a progress line: " + epochLines.get(e - 1));
      assertEquals(e, Integer.parseInt(m.group(1)));
      for (int g = 2; g <= 5; g++) {
        double value = Double.parseDouble(m.group(g));
        assertTrue(Double.isFinite(value) && value >= 0, epochLines.get(e - 1));
      }
      assertEquals(0.01, Double.parseDouble(m.group(4)), 1e-12);
    }
  }
}
