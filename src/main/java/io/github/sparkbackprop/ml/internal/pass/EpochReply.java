package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.nn.RawArrays;
import io.github.sparkbackprop.optim.BatchEvaluation;
import io.github.sparkbackprop.optim.EpochOutcome;
import io.github.sparkbackprop.optim.UpdateRuleState;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * What a task of a barrier epoch returns: a fingerprint of where it ended (every task must end at
 * the same weights and rule state, and the driver checks that they did), and, from the first
 * task only, the epoch's {@link EpochOutcome} itself, its arrays as raw bytes.
 */
final class EpochReply implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int partition;
  private final long fingerprint;
  private transient EpochOutcome outcome;

  private EpochReply(int partition, long fingerprint, EpochOutcome outcome) {
    this.partition = partition;
    this.fingerprint = fingerprint;
    this.outcome = outcome;
  }

  /** The reply of {@code partition}, carrying the outcome when {@code withOutcome}. */
  static EpochReply of(int partition, EpochOutcome outcome, boolean withOutcome) {
    return new EpochReply(partition, fingerprint(outcome), withOutcome ? outcome : null);
  }

  int partition() {
    return partition;
  }

  long fingerprint() {
    return fingerprint;
  }

  /** The outcome, or {@code null} from any task but the first. */
  EpochOutcome outcome() {
    return outcome;
  }

  /** FNV-1a over the bits of the weights, the rule's step count and vectors, and the sums. */
  static long fingerprint(EpochOutcome outcome) {
    long h = 0xcbf29ce484222325L;
    h = mix(h, outcome.x());
    h = mix(h, outcome.ruleState().steps());
    for (double[] v : outcome.ruleState().vectors()) {
      h = v == null ? mix(h, -1L) : mix(h, v);
    }
    h = mix(h, Double.doubleToRawLongBits(outcome.lossSum()));
    h = mix(h, Double.doubleToRawLongBits(outcome.weightSum()));
    return mix(h, outcome.stepsTaken());
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

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeBoolean(outcome != null);
    if (outcome == null) {
      return;
    }
    RawArrays.writeDoubles(out, outcome.x());
    out.writeLong(outcome.ruleState().steps());
    RawArrays.writeDoubleArrays(out, outcome.ruleState().vectors());
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
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    if (!in.readBoolean()) {
      return;
    }
    double[] x = RawArrays.readDoubles(in);
    UpdateRuleState rule = new UpdateRuleState(in.readLong(), RawArrays.readDoubleArrays(in));
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
    outcome = new EpochOutcome(x, rule, lossSum, weightSum, stepsTaken, first, stopped,
        divergence);
  }
}
