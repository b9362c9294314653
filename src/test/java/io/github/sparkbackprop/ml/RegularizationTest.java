package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.Topology;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** L1 gives exact zeros, L2 shrinks the weights, and biases are never penalised. */
@Tag("slow")
class RegularizationTest {

  private static final int[] HIDDEN = {10};

  private static NeuralNetworkClassifier classifier() {
    return new NeuralNetworkClassifier()
        .setHiddenLayers(HIDDEN).setMaxIter(60).setTol(0).setSeed(3);
  }

  private static double[] connectionWeights(NeuralNetworkClassificationModel model) {
    Topology t = new Topology(model.layers(), Activation.RELU, OutputLoss.softmaxCrossEntropy());
    boolean[] mask = t.weightMask();
    double[] w = model.weights().toArray();
    int n = 0;
    for (boolean m : mask) {
      n += m ? 1 : 0;
    }
    double[] out = new double[n];
    for (int i = 0, j = 0; i < w.length; i++) {
      if (mask[i]) {
        out[j++] = w[i];
      }
    }
    return out;
  }

  private static long zeros(double[] w) {
    long z = 0;
    for (double v : w) {
      z += v == 0.0 ? 1 : 0;
    }
    return z;
  }

  private static double norm(double[] w) {
    double s = 0;
    for (double v : w) {
      s += v * v;
    }
    return Math.sqrt(s);
  }

  @ParameterizedTest
  @ValueSource(strings = {"l-bfgs", "gd"})
  void l1ProducesExactZeros(String solver) {
    Dataset<Row> data = TestData.blobs(300, 6, 3, 2);
    NeuralNetworkClassifier base = classifier().setSolver(solver).setStepSize(0.5);
    double[] plain = connectionWeights(base.fit(data));
    double[] lasso = connectionWeights(
        base.copy(new org.apache.spark.ml.param.ParamMap())
            .setRegParam(0.02).setElasticNetParam(1.0).fit(data));
    assertEquals(0, zeros(plain));
    assertTrue(zeros(lasso) > lasso.length / 4,
        solver + ": only " + zeros(lasso) + " of " + lasso.length + " weights are zero");
  }

  @Test
  void l2ShrinksTheWeightNorm() {
    Dataset<Row> data = TestData.blobs(300, 6, 3, 2);
    double previous = Double.POSITIVE_INFINITY;
    for (double reg : new double[] {0.0, 0.01, 0.1}) {
      double n = norm(connectionWeights(classifier().setRegParam(reg).fit(data)));
      assertTrue(n < previous, "norm " + n + " at regParam " + reg + " >= " + previous);
      previous = n;
    }
  }

  @Test
  void objectiveIncludesThePenalty() {
    Dataset<Row> data = TestData.blobs(100, 3, 2, 2);
    NeuralNetworkClassificationModel plain = classifier().setMaxIter(0).fit(data);
    NeuralNetworkClassificationModel penalised =
        classifier().setMaxIter(0).setRegParam(0.5).fit(data);
    double[] w = connectionWeights(plain);
    double expectedPenalty = 0.5 * 0.5 * norm(w) * norm(w);
    assertEquals(plain.summary().objectiveHistory()[0] + expectedPenalty,
        penalised.summary().objectiveHistory()[0], 1e-9);
  }
}
