package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models saved by spark-backprop 0.1 (format version 1), kept in
 * {@code src/test/resources/saved-models/v1}, must load in every later version and predict
 * exactly what they predicted when saved. If this fails, a change broke users' saved models:
 * make the reader handle the old layout, do not regenerate the fixture.
 */
@Tag("line")
class SavedModelCompatibilityTest {

  private static final String FIXTURE = "/saved-models/v1";
  private static final SparkSession SPARK = TestSpark.session();

  private static SavedModelCheck check;

  @TempDir Path tmp;

  @BeforeAll
  static void readFixture() {
    check = new SavedModelCheck(FIXTURE, SPARK);
    assertEquals("1", check.properties.getProperty("formatVersion"));
  }

  @Test
  void theClassifierOfVersion1LoadsAndPredictsAsSaved() {
    NeuralNetworkClassificationModel model =
        NeuralNetworkClassificationModel.load(check.model("classifier"));
    assertEquals("nnc_6cc0fdb6b23c", model.uid());
    assertArrayEquals(new int[] {4, 5, 3, 3}, model.layers());
    assertEquals("tanh", model.getActivation());
    assertEquals(1e-4, model.getRegParam());
    check.assertClassifierScores(model.transform(check.inputFeatures), 1, 2, 3);
  }

  @Test
  void theHuberRegressorOfVersion1LoadsAndPredictsAsSaved() {
    NeuralNetworkRegressionModel model =
        NeuralNetworkRegressionModel.load(check.model("regressor"));
    assertArrayEquals(new int[] {4, 4, 1}, model.layers());
    assertEquals("huber", model.getLoss());
    assertEquals(0.5, model.getEpsilon());
    assertEquals("y", model.getLabelCol());
    check.assertRegressorPredictions(model.transform(check.inputFeatures));
  }

  @Test
  void thePipelineModelOfVersion1LoadsAndPredictsAsSaved() {
    PipelineModel model = PipelineModel.load(check.model("pipeline"));
    Transformer[] stages = model.stages();
    assertEquals(3, stages.length);
    NeuralNetworkClassificationModel nn =
        assertInstanceOf(NeuralNetworkClassificationModel.class, stages[2]);
    assertEquals("adam", nn.getSolver());
    assertArrayEquals(new int[] {4, 6, 3}, nn.layers());
    check.assertClassifierScores(model.transform(check.input), 5, 6, 7);
  }

  @Test
  void aVersion1ModelSavedAgainByThisVersionStillPredictsTheSame() throws IOException {
    NeuralNetworkClassificationModel old =
        NeuralNetworkClassificationModel.load(check.model("classifier"));
    String path = tmp.resolve("resaved").toString();
    old.save(path);
    NeuralNetworkClassificationModel resaved = NeuralNetworkClassificationModel.load(path);
    assertArrayEquals(old.weights().toArray(), resaved.weights().toArray());
    check.assertClassifierScores(resaved.transform(check.inputFeatures), 1, 2, 3);
  }
}
