package io.github.sparkbackprop.ml;

import static io.github.sparkbackprop.ml.InputValidationTest.assertMentions;
import static io.github.sparkbackprop.ml.InputValidationTest.assertRejected;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.TensorInfo;
import io.github.sparkbackprop.nn.Activation;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.onnx.NetworkOnnxExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import onnx.Onnx.ModelProto;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.GeneralMLWriter;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code toOnnx()} and {@code write().format("onnx")}: the file holds exactly the exported bytes
 * and ONNX Runtime loads it from disk; saving is atomic like the default format, which stays the
 * default; Spark's own {@code GeneralMLWriter} finds the format; the export is deterministic;
 * the graph declares the documented input and outputs; bad column settings fail clearly.
 */
class OnnxFormatTest {

  /** Saving, like any Spark ML writer's, runs in a session. */
  private static final SparkSession SPARK = TestSpark.session();

  @TempDir Path tmp;

  private static NeuralNetworkClassificationModel classifier(String precision) {
    return OnnxExportTest.classifier(new int[] {4, 6, 3}, Activation.TANH, precision, 41L);
  }

  private static NeuralNetworkRegressionModel regressor(String precision) {
    return OnnxExportTest.regressor(new int[] {4, 6, 1}, Activation.ELU, precision, 43L);
  }

  @Test
  void formatOnnxSavesTheExportedBytesAsOneFileThatOnnxRuntimeLoads() throws Exception {
    NeuralNetworkClassificationModel c = classifier(Precision.DOUBLE.paramName());
    Path cPath = tmp.resolve("classifier.onnx");
    c.write().format("onnx").save(cPath.toString());
    assertTrue(Files.isRegularFile(cPath), cPath + " is not one file");
    assertArrayEquals(c.toOnnx(), Files.readAllBytes(cPath));
    assertEquals(Set.of("rawPrediction", "probability", "prediction"),
        OnnxRuntimeRun.outputNamesOfFile(cPath.toString()));

    NeuralNetworkRegressionModel r = regressor(Precision.FLOAT.paramName());
    Path rPath = tmp.resolve("regressor.onnx");
    r.write().format("ONNX").save(rPath.toString());
    assertArrayEquals(r.toOnnx(), Files.readAllBytes(rPath));
    assertEquals(Set.of("prediction"), OnnxRuntimeRun.outputNamesOfFile(rPath.toString()));
  }

  @Test
  void onnxSavesReplaceAFileOnlyWithOverwriteAndLeaveNothingHalfWritten() throws Exception {
    NeuralNetworkClassificationModel a = classifier(Precision.DOUBLE.paramName());
    NeuralNetworkClassificationModel b =
        OnnxExportTest.classifier(new int[] {4, 5, 3}, Activation.RELU,
            Precision.DOUBLE.paramName(), 47L);
    String path = tmp.resolve("model.onnx").toString();
    a.write().format("onnx").save(path);
    IOException e = assertThrows(IOException.class,
        () -> b.write().format("onnx").save(path));
    assertMentions(e.getMessage(), path, "already exists", "overwrite()");
    assertArrayEquals(a.toOnnx(), Files.readAllBytes(Path.of(path)));

    b.write().format("onnx").overwrite().save(path);
    assertArrayEquals(b.toOnnx(), Files.readAllBytes(Path.of(path)));

    // an export that fails (no output left to export) writes nothing and keeps the old file
    NeuralNetworkClassificationModel nothing = b.copy(new ParamMap());
    nothing.setRawPredictionCol("").setProbabilityCol("").setPredictionCol("");
    assertRejected(() -> nothing.write().format("onnx").overwrite().save(path),
        "Nothing to export", "predictionCol");
    assertArrayEquals(b.toOnnx(), Files.readAllBytes(Path.of(path)));
    assertEquals(List.of("model.onnx"), visibleAndStaging(tmp));
  }

  @Test
  void writeKeepsSavingSparksFormatByDefault() throws Exception {
    NeuralNetworkClassificationModel c = classifier(Precision.DOUBLE.paramName());
    c.write().save(tmp.resolve("default").toString());
    c.write().format("internal").save(tmp.resolve("internal").toString());
    for (String dir : new String[] {"default", "internal"}) {
      NeuralNetworkClassificationModel loaded =
          NeuralNetworkClassificationModel.load(tmp.resolve(dir).toString());
      assertArrayEquals(c.weights().toArray(), loaded.weights().toArray(), dir);
      assertTrue(Files.isDirectory(tmp.resolve(dir).resolve("metadata")), dir);
    }
    NeuralNetworkRegressionModel r = regressor(Precision.DOUBLE.paramName());
    r.write().save(tmp.resolve("regressor").toString());
    assertArrayEquals(r.weights().toArray(),
        NeuralNetworkRegressionModel.load(tmp.resolve("regressor").toString()).weights()
            .toArray());
  }

  @Test
  void anUnknownFormatIsRejectedNamingTheFormatsThereAre() {
    String path = tmp.resolve("model.pmml").toString();
    assertRejected(() -> classifier(Precision.DOUBLE.paramName()).write().format("pmml").save(path),
        "'pmml'", "NeuralNetworkClassificationModel", "[internal, onnx]");
    assertFalse(Files.exists(Path.of(path)));
    assertRejected(() -> classifier(Precision.DOUBLE.paramName()).write().format(""), "format");
  }

  @Test
  void sparksOwnGeneralMLWriterFindsTheOnnxFormat() throws Exception {
    NeuralNetworkRegressionModel r = regressor(Precision.DOUBLE.paramName());
    String path = tmp.resolve("through-spark.onnx").toString();
    new GeneralMLWriter(r).format("onnx").save(path);
    assertArrayEquals(r.toOnnx(), Files.readAllBytes(Path.of(path)));
  }

  @Test
  void theExportIsDeterministicAndSurvivesSavingAndLoadingTheModel() throws Exception {
    for (String precision : Precision.paramNames()) {
      NeuralNetworkClassificationModel c = classifier(precision);
      byte[] first = c.toOnnx();
      assertArrayEquals(first, c.toOnnx());
      assertArrayEquals(first, c.copy(new ParamMap()).toOnnx());
      String dir = tmp.resolve("c-" + precision).toString();
      c.write().save(dir);
      assertArrayEquals(first, NeuralNetworkClassificationModel.load(dir).toOnnx(), precision);

      NeuralNetworkRegressionModel r = regressor(precision);
      String rDir = tmp.resolve("r-" + precision).toString();
      r.write().save(rDir);
      assertArrayEquals(r.toOnnx(), NeuralNetworkRegressionModel.load(rDir).toOnnx());
    }
  }

  @Test
  void theGraphDeclaresTheDocumentedInputAndOutputs() throws Exception {
    for (String precision : Precision.paramNames()) {
      OnnxJavaType values = Precision.FLOAT.paramName().equals(precision)
          ? OnnxJavaType.FLOAT : OnnxJavaType.DOUBLE;
      NeuralNetworkClassificationModel c = classifier(precision);
      c.setFeaturesCol("pixels").setRawPredictionCol("scores").setProbabilityCol("p")
          .setPredictionCol("label_hat");
      byte[] bytes = c.toOnnx();
      Map<String, NodeInfo> inputs = OnnxRuntimeRun.info(bytes, true);
      assertEquals(Set.of("pixels"), inputs.keySet());
      assertTensor(inputs.get("pixels"), OnnxJavaType.FLOAT, -1, 4);
      Map<String, NodeInfo> outputs = OnnxRuntimeRun.info(bytes, false);
      assertEquals(List.of("scores", "p", "label_hat"), List.copyOf(outputs.keySet()));
      assertTensor(outputs.get("scores"), values, -1, 3);
      assertTensor(outputs.get("p"), values, -1, 3);
      assertTensor(outputs.get("label_hat"), OnnxJavaType.INT64, -1);

      ModelProto model = ModelProto.parseFrom(bytes);
      assertEquals(NetworkOnnxExporter.IR_VERSION, model.getIrVersion());
      assertEquals(1, model.getOpsetImportCount());
      assertEquals("", model.getOpsetImport(0).getDomain());
      assertEquals(13, model.getOpsetImport(0).getVersion());
      assertEquals("spark-backprop", model.getProducerName());
      Map<String, String> metadata = model.getMetadataPropsList().stream()
          .collect(Collectors.toMap(e -> e.getKey(), e -> e.getValue()));
      assertEquals(precision, metadata.get("precision"));
      assertEquals("[4, 6, 3]", metadata.get("layers"));
      assertEquals("tanh", metadata.get("activation"));

      // a column switched off is no output
      c.setRawPredictionCol("");
      assertEquals(List.of("p", "label_hat"),
          List.copyOf(OnnxRuntimeRun.info(c.toOnnx(), false).keySet()));

      NeuralNetworkRegressionModel r = regressor(precision);
      r.setFeaturesCol("x").setPredictionCol("y");
      Map<String, NodeInfo> rOutputs = OnnxRuntimeRun.info(r.toOnnx(), false);
      assertEquals(Set.of("y"), rOutputs.keySet());
      assertTensor(rOutputs.get("y"), values, -1);
      assertTensor(OnnxRuntimeRun.info(r.toOnnx(), true).get("x"), OnnxJavaType.FLOAT, -1, 4);
    }
  }

  @Test
  void columnsNamedLikeInternalValuesStillExportAndScore() throws Exception {
    NeuralNetworkClassificationModel c = classifier(Precision.DOUBLE.paramName());
    // the names the exporter would otherwise give its own values
    c.setFeaturesCol("input/double").setRawPredictionCol("layer1/weight")
        .setProbabilityCol("const/1.0").setPredictionCol("layer2/linear");
    float[][] x = OnnxExportTest.features(4, 3L);
    Map<String, Object> out = OnnxRuntimeRun.run(c.toOnnx(), "input/double", x);
    double[][] p = (double[][]) out.get("const/1.0");
    double[] expected = c.predictProbability(org.apache.spark.ml.linalg.Vectors.dense(
        OnnxExportTest.asDoubles(new float[][] {x[0]})[0])).toArray();
    assertArrayEquals(expected, p[0], 1e-12);
    assertEquals(c.predict(org.apache.spark.ml.linalg.Vectors.dense(
        OnnxExportTest.asDoubles(new float[][] {x[0]})[0])),
        (double) ((long[]) out.get("layer2/linear"))[0]);
  }

  @Test
  void columnSettingsAnOnnxGraphCannotHoldAreRejectedNamingTheParams() {
    NeuralNetworkClassificationModel c = classifier(Precision.DOUBLE.paramName());
    c.setProbabilityCol("out").setPredictionCol("out");
    assertRejected(c::toOnnx, "probabilityCol", "predictionCol", "'out'", "name of its own");
    NeuralNetworkRegressionModel r = regressor(Precision.DOUBLE.paramName());
    r.setPredictionCol("");
    assertRejected(r::toOnnx, "Nothing to export", "predictionCol");
    r.setPredictionCol("features");
    assertRejected(r::toOnnx, "featuresCol", "predictionCol", "'features'");
  }

  private static void assertTensor(NodeInfo node, OnnxJavaType type, long... shape) {
    TensorInfo info = (TensorInfo) node.getInfo();
    assertEquals(type, info.type, node.getName());
    assertArrayEquals(shape, info.getShape(), node.getName());
  }

  /** The files in a folder other than Hadoop's checksum files. */
  private static List<String> visibleAndStaging(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc"))
          .sorted().collect(Collectors.toList());
    }
  }
}
