package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.ml.internal.line.SparkLine;
import io.github.sparkbackprop.nn.NetworkPasses;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.RawArrays;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.optim.AveragingSums;
import io.github.sparkbackprop.optim.BatchRequest;
import io.github.sparkbackprop.optim.LocalSteps;
import io.github.sparkbackprop.optim.Regularization;
import io.github.sparkbackprop.optim.UpdateRule;
import io.github.sparkbackprop.optim.UpdateRuleState;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.runtime.AbstractFunction2;

/**
 * One partition's share of a round of parameter averaging: the loss sums the round asks for at
 * the shared starting weights, then {@link LocalSteps} over the partition's rows of each of the
 * round's batches (the rows {@link BatchSampling} gives this partition for that epoch and step,
 * so the batches are those of the exact mode), each batch's gradient a {@link DataPass} sum.
 * A named Scala function, like {@link DataPass}.
 */
final class LocalRound
    extends AbstractFunction2<TaskContext, scala.collection.Iterator<RowBlock>, RoundSums>
    implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final SparkLine LINE = SparkLine.current();

  /**
   * The weights and rule state every partition starts the round from, broadcast as raw bytes
   * ({@link RawArrays}).
   */
  static final class Start implements Serializable {
    private static final long serialVersionUID = 1L;

    private transient double[] x;
    private transient UpdateRuleState state;

    Start(double[] x, UpdateRuleState state) {
      this.x = x;
      this.state = state;
    }

    private void writeObject(ObjectOutputStream out) throws IOException {
      out.defaultWriteObject();
      RawArrays.writeDoubles(out, x);
      out.writeLong(state.steps());
      RawArrays.writeDoubleArrays(out, state.vectors());
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      x = RawArrays.readDoubles(in);
      long steps = in.readLong();
      double[][] vectors = RawArrays.readDoubleArrays(in);
      state = new UpdateRuleState(steps, vectors);
    }
  }

  private final NetworkPasses network;
  private final Precision precision;
  private final Broadcast<Start> start;
  /** The rule's settings; it travels in the task, so each task deserialises a copy of its own. */
  private final UpdateRule rule;
  private final Regularization regularization;
  private final BatchSampling sampling;
  private final int epoch;
  private final int firstStep;
  private final boolean fullTrainingLoss;
  private final boolean validationLoss;
  private final double[] rates;

  /**
   * @param first the round's first batch, and the losses to sum at the starting weights
   * @param rates the learning rate of each of the round's steps
   */
  LocalRound(NetworkPasses network, Precision precision, Broadcast<Start> start, UpdateRule rule,
      Regularization regularization, BatchSampling sampling, BatchRequest first,
      double[] rates) {
    this.network = network;
    this.precision = precision;
    this.start = start;
    this.rule = rule;
    this.regularization = regularization;
    this.sampling = sampling;
    this.epoch = first.epoch();
    this.firstStep = first.step();
    this.fullTrainingLoss = first.fullTrainingLoss();
    this.validationLoss = first.validationLoss();
    this.rates = rates.clone();
  }

  @Override
  public RoundSums apply(TaskContext context, scala.collection.Iterator<RowBlock> partition) {
    List<RowBlock> blocks = new ArrayList<>();
    LINE.toJava(partition).forEachRemaining(blocks::add);
    Start from = start.value();
    return partitionRound(network, precision, sampling, from.x, rule, from.state,
        regularization, new BatchRequest(epoch, firstStep, fullTrainingLoss, validationLoss),
        rates, context.partitionId(), blocks);
  }

  /**
   * One partition's round, what each task runs (in a job of its own per round, or inside a
   * barrier epoch): the loss sums {@code first} asks for at the shared starting weights, then
   * the local steps from there over the partition's rows of each of the round's batches.
   *
   * @param x the shared starting weights
   * @param rule a rule of the task's own (it is changed)
   * @param state the shared starting state of the rule
   * @param first the round's first batch, and the losses to sum at {@code x}
   * @param rates the learning rate of each of the round's steps
   * @param partition the partition's index
   * @param blocks the partition's cached blocks
   */
  static RoundSums partitionRound(NetworkPasses network, Precision precision,
      BatchSampling sampling, double[] x, UpdateRule rule, UpdateRuleState state,
      Regularization regularization, BatchRequest first, double[] rates, int partition,
      List<RowBlock> blocks) {
    PassSums startLosses = new PassSums();
    if (first.fullTrainingLoss() || first.validationLoss()) {
      startLosses = DataPass.sum(network, precision.weights(x),
          PassRequest.lossesOnly(first.fullTrainingLoss(), first.validationLoss()), partition,
          blocks.iterator());
    }
    AveragingSums averaging = LocalSteps.run(x, rule, state, regularization, rates,
        (at, step, gradient) -> {
          BatchRequest request = new BatchRequest(first.epoch(), first.step() + step, false,
              false);
          PassRequest pass = PassRequest.batch(sampling, request);
          return DataPass.sum(network, precision.weights(at), pass, partition,
              blocks.iterator()).batchEvaluation(request, pass, gradient);
        });
    return new RoundSums(averaging, startLosses);
  }
}
