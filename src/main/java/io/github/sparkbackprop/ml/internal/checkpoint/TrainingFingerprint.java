package io.github.sparkbackprop.ml.internal.checkpoint;

import io.github.sparkbackprop.ml.internal.ClassWeighting;
import io.github.sparkbackprop.ml.internal.TrainingConfig;
import io.github.sparkbackprop.ml.internal.data.TrainingData;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.Topology;
import io.github.sparkbackprop.optim.MiniBatchPlan;
import io.github.sparkbackprop.optim.Solver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * What makes two trainings the same, as far as a checkpoint is concerned: every param that
 * shapes the optimiser's path, the network, and the data's shape (row counts, feature width,
 * number of labels, training weight). A checkpoint is applied only to a training with the same
 * fingerprint. Column names, output columns and the checkpoint params themselves are left out:
 * they do not change a single step.
 */
public final class TrainingFingerprint {

  private final Map<String, String> values;

  TrainingFingerprint(Map<String, String> values) {
    this.values = new LinkedHashMap<>(values);
  }

  /**
   * The fingerprint of training {@code topology} on {@code data} with {@code config}, and for a
   * mini-batch solver with {@code plan} (the batch, rate, schedule and epochs in effect, whether
   * set or chosen; {@code null} for l-bfgs).
   */
  public static TrainingFingerprint of(TrainingConfig config, Topology topology,
      TrainingData data, MiniBatchPlan plan) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("network", topology.toString());
    v.put("solver", config.solver().paramName());
    v.put("maxIter", Integer.toString(
        plan == null ? config.maxIter() : plan.maxEpochs()));
    v.put("tol", Double.toString(config.tol()));
    v.put("regParam", Double.toString(config.regParam()));
    v.put("elasticNetParam", Double.toString(config.elasticNetParam()));
    v.put("seed", Long.toString(config.seed()));
    v.put("initialWeights", describe(config.initialWeights()));
    v.put("precision", config.precision().paramName());
    v.put("blockSize", Integer.toString(config.blockSize()));
    v.put("aggregationDepth", Integer.toString(config.aggregationDepth()));
    v.put("earlyStoppingPatience", Integer.toString(config.earlyStoppingPatience()));
    v.put("validationTol", Double.toString(config.validationTol()));
    if (config.classWeighting() != ClassWeighting.NONE) {
      // recorded only when on: a checkpoint of a fit from before the param still resumes
      v.put("classWeighting", config.classWeighting().paramName());
    }
    if (config.solver().isMiniBatch()) {
      v.put("stepSize", Double.toString(plan.stepSize()));
      v.put("batchSize", Integer.toString(plan.batchSize()));
      v.put("momentum", Double.toString(config.momentum()));
      v.put("nesterov", Boolean.toString(config.nesterov()));
      v.put("beta1", Double.toString(config.beta1()));
      v.put("beta2", Double.toString(config.beta2()));
      v.put("adamEpsilon", Double.toString(config.adamEpsilon()));
      v.put("learningRateSchedule", plan.schedule().paramName());
      v.put("decayRate", Double.toString(config.decayRate()));
      v.put("decaySteps", Integer.toString(config.decaySteps()));
      v.put("minLearningRate", Double.toString(plan.minLearningRate()));
      v.put("warmupSteps", Integer.toString(plan.warmupSteps()));
      v.put("dropout", Double.toString(config.dropout()));
      int localSteps = config.localSteps();
      if (localSteps > 1) {
        // averaging rounds take each partition's rows apart: the partitioning is part of the run
        v.put("localSteps", Integer.toString(localSteps));
        v.put("partitions", Integer.toString(data.blocks().getNumPartitions()));
      }
    }
    v.put("training rows", Long.toString(data.numRows()));
    v.put("validation rows", Long.toString(data.numValidationRows()));
    v.put("features", Integer.toString(data.numFeatures()));
    v.put("labels", data.describeLabels());
    // 12 digits: the sum's last bits may change with the partitioning, which a resume allows
    v.put("training weight", String.format(Locale.ROOT, "%.12g", data.trainingWeight()));
    return new TrainingFingerprint(v);
  }

  /** The entries, in a stable order. */
  public Map<String, String> values() {
    return new LinkedHashMap<>(values);
  }

  /**
   * What differs from {@code saved}, e.g. {@code "maxIter was 20, is 30; training rows were
   * 1000, are 999"}; empty when nothing does.
   */
  String differencesFrom(TrainingFingerprint saved) {
    List<String> differences = new ArrayList<>();
    for (Map.Entry<String, String> e : values.entrySet()) {
      String before = saved.values.get(e.getKey());
      if (!e.getValue().equals(before)) {
        boolean plural = e.getKey().endsWith("rows") || e.getKey().endsWith("partitions");
        differences.add(e.getKey() + (plural ? " were " : " was ")
            + (before == null ? "not recorded" : before) + (plural ? ", are " : ", is ")
            + e.getValue());
      }
    }
    for (String key : saved.values.keySet()) {
      if (!values.containsKey(key)) {
        differences.add(key + " was " + saved.values.get(key) + ", does not apply now");
      }
    }
    return String.join("; ", differences);
  }

  /** Length and checksum of a weight vector: enough to tell two apart. */
  private static String describe(double[] weights) {
    if (weights == null) {
      return "unset";
    }
    CRC32C crc = new CRC32C();
    byte[] bytes = new byte[8];
    for (double w : weights) {
      long bits = Double.doubleToRawLongBits(w);
      for (int i = 0; i < 8; i++) {
        bytes[i] = (byte) (bits >>> (8 * i));
      }
      crc.update(bytes);
    }
    return weights.length + " values, crc32c " + Long.toHexString(crc.getValue());
  }

  @Override
  public String toString() {
    return values.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainingFingerprint && ((TrainingFingerprint) o).values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }
}
