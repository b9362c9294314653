package io.github.sparkbackprop.ml;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.util.MLFormatRegister;
import org.apache.spark.sql.SparkSession;
import scala.collection.mutable.Map;

/**
 * The {@code "onnx"} format of {@code write().format("onnx").save(path)}: writes the model's
 * {@code toOnnx()} bytes as one file at {@code path}, on any file system Hadoop reaches. Spark's
 * {@code GeneralMLWriter} finds it through {@code ServiceLoader}, one registration per model
 * class ({@code META-INF/services/org.apache.spark.ml.util.MLFormatRegister}); it takes no
 * options.
 */
public abstract class OnnxFormatWriter implements MLFormatRegister {

  /** The format's name. */
  public static final String FORMAT = "onnx";

  OnnxFormatWriter() {}

  @Override
  public String format() {
    return FORMAT;
  }

  /** The ONNX bytes of a stage of this writer's class. */
  abstract byte[] export(PipelineStage stage);

  @Override
  public void write(String path, SparkSession session, Map<String, String> optionMap,
      PipelineStage stage) {
    if (!optionMap.isEmpty()) {
      throw new IllegalArgumentException("The onnx format takes no options, got "
          + optionMap.keySet().mkString(", ") + "; remove them from write()");
    }
    byte[] bytes = export(stage);
    Path file = new Path(path);
    try {
      FileSystem fs = file.getFileSystem(session.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(file, false)) {
        out.write(bytes);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write the ONNX model to " + path, e);
    }
  }

  /** The {@code "onnx"} format of {@link NeuralNetworkClassificationModel}. */
  public static final class ForClassificationModel extends OnnxFormatWriter {

    /** Created by {@code ServiceLoader}. */
    public ForClassificationModel() {}

    @Override
    public String stageName() {
      return NeuralNetworkClassificationModel.class.getName();
    }

    @Override
    byte[] export(PipelineStage stage) {
      return ((NeuralNetworkClassificationModel) stage).toOnnx();
    }
  }

  /** The {@code "onnx"} format of {@link NeuralNetworkRegressionModel}. */
  public static final class ForRegressionModel extends OnnxFormatWriter {

    /** Created by {@code ServiceLoader}. */
    public ForRegressionModel() {}

    @Override
    public String stageName() {
      return NeuralNetworkRegressionModel.class.getName();
    }

    @Override
    byte[] export(PipelineStage stage) {
      return ((NeuralNetworkRegressionModel) stage).toOnnx();
    }
  }

  /** The {@code "onnx"} format of {@link NeuralNetworkMultiLabelClassificationModel}. */
  public static final class ForMultiLabelClassificationModel extends OnnxFormatWriter {

    /** Created by {@code ServiceLoader}. */
    public ForMultiLabelClassificationModel() {}

    @Override
    public String stageName() {
      return NeuralNetworkMultiLabelClassificationModel.class.getName();
    }

    @Override
    byte[] export(PipelineStage stage) {
      return ((NeuralNetworkMultiLabelClassificationModel) stage).toOnnx();
    }
  }
}
