package io.github.sparkbackprop.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.cluster.ChildProcess;
import io.github.sparkbackprop.ml.NeuralNetworkRegressionModel;
import io.github.sparkbackprop.ml.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An example run the way users run it: {@code scripts/spark-submit} (Spark's own SparkSubmit and
 * launcher) with the library jar the build made passed by {@code --jars}, and the example's
 * main class from the examples jar, on {@code local[2]}, on the committed small data.
 */
@Tag("cluster")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SparkSubmitExamplesTest {

  /**
   * {@code scripts/spark-submit} on {@code local[2]} of an example's main class from the examples
   * jar, with the library jar in {@code --jars}, and the example's own arguments.
   */
  private static List<String> sparkSubmit(Class<?> example, String... exampleArgs) {
    List<String> command = new ArrayList<>(List.of("bash",
        ChildProcess.basedir().resolve("scripts/spark-submit").toString(),
        "--master", "local[2]",
        "--conf", "spark.ui.enabled=false",
        "--driver-memory", "1g",
        "--class", example.getName(),
        "--jars", System.getProperty("sparkbackprop.libraryJar"),
        System.getProperty("sparkbackprop.examplesJar")));
    command.addAll(List.of(exampleArgs));
    return command;
  }

  @Test
  void regressionExampleRunsThroughSparkSubmitAgainstTheBuiltJars(@TempDir Path tmp)
      throws Exception {
    Path output = tmp.resolve("friedman-model");
    Path metrics = tmp.resolve("metrics.json");
    List<String> command = sparkSubmit(FriedmanRegression.class,
        "--input", "examples/data/friedman1.csv",
        "--max-iter", "60",
        "--output", output.toString(),
        "--metrics-out", metrics.toString());
    String log = ChildProcess.sparkSubmit(command, tmp.resolve("spark-submit.log"),
        "SparkSubmitExamplesTest", 4);
    double r2 = ChildProcess.firstNumber(log, "R² ([0-9.]+) on");
    assertTrue(r2 > 0.85, "R² " + r2);
    String json = Files.readString(metrics);
    assertTrue(json.contains("\"example\": \"friedman-regression\""), json);

    // the model the spark-submit job saved loads in another JVM
    SparkSession spark = TestSpark.session();
    PipelineModel model = PipelineModel.load(output.toString());
    NeuralNetworkRegressionModel network = (NeuralNetworkRegressionModel) model.stages()[2];
    assertArrayEquals(new int[] {10, 16, 1}, network.layers());
    Dataset<Row> rows = spark.read().option("header", "true").option("inferSchema", "true")
        .csv(ChildProcess.basedir().resolve("examples/data/friedman1.csv").toString()).limit(10);
    assertEquals(10, model.transform(rows).select("prediction").count());
  }

  @Test
  void fashionMnistExampleRunsThroughSparkSubmitWithItsDefaultRecipe(@TempDir Path tmp)
      throws Exception {
    Path metrics = tmp.resolve("fashion.json");
    Path model = tmp.resolve("fashion-model");
    // main() as README's main command runs it (adam with the fast recipe), on fewer images
    List<String> command = sparkSubmit(FashionMnistClassification.class,
        "--limit", "3000", "--test-limit", "1000", "--hidden", "64",
        "--batch-size", "256", "--max-iter", "5",
        "--model-out", model.toString(),
        "--metrics-out", metrics.toString());
    String log = ChildProcess.sparkSubmit(command, tmp.resolve("spark-submit.log"),
        "SparkSubmitExamplesTest", 6);
    assertTrue(log.contains("solver adam"), log);
    double accuracy = ChildProcess.firstNumber(log, "Test accuracy: ([0-9.]+) \\(1000 images");
    assertTrue(accuracy > 0.65, "accuracy " + accuracy);
    String json = Files.readString(metrics);
    assertTrue(json.contains("\"example\": \"fashion-mnist\"")
        && json.contains("\"iterations\": 5"), json);
    TestSpark.session();
    assertArrayEquals(new int[] {784, 64, 10},
        io.github.sparkbackprop.ml.NeuralNetworkClassificationModel.load(model.toString())
            .layers());
  }
}
