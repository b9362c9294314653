package io.github.sparkbackprop.examples;

// $example on$
import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.NeuralNetworkClassifier;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
// $example off$

/**
 * The README's Java quick start, compiled and run: README.md shows exactly the regions between
 * the {@code $example on$} and {@code $example off$} markers (Spark's convention for the code
 * its docs show), and {@code QuickStartTest} checks both that it does and that the code works,
 * so the README cannot drift from the library.
 */
public final class QuickStart {

  private QuickStart() {}

  /**
   * The quick start: assembler, scaler and classifier in a pipeline, fitted, evaluated, saved and
   * loaded back.
   *
   * @param train rows with numeric columns {@code x1}, {@code x2}, {@code x3} and a
   *     {@code label} of class indices
   * @param test rows like {@code train}
   * @param path where to save the fitted pipeline (overwritten)
   * @return the test accuracy, and the pipeline loaded back from {@code path}
   */
  public static Result run(Dataset<Row> train, Dataset<Row> test, String path)
      throws java.io.IOException {
    // $example on$
    VectorAssembler assembler = new VectorAssembler()
        .setInputCols(new String[] {"x1", "x2", "x3"})
        .setOutputCol("raw");
    StandardScaler scaler = new StandardScaler()   // networks train best on standardised inputs
        .setInputCol("raw").setOutputCol("features")
        .setWithMean(true).setWithStd(true);
    NeuralNetworkClassifier nn = new NeuralNetworkClassifier()
        .setHiddenLayers(new int[] {64, 32})
        .setActivation("relu")
        .setSolver("l-bfgs")
        .setMaxIter(100)
        .setSeed(7);
    PipelineModel model = new Pipeline()
        .setStages(new PipelineStage[] {assembler, scaler, nn})
        .fit(train);

    double accuracy = new MulticlassClassificationEvaluator()
        .setMetricName("accuracy")
        .evaluate(model.transform(test));
    NeuralNetworkClassificationModel network = (NeuralNetworkClassificationModel) model.stages()[2];
    System.out.println("accuracy " + accuracy + " after "
        + network.summary().totalIterations() + " iterations");
    model.write().overwrite().save(path);
    PipelineModel reloaded = PipelineModel.load(path);
    // $example off$
    return new Result(accuracy, reloaded);
  }

  /**
   * What the quick start produced.
   *
   * @param accuracy the test accuracy
   * @param reloaded the pipeline loaded back from where it was saved
   */
  public record Result(double accuracy, PipelineModel reloaded) {}
}
