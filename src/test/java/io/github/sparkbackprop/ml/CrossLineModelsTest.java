package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One persistence format on every Spark line: models saved by the build of one line load on
 * every other and predict exactly what they predicted there, and the same seeds and data train
 * the same weights, bit for bit, on every line with the same BLAS on the same CPU (and to 1e-6
 * of the largest weight elsewhere).
 *
 * <p>The fixtures in {@code src/test/resources/saved-models/lines/} were written by
 * {@link SavedModelFixtures} from the builds of Spark 3.5 (Scala 2.12) and Spark 4.0 (Scala
 * 2.13); every line's test run (CI runs 3.5, 4.0, 4.1 and 4.2) reads both, so the 3.5 build
 * reads what 4.0 wrote and the 4.x builds read what 3.5 wrote.
 */
@Tag("slow")
@Tag("line")
class CrossLineModelsTest {

  /** The fixture of each line, written by that line's build. */
  private static final String[] FIXTURES = {
      "/saved-models/lines/spark-3.5.9", "/saved-models/lines/spark-4.0.1"};

  private static final SparkSession SPARK = TestSpark.session();

  /** The fixture's three models, trained here, on this line, from the fixture's seeds. */
  private static SavedModelFixtures.Trained trainedHere;

  @BeforeAll
  static void trainHere() {
    trainedHere = SavedModelFixtures.train(SPARK);
  }

  static Stream<String> fixtures() {
    return Arrays.stream(FIXTURES);
  }

  @Test
  void atLeastOneFixtureWasWrittenOnAnotherLine() {
    long others = fixtures().map(f -> new SavedModelCheck(f, SPARK))
        .filter(c -> !scalaBinary(c.properties.getProperty("scalaVersion"))
            .equals(scalaBinary(scala.util.Properties.versionNumberString())))
        .count();
    assertEquals(1, others, "one fixture per Scala version (2.12: Spark 3.5; 2.13: Spark 4.x)");
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void modelsSavedOnALineLoadHereAndPredictAsTheyDidThere(String fixture) {
    SavedModelCheck check = new SavedModelCheck(fixture, SPARK);
    NeuralNetworkClassificationModel classifier =
        NeuralNetworkClassificationModel.load(check.model("classifier"));
    check.assertClassifierScores(classifier.transform(check.inputFeatures), 1, 2, 3);
    NeuralNetworkRegressionModel regressor =
        NeuralNetworkRegressionModel.load(check.model("regressor"));
    check.assertRegressorPredictions(regressor.transform(check.inputFeatures));
    PipelineModel pipeline = PipelineModel.load(check.model("pipeline"));
    check.assertClassifierScores(pipeline.transform(check.input), 5, 6, 7);
  }

  /**
   * Trains the fixtures' three networks here, on this line, and compares their weights with
   * each line's {@code weights.csv}: bit for bit where the fixture's BLAS and CPU are this JVM's
   * (then the lines trained the same weights, bit for bit, and so does this build), else to 1e-6
   * of the largest weight (see {@link #assertWeights}).
   */
  @Test
  void theSameSeedsAndDataTrainHereTheWeightsEachLineTrained() {
    for (String fixture : FIXTURES) {
      SavedModelCheck check = new SavedModelCheck(fixture, SPARK);
      Map<String, double[]> there = check.weights();
      assertWeights(there.get("classifier"), trainedHere.classifier().weights().toArray(),
          check.sameArithmetic, "classifier of " + fixture);
      assertWeights(there.get("regressor"), trainedHere.regressor().weights().toArray(),
          check.sameArithmetic, "regressor of " + fixture);
      assertWeights(there.get("pipeline"), trainedHere.pipelineWeights(), check.sameArithmetic,
          "pipeline's network of " + fixture);
    }
  }

  /**
   * Bit for bit with the BLAS and CPU that trained the fixture; with another BLAS or CPU (whose
   * kernels may sum in another order, and training compounds the last bits) to 1e-6 of the
   * largest weight.
   */
  private static void assertWeights(double[] expected, double[] actual, boolean sameArithmetic,
      String what) {
    assertTrue(expected != null, what + ": no weights in the fixture");
    assertEquals(expected.length, actual.length, what);
    if (sameArithmetic) {
      assertArrayEquals(expected, actual, 0.0, what);
    } else {
      double scale = Arrays.stream(expected).map(Math::abs).max().orElse(1);
      assertArrayEquals(expected, actual, 1e-6 * scale, what);
    }
  }

  private static String scalaBinary(String version) {
    return version.substring(0, version.lastIndexOf('.'));
  }
}
