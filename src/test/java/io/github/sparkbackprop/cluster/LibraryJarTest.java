package io.github.sparkbackprop.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The jars the build makes (before the tests run, so that they can be checked and
 * spark-submitted): the library jar holds the library and its Spark Connect registrations, and
 * nothing of Spark, Scala, the examples or the tests; the examples jar holds the examples only.
 */
class LibraryJarTest {

  private static List<String> entries(String property) throws IOException {
    String name = System.getProperty(property);
    assertTrue(name != null, "system property " + property + " is not set: run with Maven");
    Path jar = Paths.get(name);
    assertTrue(Files.exists(jar), jar + " does not exist: the pom builds it in the"
        + " process-test-classes phase");
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(e -> e.getName()).collect(Collectors.toList());
    }
  }

  @Test
  void libraryJarHasTheLibraryAndNoSpark() throws IOException {
    List<String> entries = entries("sparkbackprop.libraryJar");
    assertTrue(entries.contains("io/github/sparkbackprop/ml/NeuralNetworkClassifier.class"));
    assertTrue(entries.contains("io/github/sparkbackprop/nn/Topology.class"));
    assertTrue(entries.contains("io/github/sparkbackprop/optim/LbfgsOptimizer.class"));
    for (String entry : entries) {
      assertTrue(entry.startsWith("io/github/sparkbackprop/") || entry.startsWith("META-INF/")
          || entry.equals("io/") || entry.equals("io/github/"), "unexpected entry " + entry);
      assertTrue(!entry.startsWith("org/apache/spark/") && !entry.startsWith("scala/"),
          "Spark or Scala inside the jar: " + entry);
      assertTrue(!entry.startsWith("io/github/sparkbackprop/examples/")
          && !entry.startsWith("io/github/sparkbackprop/bench/")
          && !entry.endsWith("Test.class") && !entry.endsWith("TestSpark.class"),
          "examples, benchmarks or tests inside the library jar: " + entry);
    }
  }

  @Test
  void libraryJarRegistersTheStagesForSparkConnect() throws IOException {
    Path jar = Paths.get(System.getProperty("sparkbackprop.libraryJar"));
    try (JarFile file = new JarFile(jar.toFile())) {
      assertEquals(List.of("io.github.sparkbackprop.ml.NeuralNetworkClassifier",
              "io.github.sparkbackprop.ml.NeuralNetworkRegressor"),
          services(file, "org.apache.spark.ml.Estimator"));
      assertEquals(List.of("io.github.sparkbackprop.ml.NeuralNetworkClassificationModel",
              "io.github.sparkbackprop.ml.NeuralNetworkRegressionModel"),
          services(file, "org.apache.spark.ml.Transformer"));
    }
  }

  private static List<String> services(JarFile jar, String service) throws IOException {
    var entry = jar.getEntry("META-INF/services/" + service);
    assertTrue(entry != null, "no META-INF/services/" + service + " in " + jar.getName());
    String text = new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
    return text.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .collect(Collectors.toList());
  }

  @Test
  void examplesJarHasTheExamplesOnly() throws IOException {
    List<String> entries = entries("sparkbackprop.examplesJar");
    assertTrue(entries.contains(
        "io/github/sparkbackprop/examples/FriedmanRegression.class"));
    assertTrue(entries.contains(
        "io/github/sparkbackprop/examples/CustomerChurnPipeline.class"));
    assertTrue(entries.contains(
        "io/github/sparkbackprop/examples/FashionMnistClassification.class"));
    for (String entry : entries) {
      assertTrue(entry.startsWith("io/github/sparkbackprop/examples/")
          || entry.startsWith("META-INF/") || !entry.endsWith(".class"),
          "the examples jar holds " + entry);
      assertTrue(!entry.endsWith("Test.class"), "a test in the examples jar: " + entry);
    }
  }
}
