package io.github.sparkbackprop.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.Blas;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * One saved-model fixture written by {@link SavedModelFixtures} (see
 * {@code src/test/resources/saved-models/README.md}), read back: its rows, the predictions
 * recorded when it was written, and the checks that a model's scores equal them.
 *
 * <p>Two branches, chosen by {@link #sameArithmetic}: scores (and, in {@link CrossLineModelsTest},
 * trained weights) are compared bit for bit when this JVM's BLAS implementation
 * ({@link Blas#implementationName()}) and CPU model ({@link SavedModelFixtures#cpuModel()}) are
 * the {@code blas} and {@code cpu} of the fixture's {@code fixture.properties}; that is the case
 * on the project's machine (x86_64, native OpenBLAS from Debian's libopenblas0-pthread, "AMD
 * EPYC", CPU family 25 model 1: the model name alone hides the generation, whose OpenBLAS
 * kernels may differ). Elsewhere (another
 * CPU model, whose OpenBLAS kernels may sum in another order, or a Java BLAS) scores are compared
 * to 1e-12 relative. A fixture that records no CPU is always compared with the tolerance.
 */
final class SavedModelCheck {

  final Path fixture;
  final Properties properties = new Properties();
  /** The fixture's rows, raw (for the pipeline). */
  final Dataset<Row> input;
  /** The fixture's rows with {@code features = [x1, x2, x3, x4]} (for the single models). */
  final Dataset<Row> inputFeatures;
  /** Per row, the columns of {@code expected.csv}. */
  final List<String[]> expected = new ArrayList<>();
  /**
   * Whether this JVM computes as the one that wrote the fixture did, to the last bit: the same
   * BLAS on the same CPU model (OpenBLAS picks its kernels, and with them the order of its sums,
   * by CPU; a fixture that does not record its CPU counts as written on another one).
   */
  final boolean sameArithmetic;

  /**
   * @param resource the fixture's folder on the test class path, e.g.
   *     {@code /saved-models/v1}
   */
  SavedModelCheck(String resource, SparkSession spark) {
    URL url = SavedModelCheck.class.getResource(resource + "/fixture.properties");
    assertTrue(url != null, "the fixture " + resource + " is not on the test classpath");
    try {
      fixture = Path.of(url.toURI()).getParent();
      try (InputStream in = Files.newInputStream(fixture.resolve("fixture.properties"))) {
        properties.load(in);
      }
      sameArithmetic = Blas.implementationName().equals(properties.getProperty("blas"))
          && SavedModelFixtures.cpuModel().equals(properties.getProperty("cpu"));
      List<Row> rows = new ArrayList<>();
      List<String> lines = Files.readAllLines(fixture.resolve("input.csv"),
          StandardCharsets.UTF_8);
      assertEquals("id,x1,x2,x3,x4", lines.get(0));
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.split(",");
        rows.add(RowFactory.create(Integer.parseInt(f[0]), Double.parseDouble(f[1]),
            Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4]),
            0.0, 0.0));
      }
      input = spark.createDataFrame(rows, SavedModelFixtures.RAW_SCHEMA).coalesce(1);
      inputFeatures = SavedModelFixtures.withFeatures(input);
      for (String line : Files.readAllLines(fixture.resolve("expected.csv")).stream().skip(1)
          .toArray(String[]::new)) {
        expected.add(line.split(","));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    assertEquals(25, expected.size());
  }

  /** The folder of one of the fixture's models: classifier, regressor or pipeline. */
  String model(String name) {
    return fixture.resolve(name).toString();
  }

  /** The weights each network of the fixture was trained to, by model name. */
  Map<String, double[]> weights() {
    Map<String, double[]> weights = new HashMap<>();
    try {
      for (String line : Files.readAllLines(fixture.resolve("weights.csv")).stream().skip(1)
          .toArray(String[]::new)) {
        String[] f = line.split(",");
        weights.put(f[0], SavedModelFixtures.parseVector(f[1]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return weights;
  }

  /** Compares prediction (exactly), rawPrediction and probability with expected columns. */
  void assertClassifierScores(Dataset<Row> scored, int predictionColumn, int rawColumn,
      int probabilityColumn) {
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

  /** Compares the regression predictions with the expected column 4. */
  void assertRegressorPredictions(Dataset<Row> scored) {
    List<Row> rows = scored.select("id", "prediction").orderBy("id").collectAsList();
    assertEquals(expected.size(), rows.size());
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(Integer.parseInt(expected.get(i)[0]), rows.get(i).getInt(0));
      assertValue(Double.parseDouble(expected.get(i)[4]), rows.get(i).getDouble(1),
          "regression prediction of row " + i);
    }
  }

  private void assertVector(double[] expected, Vector actual, String what) {
    double[] a = actual.toArray();
    assertEquals(expected.length, a.length, what);
    for (int j = 0; j < a.length; j++) {
      assertValue(expected[j], a[j], what + "[" + j + "]");
    }
  }

  private void assertValue(double expected, double actual, String what) {
    if (sameArithmetic) {
      assertEquals(expected, actual, 0.0, what);
    } else {
      assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)), what);
    }
  }
}
