package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** precision = float trains and scores like double, to float accuracy. */
@Tag("slow")
class SinglePrecisionTrainingTest {

  @ParameterizedTest
  @ValueSource(strings = {"l-bfgs", "adam"})
  void floatTrainsAsWellAsDouble(String solver) {
    Dataset<Row> data = TestData.blobs(800, 6, 3, 13).repartition(2).cache();
    NeuralNetworkClassifier base = new NeuralNetworkClassifier()
        .setSolver(solver).setHiddenLayers(new int[] {12}).setMaxIter(20).setBatchSize(100)
        .setStepSize(0.01).setSeed(5);
    NeuralNetworkClassificationModel d = base.fit(data);
    NeuralNetworkClassificationModel f =
        base.copy(new org.apache.spark.ml.param.ParamMap()).setPrecision("float").fit(data);
    assertEquals("float", f.getPrecision());
    double[] hd = d.summary().objectiveHistory();
    double[] hf = f.summary().objectiveHistory();
    assertEquals(hd[0], hf[0], 1e-5 * hd[0], "the same start, to float accuracy");
    MulticlassClassificationEvaluator accuracy =
        new MulticlassClassificationEvaluator().setMetricName("accuracy");
    double ad = accuracy.evaluate(d.transform(data));
    double af = accuracy.evaluate(f.transform(data));
    assertTrue(Math.abs(ad - af) <= 0.01, "double " + ad + " vs float " + af);
    // the float model scores in float; its raw outputs match the double path closely
    for (Row r : f.transform(data).select("features", "rawPrediction").collectAsList()) {
      Vector raw = r.getAs(1);
      Vector exact = f.predictRaw((Vector) r.getAs(0));
      for (int j = 0; j < raw.size(); j++) {
        assertEquals(exact.apply(j), raw.apply(j), 1e-4 * Math.max(1, Math.abs(exact.apply(j))));
      }
    }
    data.unpersist();
  }
}
