package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.Blas;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The models of format version 2 (a regressor of a {@code Vector} label, a multi-label
 * classifier), saved by the release that introduced it into
 * {@code src/test/resources/saved-models/v2}, must load in every later version and predict what
 * they predicted when saved: label sets exactly, scores bit for bit on the BLAS and CPU that
 * wrote them and to 1e-12 relative elsewhere. As for {@code v1}: if this fails, make the reader
 * handle the layout; never regenerate the fixture. {@link #main} wrote it (and refuses to
 * overwrite it).
 */
class SavedModelV2CompatibilityTest {

  private static final String FIXTURE = "/saved-models/v2";
  private static final StructType INPUT_SCHEMA = new StructType()
      .add("id", DataTypes.IntegerType, false)
      .add("features", SQLDataTypes.VectorType(), false);

  private static Path fixture;
  private static Properties properties;
  private static Dataset<Row> input;
  private static List<String[]> expected;

  @BeforeAll
  static void readFixture() throws IOException, URISyntaxException {
    URL url = SavedModelV2CompatibilityTest.class.getResource(FIXTURE + "/fixture.properties");
    assertTrue(url != null, "the fixture " + FIXTURE + " is not on the test classpath");
    fixture = Path.of(url.toURI()).getParent();
    properties = new Properties();
    try (InputStream in = Files.newInputStream(fixture.resolve("fixture.properties"))) {
      properties.load(in);
    }
    assertEquals("2", properties.getProperty("formatVersion"));
    List<Row> rows = new ArrayList<>();
    for (String line : lines("input.csv")) {
      String[] f = line.split(",");
      rows.add(RowFactory.create(Integer.parseInt(f[0]), Vectors.dense(parse(f[1]))));
    }
    input = TestSpark.session().createDataFrame(rows, INPUT_SCHEMA).coalesce(1);
    expected = lines("expected.csv").stream().map(l -> l.split(",", -1))
        .collect(Collectors.toList());
    assertEquals(20, expected.size());
  }

  private static List<String> lines(String file) throws IOException {
    List<String> lines = Files.readAllLines(fixture.resolve(file), StandardCharsets.UTF_8);
    return lines.subList(1, lines.size());
  }

  private static double[] parse(String vector) {
    return vector.isEmpty() ? new double[0]
        : Arrays.stream(vector.split(";")).mapToDouble(Double::parseDouble).toArray();
  }

  private static String join(double[] values) {
    return Arrays.stream(values).mapToObj(Double::toString).collect(Collectors.joining(";"));
  }

  /** Bit for bit with the BLAS and CPU that wrote the fixture, else to 1e-12 relative. */
  private static void assertScores(double[] want, double[] got, String what) {
    boolean same = Blas.implementationName().equals(properties.getProperty("blas"))
        && SavedModelFixtures.cpuModel().equals(properties.getProperty("cpu"));
    assertEquals(want.length, got.length, what);
    for (int j = 0; j < want.length; j++) {
      double tol = same ? 0 : 1e-12 * Math.max(1e-300, Math.abs(want[j]));
      assertEquals(want[j], got[j], tol, what + "[" + j + "]");
    }
  }

  @Test
  void theRegressorOfAVectorLabelLoadsAndPredictsAsSaved() {
    NeuralNetworkRegressionModel model =
        NeuralNetworkRegressionModel.load(fixture.resolve("vector-regressor").toString());
    assertTrue(model.predictsVector());
    assertArrayEquals(new int[] {4, 5, 2}, model.layers());
    List<Row> rows = model.transform(input).orderBy("id").collectAsList();
    for (int i = 0; i < rows.size(); i++) {
      assertScores(parse(expected.get(i)[1]), ((Vector) rows.get(i).getAs("prediction"))
          .toArray(), "regressor row " + i);
    }
  }

  @Test
  void theMultiLabelModelLoadsAndPredictsAsSaved() {
    NeuralNetworkMultiLabelClassificationModel model = NeuralNetworkMultiLabelClassificationModel
        .load(fixture.resolve("multi-label").toString());
    assertArrayEquals(new int[] {4, 5, 3}, model.layers());
    assertEquals(0.4, model.getThreshold());
    List<Row> rows = model.transform(input).orderBy("id").collectAsList();
    for (int i = 0; i < rows.size(); i++) {
      assertScores(parse(expected.get(i)[2]), ((Vector) rows.get(i).getAs("probability"))
          .toArray(), "multi-label row " + i);
      double[] labels = rows.get(i).<Double>getList(rows.get(i).fieldIndex("prediction"))
          .stream().mapToDouble(Double::doubleValue).toArray();
      assertArrayEquals(parse(expected.get(i)[3]), labels, "labels of row " + i);
    }
  }

  /**
   * Writes the fixture into {@code DIR} ({@code src/test/resources/saved-models/v2}); refuses
   * an existing folder. Run it with the test class path, as the v1 generator.
   */
  public static void main(String[] args) throws IOException {
    Path out = Paths.get(args[0]);
    if (Files.exists(out)) {
      throw new IllegalStateException(out + " exists: never regenerate a fixture");
    }
    SparkSession spark = TestSpark.session();
    Dataset<Row> regression = VectorTargetData.multiOutput(80, 21).selectExpr("features",
        "label").withColumn("features", org.apache.spark.ml.functions.array_to_vector(
            org.apache.spark.sql.functions.concat(
                org.apache.spark.ml.functions.vector_to_array(
                    org.apache.spark.sql.functions.col("features"), "float64"),
                org.apache.spark.sql.functions.array(org.apache.spark.sql.functions.lit(1.0)))))
        .withColumn("label", org.apache.spark.ml.functions.array_to_vector(
            org.apache.spark.sql.functions.slice(org.apache.spark.ml.functions.vector_to_array(
                org.apache.spark.sql.functions.col("label"), "float64"), 1, 2)));
    NeuralNetworkRegressionModel regressor = new NeuralNetworkRegressor()
        .setHiddenLayers(new int[] {5}).setActivation("tanh").setMaxIter(15).setSeed(21L)
        .fit(regression.coalesce(1));
    NeuralNetworkMultiLabelClassificationModel multiLabel =
        new NeuralNetworkMultiLabelClassifier().setLabelCol("labels")
            .setHiddenLayers(new int[] {5}).setActivation("sigmoid").setMaxIter(15)
            .setSeed(22L).setThreshold(0.4)
            .fit(VectorTargetData.multiLabel(120, 22).coalesce(1));
    regressor.write().save(out.resolve("vector-regressor").toString());
    multiLabel.write().save(out.resolve("multi-label").toString());

    List<String> inputLines = new ArrayList<>(List.of("id,features"));
    List<Row> rows = new ArrayList<>();
    java.util.Random random = new java.util.Random(2);
    for (int id = 0; id < 20; id++) {
      double[] x = new double[4];
      for (int j = 0; j < 4; j++) {
        x[j] = random.nextGaussian();
      }
      rows.add(RowFactory.create(id, Vectors.dense(x)));
      inputLines.add(id + "," + join(x));
    }
    Dataset<Row> frame = spark.createDataFrame(rows, INPUT_SCHEMA).coalesce(1);
    List<Row> r = regressor.transform(frame).orderBy("id").collectAsList();
    List<Row> m = multiLabel.transform(frame).orderBy("id").collectAsList();
    List<String> expectedLines = new ArrayList<>(List.of(
        "id,regressorPrediction,multiLabelProbability,multiLabelPrediction"));
    for (int i = 0; i < r.size(); i++) {
      double[] labels = m.get(i).<Double>getList(m.get(i).fieldIndex("prediction")).stream()
          .mapToDouble(Double::doubleValue).toArray();
      expectedLines.add(i + "," + join(((Vector) r.get(i).getAs("prediction")).toArray()) + ","
          + join(((Vector) m.get(i).getAs("probability")).toArray()) + "," + join(labels));
    }
    Files.write(out.resolve("input.csv"), inputLines, StandardCharsets.UTF_8);
    Files.write(out.resolve("expected.csv"), expectedLines, StandardCharsets.UTF_8);
    Files.writeString(out.resolve("fixture.properties"), String.join("\n",
        "# Written by io.github.sparkbackprop.ml.SavedModelV2CompatibilityTest; do not edit.",
        "formatVersion=2",
        "sparkVersion=" + spark.version(),
        "blas=" + Blas.implementationName(),
        "cpu=" + SavedModelFixtures.cpuModel(),
        "javaVersion=" + System.getProperty("java.version"),
        ""), StandardCharsets.UTF_8);
    spark.stop();
  }
}
