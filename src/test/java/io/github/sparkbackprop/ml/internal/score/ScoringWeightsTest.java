package io.github.sparkbackprop.ml.internal.score;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkClassifier;
import io.github.sparkbackprop.ml.TestData;
import io.github.sparkbackprop.ml.TestSpark;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.Weights;
import java.util.List;
import org.apache.spark.SparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * A model broadcasts its weights once for all its {@code transform} calls, and a DataFrame from
 * an earlier call still scores correctly after later calls in another precision.
 */
class ScoringWeightsTest {

  @Test
  void oneBroadcastServesEveryCallInTheSamePrecision() {
    SparkContext sc = TestSpark.session().sparkContext();
    double[] w = {0.1, -2.5, 1.0 / 3};
    ScoringWeights scoring = new ScoringWeights(w);
    Broadcast<Weights> doubles = scoring.on(sc, Precision.DOUBLE);
    assertSame(doubles, scoring.on(sc, Precision.DOUBLE), "the second call reuses the broadcast");
    Broadcast<Weights> floats = scoring.on(sc, Precision.FLOAT);
    assertNotSame(doubles, floats, "another precision is another broadcast");
    assertSame(floats, scoring.on(sc, Precision.FLOAT));
    // the earlier broadcast is left alone: a DataFrame made with it may still run
    assertArrayEquals(w, doubles.value().doubles(), 0.0);
    assertArrayEquals(new float[] {0.1f, -2.5f, 1.0f / 3}, floats.value().floats(), 0.0f);
  }

  @Test
  void aSerialisedCopyCarriesTheWeightsAndBroadcastsThemAgain() throws Exception {
    SparkContext sc = TestSpark.session().sparkContext();
    double[] w = {0.25, -1.5};
    ScoringWeights original = new ScoringWeights(w);
    Broadcast<Weights> first = original.on(sc, Precision.DOUBLE);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
      out.writeObject(original);
    }
    ScoringWeights copy;
    try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
        new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ScoringWeights) in.readObject();
    }
    Broadcast<Weights> again = copy.on(sc, Precision.DOUBLE);
    assertNotSame(first, again, "the broadcast belongs to the original, not to its bytes");
    assertArrayEquals(w, again.value().doubles(), 0.0);
  }

  @Test
  void anEarlierDataFrameStillScoresAfterACallInAnotherPrecision() {
    Dataset<Row> data = TestData.blobs(300, 4, 3, 21).repartition(2).cache();
    NeuralNetworkClassificationModel model = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {8}).setMaxIter(15).setSeed(3).setBlockSize(32).fit(data);
    Dataset<Row> inDouble = model.transform(data).select("rawPrediction");
    List<Row> before = inDouble.collectAsList();
    model.set(model.precision(), "float");
    List<Row> inFloat = model.transform(data).select("rawPrediction").collectAsList();
    List<Row> after = inDouble.collectAsList();
    assertEquals(before, after, "the double-precision DataFrame scores exactly as before");
    double largest = 0;
    for (int i = 0; i < before.size(); i++) {
      double[] d = ((Vector) before.get(i).get(0)).toArray();
      double[] f = ((Vector) inFloat.get(i).get(0)).toArray();
      for (int j = 0; j < d.length; j++) {
        largest = Math.max(largest, Math.abs(d[j] - f[j]));
      }
    }
    assertTrue(largest > 0 && largest < 1e-4,
        "the float DataFrame scores in float, close to double: largest difference " + largest);
    data.unpersist();
  }
}
