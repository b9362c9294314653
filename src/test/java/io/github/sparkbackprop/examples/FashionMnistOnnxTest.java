package io.github.sparkbackprop.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkClassifier;
import io.github.sparkbackprop.ml.OnnxRuntimeRun;
import io.github.sparkbackprop.ml.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A network trained on real data (Fashion-MNIST: a few epochs of {@code adam} on 10,000 training
 * images), exported to ONNX and scored by ONNX Runtime on all 10,000 test images, gives the
 * model's own predictions: probabilities within 1e-5 in {@code double} and 1e-4 in
 * {@code float}, and the same class for every image. ONNX Runtime reads the pixels as
 * {@code float}, as a serving application would send them; the model reads them as Spark holds
 * them, in {@code double}.
 */
@Tag("slow")
class FashionMnistOnnxTest {

  @Test
  void exportedModelPredictsWhatTheModelPredictsOnTheTenThousandTestImages() throws Exception {
    Path dataDir = Paths.get(FashionMnist.DEFAULT_DATA_DIR);
    assertTrue(Files.isReadable(FashionMnist.Part.TEST.imagesFile(dataDir)),
        "Fashion-MNIST is not installed in " + dataDir
            + ": run 'apt-get install dataset-fashion-mnist' (.ci/run does)");
    SparkSession spark = TestSpark.session();
    Dataset<Row> train = FashionMnist.load(spark, dataDir, FashionMnist.Part.TRAIN, 10_000, 2);
    Dataset<Row> test = FashionMnist.load(spark, dataDir, FashionMnist.Part.TEST, 0, 2).cache();

    NeuralNetworkClassificationModel model = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {64})
        .setSolver("adam")
        .setBatchSize(512)
        .setStepSize(0.003)
        .setMaxIter(5)
        .setSeed(42L)
        .fit(train);

    for (String precision : new String[] {"double", "float"}) {
      NeuralNetworkClassificationModel scored =
          model.copy(new ParamMap().put(model.precision(), precision));
      double tol = precision.equals("float") ? 1e-4 : 1e-5;
      List<Row> rows = scored.transform(test)
          .select("features", "probability", "prediction", "label").collectAsList();
      assertEquals(10_000, rows.size());
      float[][] pixels = new float[rows.size()][];
      for (int i = 0; i < rows.size(); i++) {
        double[] x = ((Vector) rows.get(i).get(0)).toArray();
        pixels[i] = new float[x.length];
        for (int j = 0; j < x.length; j++) {
          pixels[i][j] = (float) x[j];
        }
      }

      byte[] onnx = scored.toOnnx();
      long start = System.nanoTime();
      Map<String, Object> out = OnnxRuntimeRun.run(onnx, "features", pixels);
      double seconds = (System.nanoTime() - start) / 1e9;
      Object probabilities = out.get("probability");
      long[] classes = (long[]) out.get("prediction");

      double maxDifference = 0;
      int correct = 0;
      for (int i = 0; i < rows.size(); i++) {
        double[] expected = ((Vector) rows.get(i).get(1)).toArray();
        for (int j = 0; j < expected.length; j++) {
          double actual = precision.equals("float")
              ? ((float[][]) probabilities)[i][j] : ((double[][]) probabilities)[i][j];
          maxDifference = Math.max(maxDifference, Math.abs(actual - expected[j]));
        }
        assertEquals((long) rows.get(i).getDouble(2), classes[i],
            precision + ": class of test image " + i);
        correct += classes[i] == (long) rows.get(i).getDouble(3) ? 1 : 0;
      }
      double accuracy = correct / (double) rows.size();
      System.out.printf("FashionMnistOnnxTest %s: %d bytes of ONNX, accuracy %.4f, largest"
          + " probability difference %.3g, ONNX Runtime session and 10,000 rows %.3f s%n",
          precision, onnx.length, accuracy, maxDifference, seconds);
      assertTrue(maxDifference <= tol, precision + ": probabilities differ by " + maxDifference);
      // a real model, not a constant one: chance is 0.1, this network reaches about 0.8
      assertTrue(accuracy > 0.7, "test accuracy " + accuracy);
    }
    test.unpersist();
  }
}
