package io.github.sparkbackprop.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.OutputLoss;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.onnx.NetworkOnnxExporter;
import io.github.sparkbackprop.onnx.OnnxSignature;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The jars the build makes (before the tests run, so that they can be checked and
 * spark-submitted): the library jar holds the library, its Spark Connect and ONNX format
 * registrations, and the protobuf runtime and ONNX schema classes relocated under
 * {@code io/github/sparkbackprop/shaded}, and nothing of Spark, Scala, the examples or the tests;
 * the examples jar holds the examples only.
 */
@Tag("line")
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
  void libraryJarsManifestNamesTheSparkLineItIsTestedOn() throws IOException {
    Path jar = Paths.get(System.getProperty("sparkbackprop.libraryJar"));
    try (JarFile file = new JarFile(jar.toFile())) {
      Attributes main = file.getManifest().getMainAttributes();
      String running = org.apache.spark.package$.MODULE$.SPARK_VERSION();
      String line = running.substring(0, running.indexOf('.', running.indexOf('.') + 1));
      List<String> lines = List.of(main.getValue("Spark-Lines").split(" "));
      assertTrue(lines.contains(line), "the jar serves Spark " + lines + ", tested on " + running);
      String scalaVersion = scala.util.Properties.versionNumberString();
      assertEquals(scalaVersion.substring(0, scalaVersion.lastIndexOf('.')),
          main.getValue("Scala-Binary-Version"));
      assertTrue(jar.getFileName().toString().startsWith(
          "spark-backprop_" + main.getValue("Scala-Binary-Version") + "-"), jar.toString());
      assertTrue(main.getValue("Spark-Version-Built-Against").startsWith(
          line.equals("3.5") ? "3.5." : "4."), main.getValue("Spark-Version-Built-Against"));
    }
  }

  @Test
  void libraryJarRegistersTheStagesForSparkConnect() throws IOException {
    Path jar = Paths.get(System.getProperty("sparkbackprop.libraryJar"));
    try (JarFile file = new JarFile(jar.toFile())) {
      assertEquals(List.of("io.github.sparkbackprop.ml.NeuralNetworkClassifier",
              "io.github.sparkbackprop.ml.NeuralNetworkRegressor",
              "io.github.sparkbackprop.ml.NeuralNetworkMultiLabelClassifier"),
          services(file, "org.apache.spark.ml.Estimator"));
      assertEquals(List.of("io.github.sparkbackprop.ml.NeuralNetworkClassificationModel",
              "io.github.sparkbackprop.ml.NeuralNetworkRegressionModel",
              "io.github.sparkbackprop.ml.NeuralNetworkMultiLabelClassificationModel"),
          services(file, "org.apache.spark.ml.Transformer"));
    }
  }

  @Test
  void libraryJarHoldsProtobufAndTheOnnxSchemaRelocated() throws IOException {
    List<String> entries = entries("sparkbackprop.libraryJar");
    assertTrue(entries.contains("io/github/sparkbackprop/shaded/onnx/Onnx$ModelProto.class"));
    assertTrue(entries.contains("io/github/sparkbackprop/shaded/protobuf/GeneratedMessage.class"));
    for (String entry : entries) {
      assertTrue(!entry.startsWith("com/google/") && !entry.startsWith("google/")
          && !entry.startsWith("onnx/") && !entry.endsWith(".proto"),
          "protobuf or ONNX classes not relocated: " + entry);
    }
    Path jar = Paths.get(System.getProperty("sparkbackprop.libraryJar"));
    try (JarFile file = new JarFile(jar.toFile())) {
      assertEquals(List.of("io.github.sparkbackprop.ml.OnnxFormatWriter$ForClassificationModel",
              "io.github.sparkbackprop.ml.OnnxFormatWriter$ForRegressionModel",
              "io.github.sparkbackprop.ml.OnnxFormatWriter$ForMultiLabelClassificationModel"),
          services(file, "org.apache.spark.ml.util.MLFormatRegister"));
    }
  }

  /**
   * The exporter in the jar, loaded with nothing but the jar and the JDK (so no protobuf but its
   * own relocated copy), writes the very bytes the compiled classes write.
   */
  @Test
  void libraryJarExportsOnnxWithItsOwnProtobufAlone() throws Exception {
    int[] layers = {3, 5, 2};
    Topology topology = new Topology(layers, Activation.ELU, OutputLoss.softmaxCrossEntropy());
    double[] weights = new double[topology.numParameters()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = Math.sin(i + 1.0);
    }
    byte[] expected = NetworkOnnxExporter.export(topology, weights, Precision.DOUBLE,
        OnnxSignature.classifier("features", "rawPrediction", "probability", "prediction", null),
        "g", "doc", Map.of("k", "v"));

    Path jar = Paths.get(System.getProperty("sparkbackprop.libraryJar"));
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      assertThrows(ClassNotFoundException.class,
          () -> loader.loadClass("com.google.protobuf.Message"));
      Class<?> activation = loader.loadClass(Activation.class.getName());
      Class<?> outputLoss = loader.loadClass(OutputLoss.class.getName());
      Class<?> topologyClass = loader.loadClass(Topology.class.getName());
      Class<?> signature = loader.loadClass(OnnxSignature.class.getName());
      Class<?> exporter = loader.loadClass(NetworkOnnxExporter.class.getName());
      Class<?> precision = loader.loadClass(Precision.class.getName());
      Object elu = activation.getField("ELU").get(null);
      Object softmax = outputLoss.getMethod("softmaxCrossEntropy").invoke(null);
      Object jarTopology = topologyClass.getConstructor(int[].class, activation, outputLoss)
          .newInstance(layers, elu, softmax);
      Object jarSignature = signature.getMethod("classifier", String.class, String.class,
          String.class, String.class, double[].class)
          .invoke(null, "features", "rawPrediction", "probability", "prediction", null);
      byte[] actual = (byte[]) exporter.getMethod("export", topologyClass, double[].class,
          precision, signature, String.class, String.class, Map.class)
          .invoke(null, jarTopology, weights, precision.getField("DOUBLE").get(null),
              jarSignature, "g", "doc", Map.of("k", "v"));
      assertArrayEquals(expected, actual);
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
