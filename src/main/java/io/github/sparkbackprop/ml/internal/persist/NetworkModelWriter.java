package io.github.sparkbackprop.ml.internal.persist;

import io.github.sparkbackprop.nn.Topology;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.util.GeneralMLWriter;
import org.apache.spark.ml.util.MLFormatRegister;

/**
 * The writer of the models: Spark ML's own format by default ({@code "internal"}), or another
 * format chosen with {@code format(...)}, such as {@code "onnx"}, which Spark's
 * {@link GeneralMLWriter} convention finds through a {@code ServiceLoader} of
 * {@link MLFormatRegister} ({@code META-INF/services/org.apache.spark.ml.util.MLFormatRegister}),
 * as {@code LinearRegressionModel} finds its PMML writer.
 *
 * <p>Unlike Spark's {@code GeneralMLWriter}, which deletes an existing path before writing, every
 * format is saved through {@link AtomicSave}: a failed save leaves nothing behind and loses
 * nothing that was there.
 */
public final class NetworkModelWriter extends GeneralMLWriter {

  /** Spark's name of its own format, the default. */
  static final String INTERNAL = "internal";

  private final PipelineStage stage;
  private final Topology topology;
  private final double[] weights;
  private final boolean vectorLabel;
  private final double[] featureMeans;
  private String source = INTERNAL;

  /**
   * A writer of {@code stage}, a model with this network.
   *
   * @param featureMeans the training features' means, or {@code null} if the model has none
   */
  public NetworkModelWriter(PipelineStage stage, Topology topology, double[] weights,
      double[] featureMeans) {
    this(stage, topology, weights, false, featureMeans);
  }

  /**
   * A writer of {@code stage}, a model with this network.
   *
   * @param vectorLabel whether the model was trained on a vector label (its prediction is a
   *     vector)
   * @param featureMeans the training features' means, or {@code null} if the model has none
   */
  public NetworkModelWriter(PipelineStage stage, Topology topology, double[] weights,
      boolean vectorLabel, double[] featureMeans) {
    super(stage);
    this.stage = stage;
    this.topology = topology;
    this.weights = weights;
    this.vectorLabel = vectorLabel;
    this.featureMeans = featureMeans;
  }

  /**
   * Chooses the format: {@code "internal"} (Spark ML's, the default) or {@code "onnx"} (one ONNX
   * model file at the path), case-insensitive.
   */
  @Override
  public GeneralMLWriter format(String source) {
    if (source == null || source.isEmpty()) {
      throw new IllegalArgumentException("format must name a format, e.g. \"internal\" or"
          + " \"onnx\"; got " + (source == null ? "null" : "an empty string"));
    }
    super.format(source);
    this.source = source;
    return this;
  }

  @Override
  public void save(String path) throws IOException {
    // Find the format before staging anything, so that a wrong name fails at once and clearly.
    MLFormatRegister format = INTERNAL.equalsIgnoreCase(source) ? null : registeredFormat();
    AtomicSave.save(path, shouldOverwrite(), sc().hadoopConfiguration(),
        staging -> write(format, staging), AtomicSave::rename);
  }

  @Override
  public void saveImpl(String path) {
    write(INTERNAL.equalsIgnoreCase(source) ? null : registeredFormat(), path);
  }

  private void write(MLFormatRegister format, String path) {
    if (format == null) {
      StageWriter.write(stage, topology, weights, vectorLabel, featureMeans, path,
          sparkSession());
    } else {
      format.write(path, sparkSession(), optionMap(), stage);
    }
  }

  /** The one registered writer of this format for this stage's class, as Spark looks it up. */
  private MLFormatRegister registeredFormat() {
    String stageName = stage.getClass().getName();
    List<MLFormatRegister> matches = new ArrayList<>();
    TreeSet<String> available = new TreeSet<>();
    available.add(INTERNAL);
    for (MLFormatRegister register : ServiceLoader.load(MLFormatRegister.class, classLoader())) {
      if (register.stageName().equals(stageName)) {
        available.add(register.format());
        if (register.format().equalsIgnoreCase(source)) {
          matches.add(register);
        }
      }
    }
    if (matches.size() != 1) {
      throw new IllegalArgumentException((matches.isEmpty() ? "No" : "More than one")
          + " writer of format '" + source + "' is registered for " + stageName
          + "; the formats it can be saved in are " + available
          + " (set one with write().format(name))");
    }
    return matches.get(0);
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : NetworkModelWriter.class.getClassLoader();
  }
}
