package io.github.sparkbackprop.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.ml.NeuralNetworkClassificationModel;
import io.github.sparkbackprop.ml.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Fashion-MNIST example end to end on a subset of the real data. It does not skip when
 * the data is missing: {@code .ci/run} installs the {@code dataset-fashion-mnist} package, and a
 * silent skip would hide a broken example.
 */
@Tag("slow")
class FashionMnistExampleTest {

  @Test
  void learnsFashionMnistSubsetWellAboveChance(@TempDir Path tmp) {
    Path dataDir = Paths.get(FashionMnist.DEFAULT_DATA_DIR);
    assertTrue(Files.isReadable(FashionMnist.Part.TRAIN.imagesFile(dataDir)),
        "Fashion-MNIST is not installed in " + dataDir
            + ": run 'apt-get install dataset-fashion-mnist' (.ci/run does)");
    Path modelDir = tmp.resolve("model");
    Path metrics = tmp.resolve("metrics.json");

    FashionMnistClassification.Result result = FashionMnistClassification.run(
        TestSpark.session(),
        new FashionMnistClassification.Options()
            .dataDir(dataDir)
            .trainLimit(2000)
            .testLimit(500)
            .hiddenLayers(32)
            .solver("l-bfgs")
            .maxIter(40)
            .partitions(2)
            .modelOut(modelDir.toString())
            .metricsOut(metrics));

    System.out.println("FashionMnistExampleTest: " + result.toJson().trim());
    assertEquals(2000, result.trainRows());
    assertEquals(500, result.testRows());
    assertTrue(result.iterations() > 0 && result.iterations() <= 40, "iterations");
    // Chance is 0.1; this network reaches about 0.8 on this subset.
    assertTrue(result.testAccuracy() > 0.6, "test accuracy " + result.testAccuracy());
    assertTrue(result.trainingSeconds() > 0);
    assertTrue(!result.blas().isEmpty());

    NeuralNetworkClassificationModel loaded =
        NeuralNetworkClassificationModel.load(modelDir.toString());
    assertArrayEquals(new int[] {784, 32, 10}, loaded.layers());
    assertArrayEquals(result.model().weights().toArray(), loaded.weights().toArray());
    assertTrue(Files.exists(metrics), "metrics JSON written");
  }
}
