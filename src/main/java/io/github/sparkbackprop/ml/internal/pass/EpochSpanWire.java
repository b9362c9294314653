package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.nn.RawArrays;
import io.github.sparkbackprop.optim.EarlyStopping;
import io.github.sparkbackprop.optim.EpochSpan;
import io.github.sparkbackprop.optim.EpochStart;
import io.github.sparkbackprop.optim.UpdateRuleState;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * An {@link EpochSpan} as the tasks of a barrier stage receive it, broadcast once per stage: the
 * weights, the rule's vectors and the rates as raw bytes ({@link RawArrays}), the rest as plain
 * fields.
 */
final class EpochSpanWire implements Serializable {

  private static final long serialVersionUID = 1L;

  private transient EpochSpan span;

  EpochSpanWire(EpochSpan span) {
    this.span = span;
  }

  /** The span. */
  EpochSpan span() {
    return span;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    EpochStart start = span.first();
    out.writeInt(start.epoch());
    out.writeLong(start.stepsBefore());
    RawArrays.writeDoubles(out, start.x());
    out.writeLong(start.ruleState().steps());
    RawArrays.writeDoubleArrays(out, start.ruleState().vectors());
    RawArrays.writeDoubleArrays(out, span.rates());
    out.writeBoolean(start.fullTrainingLoss());
    out.writeBoolean(start.validationLoss());
    writeRule(out, start.validationStop());
    writeRule(out, span.trainingStop());
    out.writeDouble(span.timeLimitSeconds());
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    int epoch = in.readInt();
    long stepsBefore = in.readLong();
    double[] x = RawArrays.readDoubles(in);
    UpdateRuleState rule = new UpdateRuleState(in.readLong(), RawArrays.readDoubleArrays(in));
    double[][] rates = RawArrays.readDoubleArrays(in);
    boolean fullTrainingLoss = in.readBoolean();
    boolean validationLoss = in.readBoolean();
    EarlyStopping validationStop = readRule(in);
    EarlyStopping trainingStop = readRule(in);
    span = new EpochSpan(new EpochStart(epoch, stepsBefore, x, rule, rates[0], fullTrainingLoss,
        validationLoss, validationStop), rates, trainingStop, in.readDouble());
  }

  private static void writeRule(ObjectOutputStream out, EarlyStopping rule) throws IOException {
    out.writeBoolean(rule != null);
    if (rule != null) {
      rule.writeDecisionTo(out);
    }
  }

  private static EarlyStopping readRule(ObjectInputStream in) throws IOException {
    return in.readBoolean() ? EarlyStopping.readDecisionFrom(in) : null;
  }
}
