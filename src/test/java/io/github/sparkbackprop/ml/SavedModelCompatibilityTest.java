package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.Blas;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models saved by spark-backprop 0.1 (format version 1), kept in
 * {@code src/test/resources/saved-models/v1}, must load in every later version and predict
 * exactly what they predicted when saved. If this fails, a change broke users' saved models:
 * make the reader handle the old layout, do not regenerate the fixture.
 */
class SavedModelCompatibilityTest {

  private static final String FIXTURE = "/saved-models/v1";
  private static final SparkSession SPARK = TestSpark.session();

  private static Path fixture;
  private static Dataset<Row> input;
  private static Dataset<Row> inputFeatures;
  private static List<String[]> expected;
  private static boolean sameBlas;

  @TempDir Path tmp;

  @BeforeAll
  static void readFixture() throws IOException, URISyntaxException {
    URL url = SavedModelCompatibilityTest.class.getResource(FIXTURE + "/fixture.properties");
    assertTrue(url != null, "the fixture " + FIXTURE + " is not on the test classpath");
    fixture = Path.of(url.toURI()).getParent();
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(fixture.resolve("fixture.properties"))) {
      properties.load(in);
    }
    assertEquals("1", properties.getProperty("formatVersion"));
    // Different BLAS libraries may sum in a different order (last-bit differences); on the
    // library that wrote the fixture, every value must be bit-identical.
    sameBlas = Blas.implementationName().equals(properties.getProperty("blas"));

    List<Row> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(fixture.resolve("input.csv"), StandardCharsets.UTF_8);
    assertEquals("id,x1,x2,x3,x4", lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      rows.add(RowFactory.create(Integer.parseInt(f[0]), Double.parseDouble(f[1]),
          Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
          0.0, 0.0));
    }
    input = SPARK.createDataFrame(rows, SavedModelFixtures.RAW_SCHEMA).coalesce(1);
    inputFeatures = SavedModelFixtures.withFeatures(input);
    expected = new ArrayList<>();
    for (String line : Files.readAllLines(fixture.resolve("expected.csv")).stream().skip(1)
        .toArray(String[]::new)) {
      expected.add(line.split(","));
    }
    assertEquals(25, expected.size());
  }

  @Test
  void theClassifierOfVersion1LoadsAndPredictsAsSaved() {
    NeuralNetworkClassificationModel model =
        NeuralNetworkClassificationModel.load(fixture.resolve("classifier").toString());
    assertEquals("nnc_6cc0fdb6b23c", model.uid());
    assertArrayEquals(new int[] {4, 5, 3, 3}, model.layers());
    assertEquals("tanh", model.getActivation());
    assertEquals(1e-4, model.getRegParam());
    assertClassifierScores(model.transform(inputFeatures), 1, 2, 3);
  }

  @Test
  void theHuberRegressorOfVersion1LoadsAndPredictsAsSaved() {
    NeuralNetworkRegressionModel model =
        NeuralNetworkRegressionModel.load(fixture.resolve("regressor").toString());
    assertArrayEquals(new int[] {4, 4, 1}, model.layers());
    assertEquals("huber", model.getLoss());
    assertEquals(0.5, model.getEpsilon());
    assertEquals("y", model.getLabelCol());
    List<Row> rows = model.transform(inputFeatures).select("id", "prediction").orderBy("id")
        .collectAsList();
    assertEquals(expected.size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(Integer.parseInt(expected.get(i)[0]), rows.get(i).getInt(0));
      assertValue(Double.parseDouble(expected.get(i)[4]), rows.get(i).getDouble(1),
          "regression prediction of row " + i);
    }
  }

  @Test
  void thePipelineModelOfVersion1LoadsAndPredictsAsSaved() {
    PipelineModel model = PipelineModel.load(fixture.resolve("pipeline").toString());
    Transformer[] stages = model.stages();
    assertEquals(3, stages.length);
    NeuralNetworkClassificationModel nn =
        assertInstanceOf(NeuralNetworkClassificationModel.class, stages[2]);
    assertEquals("adam", nn.getSolver());
    assertArrayEquals(new int[] {4, 6, 3}, nn.layers());
    assertClassifierScores(model.transform(input), 5, 6, 7);
  }

  @Test
  void aVersion1ModelSavedAgainByThisVersionStillPredictsTheSame() throws IOException {
    NeuralNetworkClassificationModel old =
        NeuralNetworkClassificationModel.load(fixture.resolve("classifier").toString());
    String path = tmp.resolve("resaved").toString();
    old.save(path);
    NeuralNetworkClassificationModel resaved = NeuralNetworkClassificationModel.load(path);
    assertArrayEquals(old.weights().toArray(), resaved.weights().toArray());
    assertClassifierScores(resaved.transform(inputFeatures), 1, 2, 3);
  }

  /** Compares prediction (exactly), rawPrediction and probability with expected columns. */
  private static void assertClassifierScores(Dataset<Row> scored, int predictionColumn,
      int rawColumn, int probabilityColumn) {
    List<Row> rows = scored.select("id", "prediction", "rawPrediction", "probability")
        .orderBy("id").collectAsList();
    assertEquals(expected.size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      String[] e = expected.get(i);
      Row r = rows.get(i);
      assertEquals(Integer.parseInt(e[0]), r.getInt(0));
      assertEquals(Double.parseDouble(e[predictionColumn]), r.getDouble(1),
          "predicted class of row " + i);
      assertVector(SavedModelFixtures.parseVector(e[rawColumn]), (Vector) r.get(2),
          "rawPrediction of row " + i);
      assertVector(SavedModelFixtures.parseVector(e[probabilityColumn]), (Vector) r.get(3),
          "probability of row " + i);
    }
  }

  private static void assertVector(double[] expected, Vector actual, String what) {
    double[] a = actual.toArray();
    assertEquals(expected.length, a.length, what);
    for (int j = 0; j < a.length; j++) {
      assertValue(expected[j], a[j], what + "[" + j + "]");
    }
  }

  private static void assertValue(double expected, double actual, String what) {
    if (sameBlas) {
      assertEquals(expected, actual, 0.0, what);
    } else {
      assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)), what);
    }
  }
}
