package io.github.sparkbackprop.ml.internal.pass;

import io.github.sparkbackprop.ml.internal.exchange.AllReduce;
import io.github.sparkbackprop.ml.internal.exchange.FirstTaskDecides;
import io.github.sparkbackprop.ml.internal.exchange.PeerGroup;
import io.github.sparkbackprop.ml.internal.exchange.Rendezvous;
import io.github.sparkbackprop.ml.internal.exchange.WireCodec;
import io.github.sparkbackprop.nn.NetworkPasses;
import io.github.sparkbackprop.nn.Precision;
import io.github.sparkbackprop.nn.RowBlock;
import io.github.sparkbackprop.optim.BatchEvaluation;
import io.github.sparkbackprop.optim.BatchRequest;
import io.github.sparkbackprop.optim.LocalRounds;
import io.github.sparkbackprop.optim.Regularization;
import io.github.sparkbackprop.optim.RoundResult;
import io.github.sparkbackprop.optim.UpdateRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The training loss as a task of a barrier epoch sees it: each evaluation sums its own
 * partition's share exactly as a task of a per-step job does ({@link DataPass}, or
 * {@link LocalRound} for a round of local steps), then adds up all partitions' sums with the
 * other tasks ({@link AllReduce}, in partition order), so that every task holds what the driver
 * would have merged and takes the same step.
 */
final class AllReducedLoss implements LocalRounds {

  private final NetworkPasses network;
  private final Precision precision;
  private final BatchSampling sampling;
  private final boolean validating;
  private final int partition;
  private final List<RowBlock> blocks;
  private final PeerGroup group;
  private final Rendezvous rendezvous;

  AllReducedLoss(NetworkPasses network, Precision precision, BatchSampling sampling,
      boolean validating, List<RowBlock> blocks, PeerGroup group, Rendezvous rendezvous) {
    this.network = network;
    this.precision = precision;
    this.sampling = sampling;
    this.validating = validating;
    this.partition = group.rank();
    this.blocks = blocks;
    this.group = group;
    this.rendezvous = rendezvous;
  }

  @Override
  public int stepsPerEpoch() {
    return sampling.stepsPerEpoch();
  }

  @Override
  public boolean hasValidation() {
    return validating;
  }

  @Override
  public BatchEvaluation evaluate(double[] x, double[] gradient, BatchRequest request) {
    rendezvous.checkAlive();
    PassRequest pass = PassRequest.batch(sampling, request);
    PassSums mine = DataPass.sum(network, precision.weights(x), pass, partition,
        blocks.iterator());
    return allReduce(mine, PassSums.WIRE).batchEvaluation(request, pass, gradient);
  }

  @Override
  public RoundResult round(double[] x, UpdateRule rule, Regularization regularization,
      BatchRequest first, double[] rates) {
    rendezvous.checkAlive();
    RoundSums mine = LocalRound.partitionRound(network, precision, sampling, x, rule,
        rule.saveState(), regularization, first, rates, partition, blocks);
    return allReduce(mine, RoundSums.WIRE).result(first);
  }

  @Override
  public double validationLoss(double[] x) {
    PassSums mine = DataPass.sum(network, precision.weights(x),
        PassRequest.lossesOnly(false, true), partition, blocks.iterator());
    return allReduce(mine, PassSums.WIRE).meanValidationLoss();
  }

  /** The first task's clock decides for all, so that every task ends the span at one epoch. */
  @Override
  public boolean endSpanHere(boolean timeIsUp) {
    try {
      return FirstTaskDecides.answer(group, timeIsUp);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private <T> T allReduce(T mine, WireCodec<T> codec) {
    try {
      return AllReduce.sum(group, mine, codec, network.topology().numParameters());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
