package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.optim.BatchEvaluation;
import io.github.sparkbackprop.optim.EpochOutcome;
import io.github.sparkbackprop.optim.UpdateRuleState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * What a task of a barrier stage returns: a fingerprint of where it ended (every task must end
 * at the same weights and rule state, with the same sums in every epoch, and the driver checks
 * that they did), and, from the first task only, the outcome of each epoch of its span.
 *
 * <p>The outcomes travel as one byte array (its arrays as raw little-endian bytes), made by the
 * task: the reply passes through a shuffle (see {@link PassRunner#runBarrierEpochs}) and so
 * through whatever serializer the application configured, Java's or Kryo's, and a plain array
 * of bytes is the same in every one of them.
 */
final class EpochReply implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int partition;
  private final long fingerprint;
  private final byte[] outcome;

  private EpochReply(int partition, long fingerprint, byte[] outcome) {
    this.partition = partition;
    this.fingerprint = fingerprint;
    this.outcome = outcome;
  }

  /** The reply of {@code partition}, carrying the outcomes when {@code withOutcomes}. */
  static EpochReply of(int partition, List<EpochOutcome> outcomes, boolean withOutcomes) {
    return new EpochReply(partition, fingerprint(outcomes),
        withOutcomes ? encode(outcomes) : null);
  }

  int partition() {
    return partition;
  }

  long fingerprint() {
    return fingerprint;
  }

  /** The outcomes, or {@code null} from any task but the first. */
  List<EpochOutcome> outcomes() {
    return outcome == null ? null : decode(outcome);
  }

  /**
   * FNV-1a over the bits of the end weights and the rule's step count and vectors, and over each
   * epoch's sums and objective.
   */
  static long fingerprint(List<EpochOutcome> outcomes) {
    long h = 0xcbf29ce484222325L;
    for (EpochOutcome outcome : outcomes) {
      if (outcome.x() != null) {
        h = mix(h, outcome.x());
        h = mix(h, outcome.ruleState().steps());
        for (double[] v : outcome.ruleState().vectors()) {
          h = v == null ? mix(h, -1L) : mix(h, v);
        }
      }
      h = mix(h, Double.doubleToRawLongBits(outcome.lossSum()));
      h = mix(h, Double.doubleToRawLongBits(outcome.weightSum()));
      h = mix(h, Double.doubleToRawLongBits(outcome.objective()));
      h = mix(h, outcome.stepsTaken());
    }
    return h;
  }

  private static long mix(long h, double[] values) {
    for (double v : values) {
      h = mix(h, Double.doubleToRawLongBits(v));
    }
    return h;
  }

  private static long mix(long h, long word) {
    return (h ^ word) * 0x100000001b3L;
  }

  private static byte[] encode(List<EpochOutcome> outcomes) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(outcomes.size());
      for (EpochOutcome outcome : outcomes) {
        write(out, outcome);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void write(DataOutputStream out, EpochOutcome outcome) throws IOException {
    out.writeBoolean(outcome.x() != null);
    if (outcome.x() != null) {
      writeDoubles(out, outcome.x());
      out.writeLong(outcome.ruleState().steps());
      double[][] vectors = outcome.ruleState().vectors();
      out.writeInt(vectors.length);
      for (double[] v : vectors) {
        writeDoubles(out, v);
      }
    }
    out.writeDouble(outcome.lossSum());
    out.writeDouble(outcome.weightSum());
    out.writeInt(outcome.stepsTaken());
    BatchEvaluation first = outcome.firstPass();
    out.writeBoolean(first != null);
    if (first != null) {
      out.writeDouble(first.loss());
      out.writeDouble(first.weight());
      out.writeDouble(first.fullTrainingLoss());
      out.writeDouble(first.validationLoss());
    }
    out.writeBoolean(outcome.stoppedAfterFirstPass());
    EpochOutcome.Divergence divergence = outcome.divergence();
    out.writeBoolean(divergence != null);
    if (divergence != null) {
      out.writeInt(divergence.step());
      out.writeDouble(divergence.rate());
      out.writeUTF(divergence.what());
    }
    out.writeDouble(outcome.objective());
    out.writeDouble(outcome.seconds());
  }

  private static List<EpochOutcome> decode(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      List<EpochOutcome> outcomes = new ArrayList<>();
      for (int n = in.readInt(); n > 0; n--) {
        outcomes.add(read(in));
      }
      return outcomes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static EpochOutcome read(DataInputStream in) throws IOException {
    boolean withEnd = in.readBoolean();
    double[] x = null;
    UpdateRuleState rule = null;
    if (withEnd) {
      x = readDoubles(in);
      long steps = in.readLong();
      double[][] vectors = new double[in.readInt()][];
      for (int i = 0; i < vectors.length; i++) {
        vectors[i] = readDoubles(in);
      }
      rule = new UpdateRuleState(steps, vectors);
    }
    double lossSum = in.readDouble();
    double weightSum = in.readDouble();
    int stepsTaken = in.readInt();
    BatchEvaluation first = in.readBoolean()
        ? new BatchEvaluation(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble())
        : null;
    boolean stopped = in.readBoolean();
    EpochOutcome.Divergence divergence = in.readBoolean()
        ? new EpochOutcome.Divergence(in.readInt(), in.readDouble(), in.readUTF())
        : null;
    double objective = in.readDouble();
    double seconds = in.readDouble();
    return new EpochOutcome(x, rule, lossSum, weightSum, stepsTaken, first, stopped, divergence)
        .ended(objective, seconds, divergence, withEnd);
  }

  private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
    if (values == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(values.length);
    ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    raw.asDoubleBuffer().put(values);
    out.write(raw.array());
  }

  private static double[] readDoubles(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      return null;
    }
    byte[] raw = new byte[8 * n];
    in.readFully(raw);
    double[] values = new double[n];
    ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
    return values;
  }
}
