package io.github.sparkbackprop.ml;

import static io.github.sparkbackprop.ml.InputValidationTest.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.internal.check.FiniteWeights;
import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.NetworkPasses;
import io.github.sparkbackprop.nn.Features;
import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.nn.Weights;
import io.github.sparkbackprop.nn.Workspace;
import io.github.sparkbackprop.optim.DivergenceException;
import io.github.sparkbackprop.optim.Solver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Large inputs and labels give finite losses and weights; softmax cross-entropy and the
 * activations cannot overflow into NaN; divergence is reported, never returned as a NaN model.
 */
@Tag("slow")
class NumericalSafetyTest {

  private static Dataset<Row> hugeFeatures;
  private static Dataset<Row> hugeRegression;

  @BeforeAll
  static void data() {
    // Three blobs with features scaled to about 1e6 in magnitude.
    List<Row> rows = new ArrayList<>();
    for (Row r : TestData.blobs(60, 3, 3, 5L).collectAsList()) {
      double[] x = ((Vector) r.get(0)).toArray();
      double max = Arrays.stream(x).map(Math::abs).max().getAsDouble();
      for (int j = 0; j < x.length; j++) {
        x[j] *= 1e5;
      }
      assertTrue(max * 1e5 < 3e6);
      rows.add(RowFactory.create(Vectors.dense(x), r.getDouble(1)));
    }
    hugeFeatures = TestSpark.session().createDataFrame(rows, TestData.SCHEMA).repartition(2)
        .cache();
    // Features and labels both up to 1e6.
    List<Row> regression = new ArrayList<>();
    for (Row r : TestData.smoothRegression(60, 0.1, 9L).collectAsList()) {
      double[] x = ((Vector) r.get(0)).toArray();
      regression.add(RowFactory.create(Vectors.dense(x[0] * 6e5, x[1] * 6e5),
          r.getDouble(1) * 3e5));
    }
    hugeRegression = TestSpark.session().createDataFrame(regression, TestData.SCHEMA)
        .repartition(2).cache();
  }

  private static void assertFinite(double[] values, String what) {
    for (int i = 0; i < values.length; i++) {
      assertTrue(Double.isFinite(values[i]), what + "[" + i + "] = " + values[i]);
    }
  }

  @Test
  void aClassifierOnFeaturesNear1e6HasFiniteLossWeightsAndProbabilities() {
    List<String> diverged = new ArrayList<>();
    for (Solver solver : Solver.values()) {
      // Every solver with the unbounded relu, at the step it chooses; the saturating ones with
      // l-bfgs; and plain gradient descent once more at a step of 1e100, which throws the weights
      // past Double.MAX_VALUE within a few steps: it must say so rather than return NaN.
      String[] activations = solver == Solver.LBFGS
          ? new String[] {"relu", "tanh", "sigmoid"} : new String[] {"relu"};
      List<Double> steps = new ArrayList<>();
      steps.add(null);
      if (solver == Solver.GD) {
        steps.add(1e100);
      }
      for (String activation : activations) {
        for (Double step : steps) {
          String where = solver + "/" + activation + (step == null ? "" : " at stepSize " + step);
          NeuralNetworkClassifier nn = new NeuralNetworkClassifier()
              .setHiddenLayers(new int[] {4}).setActivation(activation)
              .setSolver(solver.paramName()).setMaxIter(4).setBatchSize(30).setSeed(3L);
          if (step != null) {
            nn.setStepSize(step);
          }
          NeuralNetworkClassificationModel model;
          try {
            model = nn.fit(hugeFeatures);
          } catch (DivergenceException e) {
            assertEquals(Solver.GD, solver, where + ": " + e.getMessage());
            assertMentions(e.getMessage(), "diverged", "stepSize");
            diverged.add(where);
            continue;
          }
          assertFinite(model.summary().objectiveHistory(), where + " objective");
          assertFinite(model.weights().toArray(), where + " weights");
          for (Row r : model.transform(hugeFeatures).select("rawPrediction", "probability")
              .collectAsList()) {
            double[] p = ((Vector) r.get(1)).toArray();
            assertFinite(p, where + " probability");
            assertEquals(1.0, Arrays.stream(p).sum(), 1e-12, where);
          }
        }
      }
    }
    assertEquals(List.of("gd/relu at stepSize 1.0E100"), diverged,
        "every solver copes at the step it chooses; gd at stepSize 1e100 diverges and says so");
  }

  @Test
  void aRegressorWithFeaturesAndLabelsNear1e6HasFiniteLossAndWeights() {
    for (String solver : new String[] {"l-bfgs", "adam"}) {
      for (String loss : new String[] {"squaredError", "huber"}) {
        NeuralNetworkRegressionModel model = new NeuralNetworkRegressor()
            .setHiddenLayers(new int[] {5}).setSolver(solver).setLoss(loss).setMaxIter(5)
            .setBatchSize(16).setSeed(4L).fit(hugeRegression);
        String where = solver + "/" + loss;
        double[] history = model.summary().objectiveHistory();
        assertFinite(history, where + " objective");
        // Residuals near 1e6: about 1e11 for the squared error, 1e5 for Huber (linear there).
        assertTrue(history[0] > ("huber".equals(loss) ? 1e4 : 1e9),
            where + ": labels near 1e6 should start with a huge loss, not " + history[0]);
        assertFinite(model.weights().toArray(), where + " weights");
        for (Row r : model.transform(hugeRegression).select("prediction").collectAsList()) {
          assertTrue(Double.isFinite(r.getDouble(0)), where);
        }
      }
    }
  }

  @Test
  void divergenceIsReportedNotReturnedAsANanModel() {
    NeuralNetworkRegressor nn = new NeuralNetworkRegressor().setHiddenLayers(new int[] {3})
        .setSolver("gd").setStepSize(10.0).setMaxIter(5).setBatchSize(8).setSeed(1L);
    DivergenceException e = assertThrows(DivergenceException.class, () -> nn.fit(hugeRegression));
    assertMentions(e.getMessage(), "diverged", "stepSize=10.0", "smaller stepSize");
  }

  @Test
  void theFinalGuardRefusesNonFiniteWeightsNamingTheLayer() {
    Topology t = new Topology(new int[] {2, 3, 2}, Activation.RELU,
        OutputLoss.softmaxCrossEntropy());
    double[] fine = new double[t.numParameters()];
    assertSame(fine, FiniteWeights.require(fine, t, Solver.ADAM));
    double[] bad = fine.clone();
    bad[t.biasOffset(1) + 1] = Double.NaN;
    DivergenceException e = assertThrows(DivergenceException.class,
        () -> FiniteWeights.require(bad, t, Solver.ADAM));
    assertMentions(e.getMessage(), "solver adam", "NaN", "index " + (t.biasOffset(1) + 1),
        "bias of weight layer 2", "[2, 3, 2]", "stepSize");
    double[] inf = fine.clone();
    inf[4] = Double.NEGATIVE_INFINITY;
    assertMentions(assertThrows(DivergenceException.class,
        () -> FiniteWeights.require(inf, t, Solver.GD)).getMessage(), "-Infinity",
        "weight matrix of weight layer 1");
    assertEquals("weight matrix of weight layer 2", FiniteWeights.where(t, t.weightOffset(1)));
    assertEquals("bias of weight layer 1", FiniteWeights.where(t, t.biasOffset(0)));
  }

  @Test
  void softmaxCrossEntropyIsComputedInLogSpace() {
    OutputLoss ce = OutputLoss.softmaxCrossEntropy();
    // Naively exp(800) overflows to infinity and inf/inf is NaN.
    double[] z = {800, -800, 0};
    double loss = ce.loss(z.clone(), 3, 1, new double[] {1}, 0, null, 0);
    assertEquals(1600.0, loss, 1e-9);
    double[] delta = z.clone();
    assertEquals(1600.0, ce.lossAndDelta(delta, 3, 1, new double[] {1}, 0, null, 0), 1e-9);
    assertArrayEquals(new double[] {1, -1, 0}, delta, 1e-300);
    // Scores far beyond what exp can represent, and a label whose probability underflows.
    double[] extreme = {1e300, -1e300};
    double extremeLoss = ce.loss(extreme.clone(), 2, 1, new double[] {1}, 0, null, 0);
    assertEquals(2e300, extremeLoss, 1e286);
    double[] extremeDelta = extreme.clone();
    ce.lossAndDelta(extremeDelta, 2, 1, new double[] {1}, 0, new double[] {2.0}, 0);
    assertArrayEquals(new double[] {2, -2}, extremeDelta);
    double[] probabilities = {1000, 0, -1000, 999};
    ce.toOutputSpace(probabilities, 0, 4, 1);
    assertFinite(probabilities, "softmax");
    assertEquals(1.0, Arrays.stream(probabilities).sum(), 1e-15);
    assertEquals(1 / (1 + Math.exp(-1)), probabilities[0], 1e-15);
  }

  @Test
  void activationsNeverTurnANumberIntoNan() {
    double[] inputs = {0, -0.0, 1e-300, -1e-300, 1, -1, 40, -40, 800, -800, 1e4, -1e4, 1e300,
        -1e300, Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY};
    for (Activation a : Activation.values()) {
      double[] y = inputs.clone();
      a.applyInPlace(y, 0, y.length);
      double[] delta = new double[y.length];
      Arrays.fill(delta, 1.0);
      a.multiplyByDerivative(y, 0, delta, 0, y.length);
      float[] yf = new float[inputs.length];
      for (int i = 0; i < inputs.length; i++) {
        yf[i] = (float) inputs[i];
      }
      a.applyInPlace(yf, 0, yf.length);
      float[] deltaf = new float[yf.length];
      Arrays.fill(deltaf, 1f);
      a.multiplyByDerivative(yf, 0, deltaf, 0, yf.length);
      for (int i = 0; i < inputs.length; i++) {
        String where = a.paramName() + "(" + inputs[i] + ")";
        assertFalse(Double.isNaN(y[i]), where + " = NaN");
        assertFalse(Double.isNaN(delta[i]), where + ": derivative NaN");
        assertFalse(Float.isNaN(yf[i]), where + " = NaN in float");
        assertFalse(Float.isNaN(deltaf[i]), where + ": float derivative NaN");
        if (Double.isFinite(inputs[i]) && Math.abs(inputs[i]) <= 1e4) {
          assertTrue(Double.isFinite(y[i]), where + " = " + y[i]);
          assertTrue(Double.isFinite(delta[i]), where + ": derivative " + delta[i]);
        }
      }
    }
  }

  @Test
  void saturatedBoundedActivationsKeepLossAndGradientFinite() {
    // Weights of 1e200 on inputs of 1e6 drive tanh and sigmoid units far into saturation: the
    // output scores are about 1e200 apart, which softmax in log-space still handles.
    for (Activation a : new Activation[] {Activation.TANH, Activation.SIGMOID}) {
      Topology t = new Topology(new int[] {3, 4, 3}, a, OutputLoss.softmaxCrossEntropy());
      double[] w = new double[t.numParameters()];
      for (int i = 0; i < w.length; i++) {
        w[i] = (i % 3 == 0 ? -1e200 : 1e200) / (1 + i);
      }
      double[] x = {1e6, -1e6, 3e5, -2e5, 7e5, 1e6};
      NetworkPasses bp = new NetworkPasses(t);
      Workspace ws = new Workspace(t, 2);
      double[] gradient = new double[w.length];
      double loss = bp.addGradient(w, x, 0, 2, new double[] {0, 2}, null, 0, gradient, ws);
      assertTrue(Double.isFinite(loss), a + ": loss " + loss);
      assertFinite(gradient, a + " gradient");
      double[] raw = new double[6];
      bp.predictRaw(Weights.of(w), Features.of(x, 3), 0, 2, raw, 0, ws);
      t.outputLoss().toOutputSpace(raw, 0, 3, 2);
      assertFinite(raw, a + " probabilities");
    }
  }
}
