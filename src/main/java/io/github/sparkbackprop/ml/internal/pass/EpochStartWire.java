package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.nn.RawArrays;
import io.github.sparkbackprop.optim.EarlyStopping;
import io.github.sparkbackprop.optim.EpochStart;
import io.github.sparkbackprop.optim.UpdateRuleState;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * An {@link EpochStart} as the tasks of a barrier epoch receive it, broadcast once per epoch:
 * the weights, the rule's vectors and the rates as raw bytes ({@link RawArrays}), the rest as
 * plain fields.
 */
final class EpochStartWire implements Serializable {

  private static final long serialVersionUID = 1L;

  private transient EpochStart start;

  EpochStartWire(EpochStart start) {
    this.start = start;
  }

  /** The epoch's start. */
  EpochStart start() {
    return start;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    out.writeInt(start.epoch());
    out.writeLong(start.stepsBefore());
    RawArrays.writeDoubles(out, start.x());
    out.writeLong(start.ruleState().steps());
    RawArrays.writeDoubleArrays(out, start.ruleState().vectors());
    RawArrays.writeDoubles(out, start.rates());
    out.writeBoolean(start.fullTrainingLoss());
    out.writeBoolean(start.validationLoss());
    out.writeBoolean(start.validationStop() != null);
    if (start.validationStop() != null) {
      start.validationStop().writeDecisionTo(out);
    }
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    int epoch = in.readInt();
    long stepsBefore = in.readLong();
    double[] x = RawArrays.readDoubles(in);
    UpdateRuleState rule = new UpdateRuleState(in.readLong(), RawArrays.readDoubleArrays(in));
    double[] rates = RawArrays.readDoubles(in);
    boolean fullTrainingLoss = in.readBoolean();
    boolean validationLoss = in.readBoolean();
    EarlyStopping validationStop =
        in.readBoolean() ? EarlyStopping.readDecisionFrom(in) : null;
    start = new EpochStart(epoch, stepsBefore, x, rule, rates, fullTrainingLoss, validationLoss,
        validationStop);
  }
}
